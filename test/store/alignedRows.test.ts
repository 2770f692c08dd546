import fs from 'node:fs';
import { alignedRows } from '../../src/store/alignedRows.js';
import { openStageStore } from '../../src/store/stageStore.js';
import type { DatasetStream } from '../../src/store/blobCodec.js';
import { tempDir } from '../tempDir.js';

type Row = { sentenceId: string; score: number };
const rows: Row[] = Array.from({ length: 2300 }, (_, i) => ({ sentenceId: `s${i}`, score: i }));
const openFds = () => fs.readdirSync('/proc/self/fd').length;

function storedStream(): DatasetStream<Row> {
  const store = openStageStore(tempDir('cf-aligned-'));
  const hash = store.saveDataset({ sentiment: rows, other: [1, 2, 3] });
  return store.streamDataset(hash, 'sentiment') as DatasetStream<Row>;
}

test.each([
  ['an array', () => rows],
  ['a stored stream', storedStream],
])('rows of %s asked in their order, out of it, or missing give the row of each id', (_, source) => {
  const lookup = alignedRows(source());
  // In order: every row, pass after pass.
  for (let pass = 0; pass < 2; pass++) {
    const at = lookup.pass();
    expect(rows.map((r) => at(r.sentenceId))).toEqual(rows);
    at.close();
  }
  // Out of order, a skipped row and an unknown id: still the right rows (from the index).
  const at = lookup.pass();
  expect(at('s5')).toEqual(rows[5]);
  expect(at('s0')).toEqual(rows[0]);
  expect(at('s1')).toEqual(rows[1]);
  expect(at('s3')).toEqual(rows[3]);
  expect(at('nope')).toBeUndefined();
  expect(at('s2299')).toEqual(rows[2299]);
  at.close();
});

test('closing a pass over a stored stream before its end releases the blob', () => {
  const stream = storedStream();
  const before = openFds();
  const at = alignedRows(stream).pass();
  expect(at('s0')).toEqual(rows[0]);
  expect(openFds()).toBe(before + 1);
  at.close();
  expect(openFds()).toBe(before);
});
