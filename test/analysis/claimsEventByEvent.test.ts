/**
 * The claims of a range event by event (claimsOfRange, issue #20) against the whole range at once
 * (claimsOfRangeAtOnce, the stage's way before): per event the same findings and counts, and the same
 * NLI calls, the same pairs in the same order per call, since the NLI model's outputs may depend on
 * which pairs share a batch. On the seeds plus the invented three-outlet event of the claims fixture
 * (test/fixtures/analysis/claims.json), whose omissions need a second NLI call for their checks.
 */
import events from '../../pipeline/events.js';
import { claimsParams } from '../../pipeline/claims.js';
import type { Event } from '../../src/records.js';
import { outletKey } from '../../src/records.js';
import { eventId } from '../../src/analysis/events/build.js';
import { claimsOfRangeAtOnce, type EventClaims } from '../../src/analysis/claims/byEvent.js';
import { claimsOfRange } from '../../src/analysis/claims/eventByEvent.js';
import type { NliFunction } from '../../src/analysis/claims/analyse.js';
import { loadStanceLexicon } from '../../src/analysis/claims/stance.js';
import { loadRelationsJudge } from '../../src/analysis/claims/judge.js';
import { loadNumericJudge } from '../../src/analysis/claims/numericFeatures.js';
import { computedTerms } from '../../src/analysis/corpus/termSource.js';
import { asVectorSource, rowIndex } from '../../src/analysis/corpus/vectors.js';
import { fixtureArticles, offlineConfig, prepare, prepareArticles, stageContext, type Prepared, type StageContext } from './pipelineHarness.js';
import { callStage } from '../pipeline/stageHarness.js';

let ctx: StageContext;
let prepared: Prepared;
let all: Event[];

beforeAll(async () => {
  ctx = stageContext(offlineConfig());
  const seeds = await prepare(ctx);
  const fixture = await prepareArticles(ctx, fixtureArticles('claims.json'));
  const { events: found } = await callStage(events, seeds, ctx);
  const ids = fixture.articles.map((a) => a.id).sort();
  const fixtureEvent: Event = { id: eventId(ids), label: 'fixture event', dateFrom: '', dateTo: '', articleIds: ids, outlets: [...new Set(fixture.articles.map(outletKey))].sort(), cohesion: 1 };
  prepared = {
    articles: [...seeds.articles, ...fixture.articles],
    sentences: [...seeds.sentences, ...fixture.sentences],
    sentenceDigests: [...seeds.sentenceDigests, ...fixture.sentenceDigests],
    enrichment: {
      ...seeds.enrichment,
      sentenceVectors: concatRows(seeds.enrichment.sentenceVectors, fixture.enrichment.sentenceVectors),
      articleVectors: concatRows(seeds.enrichment.articleVectors, fixture.enrichment.articleVectors),
    },
  };
  all = [...found, fixtureEvent];
}, 600_000);

function concatRows<T extends { ids: string[]; dim: number; data: Float32Array }>(x: T, y: T): T {
  const data = new Float32Array(x.data.length + y.data.length);
  data.set(x.data);
  data.set(y.data, x.data.length);
  return { ...x, ids: [...x.ids, ...y.ids], data };
}

test('event by event: the same findings, counts and NLI calls as the whole range at once', async () => {
  const p = claimsParams(ctx.config);
  const hub = await ctx.models();
  const recording = (calls: string[][]): NliFunction => (pairs) => {
    calls.push(pairs.map(([a, b]) => `${a}\u0001${b}`));
    return hub.nli(pairs);
  };
  const args = [{ claims: p.claims, events: p.events }] as const;
  const stance = loadStanceLexicon(p.stanceFile);
  const judge = loadRelationsJudge(p.judgeFile);
  const numericJudge = p.numericJudgeFile ? loadNumericJudge(p.numericJudgeFile) : undefined;

  // Event by event first: its units must compare alike without the whole range's units built before them.
  const afterCalls: string[][] = [];
  const after = new Map<string, EventClaims>();
  const { articles, sentences, enrichment } = prepared;
  await claimsOfRange({ events: all, articles, sentences, sentenceVectors: asVectorSource(enrichment.sentenceVectors), vectorRows: rowIndex(enrichment.sentenceVectors) }, ...args, recording(afterCalls), stance, judge, numericJudge, computedTerms, (e, c) => after.set(e.id, c));
  const beforeCalls: string[][] = [];
  const before = new Map<string, EventClaims>();
  await claimsOfRangeAtOnce({ events: all, articles, sentences, enrichment }, ...args, recording(beforeCalls), stance, judge, numericJudge, computedTerms, (e, c) => before.set(e.id, c));

  // Both calls made: the candidates', and the omission checks' (the fixture event's).
  expect(beforeCalls.length).toBe(2);
  expect(beforeCalls.every((c) => c.length > 0)).toBe(true);
  expect(afterCalls).toEqual(beforeCalls);
  expect(after.size).toBe(all.length);
  const inOrder = (m: Map<string, EventClaims>) => JSON.stringify(all.map((e) => m.get(e.id)));
  expect(inOrder(after)).toBe(inOrder(before));
  const fixture = before.get(all[all.length - 1].id)!;
  expect(fixture.omissions.length).toBeGreaterThan(0);
});
