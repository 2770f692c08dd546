/**
 * Claims memoised per event (issue 20): on the seeds, the claims stage's findings equal one
 * computation over all events (analyseClaims), whether every event is computed, every event is
 * reused, or some are reused and the others computed.
 */
import claims, { claimsParams } from '../../pipeline/claims.js';
import events from '../../pipeline/events.js';
import type { ClaimFindings, Event, EventsIndex } from '../../src/records.js';
import { analyseClaims } from '../../src/analysis/claims/analyse.js';
import { claimsByEvent, type EventClaims, type EventClaimsMemo } from '../../src/analysis/claims/byEvent.js';
import { articleDigests } from '../../src/analysis/corpus/articleDigest.js';
import { loadStanceLexicon } from '../../src/analysis/claims/stance.js';
import { loadRelationsJudge } from '../../src/analysis/claims/judge.js';
import { loadNumericJudge } from '../../src/analysis/claims/numericFeatures.js';
import { offlineConfig, prepare, stageContext, type Prepared, type StageContext } from './pipelineHarness.js';
import { callStage } from '../pipeline/stageHarness.js';

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
  const p = claimsParams(ctx.config);
  const hub = await ctx.models();
  const run = (memo: EventClaimsMemo) =>
    claimsByEvent(
      { events: found, index, ...prepared, digests: articleDigests(prepared.articles, prepared.sentences, prepared.enrichment) },
      { claims: p.claims, events: p.events },
      (pairs) => hub.nli(pairs),
      loadStanceLexicon(p.stanceFile),
      loadRelationsJudge(p.judgeFile),
      p.numericJudgeFile ? loadNumericJudge(p.numericJudgeFile) : undefined,
      memo,
    );
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
