/** NLI through the real compact NLI model: paraphrases vs negations of news sentences. */
import { AutoTokenizer, env } from '@xenova/transformers';
import { encodeBatch } from '../../src/models/encode.js';
import type { ModelHub } from '../../src/models/hub.js';
import { MODELS_DIR, compactHub } from './compactModels.js';

const CASES: { premise: string; paraphrase: string; negation: string }[] = [
  { premise: 'Netanyahu rejected a temporary ceasefire.', paraphrase: 'Netanyahu refused a temporary ceasefire.', negation: 'Netanyahu did not reject a temporary ceasefire.' },
  { premise: 'The army confirmed that the hostages were released.', paraphrase: 'The army said the hostages were freed.', negation: 'The hostages were not released.' },
  { premise: 'The president signed the bill on Monday.', paraphrase: 'The bill was signed by the president on Monday.', negation: 'The president did not sign the bill on Monday.' },
];

let hub: ModelHub;
beforeAll(async () => {
  hub = await compactHub();
});

test('a paraphrase ranks above its negation on entailment; the negation reads as contradiction', async () => {
  for (const c of CASES) {
    const [para, neg] = await hub.nli([
      [c.premise, c.paraphrase],
      [c.premise, c.negation],
    ]);
    expect(para.entailment).toBeGreaterThan(neg.entailment);
    expect(neg.contradiction).toBeGreaterThan(0.5);
    expect(para.entailment + para.neutral + para.contradiction).toBeCloseTo(1, 5);
  }
});

test('pair order matters: the cache key separates (a, b) from (b, a)', async () => {
  const c = CASES[0];
  const before = hub.counters.computed.nli;
  await hub.nli([
    [c.premise, c.negation],
    [c.negation, c.premise],
  ]);
  // (premise, negation) was computed in the first test; (negation, premise) is new.
  expect(hub.counters.computed.nli).toBe(before + 1);
});

test('an over-long premise is shortened, not the hypothesis, and the pair is counted as truncated', async () => {
  env.localModelPath = MODELS_DIR;
  const tokenizer = await AutoTokenizer.from_pretrained('compact/nli');
  const premise = `${'The ministry published a long statement about the negotiations and the many parties involved. '.repeat(8)}Netanyahu rejected a temporary ceasefire.`;
  const hypothesis = 'Netanyahu did not reject a temporary ceasefire.';
  const { inputs, truncated } = encodeBatch(tokenizer, [premise], [hypothesis], 96);
  expect(truncated).toEqual([true]);
  expect(inputs.input_ids.dims).toEqual([1, 96]);
  const ids = Array.from(inputs.input_ids.data as BigInt64Array, Number);
  const hypothesisIds = tokenizer.encode(hypothesis, null, { add_special_tokens: false });
  expect(ids.slice(-hypothesisIds.length - 1, -1)).toEqual(hypothesisIds);
  expect(ids[ids.length - 1]).toBe(tokenizer.sep_token_id);

  const before = hub.counters.truncated.nli;
  const [r] = await hub.nli([[premise, hypothesis]]);
  expect(hub.counters.truncated.nli).toBe(before + 1);
  expect(r.contradiction).toBeGreaterThan(r.entailment);
});
