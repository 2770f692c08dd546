/**
 * Shared statements over packed units (src/analysis/events/sharedClaims.ts) are claimSimilarity's over
 * the claim units, to the bit: the seed articles through the real segmenter and compact models; and
 * alike when the sentence vectors are read from the store.
 */
import { buildArticleProfiles } from '../../../src/analysis/corpus/profiles.js';
import { clusterableArticles } from '../../../src/analysis/corpus/clusterable.js';
import { statementUnits } from '../../../src/analysis/corpus/statements.js';
import { claimSimilarity } from '../../../src/analysis/corpus/claimSimilarity.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import { eventStatements, sharedStatementEvidence } from '../../../src/analysis/events/sharedClaims.js';
import type { Sentence, VectorSource } from '../../../src/records.js';
import { openStageStore } from '../../../src/store/stageStore.js';
import { tempDir } from '../../tempDir.js';
import { offlineConfig, prepare, stageContext, type Prepared } from '../pipelineHarness.js';

const config = offlineConfig();
let prepared: Prepared;

beforeAll(async () => {
  prepared = await prepare(stageContext(config));
}, 600_000);

/** The evidence as it was computed from the units themselves, before they were packed. */
function fromUnits(unitsA: readonly ClaimUnit[], unitsB: readonly ClaimUnit[], ctx: Parameters<typeof claimSimilarity>[2], threshold: number): number {
  if (unitsA.length === 0 || unitsB.length === 0) return 0;
  const bestA = new Array<number>(unitsA.length).fill(0);
  const bestB = new Array<number>(unitsB.length).fill(0);
  unitsA.forEach((a, i) =>
    unitsB.forEach((b, j) => {
      const { score } = claimSimilarity(a, b, ctx);
      bestA[i] = Math.max(bestA[i], score);
      bestB[j] = Math.max(bestB[j], score);
    }),
  );
  let mass = 0;
  for (const score of [...bestA, ...bestB]) if (score >= threshold) mass += score;
  return 1 - Math.exp(-mass / 2);
}

test('packed units give the evidence and context the claim units give, to the bit, whatever order the sentences come in', () => {
  const articles = clusterableArticles(prepared.articles);
  const corpus = buildArticleProfiles(articles, prepared.sentences, prepared.enrichment, config.events.background, new Set(config.events.genericOrdinalUnits));
  const minWords = config.events.minClaimWords;
  const reference = statementUnits(articles, prepared, corpus, minWords, config.claims);
  const packed = eventStatements(articles, prepared, corpus, minWords, config.claims);
  expect(packed.ctx).toEqual(reference.ctx);
  expect([...packed.byArticle.values()].reduce((n, p) => n + p.count, 0)).toBe(reference.units.length);

  // The articles' sentences taken in turns (first of each, second of each...): each article's units
  // are packed in several goes, in the same order.
  const byArticle = new Map<string, Sentence[]>();
  for (const s of prepared.sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const lists = [...byArticle.values()];
  const interleaved = Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, k) => lists.flatMap((l) => (k < l.length ? [l[k]] : []))).flat();
  const inTurns = eventStatements(articles, { ...prepared, sentences: interleaved }, corpus, minWords, config.claims);
  expect(articles.map((a) => inTurns.byArticle.get(a.id)?.count)).toEqual(articles.map((a) => packed.byArticle.get(a.id)?.count));

  let linked = 0;
  for (const threshold of [config.events.statementThreshold, 0.2]) {
    for (const a of articles) {
      for (const b of articles) {
        const expected = fromUnits(reference.unitsByArticle.get(a.id) ?? [], reference.unitsByArticle.get(b.id) ?? [], reference.ctx, threshold);
        const got = sharedStatementEvidence(packed.byArticle.get(a.id), packed.byArticle.get(b.id), packed, threshold).evidence;
        expect(Object.is(got, expected)).toBe(true);
        expect(Object.is(sharedStatementEvidence(inTurns.byArticle.get(a.id), inTurns.byArticle.get(b.id), inTurns, threshold).evidence, expected)).toBe(true);
        if (a.id !== b.id && got > 0) linked++;
      }
    }
  }
  // The comparison is not all zeros: some pairs of different articles share statements.
  expect(linked).toBeGreaterThan(0);
});

test('from the sentence vectors in the store, the same packed units, vectors and context; only the statements\' rows are read', () => {
  const articles = clusterableArticles(prepared.articles);
  const corpus = buildArticleProfiles(articles, prepared.sentences, prepared.enrichment, config.events.background, new Set(config.events.genericOrdinalUnits));
  const minWords = config.events.minClaimWords;
  const inMemory = eventStatements(articles, prepared, corpus, minWords, config.claims);
  const store = openStageStore(tempDir('cf-statements-'));
  const stored = store.vectorSource(store.saveDataset(prepared.enrichment), 'sentenceVectors')!;
  let rowsRead = 0;
  const source: VectorSource = { dim: stored.dim, count: stored.count, rowOf: stored.rowOf, rows: (rows) => ((rowsRead += rows.length), stored.rows(rows)) };
  const fromStore = eventStatements(articles, { sentences: prepared.sentences, enrichment: { sentenceVectors: source } }, corpus, minWords, config.claims);
  expect(fromStore.ctx).toEqual(inMemory.ctx);
  expect(fromStore.byArticle).toEqual(inMemory.byArticle);
  expect(fromStore.vectors).toEqual(inMemory.vectors);
  // The units' matrix holds their vectors only: fewer rows than the sentences, each read once.
  const units = [...inMemory.byArticle.values()].reduce((n, p) => n + p.count, 0);
  expect(inMemory.vectors!.data.length).toBe(units * inMemory.vectors!.dim);
  expect(rowsRead).toBe(units);
  expect(units).toBeLessThan(prepared.sentences.length);
});
