/**
 * Event clustering on basil-dev (150 real articles, 50 events, each covered by NYT, Fox News and
 * HuffPost): the real ingest, segmenter and compact models, read from ../shared/eval at test time
 * (never copied into the repository). The corpus is prepared once for the two questions asked of it
 * (preparing it is most of the cost: segmenting and embedding 4,283 sentences):
 * - quality: B-cubed precision / recall / F1 and ARI, with the publication dates as given and with
 *   every date hidden (content alone);
 * - the incremental night's view of the corpus (eventScorer, src/analysis/events/build.ts) against a
 *   full run: clustering every article through the scorer, whose judge scores pairs lazily (each
 *   article's neighbourhood filled on first use), gives exactly the full run's events, with the judge
 *   and with the weighted similarity; its links are the full run's candidate pairs with the judge's
 *   probability.
 */
import fs from 'node:fs';
import path from 'node:path';
import { clusterEvents, eventScorer } from '../../../src/analysis/events/build.js';
import { judgeProbability, readEventsJudge } from '../../../src/analysis/events/judge.js';
import { prepareEventCorpus } from '../../../src/analysis/events/pairs.js';
import { clusterableArticles } from '../../../src/analysis/corpus/clusterable.js';
import { evaluateClustering, labelsFromClusters, type ClusteringScore } from '../../../src/measure/evaluateClustering.js';
import { offlineConfig, prepare, SHARED_DIR, stageContext, type Prepared } from '../pipelineHarness.js';

const BASIL = path.join(SHARED_DIR, 'eval/basil-dev/articles.jsonl');
const config = offlineConfig([BASIL]);
let prepared: Prepared;
let gold: Map<string, string>;

beforeAll(async () => {
  if (!fs.existsSync(BASIL)) throw new Error(`${BASIL} not found. Fix: put the shared folder (with eval/basil-dev) next to the repository.`);
  prepared = await prepare(stageContext(config));
  // Articles come from one JSONL file; the line number links each back to its gold event.
  const events = fs.readFileSync(BASIL, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { event_id: string }).event_id);
  gold = new Map(prepared.articles.map((a) => [a.id, events[(a.sourceLine ?? 0) - 1]]));
}, 600_000);

function score(articles = prepared.articles): ClusteringScore {
  const { events } = clusterEvents({ ...prepared, articles }, config.events, config.claims);
  const result = evaluateClustering(labelsFromClusters(events), gold);
  const f = (x: number) => x.toFixed(3);
  console.log(
    `basil-dev${articles === prepared.articles ? '' : ' (dates hidden)'}: B3 P=${f(result.bcubedPrecision)} R=${f(result.bcubedRecall)} ` +
      `F1=${f(result.bcubedF1)} ARI=${f(result.ari)} clusters=${result.predictedClusters}/${result.goldClusters}`,
  );
  return result;
}

describe('basil-dev event clustering', () => {
  test('all 150 articles are read with their outlet and date', () => {
    expect(prepared.articles).toHaveLength(150);
    expect(new Set(prepared.articles.map((a) => a.outlet)).size).toBe(3);
    expect(prepared.articles.every((a) => /^\d{4}-\d{2}-\d{2}$/.test(a.published))).toBe(true);
  });

  test('with publication dates: precision first, most events whole', () => {
    const s = score();
    expect(s.bcubedPrecision).toBeGreaterThanOrEqual(0.97);
    expect(s.bcubedF1).toBeGreaterThanOrEqual(0.95);
    expect(s.predictedClusters).toBeGreaterThanOrEqual(48);
    expect(s.predictedClusters).toBeLessThanOrEqual(60);
  });

  test('with dates hidden, content alone still separates most events', () => {
    const s = score(prepared.articles.map((a) => ({ ...a, published: '' })));
    expect(s.bcubedPrecision).toBeGreaterThanOrEqual(0.85);
    expect(s.bcubedF1).toBeGreaterThanOrEqual(0.85);
  });
});

describe('the incremental night\'s scorer against a full run on basil-dev', () => {
  const judge = readEventsJudge(config.events.judge);
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
});
