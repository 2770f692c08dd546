/**
 * Pathologically nested HTML: pages thousands of levels deep used to stall ingest for minutes
 * (jsdom parse + Readability) or overflow the stack; they are flattened before parsing now.
 */
import fs from 'node:fs';
import path from 'node:path';
import { estimateNestingDepth, flattenHtml, MAX_HTML_DEPTH } from '../../src/ingest/readers/htmlDepth.js';
import { readHtml } from '../../src/ingest/readers/html.js';
import { cleanup, ingest, tempDir } from './ingestHelpers.js';

const SENTENCE = 'Officials confirmed on <b>Monday</b> that the council vote would go ahead as planned, despite objections. ';
const STORY = Array.from({ length: 5 }, (_, i) => `<p>${SENTENCE.repeat(3)}Paragraph ${i + 1}.</p>`).join('\n');

function nestedPage(depth: number, open = '<div class="wrap"><span>', close = '</span></div>'): string {
  return (
    '<html><head><title>Council vote goes ahead</title></head><body>' +
    '<nav><a href="/">Home</a> <a href="/world">World</a></nav>' +
    open.repeat(depth) + STORY + close.repeat(depth) +
    '<footer>Copyright 2024 Example News</footer></body></html>'
  );
}

describe('estimateNestingDepth', () => {
  it('counts open elements, not void elements, implied-end elements, comments or script text', () => {
    expect(estimateNestingDepth('<div><section><b>x</b></section></div>')).toBe(3);
    expect(estimateNestingDepth('<div><br><img src="a.png"><hr/><p>one<p>two<li>three</div>')).toBe(1);
    expect(estimateNestingDepth('<div><!-- <div><div><div> --><script>"<div><div>"</script></div>')).toBe(1);
    expect(estimateNestingDepth('<div title="a > b"><span>x</span></div>')).toBe(2);
    expect(estimateNestingDepth(nestedPage(1000))).toBeGreaterThan(MAX_HTML_DEPTH);
  });

  it('flattening keeps the words and the paragraphs and leaves the page shallow', () => {
    const flat = flattenHtml(nestedPage(1000));
    expect(estimateNestingDepth(flat)).toBeLessThan(10);
    expect(flat).toContain('Officials confirmed on Monday that');
    expect(flat.match(/<p>/g)!.length).toBeLessThan(20);
  });
});

describe('readHtml on deeply nested pages', () => {
  it.each([2000, 20000])('%i levels: the story is read, chrome left out, with a warning', (depth) => {
    const page = readHtml(nestedPage(depth));
    const paragraphs = page.lines.filter(Boolean);
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toMatch(/^Officials confirmed on Monday that the council vote would go ahead as planned, despite objections\./);
    expect(paragraphs[4]).toMatch(/Paragraph 5\.$/);
    expect(page.lines.join(' ')).not.toMatch(/Copyright|Home/);
    expect(page.warning).toMatch(/nested about \d+ levels deep \(limit 256\)/);
    expect(page.meta.title).toBe('Council vote goes ahead');
  });

  it('an ordinary page is read as before, without a warning', () => {
    expect(readHtml(nestedPage(3)).warning).toBeUndefined();
  });

  it('deep nesting of elements it must keep is refused with the reason and the fix', () => {
    expect(() => readHtml(nestedPage(3000, '<article>', '</article>'))).toThrow(/levels deep .*limit is 256.*Fix: export the article as text/);
  });
});

test('ingest reads a deep page with a warning naming the file, and skips an unflattenable one naming the fix', async () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'deep.html'), nestedPage(5000));
    fs.writeFileSync(path.join(dir, 'articles.html'), nestedPage(3000, '<article>', '</article>'));
    const result = await ingest([dir]);
    expect(result.articles.map((a) => path.basename(a.sourceFile))).toEqual(['deep.html']);
    expect(result.articles[0].text).toContain('Paragraph 5.');
    expect(result.warnings).toEqual([expect.stringMatching(/deep\.html: HTML nested about \d+ levels deep/)]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ reason: 'unreadable', detail: expect.stringMatching(/levels deep.*Fix: export the article as text or simpler HTML/) }),
    ]);
    expect(path.basename(result.skipped[0].file)).toBe('articles.html');
  } finally {
    cleanup(dir);
  }
});
