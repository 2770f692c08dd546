/**
 * Articles -> events: profiles, blocked candidate pairs, pair scores (content similarity), then
 * average-linkage clustering that never lets an event span more than the date window nor join
 * articles that number one series differently. Pure: records and config in, Event records out.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { AnalysisVectors, Article, Event, Sentence } from '../../records.js';
import { clusterableArticles } from '../corpus/clusterable.js';
import { buildArticleProfiles, type ArticleProfile } from '../corpus/profiles.js';
import { articleSimilarity, ordinalConflict, type SimilarityContext } from './similarity.js';
import { candidatePairs } from './candidates.js';
import { agglomerate, type ScoredPair } from './cluster.js';
import { articleAnchor, fitsWindow, timeConflict, type DateAnchor } from './dates.js';
import { eventStatements, sharedStatementEvidence } from './sharedClaims.js';
import { cosineBaseline } from '../corpus/vectors.js';
import { eventLabel } from './label.js';
import { prepareEventCorpus, PAIR_FEATURES } from './pairs.js';
import { computedTerms, type TermSource } from '../corpus/termSource.js';
import { clusterByProbability, eventCohesion, judgeProbability, linkProbability, pairProbability, type EventsJudge } from './judge.js';
import { LIFT_FLOOR, memoProbability, neighbourProbability, type NeighbourGraph } from './neighbours.js';

export type EventsConfig = Config['events'];

export interface EventInput {
  articles: readonly Article[];
  sentences: readonly Sentence[];
  enrichment: AnalysisVectors | null;
}

export interface EventPairScore {
  a: string;
  b: string;
  score: number;
  embedding: number;
  lexical: number;
  entities: number;
  numbers: number;
  statements: number;
}

export interface EventClustering {
  events: Event[];
  /**
   * Every scored candidate pair, for audit and tuning: only with `{ auditPairs: true }`. The judge's
   * audit scores every candidate's features a second time, and the events stage reads none of it.
   */
  pairs?: EventPairScore[];
  counters: { articles: number; candidatePairs: number; events: number };
}

export interface ClusterEventsOptions {
  /** Keep every scored candidate pair in the result (`pairs`). Default false. */
  auditPairs?: boolean;
}

export function eventId(articleIds: readonly string[]): string {
  const digest = createHash('sha256').update([...articleIds].sort().join('\n')).digest('hex');
  return `ev-${digest.slice(0, 12)}`;
}

/**
 * Events from the learned judge when one is given (events.judge), else from the weighted
 * similarity. Either way a duplicate joins the event of the article it duplicates.
 */
export function clusterEvents(input: EventInput, events: EventsConfig, claims: Config['claims'], judge: EventsJudge | null = null, terms: TermSource = computedTerms, options: ClusterEventsOptions = {}): EventClustering {
  const audit = options.auditPairs ?? false;
  const result = judge ? clusterWithJudge(input, events, claims, judge, terms, audit) : clusterWeighted(input, events, claims, terms, audit);
  result.events = attachDuplicates(result.events, input.articles);
  return result;
}

/** Average (or complete) linkage over the judge's same-event probability of the candidate pairs. */
function clusterWithJudge(input: EventInput, events: EventsConfig, claims: Config['claims'], judge: EventsJudge, terms: TermSource, audit: boolean): EventClustering {
  const corpus = prepareEventCorpus({ ...input, articles: clusterableArticles(input.articles) }, events, claims, terms);
  const probability = linkProbability(corpus, judgeProbability(judge, corpus));
  const clusters = clusterByProbability(corpus, probability, { threshold: judge.thresholds.link, linkage: events.judgeLinkage, windowDays: events.windowDays });
  const pairScore = new Map(corpus.candidates.map(([a, b]) => [`${a}:${b}`, probability(a, b)]));
  const mixBelow = judge.thresholds.mixed ?? 0.1;
  const built = clusters.map((members) => {
    const cohesion = eventCohesion(members, probability);
    return { ...toEvent(members, corpus.profiles, corpus.articles, pairScore), cohesion: Number(cohesion.toFixed(4)), mayMixStories: cohesion < mixBelow };
  });
  built.sort(byDateThenFirstArticle);
  const counters = { articles: corpus.articles.length, candidatePairs: corpus.candidates.length, events: built.length };
  if (!audit) return { events: built, counters };
  const pairs: EventPairScore[] = corpus.candidates.map(([a, b]) => {
    const f = corpus.features(a, b);
    const at = (name: (typeof PAIR_FEATURES)[number]) => f[PAIR_FEATURES.indexOf(name)];
    return { a: corpus.profiles[a].id, b: corpus.profiles[b].id, score: probability(a, b), embedding: at('embedding'), lexical: at('lexical'), entities: at('entityCosine'), numbers: at('numbers'), statements: at('statements') };
  });
  return { events: built, pairs, counters };
}

function byDateThenFirstArticle(x: Event, y: Event): number {
  return (x.dateFrom || '9999').localeCompare(y.dateFrom || '9999') || x.articleIds[0].localeCompare(y.articleIds[0]);
}

/**
 * An article that duplicates another (ingest's dedupe) belongs where its original is: it is
 * added to that event's articles (and the event id follows its members).
 */
export function attachDuplicates(events: Event[], articles: readonly Article[]): Event[] {
  const eventOf = new Map<string, number>();
  events.forEach((e, k) => e.articleIds.forEach((id) => eventOf.set(id, k)));
  const extra = new Map<number, string[]>();
  const byId = new Map(articles.map((a) => [a.id, a]));
  for (const a of articles) {
    if (!a.duplicateOf) continue;
    // Follow a chain of duplicates to the article that took part in clustering.
    let root = a.duplicateOf;
    for (let hops = 0; hops < 10 && byId.get(root)?.duplicateOf; hops++) root = byId.get(root)!.duplicateOf;
    const k = eventOf.get(root);
    if (k !== undefined) (extra.get(k) ?? extra.set(k, []).get(k)!).push(a.id);
  }
  if (extra.size === 0) return events;
  return events.map((e, k) => {
    const added = extra.get(k);
    if (!added) return e;
    const articleIds = [...e.articleIds, ...added].sort();
    return { ...e, id: eventId(articleIds), articleIds };
  });
}

/** The weighted similarity's view of a corpus: profiles, blocked candidates and a lazy pair score. */
function prepareWeighted(input: EventInput, events: EventsConfig, claims: Config['claims'], terms: TermSource) {
  const articles = clusterableArticles(input.articles).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sentencesByArticle = new Map<string, Sentence[]>();
  for (const s of input.sentences) (sentencesByArticle.get(s.articleId) ?? sentencesByArticle.set(s.articleId, []).get(s.articleId)!).push(s);

  const corpus = buildArticleProfiles(articles, input.sentences, input.enrichment, events.background, new Set(events.genericOrdinalUnits), 0, terms);
  const profiles = corpus.profiles;
  const anchors: DateAnchor[] = articles.map((a) => articleAnchor(a, sentencesByArticle.get(a.id) ?? [], events.useMentionedDates, events.useUrlDates));
  const eventUnits = eventStatements(articles, input, corpus, events.minClaimWords, claims, terms);

  const vectors = profiles.flatMap((p) => (p.vector ? [p.vector] : []));
  const ctx: SimilarityContext = {
    weights: events.weights,
    embeddingBaseline: cosineBaseline(vectors),
    pairKeyWeight: corpus.pairKeyWeight,
  };
  const apart = (i: number, j: number): boolean =>
    timeConflict(anchors[i], anchors[j], events.windowDays) || (events.ordinalConflict && ordinalConflict(profiles[i].ordinals, profiles[j].ordinals) !== null);
  const candidates = candidatePairs(profiles, { ...events.candidates, allowed: (i, j) => !apart(i, j) });

  const w = events.weights;
  const contentTotal = w.embedding + w.entities + w.lexical + w.numbers;
  const total = contentTotal + w.statements;
  const score = (i: number, j: number): EventPairScore => {
    const sim = articleSimilarity(profiles[i], profiles[j], ctx);
    // Shared statements cost |A| x |B| sentence comparisons: only pairs whose other signals
    // already make them plausible (statementGate) pay for it.
    const statements =
      w.statements > 0 && sim.score >= events.statementGate
        ? sharedStatementEvidence(eventUnits.of(profiles[i].id), eventUnits.of(profiles[j].id), eventUnits, events.statementThreshold).evidence
        : 0;
    const value = total > 0 ? (sim.score * contentTotal + statements * w.statements) / total : 0;
    return { a: profiles[i].id, b: profiles[j].id, score: value, ...pick(sim), statements };
  };
  const canMerge = (a: readonly number[], b: readonly number[]) => fitsWindow([...a, ...b].map((k) => anchors[k]), events.windowDays) && !a.some((i) => b.some((j) => apart(i, j)));
  return { articles, profiles, anchors, candidates, apart, score, canMerge };
}

function clusterWeighted(input: EventInput, events: EventsConfig, claims: Config['claims'], terms: TermSource, audit: boolean): EventClustering {
  const { articles, profiles, candidates, score, canMerge } = prepareWeighted(input, events, claims, terms);
  const scored: ScoredPair[] = [];
  const pairs: EventPairScore[] = [];
  for (const [i, j] of candidates) {
    const pair = score(i, j);
    scored.push({ a: i, b: j, score: pair.score });
    if (audit) pairs.push(pair);
  }

  const clusters = agglomerate({
    size: profiles.length,
    pairs: scored,
    threshold: events.threshold,
    linkage: events.linkage,
    canMerge,
  });

  const pairScore = new Map(scored.map((p) => [`${p.a}:${p.b}`, p.score]));
  const built = clusters.map((members) => toEvent(members, profiles, articles, pairScore));
  built.sort(byDateThenFirstArticle);
  const counters = { articles: articles.length, candidatePairs: candidates.length, events: built.length };
  return audit ? { events: built, pairs, counters } : { events: built, counters };
}

/**
 * A corpus's weights, blocking and pair scores, from which part of it is clustered (an incremental
 * night, src/analysis/events/increment.ts): the term weights, embedding baseline and candidate pairs
 * are those of the whole corpus, as a full run over it would have them, but a pair is scored only
 * when asked for (the judge's second stage reads the first-stage probabilities of both articles'
 * candidate partners, computed for those articles only).
 */
export interface EventScorer {
  /** Each of `ids`' candidate partners in the corpus (the full run's blocking) with the pair's score. */
  links(ids: readonly string[]): { from: string; to: string; score: number }[];
  /** Pairs at or above it may put two articles in one event (the judge's link threshold, or events.threshold). */
  threshold: number;
  /** The events of these articles (duplicates follow their originals), clustered as a full run over the corpus would score their pairs. */
  cluster(ids: ReadonlySet<string>): Event[];
  /** Articles of the corpus that take part (clusterable), its candidate pairs, pairs scored and articles clustered so far. */
  counters(): { articles: number; candidatePairs: number; pairsScored: number; clustered: number };
}

interface ScorerCore {
  articles: Article[];
  profiles: ArticleProfile[];
  anchors: DateAnchor[];
  candidates: [number, number][];
  apart(i: number, j: number): boolean;
  canMerge(a: readonly number[], b: readonly number[]): boolean;
}

export function eventScorer(input: EventInput, events: EventsConfig, claims: Config['claims'], judge: EventsJudge | null = null, terms: TermSource = computedTerms): EventScorer {
  const corpus = judge ? prepareEventCorpus({ ...input, articles: clusterableArticles(input.articles) }, events, claims, terms) : null;
  const weighted = judge ? null : prepareWeighted(input, events, claims, terms);
  const core: ScorerCore = corpus
    ? {
        ...corpus,
        canMerge: (a, b) => fitsWindow([...a, ...b].map((k) => corpus.anchors[k]), events.windowDays) && !a.some((i) => b.some((j) => corpus.apart(i, j))),
      }
    : weighted!;
  const index = new Map(core.articles.map((a, k) => [a.id, k]));
  const partnersOf: number[][] = core.articles.map(() => []);
  for (const [i, j] of core.candidates) {
    partnersOf[i].push(j);
    partnersOf[j].push(i);
  }
  let scored = 0;
  let clustered = 0;
  let probability: (i: number, j: number) => number;
  if (judge && corpus) {
    const first = memoProbability((i, j) => {
      scored++;
      return pairProbability(judge.model, corpus.features(i, j));
    });
    // The neighbour graph of judgeProbability, filled per article on first use: the second stage
    // of (i, j) reads all of i's and j's candidate partners, so both are filled before it runs.
    const graph: NeighbourGraph = core.articles.map(() => new Map());
    const filled = new Uint8Array(core.articles.length);
    const fill = (i: number) => {
      if (filled[i]) return;
      filled[i] = 1;
      for (const k of partnersOf[i]) graph[i].set(k, i < k ? first(i, k) : first(k, i));
    };
    const second = neighbourProbability(judge.neighbourModel, graph, first);
    // As in clusterWithJudge: a pair that numbers one series differently counts as probability 0.
    // The second stage reads the neighbourhood only of a pair whose first stage reaches LIFT_FLOOR
    // (below it the pair keeps its first-stage probability), so only those pairs fill it: the same
    // probabilities, without scoring every partner of every partner of the night's articles.
    probability = linkProbability(corpus, (i, j) => {
      if (first(i, j) >= LIFT_FLOOR) {
        fill(i);
        fill(j);
      }
      return second(i, j);
    });
  } else {
    probability = memoProbability((i, j) => {
      scored++;
      return weighted!.score(i, j).score;
    });
  }
  const threshold = judge ? judge.thresholds.link : events.threshold;
  const p = (i: number, j: number) => (i < j ? probability(i, j) : probability(j, i));

  return {
    threshold,
    links(ids) {
      const out: { from: string; to: string; score: number }[] = [];
      for (const id of ids) {
        const i = index.get(id);
        if (i === undefined) continue;
        for (const k of partnersOf[i]) out.push({ from: id, to: core.articles[k].id, score: p(i, k) });
      }
      return out;
    },
    cluster(ids) {
      // The members' indexes in the corpus, ascending: local index k is corpus index members[k].
      const members = [...ids].flatMap((id) => (index.has(id) ? [index.get(id)!] : [])).sort((x, y) => x - y);
      clustered += members.length;
      const local = new Map(members.map((g, k) => [g, k]));
      const candidates: [number, number][] = [];
      for (const [i, j] of core.candidates) if (local.has(i) && local.has(j)) candidates.push([local.get(i)!, local.get(j)!]);
      const localP = (a: number, b: number) => p(members[a], members[b]);
      const canMerge = (a: readonly number[], b: readonly number[]) => core.canMerge(a.map((k) => members[k]), b.map((k) => members[k]));
      let clusters: number[][];
      if (judge) {
        const view = { articles: members.map((g) => core.articles[g]), anchors: members.map((g) => core.anchors[g]), candidates, apart: (a: number, b: number) => core.apart(members[a], members[b]) };
        clusters = clusterByProbability(view, localP, { threshold, linkage: events.judgeLinkage, windowDays: events.windowDays });
      } else {
        const pairs: ScoredPair[] = candidates.map(([a, b]) => ({ a, b, score: localP(a, b) }));
        clusters = agglomerate({ size: members.length, pairs, threshold, linkage: events.linkage, canMerge });
      }
      const pairScore = new Map(candidates.map(([a, b]) => [`${members[a]}:${members[b]}`, localP(a, b)]));
      const mixBelow = judge?.thresholds.mixed ?? 0.1;
      const built = clusters.map((c) => {
        const global = c.map((k) => members[k]);
        const event = toEvent(global, core.profiles, core.articles, pairScore);
        if (!judge) return event;
        const cohesion = eventCohesion(global, p);
        return { ...event, cohesion: Number(cohesion.toFixed(4)), mayMixStories: cohesion < mixBelow };
      });
      built.sort(byDateThenFirstArticle);
      return attachDuplicates(built, input.articles);
    },
    counters: () => ({ articles: core.articles.length, candidatePairs: core.candidates.length, pairsScored: scored, clustered }),
  };
}

function pick(sim: { embedding: number; lexical: number; entities: number; numbers: number }) {
  return { embedding: sim.embedding, lexical: sim.lexical, entities: sim.entities, numbers: sim.numbers };
}

function toEvent(members: number[], profiles: ArticleProfile[], articles: Article[], pairScore: Map<string, number>): Event {
  const ids = members.map((k) => profiles[k].id).sort();
  const dates = members.map((k) => articles[k].published).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const outlets = [...new Set(members.map((k) => profiles[k].outletKey))].sort();
  // Cohesion and centrality from the scored pairs; unscored pairs count as 0 (they were not
  // even candidates), matching how the clustering saw them.
  const centrality = new Map<number, number>(members.map((k) => [k, 0]));
  let sum = 0;
  let count = 0;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const [a, b] = members[x] < members[y] ? [members[x], members[y]] : [members[y], members[x]];
      const score = pairScore.get(`${a}:${b}`) ?? 0;
      sum += score;
      count++;
      centrality.set(a, centrality.get(a)! + score);
      centrality.set(b, centrality.get(b)! + score);
    }
  }
  // The most central article with a headline labels the event; key terms only when none has one.
  const titled = (k: number) => (articles[k].title.trim() ? 1 : 0);
  const central = [...members].sort((x, y) => titled(y) - titled(x) || centrality.get(y)! - centrality.get(x)! || x - y)[0];
  return {
    id: eventId(ids),
    label: eventLabel(profiles[central], articles[central], members.map((k) => profiles[k])),
    dateFrom: dates[0] ?? '',
    dateTo: dates[dates.length - 1] ?? '',
    articleIds: ids,
    outlets,
    cohesion: count === 0 ? 1 : Number((sum / count).toFixed(4)),
  };
}
