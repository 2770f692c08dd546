/** Sentiment through the real compact model (SST-2 trained): clear news sentences only. */
import type { ModelHub } from '../../src/models/hub.js';
import { ModelLabelError } from '../../src/models/hub.js';
import { compactHub, compactModelsConfig } from './compactModels.js';

const POSITIVE = [
  'The rescue was a remarkable success, and families celebrated the safe return of every miner.',
  'Residents praised the brilliant, generous volunteers who rebuilt the school.',
  'The peace agreement was hailed as a historic, hopeful breakthrough.',
];
const NEGATIVE = [
  'The attack killed dozens of civilians and left the city in ruins.',
  "Critics called the minister's response a disastrous, shameful failure.",
  "The company's collapse was a devastating blow that left thousands without jobs.",
];

let hub: ModelHub;
beforeAll(async () => {
  hub = await compactHub();
});

test('clearly positive news sentences score positive, clearly negative ones negative', async () => {
  const results = await hub.sentiment([...POSITIVE, ...NEGATIVE]);
  const pos = results.slice(0, POSITIVE.length);
  const neg = results.slice(POSITIVE.length);
  for (const r of pos) {
    expect(r.score).toBeGreaterThan(0.3);
    expect(r.label).toBe('positive');
  }
  for (const r of neg) {
    expect(r.score).toBeLessThan(-0.3);
    expect(r.label).toBe('negative');
  }
  for (const r of results) {
    expect(r.score).toBeGreaterThanOrEqual(-1);
    expect(r.score).toBeLessThanOrEqual(1);
  }
});

test('a sentence scores the same alone (fresh hub) and inside a padded batch', async () => {
  const [alone] = await (await compactHub()).sentiment([NEGATIVE[0]]);
  const inBatch = await hub.sentiment(['Short.', NEGATIVE[0], POSITIVE[0]]);
  expect(inBatch[1].score).toBeCloseTo(alone.score, 5);
});

test('a model label missing from models.sentiment.labels is a clear error naming the label and the key', async () => {
  const base = compactModelsConfig().sentiment;
  const strict = await compactHub(undefined, { sentiment: { ...base, labels: { positive: 1 } } });
  const failure = strict.sentiment(['Anything at all.']);
  await expect(failure).rejects.toThrow(ModelLabelError);
  await expect(failure).rejects.toThrow(/"NEGATIVE".*models\.sentiment\.labels/);
});
