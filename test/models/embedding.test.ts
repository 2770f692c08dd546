/** Sentence embeddings through the real compact embedding model. */
import type { ModelHub } from '../../src/models/hub.js';
import { compactHub, cosine } from './compactModels.js';

let hub: ModelHub;
beforeAll(async () => {
  hub = await compactHub();
});

const TRIPLES: [string, string, string][] = [
  ['Police clashed with protesters in the capital on Sunday.', 'Officers and demonstrators fought in the capital on Sunday.', 'The recipe needs two eggs and a cup of flour.'],
  ['The government raised taxes on fuel.', 'Fuel taxes were increased by the government.', 'The football team won the championship final.'],
  ['Heavy rain flooded hundreds of homes in the north.', 'Floods caused by heavy rain hit hundreds of northern houses.', 'The central bank left interest rates unchanged.'],
];

test('a paraphrase pair is more similar than an unrelated pair', async () => {
  for (const [a, paraphrase, unrelated] of TRIPLES) {
    const [va, vp, vu] = await hub.embed([a, paraphrase, unrelated]);
    expect(cosine(va, vp)).toBeGreaterThan(cosine(va, vu) + 0.1);
  }
});

test('vectors are unit length, one per input, in input order, and stable under batching and whitespace', async () => {
  const texts = TRIPLES.map((t) => t[0]);
  const vectors = await hub.embed(texts);
  expect(vectors).toHaveLength(3);
  for (const v of vectors) {
    expect(v.length).toBe(vectors[0].length);
    expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 5);
  }
  const [second] = await hub.embed([texts[1]]);
  expect(cosine(second, vectors[1])).toBeCloseTo(1, 6);
  // Normalised whitespace gives the same cache key and the same input, hence the same vector.
  const [spaced] = await hub.embed([`  ${texts[2].replace(/ /g, '\n  ')} `]);
  expect(Array.from(spaced)).toEqual(Array.from(vectors[2]));
});

test('empty input lists cost nothing', async () => {
  const calls = hub.counters.modelCalls.embedding;
  await expect(hub.embed([])).resolves.toEqual([]);
  expect(hub.counters.modelCalls.embedding).toBe(calls);
});

test('an input longer than the token limit is truncated and counted once, and still embeds', async () => {
  const before = hub.counters.truncated.embedding;
  const long = Array.from({ length: 120 }, (_, i) => `word${i % 17}`).join(' ');
  const [v] = await hub.embed([long]);
  expect(hub.counters.truncated.embedding).toBe(before + 1);
  expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 5);
  await hub.embed([long]); // from the cache: the entry remembers it was truncated
  expect(hub.counters.truncated.embedding).toBe(before + 2);
});
