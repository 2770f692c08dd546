/**
 * Container nesting in Markdown, measured before parsing. mdast-util-from-markdown is quadratic in
 * list and block-quote nesting: 100 KB of `- - - - …` (50,000 nested lists) stalled ingest for about an
 * hour. Articles nest lists a handful of levels; past MAX_MARKDOWN_DEPTH the container markers are
 * removed and each line is read as plain text (the HTML reader flattens deep pages the same way).
 */

/** Deeper than this, the file is flattened before parsing. */
export const MAX_MARKDOWN_DEPTH = 32;

/** Length of the run of list / block-quote markers (with their spaces) at the start of `line`, and how many. */
function containerPrefix(line: string): { length: number; markers: number; indent: number } {
  let i = 0;
  let markers = 0;
  let indent = 0;
  for (;;) {
    let j = i;
    let spaces = 0;
    while (j < line.length && (line[j] === ' ' || line[j] === '\t')) {
      spaces += line[j] === '\t' ? 4 : 1;
      j++;
    }
    if (markers === 0) indent = spaces;
    let k = j;
    const c = line[k];
    if (c === '>' ) k++;
    else if (c === '-' || c === '*' || c === '+') k++;
    else {
      let digits = 0;
      while (k < line.length && line[k] >= '0' && line[k] <= '9' && digits < 9) {
        k++;
        digits++;
      }
      if (digits === 0 || (line[k] !== '.' && line[k] !== ')')) return { length: i, markers, indent };
      k++;
    }
    // A marker counts when followed by a space or the end of the line (`>` needs neither).
    if (c !== '>' && k < line.length && line[k] !== ' ' && line[k] !== '\t') return { length: i, markers, indent };
    markers++;
    i = k;
  }
}

/**
 * Deepest container nesting of any line, estimated: markers at the start of a line plus its
 * indentation in steps of two spaces (how nested list items are indented). Linear in the text.
 */
export function estimateMarkdownDepth(text: string): number {
  let deepest = 0;
  for (const line of text.split('\n')) {
    const { markers, indent } = containerPrefix(line);
    deepest = Math.max(deepest, markers + Math.floor(indent / 2));
  }
  return deepest;
}

/** Every line without its indentation and leading container markers: flat paragraphs, same words. */
export function flattenMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => line.slice(containerPrefix(line).length).trimStart())
    .join('\n');
}
