/**
 * Framing memoised per article (issue 20): on the seeds, with the tone model, the Framing equals
 * one computation without a memo, whether every article is computed, every article is reused, or
 * some are reused and the others computed; and the stage reuses every article on a second run.
 */
import path from 'node:path';
import events from '../../pipeline/events.js';
import framingStage from '../../pipeline/framing.js';
import { joinAnalysis } from '../../pipeline/framing.js';
import { computeFraming, type FramingWork } from '../../src/analysis/framing/framing.js';
import type { ArticleFraming, ArticleFramingMemo } from '../../src/analysis/framing/articleFraming.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { loadToneJudge, type ToneJudge } from '../../src/analysis/framing/toneModel.js';
import type { Analysis, Framing, Sentence, SentenceSentiment, ToneIntervals } from '../../src/records.js';
import type { DatasetStream } from '../../src/store/blobCodec.js';
import type { DatasetName } from '../../pipeline/stage.js';
import { openCatalog } from '../../pipeline/catalog.js';
import { removeTempDirs, tempDir } from '../models/compactModels.js';
import { bootstrapInterval, carriedIntervals, intervalsOf, type IntervalMemo } from '../../src/analysis/framing/toneInterval.js';
import { offlineConfig, prepare, stageContext, type Prepared, type StageContext } from './pipelineHarness.js';
import { callStage } from '../pipeline/stageHarness.js';
import { leadingActors } from '../../src/analysis/framing/leadingActors.js';

afterAll(removeTempDirs);

let ctx: StageContext;
let prepared: Prepared;
let analysis: Analysis;
let judge: ToneJudge;
let whole: Framing;
let wholeIntervals: ToneIntervals;

// Values pass through structuredClone, as through the SQLite memo's serialisation.
const mapMemo = (store = new Map<string, ArticleFraming>()): ArticleFramingMemo & { store: Map<string, ArticleFraming> } => ({
  store,
  getMany: (keys) => new Map(keys.filter((k) => store.has(k)).map((k) => [k, structuredClone(store.get(k)!)])),
  putMany: (entries) => {
    for (const [k, v] of entries) store.set(k, structuredClone(v));
  },
});

const settings = () => ctx.config.framing;
/** What the stage gives: the Framing with the actor rows the reports show (leadingActors). */
// The stage's Framing: also the leading actor rows and every tone interval, carried to the next run.
// And where each article's tone rows start (toneRows, checked by checkedToneRows).
const stageWhole = (toneRows?: Framing['toneRows']): Framing => ({ ...whole, ...(toneRows ? { toneRows } : {}), leadingActors: leadingActors(whole.entityTone), intervals: wholeIntervals });

/**
 * A stage's toneRows, checked against the Framing without a memo: the articles in the order their
 * sentences come, each one's first row where its sentences' tones start in sentenceTones, a sha256 per
 * article and for the namespace.
 */
function checkedToneRows(toneRows: Framing['toneRows']): Framing['toneRows'] {
  const articleOf = new Map(prepared.sentences.map((s) => [s.id, s.articleId]));
  const order = [...new Set(prepared.sentences.map((s) => s.articleId))];
  const tones = whole.sentenceTones ?? [];
  expect(toneRows?.ids).toEqual(order);
  // Each article's first row: the tones of the articles before it (the tones come in the articles' order).
  let rows = 0;
  const firstRows = order.map((id) => ((rows += tones.filter((t) => articleOf.get(t.sentenceId) === id).length), rows - tones.filter((t) => articleOf.get(t.sentenceId) === id).length));
  expect(Array.from(toneRows!.firstRows)).toEqual(firstRows);
  expect(tones.map((t) => articleOf.get(t.sentenceId))).toEqual(order.flatMap((id) => tones.filter((t) => articleOf.get(t.sentenceId) === id).map(() => id)));
  expect(toneRows!.keys.length).toBe(32 * order.length);
  expect(toneRows!.namespace).toMatch(/^[0-9a-f]{64}$/u);
  return toneRows;
}
const frame = (memo?: ArticleFramingMemo, work?: FramingWork, intervals?: IntervalMemo, options = settings()) =>
  computeFraming(
    { articles: prepared.articles, sentences: prepared.sentences, sentiment: prepared.enrichment.sentiment, analysis, toneJudge: judge },
    loadFramingResources(settings()),
    options,
    memo,
    work,
    intervals,
  );

/** An interval memo in a Map (values through structuredClone), counting what it was asked and what it held. */
const intervalMemo = () => {
  const store = new Map<string, [number, number]>();
  const seen = { asked: 0, held: 0 };
  const memo: IntervalMemo = {
    getMany: (keys) => {
      seen.asked += keys.length;
      const found = new Map(keys.filter((k) => store.has(k)).map((k) => [k, structuredClone(store.get(k)!)]));
      seen.held += found.size;
      return found;
    },
    putMany: (entries) => {
      for (const [k, v] of entries) store.set(k, structuredClone(v));
    },
  };
  return { memo, store, seen };
};

beforeAll(async () => {
  ctx = stageContext(offlineConfig());
  prepared = await prepare(ctx);
  const { events: found } = await callStage(events, prepared, ctx);
  analysis = joinAnalysis(found, undefined);
  judge = loadToneJudge(path.resolve(settings().toneModel));
  whole = frame();
  const carrying = carriedIntervals(undefined, intervalMemo().memo);
  frame(undefined, undefined, carrying);
  wholeIntervals = carrying.carried();
}, 300_000);

test('all computed, then all reused: the Framing of one computation without a memo', () => {
  expect(whole.outletFraming.length).toBeGreaterThan(0);
  expect(whole.entityTone.length).toBeGreaterThan(0);
  const memo = mapMemo();
  const first: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  const computed = frame(memo, first);
  expect(first.articlesReused).toBe(0);
  expect(first.articlesComputed).toBeGreaterThanOrEqual(prepared.articles.length);
  expect(computed).toEqual(whole);
  const second: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  const reused = frame(memo, second);
  expect(second).toEqual({ articlesReused: first.articlesComputed, articlesComputed: 0 });
  expect(reused).toEqual(whole);
  expect(JSON.stringify(reused)).toBe(JSON.stringify(whole));
});

test('some articles reused and the others computed: the same Framing', () => {
  const full = mapMemo();
  frame(full);
  const keys = [...full.store.keys()];
  expect(keys.length).toBeGreaterThan(1);
  const half = mapMemo(new Map(keys.filter((_, i) => i % 2 === 0).map((k) => [k, full.store.get(k)!])));
  const work: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  const mixed = frame(half, work);
  expect(work.articlesReused).toBe(Math.ceil(keys.length / 2));
  expect(work.articlesComputed).toBe(Math.floor(keys.length / 2));
  expect(mixed).toEqual(whole);
  expect(JSON.stringify(mixed)).toBe(JSON.stringify(whole));
});

test('an article whose text changed is computed again, the others reused', () => {
  const memo = mapMemo();
  frame(memo);
  const target = prepared.sentences[0];
  const saved = prepared.sentences;
  prepared.sentences = saved.map((s) => (s === target ? { ...s, text: `${s.text} Critics called it a disaster.` } : s));
  try {
    const work: FramingWork = { articlesReused: 0, articlesComputed: 0 };
    const changed = frame(memo, work);
    expect(work.articlesComputed).toBe(1);
    expect(changed).toEqual(frame());
  } finally {
    prepared.sentences = saved;
  }
});

test('the stage reuses every article on a second run, with the same Framing', async () => {
  const inputs = { ...prepared, events: analysis.events, analysis: undefined };
  const before = { ...ctx.notes.work };
  const first = (await callStage(framingStage, inputs, ctx)).framing;
  const computed = (ctx.notes.work['framing.articlesComputed'] ?? 0) - (before['framing.articlesComputed'] ?? 0);
  expect(computed).toBeGreaterThan(0);
  expect(first).toEqual(stageWhole(checkedToneRows(first.toneRows)));
  const mid = { ...ctx.notes.work };
  const second = (await callStage(framingStage, inputs, ctx)).framing;
  expect((ctx.notes.work['framing.articlesComputed'] ?? 0) - (mid['framing.articlesComputed'] ?? 0)).toBe(0);
  expect((ctx.notes.work['framing.articlesReused'] ?? 0) - (mid['framing.articlesReused'] ?? 0)).toBe(computed);
  expect(JSON.stringify(second)).toBe(JSON.stringify(first));
});

test('the same texts under other ids and outlets are reused, with the Framing of a computation without a memo', () => {
  const memo = mapMemo();
  frame(memo);
  const saved = { articles: prepared.articles, sentences: prepared.sentences, sentiment: prepared.enrichment.sentiment };
  const rename = (id: string) => `${id}~copy`;
  const renameSentence = (id: string) => id.replace(/^(.*)#(\d+)$/u, (_, a: string, i: string) => `${rename(a)}#${i}`);
  prepared.articles = saved.articles.map((a) => ({ ...a, id: rename(a.id), outlet: `${a.outlet} (copy)`, ...(a.duplicateOf ? { duplicateOf: rename(a.duplicateOf) } : {}) }));
  prepared.sentences = saved.sentences.map((s) => ({ ...s, id: renameSentence(s.id), articleId: rename(s.articleId), outlet: `${s.outlet} (copy)` }));
  prepared.enrichment = { ...prepared.enrichment, sentiment: saved.sentiment.map((s) => ({ ...s, sentenceId: renameSentence(s.sentenceId) })) };
  try {
    const work: FramingWork = { articlesReused: 0, articlesComputed: 0 };
    const copies = frame(memo, work);
    expect(work.articlesComputed).toBe(0);
    expect(work.articlesReused).toBeGreaterThan(0);
    expect(JSON.stringify(copies)).toBe(JSON.stringify(frame()));
  } finally {
    prepared.articles = saved.articles;
    prepared.sentences = saved.sentences;
    prepared.enrichment = { ...prepared.enrichment, sentiment: saved.sentiment };
  }
});

test('keyed by the segment stage\'s sentence digests (a run): the Framing of the content keys; a new digest or sentiment computes that article again', () => {
  const digests = new Map(prepared.sentenceDigests.map((d) => [d.articleId, d.digest]));
  expect(digests.size).toBeGreaterThan(1);
  const byDigest = (memo: ArticleFramingMemo, work: FramingWork, given = digests, sentiment = prepared.enrichment.sentiment) =>
    computeFraming({ articles: prepared.articles, sentences: prepared.sentences, sentiment, analysis, toneJudge: judge, sentenceDigests: given }, loadFramingResources(settings()), settings(), memo, work);
  const memo = mapMemo();
  const first: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  expect(JSON.stringify(byDigest(memo, first))).toBe(JSON.stringify(whole));
  // Its own keys: none of the content keys' entries is read.
  const contentKeyed = mapMemo();
  frame(contentKeyed);
  expect([...memo.store.keys()].filter((k) => contentKeyed.store.has(k))).toEqual([]);
  const again: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  expect(JSON.stringify(byDigest(memo, again))).toBe(JSON.stringify(whole));
  expect(again).toEqual({ articlesReused: first.articlesComputed, articlesComputed: 0 });
  // Another digest for one article (its sentences changed): that article alone is computed.
  const [target] = digests.keys();
  const redigested: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  byDigest(memo, redigested, new Map([...digests].map(([id, d]) => [id, id === target ? `${d}x` : d])));
  expect(redigested.articlesComputed).toBe(1);
  // The same digests, one sentence's sentiment changed: its article alone is computed, with the Framing of that sentiment.
  const sentence = prepared.sentences.find((s) => s.articleId === target)!;
  const sentiment = prepared.enrichment.sentiment.map((r) => (r.sentenceId === sentence.id ? { ...r, score: r.score / 2 + 0.25 } : r));
  const resentimented: FramingWork = { articlesReused: 0, articlesComputed: 0 };
  const changed = byDigest(memo, resentimented, digests, sentiment);
  expect(resentimented.articlesComputed).toBe(1);
  const plain = computeFraming({ articles: prepared.articles, sentences: prepared.sentences, sentiment, analysis, toneJudge: judge }, loadFramingResources(settings()), settings());
  expect(JSON.stringify(changed)).toBe(JSON.stringify(plain));
});

describe('tone intervals memoised by their inputs', () => {
  test('computed, then reused: the Framing of one computation without a memo', () => {
    const { memo, store, seen } = intervalMemo();
    expect(JSON.stringify(frame(undefined, undefined, memo))).toBe(JSON.stringify(whole));
    expect(seen.held).toBe(0);
    expect(store.size).toBeGreaterThan(0);
    const asked = seen.asked;
    expect(JSON.stringify(frame(undefined, undefined, memo))).toBe(JSON.stringify(whole));
    expect(seen.held).toBe(asked);
  });

  test('an edited sentence recomputes the intervals whose values changed, and gives a fresh computation\'s Framing', () => {
    const { memo, seen } = intervalMemo();
    frame(undefined, undefined, memo);
    const asked = seen.asked;
    const saved = prepared.enrichment.sentiment;
    // Another sentiment for every sentence of the first framed article: its outlet's and events' tone values change.
    const articleId = prepared.articles.find((a) => a.analysable && !a.duplicateOf)!.id;
    const ids = new Set(prepared.sentences.filter((s) => s.articleId === articleId).map((s) => s.id));
    prepared.enrichment = { ...prepared.enrichment, sentiment: saved.map((s) => (ids.has(s.sentenceId) ? { ...s, label: 'negative', score: -0.97 } : s)) };
    try {
      const edited = frame(undefined, undefined, memo);
      expect(JSON.stringify(edited)).toBe(JSON.stringify(frame()));
      expect(JSON.stringify(edited)).not.toBe(JSON.stringify(whole));
      // The first computation held nothing: every hit is this one's.
      const hits = seen.held;
      expect(seen.asked - asked - hits).toBeGreaterThan(0);
      expect(hits).toBeGreaterThan(0);
    } finally {
      prepared.enrichment = { ...prepared.enrichment, sentiment: saved };
    }
  });

  test('another framing.toneBootstrap (a config key) reuses no interval', () => {
    const { memo, seen } = intervalMemo();
    frame(undefined, undefined, memo);
    const held = seen.held;
    const options = { ...settings(), toneBootstrap: 500 };
    expect(JSON.stringify(frame(undefined, undefined, memo, options))).toBe(JSON.stringify(frame(undefined, undefined, undefined, options)));
    expect(seen.held).toBe(held);
  });

  test('a memoised interval is never returned for other values under the same seed', () => {
    const { memo } = intervalMemo();
    const a = { values: [0.1, -0.4, 0.3, 0.2], resamples: 1000, seedKey: 'Outlet\u0000*' };
    const b = { ...a, values: [0.1, -0.4, 0.3, 0.25] };
    expect(intervalsOf([a], memo)).toEqual([bootstrapInterval(a.values, 1000, a.seedKey)]);
    expect(intervalsOf([b], memo)).toEqual([bootstrapInterval(b.values, 1000, b.seedKey)]);
    expect(intervalsOf([b], memo)).not.toEqual(intervalsOf([a], memo));
    // The same values split into other article groups are another cluster bootstrap.
    const grouped = intervalsOf([{ groups: [[0.1, -0.4], [0.3, 0.2]], resamples: 1000, seedKey: a.seedKey }], memo);
    const regrouped = intervalsOf([{ groups: [[0.1], [-0.4, 0.3, 0.2]], resamples: 1000, seedKey: a.seedKey }], memo);
    expect(regrouped).not.toEqual(grouped);
  });
});

describe('sentences read a piece at a time (the stage streams them from the store)', () => {
  // A stream whose pieces cut through articles, as the store's 1,000-sentence pieces do.
  const streamOf = <T,>(items: T[], size: number): DatasetStream<T> => ({
    length: items.length,
    *pieces() {
      for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
    },
  });
  const frameFrom = (sentences: Sentence[] | DatasetStream<Sentence>, memo?: ArticleFramingMemo, sentiment: SentenceSentiment[] | DatasetStream<SentenceSentiment> = prepared.enrichment.sentiment) =>
    computeFraming({ articles: prepared.articles, sentences, sentiment, analysis, toneJudge: judge }, loadFramingResources(settings()), settings(), memo);

  test('sentiment rows read a piece at a time beside the sentences, or missing a row: the Framing of the rows held whole', () => {
    const rows = prepared.enrichment.sentiment;
    expect(JSON.stringify(frameFrom(streamOf(prepared.sentences, 7), undefined, streamOf(rows, 4)))).toBe(JSON.stringify(whole));
    // A sentence without a row: the cursor loses step and the rest are found by id.
    const gap = rows.filter((_, i) => i !== 3);
    expect(JSON.stringify(frameFrom(streamOf(prepared.sentences, 7), undefined, streamOf(gap, 4)))).toBe(JSON.stringify(frameFrom(prepared.sentences, undefined, gap)));
    // Rows in another order than the sentences: the same Framing.
    expect(JSON.stringify(frameFrom(streamOf(prepared.sentences, 7), undefined, streamOf([...rows].reverse(), 5)))).toBe(JSON.stringify(whole));
  });

  test('pieces that cut through articles give the Framing of the sentences held whole, with or without a memo', () => {
    expect(new Set(prepared.sentences.map((s) => s.articleId)).size).toBeGreaterThan(2);
    for (const size of [1, 7, 1000]) expect(JSON.stringify(frameFrom(streamOf(prepared.sentences, size)))).toBe(JSON.stringify(whole));
    const memo = mapMemo();
    frameFrom(streamOf(prepared.sentences, 5), memo);
    expect(JSON.stringify(frameFrom(streamOf(prepared.sentences, 5), memo))).toBe(JSON.stringify(whole));
  });

  test('articles arriving in another order: the same tallies and actor rows (summed and listed in the articles\' order)', () => {
    const byArticle = new Map<string, Sentence[]>();
    for (const s of prepared.sentences) byArticle.set(s.articleId, [...(byArticle.get(s.articleId) ?? []), s]);
    const reversed = [...byArticle.values()].reverse().flat();
    const other = frameFrom(streamOf(reversed, 3));
    expect(JSON.stringify(other.outletFraming)).toBe(JSON.stringify(whole.outletFraming));
    expect(JSON.stringify(other.entityTone)).toBe(JSON.stringify(whole.entityTone));
    const byId = (tones: Framing['sentenceTones']) => [...(tones ?? [])].sort((a, b) => (a.sentenceId < b.sentenceId ? -1 : 1));
    expect(byId(other.sentenceTones)).toEqual(byId(whole.sentenceTones));
  });

  test("the actors' strongest sentences are read in one more pass, after the sentences have been framed; one missing there is an error naming it and the fix", () => {
    const passes: number[] = [];
    const counted: DatasetStream<Sentence> = { length: prepared.sentences.length, *pieces() { passes.push(passes.length); yield* streamOf(prepared.sentences, 7).pieces(); } };
    const framed = frameFrom(counted);
    expect(passes).toHaveLength(2);
    expect(framed.entityTone.length).toBeGreaterThan(0);
    expect(JSON.stringify(framed.entityTone)).toBe(JSON.stringify(whole.entityTone));
    // The second pass finds no sentence with the first row's strongest id (its text changed id in the store).
    const missing = whole.entityTone[0].strongest!.sentenceId;
    let pass = 0;
    const losing: DatasetStream<Sentence> = { length: prepared.sentences.length, *pieces() { const second = pass++ > 0; for (const piece of streamOf(prepared.sentences, 7).pieces()) yield second ? piece.map((s) => (s.id === missing ? { ...s, id: `${s.id}-gone` } : s)) : piece; } };
    expect(() => frameFrom(losing)).toThrow(new RegExp(`text of sentence ${missing.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}, the strongest of a row, was not found.*--full`, 'u'));
  });

  test('an article whose sentences are apart in the stream is refused, naming the article and the fix', () => {
    const [first, ...rest] = prepared.sentences;
    const apart = [...rest.filter((s) => s.articleId === first.articleId), ...rest.filter((s) => s.articleId !== first.articleId), first];
    expect(() => frameFrom(streamOf(apart, 4))).toThrow(new RegExp(`sentences of article ${first.articleId.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')} are not together.*--full`, 'u'));
  });

  test('the stage reads the sentences from the store when the session streams them: the same Framing; spilled tones and actor rows are stored as held ones', async () => {
    const dir = tempDir('cf-framing-stream-');
    const hash = openCatalog(dir).save(prepared.sentences);
    // Another catalog on the folder: nothing in memory, the pieces come from the blob.
    const fromDisk = openCatalog(dir);
    const enrichmentHash = openCatalog(dir).save(prepared.enrichment);
    const streamed = {
      ...ctx,
      streamed: (name: DatasetName) => (name === 'sentences' ? fromDisk.stream(hash) : undefined),
      streamedField: (name: DatasetName, key: string) => (name === 'enrichment' ? fromDisk.stream(enrichmentHash, key) : undefined),
    };
    const { sentences: _held, enrichment: _enrichment, ...rest } = prepared;
    const out = await callStage(framingStage, { ...rest, events: analysis.events, analysis: undefined }, streamed);
    expect(JSON.stringify(out.framing)).toBe(JSON.stringify(stageWhole(checkedToneRows(out.framing.toneRows))));
    // With a record spill (a session): the sentence tones go to a file, stored as the array would be.
    const spilled = await callStage(framingStage, { ...rest, events: analysis.events, analysis: undefined }, { ...streamed, spillRecords: () => fromDisk.spillRecords() });
    expect(Array.isArray(spilled.framing.sentenceTones)).toBe(false);
    expect(Array.isArray(spilled.framing.entityTone)).toBe(false);
    expect(spilled.framing.entityTone.length).toBe(whole.entityTone.length);
    // Collected as the rows went to the file: the leading rows of them all.
    expect(spilled.framing.leadingActors!.length).toBeGreaterThan(0);
    expect(spilled.framing.leadingActors).toEqual(leadingActors(whole.entityTone));
    const saved = fromDisk.save(spilled.framing);
    expect(saved).toBe(fromDisk.save(out.framing));
    expect(JSON.stringify(openCatalog(dir).load(saved))).toBe(JSON.stringify(stageWhole(out.framing.toneRows)));
    expect([...fromDisk.stream(saved, 'sentenceTones')!.pieces()].flat()).toEqual(whole.sentenceTones);
    expect(JSON.stringify([...fromDisk.stream(saved, 'entityTone')!.pieces()].flat())).toBe(JSON.stringify(whole.entityTone));
  });
});
