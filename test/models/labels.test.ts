/** Label mapping rules (pure functions; the label sets are those real hub models use). */
import { ModelLabelError } from '../../src/models/errors.js';
import { labelList, nliClassIndex, nliResult, scoreSentiment, sentimentPolarities } from '../../src/models/labels.js';
import { configSchema } from '../../src/config/schema.js';

const defaults = configSchema.parse({}).models.sentiment;

test('binary, three-class and star-rating sentiment labels map case-insensitively', () => {
  expect(sentimentPolarities(['NEGATIVE', 'POSITIVE'], defaults.labels, 'sst2')).toEqual([-1, 1]);
  expect(sentimentPolarities(['negative', 'Neutral', 'POSITIVE'], defaults.labels, 'x')).toEqual([-1, 0, 1]);
  expect(sentimentPolarities(['1 star', '2 stars', '3 stars', '4 stars', '5 stars'], defaults.labels, 'nlptown')).toEqual([-1, -0.5, 0, 0.5, 1]);
  expect(sentimentPolarities(['LABEL_0', 'LABEL_1', 'LABEL_2'], defaults.labels, 'cardiff')).toEqual([-1, 0, 1]);
});

test('an unmapped sentiment label names itself and the config key', () => {
  expect(() => sentimentPolarities(['joy', 'anger'], defaults.labels, 'emotions')).toThrow(ModelLabelError);
  expect(() => sentimentPolarities(['joy', 'anger'], defaults.labels, 'emotions')).toThrow(/"joy".*models\.sentiment\.labels/);
});

test('score is the probability-weighted polarity; the neutral band decides the label', () => {
  expect(scoreSentiment([0.1, 0.9], [-1, 1], 0.3)).toEqual({ label: 'positive', score: expect.closeTo(0.8, 6) });
  expect(scoreSentiment([0.6, 0.4], [-1, 1], 0.3)).toEqual({ label: 'neutral', score: expect.closeTo(-0.2, 6) });
  expect(scoreSentiment([0.9, 0.1], [-1, 1], 0.3).label).toBe('negative');
  expect(scoreSentiment([0.9, 0.1], [-1, 1], 0.9).label).toBe('neutral');
  expect(scoreSentiment([0.2, 0.7, 0.1], [-1, 0, 1], 0.05)).toEqual({ label: 'negative', score: expect.closeTo(-0.1, 6) });
});

test('NLI classes are found by name in any order and case (MNLI order, DeBERTa order)', () => {
  const mnli = labelList({ id2label: { 0: 'CONTRADICTION', 1: 'NEUTRAL', 2: 'ENTAILMENT' } }, 'roberta-mnli');
  expect(nliClassIndex(mnli, 'roberta-mnli')).toEqual([2, 1, 0]);
  expect(nliResult([0.7, 0.2, 0.1], [2, 1, 0])).toEqual({ entailment: expect.closeTo(0.1, 6), neutral: expect.closeTo(0.2, 6), contradiction: expect.closeTo(0.7, 6) });
  expect(nliClassIndex(['entailment', 'neutral', 'contradiction'], 'snli')).toEqual([0, 1, 2]);
});

test('NLI labels that cannot be mapped fail clearly', () => {
  expect(() => nliClassIndex(['LABEL_0', 'LABEL_1', 'LABEL_2'], 'anon')).toThrow(/"LABEL_0".*entailment, neutral and contradiction/);
  expect(() => nliClassIndex(['entailment', 'not_entailment'], 'rte')).toThrow(ModelLabelError);
  expect(() => labelList({}, 'no-labels')).toThrow(/no id2label/);
});
