/**
 * Articles -> events: profiles, blocked candidate pairs, pair scores (content similarity), then
 * average-linkage clustering that never lets an event span more than the date window nor join
 * articles that number one series differently. Pure: records and config in, Event records out.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { Article, Enrichment, Event, Sentence } from '../../records.js';
import { clusterableArticles } from '../corpus/clusterable.js';
import { buildArticleProfiles, type ArticleProfile } from '../corpus/profiles.js';
import { articleSimilarity, ordinalConflict, type SimilarityContext } from './similarity.js';
import { candidatePairs } from './candidates.js';
import { agglomerate, type ScoredPair } from './cluster.js';
import { articleAnchor, fitsWindow, timeConflict, type DateAnchor } from './dates.js';
import { statementUnits } from '../corpus/statements.js';
import { sharedStatementEvidence } from './sharedClaims.js';
import { cosineBaseline } from '../corpus/vectors.js';
import { eventLabel } from './label.js';
import { prepareEventCorpus, PAIR_FEATURES } from './pairs.js';
import { clusterByProbability, eventCohesion, judgeProbability, linkProbability, type EventsJudge } from './judge.js';

export type EventsConfig = Config['events'];

export interface EventInput {
  articles: readonly Article[];
  sentences: readonly Sentence[];
  enrichment: Pick<Enrichment, 'articleVectors' | 'sentenceVectors'> | null;
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
  /** Every scored candidate pair, for audit and tuning. */
  pairs: EventPairScore[];
  counters: { articles: number; candidatePairs: number; events: number };
}

export function eventId(articleIds: readonly string[]): string {
  const digest = createHash('sha256').update([...articleIds].sort().join('\n')).digest('hex');
  return `ev-${digest.slice(0, 12)}`;
}

/**
 * Events from the learned judge when one is given (events.judge), else from the weighted
 * similarity. Either way a duplicate joins the event of the article it duplicates.
 */
export function clusterEvents(input: EventInput, events: EventsConfig, claims: Config['claims'], judge: EventsJudge | null = null): EventClustering {
  const result = judge ? clusterWithJudge(input, events, claims, judge) : clusterWeighted(input, events, claims);
  result.events = attachDuplicates(result.events, input.articles);
  return result;
}

/** Average (or complete) linkage over the judge's same-event probability of the candidate pairs. */
function clusterWithJudge(input: EventInput, events: EventsConfig, claims: Config['claims'], judge: EventsJudge): EventClustering {
  const corpus = prepareEventCorpus({ ...input, articles: clusterableArticles(input.articles) }, events, claims);
  const probability = linkProbability(corpus, judgeProbability(judge, corpus));
  const clusters = clusterByProbability(corpus, probability, { threshold: judge.thresholds.link, linkage: events.judgeLinkage, windowDays: events.windowDays });
  const pairScore = new Map(corpus.candidates.map(([a, b]) => [`${a}:${b}`, probability(a, b)]));
  const mixBelow = judge.thresholds.mixed ?? 0.1;
  const built = clusters.map((members) => {
    const cohesion = eventCohesion(members, probability);
    return { ...toEvent(members, corpus.profiles, corpus.articles, pairScore), cohesion: Number(cohesion.toFixed(4)), mayMixStories: cohesion < mixBelow };
  });
  built.sort(byDateThenFirstArticle);
  const pairs: EventPairScore[] = corpus.candidates.map(([a, b]) => {
    const f = corpus.features(a, b);
    const at = (name: (typeof PAIR_FEATURES)[number]) => f[PAIR_FEATURES.indexOf(name)];
    return { a: corpus.profiles[a].id, b: corpus.profiles[b].id, score: probability(a, b), embedding: at('embedding'), lexical: at('lexical'), entities: at('entityCosine'), numbers: at('numbers'), statements: at('statements') };
  });
  return { events: built, pairs, counters: { articles: corpus.articles.length, candidatePairs: corpus.candidates.length, events: built.length } };
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

function clusterWeighted(input: EventInput, events: EventsConfig, claims: Config['claims']): EventClustering {
  const articles = clusterableArticles(input.articles).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sentencesByArticle = new Map<string, Sentence[]>();
  for (const s of input.sentences) (sentencesByArticle.get(s.articleId) ?? sentencesByArticle.set(s.articleId, []).get(s.articleId)!).push(s);

  const corpus = buildArticleProfiles(articles, input.sentences, input.enrichment, events.background, new Set(events.genericOrdinalUnits));
  const profiles = corpus.profiles;
  const anchors: DateAnchor[] = articles.map((a) => articleAnchor(a, sentencesByArticle.get(a.id) ?? [], events.useMentionedDates, events.useUrlDates));
  const { unitsByArticle, ctx: statementCtx } = statementUnits(articles, input, corpus, events.minClaimWords, claims);

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
  const scored: ScoredPair[] = [];
  const pairs: EventPairScore[] = [];
  for (const [i, j] of candidates) {
    const sim = articleSimilarity(profiles[i], profiles[j], ctx);
    // Shared statements cost |A| x |B| sentence comparisons: only pairs whose other signals
    // already make them plausible (statementGate) pay for it.
    const statements =
      w.statements > 0 && sim.score >= events.statementGate
        ? sharedStatementEvidence(
            unitsByArticle.get(profiles[i].id) ?? [],
            unitsByArticle.get(profiles[j].id) ?? [],
            statementCtx,
            events.statementThreshold,
          ).evidence
        : 0;
    const score = total > 0 ? (sim.score * contentTotal + statements * w.statements) / total : 0;
    scored.push({ a: i, b: j, score });
    pairs.push({ a: profiles[i].id, b: profiles[j].id, score, ...pick(sim), statements });
  }

  const clusters = agglomerate({
    size: profiles.length,
    pairs: scored,
    threshold: events.threshold,
    linkage: events.linkage,
    canMerge: (a, b) => fitsWindow([...a, ...b].map((k) => anchors[k]), events.windowDays) && !a.some((i) => b.some((j) => apart(i, j))),
  });

  const pairScore = new Map(scored.map((p) => [`${p.a}:${p.b}`, p.score]));
  const built = clusters.map((members) => toEvent(members, profiles, articles, pairScore));
  built.sort(byDateThenFirstArticle);
  return { events: built, pairs, counters: { articles: articles.length, candidatePairs: candidates.length, events: built.length } };
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
