/**
 * Event clustering on basil-dev (50 real events, each covered by NYT, Fox News and HuffPost):
 * the real ingest, segmenter and compact models, read from ../shared/eval at test time (never
 * copied into the repository). Scored with B-cubed precision / recall / F1 and ARI, with the
 * publication dates as given and with every date hidden (content alone).
 */
import fs from 'node:fs';
import path from 'node:path';
import { clusterEvents } from '../../../src/analysis/events/build.js';
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
