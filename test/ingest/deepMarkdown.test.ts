/**
 * Pathologically nested Markdown: mdast-util-from-markdown is quadratic in list nesting (100 KB of
 * `- - - …` took about an hour); such files are flattened before parsing, with a warning.
 */
import { estimateMarkdownDepth, flattenMarkdown, MAX_MARKDOWN_DEPTH } from '../../src/ingest/readers/markdownDepth.js';
import { readMarkdown } from '../../src/ingest/readers/markdown.js';

const STORY = 'Officials confirmed on Monday that the council vote would go ahead as planned, despite objections.';

test('estimateMarkdownDepth counts list and quote markers and indentation, not hyphens in text', () => {
  expect(estimateMarkdownDepth(`# Title\n\n${STORY}\n\n- one\n  - two\n    - three\n`)).toBe(3);
  expect(estimateMarkdownDepth('> > quoted\n1. first\n2) second\n')).toBe(2);
  expect(estimateMarkdownDepth('A well-known -5 figure - said *nobody*\n-notalist\n')).toBe(0);
  expect(estimateMarkdownDepth(`${'- '.repeat(50_000)}x`)).toBe(50_000);
  expect(estimateMarkdownDepth(`${'> '.repeat(1_000)}${'1. '.repeat(1_000)}x`)).toBe(2_000);
});

test('flattenMarkdown removes the markers and keeps the words', () => {
  expect(flattenMarkdown(`- - - ${STORY}\n> > 2. More text.`)).toBe(`${STORY}\nMore text.`);
});

test.each([
  ['50,000 nested list markers on one line', `${'- '.repeat(50_000)}${STORY}`],
  ['50,000 nested block quotes', `${'>'.repeat(50_000)} ${STORY}`],
  ['2,000 lines of ever deeper items', Array.from({ length: 2_000 }, (_, i) => `${'* '.repeat(i)}item ${i}`).join('\n')],
])('%s: read with a warning, the text kept', (_name, deep) => {
  const md = readMarkdown(`# Council vote goes ahead\n\n${deep}\n\n${STORY}\n`);
  expect(md.warning).toMatch(new RegExp(`Markdown nested about \\d+ levels deep \\(limit ${MAX_MARKDOWN_DEPTH}\\)`));
  expect(md.meta.title).toBe('Council vote goes ahead');
  expect(md.lines.filter(Boolean).at(-1)).toBe(STORY);
});

test('ordinary nesting is parsed as Markdown, without a warning', () => {
  const md = readMarkdown(`# Title\n\n- one **bold**\n  - two [link](http://x)\n`);
  expect(md.warning).toBeUndefined();
  expect(md.lines.filter(Boolean)).toEqual(['Title', 'one bold', 'two link']);
});
