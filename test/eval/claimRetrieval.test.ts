/** BM25 and MAP@5 of the retrieval check, on hand-made rankings. */
import { bm25, meanAveragePrecisionAt5 } from '../../src/eval/claimRetrieval.js';

test('BM25 ranks the document sharing the rare query words first and does not favour length', () => {
  const score = bm25([
    'The bridge was closed after the storm.',
    'Vaccines do not cause autism, a large study finds.',
    'A long story about many things: the weather, the bridge, the storm, the town, the mayor, the river, the vote, the budget.',
  ]);
  const s = score('vaccines cause autism');
  expect(s[1]).toBeGreaterThan(0);
  expect(s[0]).toBe(0);
  const bridge = score('bridge closed storm');
  expect(bridge[0]).toBeGreaterThan(bridge[2]);
});

test('MAP@5: precision at each relevant rank in the top 5, over min(relevant, 5)', () => {
  expect(meanAveragePrecisionAt5([[3, 1, 2]], [new Set([3])])).toBe(1);
  expect(meanAveragePrecisionAt5([[1, 3, 2]], [new Set([3])])).toBe(0.5);
  expect(meanAveragePrecisionAt5([[1, 2, 3, 4, 5, 6]], [new Set([6])])).toBe(0);
  expect(meanAveragePrecisionAt5([[3, 1], [9, 8]], [new Set([3, 1]), new Set([7])])).toBe(0.5);
});
