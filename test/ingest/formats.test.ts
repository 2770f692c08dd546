/** Each input format on fixtures of our own: txt, md, html, json, jsonl. */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, byFile, ingest, tempDir, cleanup } from './ingestHelpers.js';
import type { IngestResult } from '../../src/ingest/ingestInputs.js';
import { readHtml } from '../../src/ingest/readers/html.js';

let result: IngestResult;

beforeAll(async () => {
  result = await ingest([path.join(FIXTURES, 'formats')]);
});

test('plain text: dateline, headline after a section label, caption, prompts, teaser and UI removed, wrapped lines joined', () => {
  const a = byFile(result.articles, 'plain.txt');
  expect(a).toMatchObject({ id: 'plain', format: 'txt', published: '2025-03-19', publishedSource: 'dateline', title: 'River flooding forces evacuation of two villages' });
  expect(a.text).toBe(
    'Authorities evacuated two villages on Tuesday after the river burst its banks following three days of heavy rain, the regional government said in a statement, adding that about 600 people had been moved to schools and sports halls.\n\n' +
      'Emergency crews worked through the night to reinforce dykes downstream, and officials said the water level was expected to peak on Wednesday afternoon.',
  );
});

test('markdown: front matter, headline, emphasis and links flattened, image dropped, list items as paragraphs', () => {
  const a = byFile(result.articles, 'story.md');
  expect(a).toMatchObject({
    id: 'story',
    format: 'md',
    title: 'Council approves new bicycle lanes for the city centre',
    published: '2023-09-05',
    publishedSource: 'record',
    outlet: 'The Guardian',
    outletSource: 'url',
    url: 'https://www.theguardian.com/uk-news/2023/sep/05/bicycle-lanes',
  });
  const paragraphs = a.text.split('\n\n');
  expect(paragraphs[0]).toBe(
    'The city council on Tuesday approved twelve kilometres of protected bicycle lanes in the centre, after a two-hour debate in which opposition members warned about the cost.',
  );
  expect(paragraphs).toContain('Construction starts on the ring road in the spring.');
  expect(a.text).not.toMatch(/\*\*|\]\(|!\[|cyclists\.jpg|^#/m);
});

test('html: article text via Readability, metadata from the page, no script run, figure captions dropped', () => {
  const a = byFile(result.articles, 'page.html');
  expect(a).toMatchObject({
    id: 'page',
    format: 'html',
    title: 'Harbour workers end strike after pay deal',
    outlet: 'Deutsche Welle',
    outletSource: 'record',
    url: 'https://www.dw.com/en/harbour-workers-end-strike/a-123',
    // The writer's own calendar day, not shifted to UTC.
    published: '2024-02-14',
    publishedSource: 'record',
  });
  expect(a.text.split('\n\n')).toHaveLength(4);
  expect(a.text.startsWith('Dock workers at the northern harbour voted')).toBe(true);
  expect(a.text).not.toMatch(/Injected by a script|Frame content|Dock workers gathered|Related stories|Rail strike|All rights reserved|Subscribe|Home/);
});

test('html with scripts, event handlers and a huge inline data URI: text extracted fast, nothing executed', async () => {
  const dir = tempDir();
  try {
    const huge = 'A'.repeat(3 * 1024 * 1024);
    const paragraphs = Array.from(
      { length: 4 },
      (_, i) => `<p onclick="globalThis.__clicked=true">Paragraph ${i + 1}: the committee met again today and agreed to publish its findings next month, members said.</p>`,
    ).join('\n');
    const html = `<html><head><script>globalThis.__ran = true;</script></head><body onload="globalThis.__loaded = true">
      <article><h1>Committee agrees to publish findings</h1><img src="data:image/png;base64,${huge}">${paragraphs}
      <script>globalThis.__ran = true; document.body.innerHTML = 'gone';</script>
      <iframe src="http://127.0.0.1:9/never"></iframe><object data="x.swf"></object></article></body></html>`;
    fs.writeFileSync(path.join(dir, 'heavy.html'), html);
    // Speed belongs in `npm run bench`; here only the behaviour: nothing in the page ran.
    const r = await ingest([dir]);
    expect((globalThis as Record<string, unknown>).__ran).toBeUndefined();
    expect((globalThis as Record<string, unknown>).__loaded).toBeUndefined();
    expect(r.articles).toHaveLength(1);
    const a = r.articles[0];
    expect(a.title).toBe('Committee agrees to publish findings');
    expect(a.text.split('\n\n')).toHaveLength(4);
    expect(a.text).toMatch(/^Paragraph 1: the committee met again/);
    expect(a.text).not.toContain('AAAA');
    // The page object stays inert even when read directly.
    expect(readHtml(html).lines.join(' ')).not.toContain('gone');
  } finally {
    cleanup(dir);
  }
});

test('jsonl: records streamed with their line numbers, fields mapped, outlet names normalised', () => {
  const cnn = result.articles.find((a) => a.id === 'records:cnn-1')!;
  expect(cnn).toMatchObject({
    format: 'jsonl',
    sourceLine: 1,
    outlet: 'CNN',
    outletSource: 'record',
    outletEvidence: '"outlet" field: CNN (Web News)',
    published: '2020-01-01',
    title: 'Heavy snow closes mountain roads',
    url: 'https://edition.cnn.com/2020/01/01/world/snow-story',
  });
  expect(cnn.text.split('\n\n')).toHaveLength(2);
  // A NewsAPI-style record: source {name}, publishedAt, headline, body; no id, so the line is the id.
  const reuters = result.articles.find((a) => a.id === 'records:L5')!;
  expect(reuters).toMatchObject({ sourceLine: 5, outlet: 'Reuters', published: '2021-06-02', title: 'Central bank keeps rates unchanged' });
  expect(result.skipped).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ file: expect.stringMatching(/records\.jsonl$/), line: 2, reason: 'malformed-json' }),
      expect.objectContaining({ file: expect.stringMatching(/records\.jsonl$/), line: 4, reason: 'missing-text' }),
    ]),
  );
});

test('json: an array of records; elements that are not objects are skipped with their position', () => {
  const a = result.articles.find((x) => x.id === 'records:i0')!;
  expect(a).toMatchObject({ format: 'json', outlet: 'BBC News', published: '2025-03-19', title: 'Museum returns stolen paintings' });
  expect(result.skipped).toContainEqual(
    expect.objectContaining({ file: expect.stringMatching(/records\.json$/), reason: 'malformed-json', detail: expect.stringContaining('record 1') }),
  );
});

test('input.recordFields maps other field names', async () => {
  const dir = tempDir();
  try {
    const record = { key: 'r1', story: 'The regional parliament approved the budget on Thursday after a night of negotiations, with most opposition parties abstaining in the final vote and promising to challenge several spending items in court.', paper: 'Haaretz' };
    fs.writeFileSync(path.join(dir, 'custom.jsonl'), JSON.stringify(record) + '\n');
    const defaults = (await import('./ingestHelpers.js')).inputConfig().recordFields;
    const r = await ingest([dir], { recordFields: { ...defaults, id: ['key'], text: ['story'], outlet: ['paper'] } });
    expect(r.articles).toHaveLength(1);
    expect(r.articles[0]).toMatchObject({ id: 'custom:r1', outlet: 'Haaretz', outletCountry: 'IL' });
  } finally {
    cleanup(dir);
  }
});

test('every article is listed once and results are sorted by id', () => {
  const ids = result.articles.map((a) => a.id);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
  expect(result.inputs.map((i) => path.basename(i.file))).toEqual(['page.html', 'plain.txt', 'records.json', 'records.jsonl', 'story.md']);
});
