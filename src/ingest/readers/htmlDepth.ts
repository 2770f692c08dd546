/**
 * A guard for pathologically nested HTML. jsdom's parser slows down quadratically with nesting
 * depth (5,000 nested <div>s: ~5 s to parse, Readability then minutes) and overflows the stack
 * near 20,000; real article pages stay well under 100 levels. Depth is estimated on the raw text
 * in one linear scan, before any DOM exists; a page over the limit is flattened — wrapper and
 * inline tags removed, each run of block tags turned into one paragraph break — which keeps its
 * text and its paragraphs for Readability.
 */

/** Estimated element nesting above which a page is flattened before parsing. */
export const MAX_HTML_DEPTH = 256;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements the parser closes implicitly (an unclosed <p> or <li> does not nest). */
const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp']);
/** Kept as they are when flattening: page structure Readability and the chrome filter rely on. */
const KEEP = new Set([
  'html', 'head', 'body', 'title', 'meta', 'link', 'br', 'hr', 'img',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'article', 'main', 'nav', 'footer', 'aside', 'figure', 'figcaption', 'form',
]);
/** Turned into paragraph breaks when flattening. */
const BLOCK = new Set([
  'div', 'section', 'header', 'p', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'td', 'th', 'caption', 'address', 'details', 'summary', 'center',
]);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;
const RAW_TEXT = /<(script|style|noscript|template|textarea|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;

/** Deepest element nesting the markup implies (an estimate: implied end tags are not modelled). */
export function estimateNestingDepth(html: string): number {
  const markup = html.replace(COMMENT, '').replace(RAW_TEXT, '');
  let depth = 0;
  let max = 0;
  for (const m of markup.matchAll(TAG)) {
    const name = m[2].toLowerCase();
    if (VOID.has(name) || IMPLIED_END.has(name)) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3]) max = Math.max(max, ++depth);
  }
  return max;
}

/** The page without wrapper and inline tags; block tags become paragraph breaks. */
export function flattenHtml(html: string): string {
  return html
    .replace(COMMENT, '')
    .replace(RAW_TEXT, (whole, name: string) => (name.toLowerCase() === 'title' ? whole : ''))
    .replace(TAG, (whole, close: string, rawName: string) => {
      const name = rawName.toLowerCase();
      if (KEEP.has(name)) return whole;
      if (BLOCK.has(name)) return '<p>';
      // Inline tags vanish (markup such as "<b>Gaza</b>," must not gain a space before the comma).
      return '';
    })
    // One break per boundary: thousands of empty paragraphs would make Readability crawl instead.
    .replace(/(?:\s*<p>)+/g, '\n<p>');
}
