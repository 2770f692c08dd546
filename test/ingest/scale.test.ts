/** Volume: a 100,000-line JSONL streams through, and the real 1,300-article corpus ingests with every article accounted for (speed: `npm run bench`). */
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, ingest, tempDir } from './ingestHelpers.js';

const words = 'council river budget school harbour storm election court museum railway village farmer minister hospital bridge'.split(' ');

test('a 100,000-line JSONL file is streamed record by record; problems deep in the file keep their line numbers', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'wire.jsonl');
    const out = fs.createWriteStream(file);
    for (let i = 1; i <= 100000; i++) {
      const w = (k: number) => words[(i * 7 + k * 13) % words.length];
      if (i === 99998) out.write('{"id": "broken", "text": \n');
      else if (i === 99999) out.write(JSON.stringify({ id: 'huge', text: 'word '.repeat(1_200_000) }) + '\n');
      else {
        const text = `Officials said on Monday that the ${w(1)} plan for the ${w(2)} would be reviewed next month after complaints from residents about the ${w(3)}. Record ${i} notes that the ${w(4)} and the ${w(5)} were discussed at length during a long public meeting in the town hall.`;
        out.write(JSON.stringify({ id: `r${i}`, outlet: ['Reuters', 'BBC News', 'CNN'][i % 3], text }) + '\n');
      }
    }
    await new Promise((resolve) => out.end(resolve));
    const r = await ingest([dir]);
    expect(r.articles).toHaveLength(99998);
    expect(r.skipped.map((s) => [s.line, s.reason])).toEqual([
      [99998, 'malformed-json'],
      [99999, 'too-large'],
    ]);
    expect(r.articles.find((a) => a.id === 'wire:r100000')).toMatchObject({ sourceLine: 100000, outlet: 'BBC News' });
    expect(r.inputs).toEqual([expect.objectContaining({ bytes: fs.statSync(file).size })]);
  } finally {
    cleanup(dir);
  }
}, 900_000);

const corpus = path.resolve('../shared/eval/article_bias/media_test_articles.jsonl');

(fs.existsSync(corpus) ? test : test.skip)('the 1,300-article evaluation corpus ingests with every article accounted for', async () => {
  const r = await ingest([corpus]);
  expect(r.articles.length + r.skipped.filter((s) => s.reason !== 'duplicate' && s.reason !== 'language').length).toBe(1300);
  expect(r.articles.filter((a) => a.outlet === 'unknown')).toEqual([]);
  // Every article keeps its own outlet field's evidence; 304 records have no date and stay undated.
  expect(r.articles.every((a) => a.outletSource === 'record')).toBe(true);
  expect(r.articles.filter((a) => a.published === '').length).toBeGreaterThanOrEqual(250);
  expect(r.articles.filter((a) => a.analysable).length).toBeGreaterThan(1200);
}, 600_000);
