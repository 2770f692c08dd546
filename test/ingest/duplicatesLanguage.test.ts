/** Duplicates (same outlet) are flagged once, other languages are listed and kept out of the models. */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, cleanup, ingest, paragraph, tempDir } from './ingestHelpers.js';
import { findDuplicates, jaccard, shingles } from '../../src/ingest/dedupe.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => cleanup(dir));

const story = `Bridge closes for repairs\n\n${paragraph('bridge repair')}\n\n${paragraph('traffic diversion')}\n\n${paragraph('ferry service')}\n`;

test('exact and near copies of the same outlet are flagged, other outlets’ copies are not', async () => {
  fs.writeFileSync(path.join(dir, 'a1.txt'), story);
  fs.writeFileSync(path.join(dir, 'a2.txt'), story);
  fs.writeFileSync(path.join(dir, 'a3.txt'), story.replace('despite objections', 'in spite of objections'));
  fs.writeFileSync(path.join(dir, 'b1.txt'), story);
  fs.writeFileSync(path.join(dir, 'c1.txt'), `Museum opens new wing\n\n${paragraph('museum wing')}\n\n${paragraph('art collection')}\n`);
  fs.writeFileSync(
    path.join(dir, 'manifest.yaml'),
    'defaults:\n  outlet: Reuters\nfiles:\n  - file: b1.txt\n    outlet: BBC News\n',
  );
  const r = await ingest([dir]);
  const of = (id: string) => r.articles.find((a) => a.id === id)!;
  expect(of('a1')).toMatchObject({ duplicateOf: '', analysable: true });
  expect(of('a2')).toMatchObject({ duplicateOf: 'a1', analysable: false });
  expect(of('a3')).toMatchObject({ duplicateOf: 'a1', analysable: false });
  expect(of('b1')).toMatchObject({ duplicateOf: '', analysable: true, outlet: 'BBC News' });
  expect(of('c1')).toMatchObject({ duplicateOf: '', analysable: true });
  const dupes = r.skipped.filter((s) => s.reason === 'duplicate');
  expect(dupes.map((s) => path.basename(s.file))).toEqual(['a2.txt', 'a3.txt']);
  expect(dupes[0].detail).toContain('identical text');
  expect(dupes[1].detail).toMatch(/text similarity 0\.9\d*|text similarity 1/);
  expect(r.counters['ingest.duplicates']).toBe(2);
});

test('near-duplicate detection scales: 3,000 texts in well under the time a pairwise comparison would need', () => {
  const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(' ');
  // xorshift32: a fixed, well-spread sequence so the texts are distinct but reproducible.
  let seed = 2463534242;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const items = Array.from({ length: 3000 }, (_, i) => ({
    id: `d${String(i).padStart(5, '0')}`,
    outlet: `outlet ${i % 5}`,
    contentHash: String(i),
    text: Array.from({ length: 120 }, () => words[Math.floor(rand() * words.length)]).join(' '),
  }));
  // Plant one near copy (one word changed) in the same outlet.
  items.push({ ...items[10], id: 'd99999', contentHash: 'x', text: items[10].text.replace(/^\w+/, 'zulu') });
  const links = findDuplicates(items, 0.9);
  expect(links).toEqual([expect.objectContaining({ id: 'd99999', duplicateOf: 'd00010', exact: false })]);
  // With the signature memo (a nightly run): the same links, cold and warm; warm computes no signature.
  const cold = { known: new Map<string, number[]>(), computed: new Map<string, number[]>() };
  expect(findDuplicates(items, 0.9, cold)).toEqual(links);
  expect(cold.computed.size).toBe(items.length);
  const warm = { known: cold.computed, computed: new Map<string, number[]>() };
  expect(findDuplicates(items, 0.9, warm)).toEqual(links);
  expect(warm.computed.size).toBe(0);
  expect(jaccard(shingles('a b c d e f'), shingles('a b c d e f'))).toBe(1);
});

test('articles outside input.languages are kept, marked not analysable and listed with the reason', async () => {
  const r = await ingest([path.join(FIXTURES, 'detect', 'german.txt'), 'seeds/001_c2427a90a8722413.txt']);
  const german = r.articles.find((a) => a.id === 'german')!;
  expect(german).toMatchObject({ language: 'de', analysable: false, duplicateOf: '', title: 'Stadtrat beschließt neue Radwege' });
  expect(r.skipped).toEqual([expect.objectContaining({ reason: 'language', detail: expect.stringContaining('"de"') })]);
  expect(r.articles.find((a) => a.id !== 'german')).toMatchObject({ language: 'en', analysable: true });
  const both = await ingest([path.join(FIXTURES, 'detect', 'german.txt')], { languages: ['en', 'de'] });
  expect(both.articles[0]).toMatchObject({ language: 'de', analysable: true });
  expect(both.skipped).toEqual([]);
});
