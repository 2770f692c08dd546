/**
 * The incremental night's view of a corpus (eventScorer, src/analysis/events/build.ts) against a
 * full run over the same corpus, on basil-dev (150 real articles, 50 events; real segmenter and
 * compact models, read from ../shared/eval at test time): clustering every article through the
 * scorer, whose judge scores pairs lazily (each article's neighbourhood filled on first use), gives
 * exactly the full run's events, with the judge and with the weighted similarity; its links are the
 * full run's candidate pairs with the judge's probability.
 */
import fs from 'node:fs';
import path from 'node:path';
import { clusterEvents, eventScorer } from '../../../src/analysis/events/build.js';
import { judgeProbability, readEventsJudge } from '../../../src/analysis/events/judge.js';
import { prepareEventCorpus } from '../../../src/analysis/events/pairs.js';
import { clusterableArticles } from '../../../src/analysis/corpus/clusterable.js';
import { offlineConfig, prepare, SHARED_DIR, stageContext, type Prepared } from '../pipelineHarness.js';

const BASIL = path.join(SHARED_DIR, 'eval/basil-dev/articles.jsonl');
const config = offlineConfig([BASIL]);
const judge = readEventsJudge(config.events.judge);
let prepared: Prepared;

beforeAll(async () => {
  if (!fs.existsSync(BASIL)) throw new Error(`${BASIL} not found. Fix: put the shared folder (with eval/basil-dev) next to the repository.`);
  prepared = await prepare(stageContext(config));
}, 600_000);

const ids = () => new Set(prepared.articles.map((a) => a.id));

test('with the judge: clustering the whole corpus through the scorer gives the full run\'s events', () => {
  const full = clusterEvents(prepared, config.events, config.claims, judge).events;
  const scorer = eventScorer(prepared, config.events, config.claims, judge);
  expect(scorer.threshold).toBe(judge.thresholds.link);
  expect(scorer.cluster(ids())).toEqual(full);
  expect(full.length).toBeGreaterThan(40);
});

test('with the weighted similarity: the same', () => {
  const full = clusterEvents(prepared, config.events, config.claims).events;
  expect(eventScorer(prepared, config.events, config.claims).cluster(ids())).toEqual(full);
});

test('links are the full run\'s candidate pairs, scored by the judge; a small group is scored alone', () => {
  const corpus = prepareEventCorpus({ ...prepared, articles: clusterableArticles(prepared.articles) }, config.events, config.claims);
  const probability = judgeProbability(judge, corpus);
  const scorer = eventScorer(prepared, config.events, config.claims, judge);
  const first = corpus.articles[0].id;
  const links = scorer.links([first]);
  const expected = corpus.candidates.filter(([i, j]) => i === 0 || j === 0).map(([i, j]) => ({ from: first, to: corpus.articles[i === 0 ? j : i].id, score: probability(i, j) }));
  expect(links.sort((x, y) => x.to.localeCompare(y.to))).toEqual(expected.sort((x, y) => x.to.localeCompare(y.to)));
  // Only the pairs around that article were scored, not the corpus's.
  const { pairsScored, candidatePairs } = scorer.counters();
  expect(pairsScored).toBeLessThan(candidatePairs);
});
