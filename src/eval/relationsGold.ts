/**
 * The claim-relations gold (claim-relations/: articles.jsonl + pairs.jsonl, see its GUIDE): every
 * cross-outlet sentence pair of each event labelled same / related / contradict / unrelated, and
 * the omissions the gold implies (a fact = a connected group of `same` sentences; an outlet of the
 * event with no sentence in it omits it when at least two other outlets report it).
 */
import path from 'node:path';
import { readJsonl, arr, num, str } from '../measure/jsonl.js';

export type GoldLabel = 'same' | 'related' | 'contradict' | 'unrelated';

export interface GoldArticle {
  eventId: string;
  articleId: string;
  outlet: string;
  date: string;
  title: string;
  url: string;
  sentences: string[];
}

export interface GoldPair {
  eventId: string;
  /** Gold sentence keys `${articleId}:${index}`. */
  a: string;
  b: string;
  label: GoldLabel;
}

export interface RelationsGold {
  dir: string;
  articles: GoldArticle[];
  pairs: GoldPair[];
  /** sha256-free identity of the files read (for training reports the trainer hashes them). */
  files: string[];
}

const LABELS: readonly GoldLabel[] = ['same', 'related', 'contradict', 'unrelated'];

export const goldSentenceKey = (articleId: string, index: number) => `${articleId}:${index}`;

/** Reads a claim-relations folder; `events` keeps the first n events (file order). */
export function readRelationsGold(dir: string, events?: number): RelationsGold {
  const articlesFile = path.join(dir, 'articles.jsonl');
  const pairsFile = path.join(dir, 'pairs.jsonl');
  let articles = readJsonl(
    articlesFile,
    (r) => ({
      eventId: str(r, 'event_id'),
      articleId: str(r, 'article_id'),
      outlet: str(r, 'outlet'),
      date: typeof r.date === 'string' ? r.date : '',
      title: typeof r.title === 'string' ? r.title : '',
      url: typeof r.url === 'string' ? r.url : '',
      sentences: arr(r, 'sentences').map(String),
    }),
    '--relations DIR',
  );
  if (events !== undefined) {
    const kept = new Set<string>();
    for (const a of articles) if (kept.size < events || kept.has(a.eventId)) kept.add(a.eventId);
    articles = articles.filter((a) => kept.has(a.eventId));
  }
  const eventIds = new Set(articles.map((a) => a.eventId));
  const pairs = readJsonl(
    pairsFile,
    (r): GoldPair => {
      const label = str(r, 'label') as GoldLabel;
      if (!LABELS.includes(label)) throw new Error(`label "${label}" is not one of ${LABELS.join(', ')}`);
      return {
        eventId: str(r, 'event_id'),
        a: goldSentenceKey(str(r, 'a_article_id'), num(r, 'a_sentence_index')),
        b: goldSentenceKey(str(r, 'b_article_id'), num(r, 'b_sentence_index')),
        label,
      };
    },
    '--relations DIR',
  ).filter((p) => eventIds.has(p.eventId));
  return { dir, articles, pairs, files: [articlesFile, pairsFile] };
}

export interface ImpliedOmission {
  eventId: string;
  outlet: string;
  /** Gold sentence keys of the fact. */
  fact: Set<string>;
}

/**
 * Omissions implied by a set of `same` links: facts are connected groups of sentences; an outlet
 * of the event with no sentence in a fact omits it when at least `minOutlets` other outlets report it.
 */
export function impliedOmissions(
  links: readonly { eventId: string; a: string; b: string }[],
  outletOf: ReadonlyMap<string, string>,
  eventOutlets: ReadonlyMap<string, readonly string[]>,
  minOutlets = 2,
): ImpliedOmission[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const eventOf = new Map<string, string>();
  for (const l of links) {
    for (const s of [l.a, l.b]) if (!parent.has(s)) parent.set(s, s);
    eventOf.set(l.a, l.eventId);
    eventOf.set(l.b, l.eventId);
    const [ra, rb] = [find(l.a), find(l.b)];
    if (ra !== rb) parent.set(rb, ra);
  }
  const facts = new Map<string, Set<string>>();
  for (const s of parent.keys()) (facts.get(find(s)) ?? facts.set(find(s), new Set()).get(find(s))!).add(s);
  const out: ImpliedOmission[] = [];
  for (const fact of facts.values()) {
    const eventId = eventOf.get([...fact][0])!;
    const reporting = new Set([...fact].map((s) => outletOf.get(s)!));
    if (reporting.size < minOutlets) continue;
    for (const outlet of eventOutlets.get(eventId) ?? []) if (!reporting.has(outlet)) out.push({ eventId, outlet, fact });
  }
  return out;
}

/** Precision / recall of predicted omissions against gold ones: a match is the same event and outlet and a shared sentence. */
export function omissionScores(predicted: readonly ImpliedOmission[], gold: readonly ImpliedOmission[]): { precision: number; recall: number; predicted: number; gold: number } {
  const hit = (p: ImpliedOmission, g: ImpliedOmission) => p.eventId === g.eventId && p.outlet === g.outlet && [...p.fact].some((s) => g.fact.has(s));
  const tp = predicted.filter((p) => gold.some((g) => hit(p, g))).length;
  const found = gold.filter((g) => predicted.some((p) => hit(p, g))).length;
  return {
    precision: predicted.length ? tp / predicted.length : 0,
    recall: gold.length ? found / gold.length : 0,
    predicted: predicted.length,
    gold: gold.length,
  };
}
