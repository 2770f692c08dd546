/**
 * The claims of each event, memoised: an event whose record, articles (with their sentences and
 * vectors, through their digests) and range are unchanged reuses its stored findings; the others
 * are computed range by range (an event's statements are weighed over its range's articles, see
 * src/analysis/events/increment.ts), inside a range one event at a time (eventByEvent.ts), and
 * stored as they are done. Every finding belongs to one event and is computed
 * from that event's units only, so the findings put together in event order are the same as one
 * computation over all the events of the range.
 */
import type { Article, ClaimFindings, Event, EventsIndex, Sentence, AnalysisVectors } from '../../records.js';
import type { Config } from '../../config/schema.js';
import { prepareClaims, labelClaims, type ClaimsInput, type NliFunction, type RelationDecider } from './analyse.js';
import type { StanceLexicon } from './stance.js';
import type { NumericJudge } from './numericFeatures.js';
import { itemKey } from '../../store/itemCache.js';
import { computedTerms, type TermSource } from '../corpus/termSource.js';
import { asVectorSource, rowIndex, tableOfIds, type RowLookup } from '../corpus/vectors.js';
import { claimsOfRange, type EventClaims } from './eventByEvent.js';
import type { SentenceReader } from '../corpus/sentenceReader.js';

export type { EventClaims };

export interface EventClaimsMemo {
  getMany(keys: string[]): Map<string, EventClaims>;
  putMany(entries: Iterable<readonly [string, EventClaims]>): void;
}

export interface ClaimsByEventInput {
  events: readonly Event[];
  /** The events stage's index; without one (a stage run outside a session) the corpus is one range. */
  index: EventsIndex | undefined;
  articles: readonly Article[];
  /**
   * The run's sentences, or a way to read those of some articles (in the run's order): then only the
   * sentences of the ranges still to compute are read, once, and a night whose events all come from
   * the memo reads none (the stage passes a reader over its streamed sentences: from the catalog's copy
   * in one process, from the blob in a queue worker, which then holds only those).
   */
  sentences: readonly Sentence[] | SentenceReader;
  /**
   * The sentence vectors in memory, or read from the store (a VectorSource): then each event's rows
   * are read when its turn comes (eventByEvent.ts), and the matrix is never held whole.
   */
  enrichment: AnalysisVectors | null;
  /** Article id -> digest (src/analysis/corpus/articleDigest.ts). */
  digests: ReadonlyMap<string, string>;
}

/** Terms from the sentences claimsByEvent read (storedTermSource keys an article's entry by its sentences). */
export type TermSourceOf = (sentences: readonly Sentence[]) => TermSource;

export interface ClaimsByEventResult {
  findings: ClaimFindings;
  counters: Record<string, number>;
  eventsReused: number;
  eventsComputed: number;
}

export async function claimsByEvent(
  input: ClaimsByEventInput,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
  decider: RelationDecider,
  numericJudge: NumericJudge | undefined,
  memo: EventClaimsMemo,
  termsOf: TermSource | TermSourceOf = computedTerms,
): Promise<ClaimsByEventResult> {
  const wholeCorpus = { id: 'all', digest: itemKey(input.articles.map((a) => `${a.id}\u0000${input.digests.get(a.id) ?? ''}`).join('\u0000')), articleIds: input.articles.map((a) => a.id) };
  const ranges = new Map((input.index?.ranges ?? []).map((r) => [r.id, r]));
  const rangeOf = (e: Event) => ranges.get(input.index?.rangeOfEvent[e.id] ?? '') ?? wholeCorpus;
  const keyOf = (e: Event) => itemKey(JSON.stringify(e), ...e.articleIds.map((id) => input.digests.get(id) ?? 'absent'), rangeOf(e).digest);
  const keys = input.events.map(keyOf);
  const known = memo.getMany([...new Set(keys)]);

  // The rest, range by range, in event order.
  const todo = new Map<string, { range: { articleIds: string[] }; events: Event[] }>();
  input.events.forEach((e, k) => {
    if (known.has(keys[k])) return;
    const range = rangeOf(e);
    (todo.get(range.id) ?? todo.set(range.id, { range, events: [] }).get(range.id)!).events.push(e);
  });
  const fresh = new Map<string, EventClaims>();
  const byId = new Map(input.articles.map((a) => [a.id, a]));
  const vectors = input.enrichment?.sentenceVectors ?? null;
  const source = vectors && asVectorSource(vectors);
  let vectorRows: RowLookup | undefined;
  const work = [...todo.values()].map(({ range, events }) => {
    const members = new Set(range.articleIds.filter((id) => byId.has(id)));
    // An event's articles always take part, even if a range recorded before them lacks one.
    for (const e of events) for (const id of e.articleIds) if (byId.has(id)) members.add(id);
    return { events, members };
  });
  // Only the sentences of the ranges to compute (none when every event comes from the memo), read a
  // batch of ranges at a time: a night's touched ranges are one batch; a full run computes every range,
  // and all their sentences at once were the whole corpus's (out of heap at 50,000 articles).
  const reader = typeof input.sentences === 'function' ? input.sentences : null;
  const batches = reader ? rangeBatches(work, config.events.fullRunArticles ?? Infinity) : [work];
  for (const batch of batches) {
    const read = reader ? reader(new Set(batch.flatMap((w) => [...w.members]))) : (input.sentences as readonly Sentence[]);
    const terms = typeof termsOf === 'function' ? termsOf(read) : termsOf;
    await claimsOfBatch(batch, read, terms);
  }

  async function claimsOfBatch(batch: typeof work, read: readonly Sentence[], terms: TermSource): Promise<void> {
    for (const { events, members } of batch) {
      const articles = input.articles.filter((a) => members.has(a.id));
      const sentences = members.size === input.articles.length ? read : read.filter((s) => members.has(s.articleId));
      // One event's working set at a time (eventByEvent.ts); the previous rules, or events that share an
      // article (the events stage makes none), the whole range at once.
      const written: [string, EventClaims][] = [];
      const flush = () => memo.putMany(written.splice(0));
      const done = (event: Event, own: EventClaims) => {
        fresh.set(keyOf(event), own);
        if (written.push([keyOf(event), own]) >= MEMO_BATCH) flush();
      };
      vectorRows ??= vectors ? rowIndex(vectors) : new Map();
      if (decider === 'rules' || shareAnArticle(events)) {
        // The whole range at once needs its rows as one table.
        const sentenceVectors = vectors && ('data' in vectors ? vectors : tableOfIds(vectors, sentences.map((s) => s.id), vectorRows));
        const enrichment = input.enrichment && sentenceVectors ? { articleVectors: input.enrichment.articleVectors, sentenceVectors } : null;
        await claimsOfRangeAtOnce({ events, articles, sentences, enrichment }, config, nli, stance, decider, numericJudge, terms, done);
      } else await claimsOfRange({ events, articles, sentences, sentenceVectors: source, vectorRows }, config, nli, stance, decider, numericJudge, terms, done);
      flush();
      // The next range weighs its own articles: the terms of this one's need not stay in memory.
      terms.release?.(articles);
    }
  }

  const findings: ClaimFindings = { claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };
  const totals = { units: 0, scoredPairs: 0, candidates: 0, omissionChecks: 0 };
  keys.forEach((key) => {
    const own = known.get(key) ?? fresh.get(key)!;
    findings.claimMatches.push(...own.claimMatches);
    findings.numericComparisons.push(...own.numericComparisons);
    findings.claimClusters.push(...own.claimClusters);
    findings.omissions.push(...own.omissions);
    for (const name of Object.keys(totals) as (keyof typeof totals)[]) totals[name] += own.counts[name];
  });
  const counters: Record<string, number> = {
    'claims.units': totals.units,
    'claims.scoredPairs': totals.scoredPairs,
    'claims.candidates': totals.candidates,
    ...(decider === 'rules' ? {} : { 'claims.omissionChecks': totals.omissionChecks }),
  };
  for (const relation of ['agree', 'contradict', 'related'] as const) counters[`claims.${relation}`] = findings.claimMatches.filter((m) => m.relation === relation).length;
  counters['claims.numericComparisons'] = findings.numericComparisons.length;
  counters['claims.numericDiscrepancies'] = findings.numericComparisons.filter((n) => n.verdict === 'discrepancy').length;
  counters['claims.clusters'] = findings.claimClusters.length;
  counters['claims.omissions'] = findings.omissions.length;
  return { findings, counters, eventsReused: input.events.length - [...todo.values()].reduce((n, t) => n + t.events.length, 0), eventsComputed: [...todo.values()].reduce((n, t) => n + t.events.length, 0) };
}

/**
 * The claims of one range's events in one go: prepareClaims and labelClaims over all of them (the
 * stage's way before claimsOfRange, kept for the previous rules and as the reference its tests compare
 * with). `done` gets each event's findings, in event order.
 */
export async function claimsOfRangeAtOnce(
  input: ClaimsInput,
  config: { claims: Config['claims']; events: Config['events'] },
  nli: NliFunction,
  stance: StanceLexicon,
  decider: RelationDecider,
  numericJudge: NumericJudge | undefined,
  terms: TermSource,
  done: (event: Event, claims: EventClaims) => void,
): Promise<void> {
  const prepared = await prepareClaims(input, config, nli, decider === 'rules', decider === 'rules' ? undefined : decider, terms);
  const { analysis, omissionChecksByEvent } = await labelClaims(prepared, config, nli, stance, decider, undefined, numericJudge);
  const split = splitByEvent(analysis, input.events);
  for (const { event, eventUnits, candidates, scoredPairs, droppedWithoutNli } of prepared.perEvent) {
    const own = split.get(event.id)!;
    own.counts = { units: eventUnits.length, scoredPairs, candidates: candidates.length + (droppedWithoutNli?.length ?? 0), omissionChecks: omissionChecksByEvent?.get(event.id) ?? 0 };
    done(event, own);
  }
}

/**
 * Consecutive ranges, each batch holding at most `articles` articles (a range holding more is a batch of
 * its own); no range at all is one empty batch (the reader is still asked, for nothing).
 */
function rangeBatches<T extends { members: ReadonlySet<string> }>(work: readonly T[], articles: number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let size = 0;
  for (const w of work) {
    if (batch.length && size + w.members.size > articles) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(w);
    size += w.members.size;
  }
  batches.push(batch);
  return batches;
}

/** Findings written to the memo per batch of events, not one write per event. */
const MEMO_BATCH = 200;

/** Whether two of these events hold the same article (the events stage gives none; claimsOfRange assumes none). */
function shareAnArticle(events: readonly Event[]): boolean {
  const seen = new Set<string>();
  for (const e of events) {
    for (const id of new Set(e.articleIds)) {
      if (seen.has(id)) return true;
      seen.add(id);
    }
  }
  return false;
}

function splitByEvent(analysis: ClaimFindings, events: readonly Event[]): Map<string, EventClaims> {
  const out = new Map<string, EventClaims>(
    events.map((e) => [e.id, { claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [], counts: { units: 0, scoredPairs: 0, candidates: 0, omissionChecks: 0 } }]),
  );
  for (const m of analysis.claimMatches) out.get(m.eventId)!.claimMatches.push(m);
  for (const n of analysis.numericComparisons) out.get(n.eventId)!.numericComparisons.push(n);
  for (const c of analysis.claimClusters) out.get(c.eventId)!.claimClusters.push(c);
  for (const o of analysis.omissions) out.get(o.eventId)!.omissions.push(o);
  return out;
}
