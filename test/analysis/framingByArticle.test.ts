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
import type { Analysis, Framing } from '../../src/records.js';
import { offlineConfig, prepare, stageContext, type Prepared, type StageContext } from './pipelineHarness.js';
import { callStage } from '../pipeline/stageHarness.js';

let ctx: StageContext;
let prepared: Prepared;
let analysis: Analysis;
let judge: ToneJudge;
let whole: Framing;

// Values pass through structuredClone, as through the SQLite memo's serialisation.
const mapMemo = (store = new Map<string, ArticleFraming>()): ArticleFramingMemo & { store: Map<string, ArticleFraming> } => ({
  store,
  getMany: (keys) => new Map(keys.filter((k) => store.has(k)).map((k) => [k, structuredClone(store.get(k)!)])),
  putMany: (entries) => {
    for (const [k, v] of entries) store.set(k, structuredClone(v));
  },
});

const settings = () => ctx.config.framing;
const frame = (memo?: ArticleFramingMemo, work?: FramingWork) =>
  computeFraming(
    { articles: prepared.articles, sentences: prepared.sentences, sentiment: prepared.enrichment.sentiment, analysis, toneJudge: judge },
    loadFramingResources(settings()),
    settings(),
    memo,
    work,
  );

beforeAll(async () => {
  ctx = stageContext(offlineConfig());
  prepared = await prepare(ctx);
  const { events: found } = await callStage(events, prepared, ctx);
  analysis = joinAnalysis(found, undefined);
  judge = loadToneJudge(path.resolve(settings().toneModel));
  whole = frame();
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
  expect(first).toEqual(whole);
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
