/**
 * Shared statements over packed units (src/analysis/events/sharedClaims.ts) are claimSimilarity's over
 * the claim units, to the bit: the seed articles through the real segmenter and compact models; and
 * alike when the sentence vectors are read from the store.
 */
import { buildArticleProfiles } from '../../../src/analysis/corpus/profiles.js';
import { clusterableArticles } from '../../../src/analysis/corpus/clusterable.js';
import { baselineSample, statementUnits } from '../../../src/analysis/corpus/statements.js';
import { claimSimilarity } from '../../../src/analysis/corpus/claimSimilarity.js';
import { isClaimSentence, releaseClaimUnitIds, type ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import { eventStatements, sharedStatementEvidence, type PackedStatements } from '../../../src/analysis/events/sharedClaims.js';
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

/** The ids a packed article's units hold (terms, then names, unit by unit), in order. */
function packedIds(p: PackedStatements | undefined): number[] {
  const out: number[] = [];
  for (let k = 0; k < (p?.count ?? 0); k++) {
    const at = p!.count + p!.ints[k];
    const ids = p!.ints[at] + p!.ints[at + 1];
    for (let x = 0; x < ids; x++) out.push(p!.ints[at + 4 + x]);
  }
  return out;
}

test('packed units give the evidence and context the claim units give, to the bit, whatever order the sentences come in and the articles are asked for', () => {
  const articles = clusterableArticles(prepared.articles);
  const corpus = buildArticleProfiles(articles, prepared.sentences, prepared.enrichment, config.events.background, new Set(config.events.genericOrdinalUnits));
  const minWords = config.events.minClaimWords;
  const reference = statementUnits(articles, prepared, corpus, minWords, config.claims);
  releaseClaimUnitIds();
  const packed = eventStatements(articles, prepared, corpus, minWords, config.claims);
  expect(packed.ctx).toEqual(reference.ctx);
  // Nothing is packed before it is asked for.
  expect(packed.packed()).toBe(0);
  expect(articles.reduce((n, a) => n + (packed.of(a.id)?.count ?? 0), 0)).toBe(reference.units.length);
  expect(packed.packed()).toBe(articles.length);
  expect(packed.of('no such article')).toBeUndefined();

  // The articles' sentences taken in turns (first of each, second of each...): each article's units
  // in the same order.
  const byArticle = new Map<string, Sentence[]>();
  for (const s of prepared.sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const lists = [...byArticle.values()];
  const interleaved = Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, k) => lists.flatMap((l) => (k < l.length ? [l[k]] : []))).flat();
  const inTurns = eventStatements(articles, { ...prepared, sentences: interleaved }, corpus, minWords, config.claims);
  expect(articles.map((a) => inTurns.of(a.id)?.count)).toEqual(articles.map((a) => packed.of(a.id)?.count));

  // Asked for last article first, with fresh id tables: every id is the one the first order gave,
  // shifted by the ids that order took (ids are never given twice). The ids are given in sentence
  // order when the statements are built, not when an article is packed; else a unit's sorted ids,
  // and so the order of the similarity's sums, would follow the order articles are asked in.
  const firstIds = articles.flatMap((a) => packedIds(packed.of(a.id)));
  releaseClaimUnitIds();
  const backwards = eventStatements(articles, prepared, corpus, minWords, config.claims);
  for (const a of [...articles].reverse()) backwards.of(a.id);
  const shift = new Set(articles.flatMap((a) => packedIds(backwards.of(a.id)).map((id, k) => id - packedIds(packed.of(a.id))[k])));
  expect([...shift]).toEqual([Math.max(...firstIds) - Math.min(...firstIds) + 1]);

  let linked = 0;
  for (const threshold of [config.events.statementThreshold, 0.2]) {
    for (const a of articles) {
      for (const b of articles) {
        const expected = fromUnits(reference.unitsByArticle.get(a.id) ?? [], reference.unitsByArticle.get(b.id) ?? [], reference.ctx, threshold);
        const got = sharedStatementEvidence(packed.of(a.id), packed.of(b.id), packed, threshold).evidence;
        expect(Object.is(got, expected)).toBe(true);
        expect(Object.is(sharedStatementEvidence(inTurns.of(a.id), inTurns.of(b.id), inTurns, threshold).evidence, expected)).toBe(true);
        expect(Object.is(sharedStatementEvidence(backwards.of(a.id), backwards.of(b.id), backwards, threshold).evidence, expected)).toBe(true);
        if (a.id !== b.id && got > 0) linked++;
      }
    }
  }
  // The comparison is not all zeros: some pairs of different articles share statements.
  expect(linked).toBeGreaterThan(0);
});

test('from the sentence vectors in the store, the same packed units, vectors and context; only the baseline\'s sample and the packed statements\' rows are read', () => {
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
  const withVector = prepared.sentences.filter((s) => isClaimSentence(s.text, minWords) && articles.some((a) => a.id === s.articleId) && stored.rowOf(s.id) !== undefined);
  const sampleSize = baselineSample(withVector).length;
  expect(rowsRead).toBe(sampleSize);
  // One article packed reads its statements' rows only.
  const first = fromStore.of(articles[0].id);
  expect(rowsRead).toBe(sampleSize + withVector.filter((s) => s.articleId === articles[0].id).length);
  expect(first).toEqual(inMemory.of(articles[0].id));
  for (const a of articles) expect(fromStore.of(a.id)).toEqual(inMemory.of(a.id));
  // Each unit's vector is held once, beside its units: fewer rows than the sentences, each read once.
  const units = articles.reduce((n, a) => n + (inMemory.of(a.id)?.vectors?.length ?? 0) / inMemory.dim, 0);
  expect(units).toBe(withVector.length);
  expect(rowsRead).toBe(sampleSize + units);
  expect(units).toBeLessThan(prepared.sentences.length);
});
