/**
 * The cache keys are stored on disk across versions: a model output, a claims memo entry or an
 * item of report.yaml written by an earlier release is found only if the key of the same input is
 * the same. These are the keys as earlier releases computed them (a sha256 Hash object fed part by
 * part), against the one-shot hashing the keys use now (src/runtime/sha256.ts).
 */
import { createHash } from 'node:crypto';
import { sha256Bytes, sha256Hex } from '../../src/runtime/sha256.js';
import { normalizeText, textHash } from '../../src/text/textHash.js';
import { pairKey } from '../../src/models/textKey.js';
import { itemKey } from '../../src/store/itemCache.js';

const TEXTS = ['', 'Hamas said 40 hostages', '  Заложники —\u00a0“40”\n\tdans\u0301 Gaza 🇮🇱 ', 'e\u0301' /* NFD, normalised to é */];

test('sha256Hex and sha256Bytes are sha256 of the UTF-8 bytes, of strings and of byte arrays', () => {
  for (const text of TEXTS) {
    const expected = createHash('sha256').update(text, 'utf8').digest();
    expect(sha256Hex(text)).toBe(expected.toString('hex'));
    expect(sha256Bytes(text).equals(expected)).toBe(true);
    expect(sha256Bytes(Buffer.from(text, 'utf8')).equals(expected)).toBe(true);
  }
  expect(sha256Hex(new Uint8Array([0, 255, 7]))).toBe(createHash('sha256').update(new Uint8Array([0, 255, 7])).digest('hex'));
});

test('text, pair and item keys are the ones earlier releases stored', () => {
  for (const a of TEXTS) {
    expect(textHash(a)).toBe(createHash('sha256').update(normalizeText(a), 'utf8').digest('hex'));
    for (const b of TEXTS) {
      expect(pairKey(a, b)).toBe(createHash('sha256').update(normalizeText(a), 'utf8').update('\u0000').update(normalizeText(b), 'utf8').digest('hex'));
    }
  }
  const chained = (...parts: string[]) => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p).update('\u0000');
    return h.digest('hex');
  };
  expect(itemKey()).toBe(chained());
  expect(itemKey('ab', 'c')).toBe(chained('ab', 'c'));
  expect(itemKey('ab', 'c')).not.toBe(itemKey('a', 'bc'));
  expect(itemKey(...TEXTS)).toBe(chained(...TEXTS));
});
