/**
 * Claims memoised per event (issue 20): on the seeds, the claims stage's findings equal one
 * computation over all events (analyseClaims), whether every event is computed, every event is
 * reused, or some are reused and the others computed; and with the sentence vectors read event by
 * event from the store instead of held whole, and with the sentences read from the stored dataset
 * only for the ranges still to compute.
 */
import claims, { claimsParams } from '../../pipeline/claims.js';
import events from '../../pipeline/events.js';
import type { ClaimFindings, Event, EventsIndex } from '../../src/records.js';
import { analyseClaims } from '../../src/analysis/claims/analyse.js';
import { claimsByEvent, type EventClaims, type EventClaimsMemo } from '../../src/analysis/claims/byEvent.js';
import { sentencesOfArticles } from '../../src/analysis/corpus/sentenceReader.js';
import type { DatasetStream } from '../../src/store/blobCodec.js';
import type { Sentence } from '../../src/records.js';
import { articleDigests } from '../../src/analysis/corpus/articleDigest.js';
import { loadStanceLexicon } from '../../src/analysis/claims/stance.js';
import { loadRelationsJudge } from '../../src/analysis/claims/judge.js';
import { loadNumericJudge } from '../../src/analysis/claims/numericFeatures.js';
import { offlineConfig, prepare, stageContext, type Prepared, type StageContext } from './pipelineHarness.js';
import { callStage } from '../pipeline/stageHarness.js';
import type { VectorSource } from '../../src/records.js';
import { openStageStore } from '../../src/store/stageStore.js';
import { tempDir } from '../tempDir.js';

let ctx: StageContext;
let prepared: Prepared;
let found: Event[];
let index: EventsIndex;
let whole: ClaimFindings;

const mapMemo = (store = new Map<string, EventClaims>()): EventClaimsMemo & { store: Map<string, EventClaims> } => ({
  store,
  getMany: (keys) => new Map(keys.filter((k) => store.has(k)).map((k) => [k, structuredClone(store.get(k)!)])),
  putMany: (entries) => {
    for (const [k, v] of entries) store.set(k, structuredClone(v));
  },
});

beforeAll(async () => {
  ctx = stageContext(offlineConfig());
  prepared = await prepare(ctx);
  ({ events: found, eventsIndex: index } = await callStage(events, prepared, ctx));
  const p = claimsParams(ctx.config);
  const hub = await ctx.models();
  const { analysis } = await analyseClaims({ events: found, ...prepared }, { claims: p.claims, events: p.events }, (pairs) => hub.nli(pairs), loadStanceLexicon(p.stanceFile), loadRelationsJudge(p.judgeFile), p.numericJudgeFile ? loadNumericJudge(p.numericJudgeFile) : undefined);
  const { events: _events, ...findings } = analysis;
  whole = findings;
}, 300_000);

test('the stage computes, then reuses, the findings of one computation over all events', async () => {
  expect(whole.claimMatches.length).toBeGreaterThan(0);
  const computed = (await callStage(claims, { events: found, eventsIndex: index, ...prepared }, ctx)).analysis;
  expect(ctx.notes.work['claims.eventsComputed']).toBe(found.length);
  expect(computed).toEqual(whole);
  const reused = (await callStage(claims, { events: found, eventsIndex: index, ...prepared }, ctx)).analysis;
  expect(ctx.notes.work['claims.eventsReused']).toBe(found.length);
  expect(JSON.stringify(reused)).toBe(JSON.stringify(computed));
});

test('some events reused and the others computed: the same findings and counters', async () => {
  const run = (memo: EventClaimsMemo) =>
    claimsOfSeeds({ events: found, index, ...prepared, digests: articleDigests(prepared.articles, prepared.sentences, prepared.enrichment) }, memo);
  const full = mapMemo();
  const all = await run(full);
  expect(all.eventsComputed).toBe(found.length);
  // Keep the memo of one event only.
  const [keep] = [...full.store.keys()];
  const partial = await run(mapMemo(new Map([[keep, full.store.get(keep)!]])));
  expect(partial.eventsReused).toBe(1);
  expect(partial.eventsComputed).toBe(found.length - 1);
  expect(JSON.stringify(partial.findings)).toBe(JSON.stringify(all.findings));
  expect(partial.counters).toEqual(all.counters);
  expect(JSON.stringify(all.findings)).toBe(JSON.stringify(whole));
});

test('sentence vectors read from the store, one event at a time: the same digests and findings as the table in memory', async () => {
  // Two ranges (the seeds cluster in one run, so one range): the first events' articles, and the rest.
  const half = Math.ceil(found.length / 2);
  const rangeOf = (events: Event[], id: string) => ({ id, digest: id, articleIds: [...new Set(events.flatMap((e) => e.articleIds))] });
  const ranges = [rangeOf(found.slice(0, half), 'r1'), rangeOf(found.slice(half), 'r2')];
  const twoRanges: EventsIndex = { ...index, ranges, rangeOfEvent: Object.fromEntries(found.map((e, k) => [e.id, k < half ? 'r1' : 'r2'])) };
  const store = openStageStore(tempDir('cf-claims-vectors-'));
  const stored = store.vectorSource(store.saveDataset(prepared.enrichment), 'sentenceVectors')!;
  const asked: number[][] = [];
  const source: VectorSource = { dim: stored.dim, count: stored.count, rowOf: stored.rowOf, rows: (rows) => (asked.push([...rows]), stored.rows(rows)) };
  const run = (enrichment: Parameters<typeof articleDigests>[2]) =>
    claimsOfSeeds({ events: found, index: twoRanges, ...prepared, enrichment, digests: articleDigests(prepared.articles, prepared.sentences, enrichment) }, mapMemo());
  const inMemory = await run(prepared.enrichment);
  const fromStore = await run({ articleVectors: prepared.enrichment.articleVectors, sentenceVectors: source });
  // The digests read every row once (one batch: the seeds are fewer than 500 articles); past them, each
  // range read its baseline's sample once and each event its own rows on each visit, never the whole table.
  expect(asked[0].length).toBe(prepared.sentences.length);
  const largestEvent = Math.max(...found.map((e) => prepared.sentences.filter((s) => e.articleIds.includes(s.articleId)).length));
  const perEvent = asked.slice(1).filter((rows) => rows.length <= largestEvent);
  expect(perEvent.length).toBeGreaterThanOrEqual(found.length);
  expect(asked.length - 1 - perEvent.length).toBeLessThanOrEqual(ranges.length);
  expect(Math.max(...asked.slice(1).map((rows) => rows.length))).toBeLessThan(prepared.sentences.length);
  expect(articleDigests(prepared.articles, prepared.sentences, { articleVectors: prepared.enrichment.articleVectors, sentenceVectors: source })).toEqual(
    articleDigests(prepared.articles, prepared.sentences, prepared.enrichment),
  );
  expect(inMemory.findings.claimMatches.length).toBeGreaterThan(0);
  expect(JSON.stringify(fromStore.findings)).toBe(JSON.stringify(inMemory.findings));
  expect(fromStore.counters).toEqual(inMemory.counters);
});

test('sentences read from the stored dataset, only those of the ranges still to compute: the same findings', async () => {
  const half = Math.ceil(found.length / 2);
  const membersOf = (events: Event[]) => [...new Set(events.flatMap((e) => e.articleIds))];
  const ranges = [
    { id: 'r1', digest: 'r1', articleIds: membersOf(found.slice(0, half)) },
    { id: 'r2', digest: 'r2', articleIds: membersOf(found.slice(half)) },
  ];
  const twoRanges: EventsIndex = { ...index, ranges, rangeOfEvent: Object.fromEntries(found.map((e, k) => [e.id, k < half ? 'r1' : 'r2'])) };
  const store = openStageStore(tempDir('cf-claims-sentences-'));
  const stream = store.streamDataset(store.saveDataset(prepared.sentences)) as DatasetStream<Sentence>;
  const asked: string[][] = [];
  const reader = (ids: ReadonlySet<string>) => (asked.push([...ids].sort()), sentencesOfArticles(stream, ids));
  const digests = articleDigests(prepared.articles, prepared.sentences, prepared.enrichment);
  const run = (sentences: Parameters<typeof claimsByEvent>[0]['sentences'], memo: EventClaimsMemo) =>
    claimsOfSeeds({ events: found, index: twoRanges, ...prepared, sentences, digests }, memo);
  const held = mapMemo();
  const inMemory = await run(prepared.sentences, held);
  const streamed = await run(reader, mapMemo());
  expect(asked).toEqual([[...new Set([...ranges[0].articleIds, ...ranges[1].articleIds])].sort()]);
  expect(inMemory.findings.claimMatches.length).toBeGreaterThan(0);
  expect(JSON.stringify(streamed.findings)).toBe(JSON.stringify(inMemory.findings));
  expect(streamed.counters).toEqual(inMemory.counters);

  // Ranges read a batch at a time (events.fullRunArticles articles at most; a full run computes every
  // range): one read per range here, the same findings, counters and memo entries.
  asked.length = 0;
  const batchedMemo = mapMemo();
  const batched = await claimsOfSeeds({ events: found, index: twoRanges, ...prepared, sentences: reader, digests }, batchedMemo, 1);
  expect(asked).toEqual([[...ranges[0].articleIds].sort(), [...ranges[1].articleIds].sort()]);
  expect(JSON.stringify(batched.findings)).toBe(JSON.stringify(inMemory.findings));
  expect(batched.counters).toEqual(inMemory.counters);
  expect([...batchedMemo.store.keys()].sort()).toEqual([...held.store.keys()].sort());

  // The first range's events from the memo (a call over them alone fills it): only the second range's articles are read.
  const firstOnly = mapMemo();
  await claimsOfSeeds({ events: found.slice(0, half), index: twoRanges, ...prepared, digests }, firstOnly);
  asked.length = 0;
  const partial = await run(reader, firstOnly);
  expect(partial.eventsReused).toBe(half);
  expect(asked).toEqual([[...ranges[1].articleIds].sort()]);
  expect(JSON.stringify(partial.findings)).toBe(JSON.stringify(inMemory.findings));

  // Every event from the memo: no sentence is read.
  asked.length = 0;
  const reused = await run(reader, held);
  expect(reused.eventsReused).toBe(found.length);
  expect(asked).toEqual([[]]);
  expect(JSON.stringify(reused.findings)).toBe(JSON.stringify(inMemory.findings));
});

/** claimsByEvent over the seeds with the default config's lexicon and judges, NLI from the test's hub. */
async function claimsOfSeeds(input: Parameters<typeof claimsByEvent>[0], memo: EventClaimsMemo, fullRunArticles?: number) {
  const p = claimsParams(ctx.config);
  const hub = await ctx.models();
  return claimsByEvent(
    input,
    { claims: p.claims, events: fullRunArticles === undefined ? p.events : { ...p.events, fullRunArticles } },
    (pairs) => hub.nli(pairs),
    loadStanceLexicon(p.stanceFile),
    loadRelationsJudge(p.judgeFile),
    p.numericJudgeFile ? loadNumericJudge(p.numericJudgeFile) : undefined,
    memo,
  );
}
