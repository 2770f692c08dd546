/**
 * Framing per outlet and event, and per outlet across all events (eventId '*'): tone, loaded
 * language, hedging, attribution, who is quoted, coverage; plus tone towards actors (entityTone.ts).
 *
 * Example:
 *   const resources = loadFramingResources(config.framing);
 *   const framing = computeFraming({ articles, sentences, sentiment, analysis }, resources, config.framing);
 */
import type { Analysis, Article, ArticleToneRows, EntityTone, Framing, OutletFraming, Sentence, SentenceSentiment, SentenceTone } from '../../records.js';
import { entityToneCollector } from './entityTone.js';
import { articleFramings, type ArticleFramingMemo, type ArticleUnit } from './articleFraming.js';
import { piecesOf, type DatasetStream } from '../../store/datasetStream.js';
import type { RecordSpill, StoredPieces } from '../../store/spilledArray.js';
import { toneRowsWriter } from './toneRows.js';
import { alignedRows } from '../../store/alignedRows.js';
import { intervalsOf, separatedFrom, type IntervalMemo, type IntervalRequest } from './toneInterval.js';
import { toneQualityOf } from './sentenceTone.js';
import type { ToneJudge } from './toneModel.js';
import { addTally, emptyTally, type FramingTally } from './tally.js';
import type { FramingResources } from './resources.js';
import { outletKey, isAnalysed } from '../../records.js';
import { tupleKey } from '../../runtime/safeKeys.js';

export const ALL_EVENTS = '*';

export interface FramingInput {
  articles: Article[];
  /**
   * Every sentence, or the stored dataset read a piece at a time (the framing stage's streamed
   * read), whose articles' sentences come together as the segment stage writes them.
   */
  sentences: Sentence[] | DatasetStream<Sentence>;
  /**
   * The sentences' sentiment rows, or the stored rows read a piece at a time; walked beside the
   * sentences (alignedRows), so in the same order they are read in for speed, any order for the result.
   */
  sentiment: SentenceSentiment[] | DatasetStream<SentenceSentiment>;
  analysis: Analysis;
  /** Article id -> the digest of its sentences (the segment stage's sentenceDigests): the per-article memo keys on it. */
  sentenceDigests?: ReadonlyMap<string, string>;
  /** The fitted tone model (framing.toneModel); without it tone falls back to the sentiment model's labels and is never a finding. */
  toneJudge?: ToneJudge;
  /**
   * Where the sentence tones go as they are made (the framing stage's record spill: 2.2 M rows at
   * 50,000 articles); the result's `sentenceTones` is then its `finish()`. Without it they are kept in memory.
   */
  toneSpill?: RecordSpill<SentenceTone>;
  /**
   * With a memo: the digest of the memo's namespace, and (with the tone spill) the previous run's
   * framing's toneRows with the pieces of its sentence tones. The result then records where each
   * article's tone rows start (Framing.toneRows), and the unchanged articles at the corpus's start
   * take theirs from the previous pieces (toneRows.ts).
   */
  toneRows?: { namespace: string; previous?: { rows: ArticleToneRows; pieces: StoredPieces } };
  /** Where the rows of tone towards actors go as they are made (662,163 at 50,000 articles); the result's `entityTone` is then its `finish()`. */
  actorSpill?: RecordSpill<EntityTone>;
}

export interface FramingOptions {
  minMentions: number;
  polarThreshold: number;
  /** Fewer toned sentences: greyed out in report.html, never ranked (default 10). */
  minToneSentences?: number;
  /** Bootstrap resamples per interval (default 1000). */
  toneBootstrap?: number;
  /** Tone towards actors beat its reference rows on labelled data (default false: not a finding). */
  actorToneFinding?: boolean;
}

export const DEFAULT_MIN_TONE_SENTENCES = 10;
export const DEFAULT_TONE_BOOTSTRAP = 1000;

/** Articles the framing measures describe: analysed by the models and not duplicates. */
export function framedArticles(articles: Article[]): Article[] {
  return articles.filter(isAnalysed);
}

/** Keys ordered by count (descending), then alphabetically: stable across runs. */
export function byCount(counts: Record<string, number>): string[] {
  return Object.keys(counts).sort((a, b) => counts[b] - counts[a] || cmp(a, b));
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(byCount(counts).map((k) => [k, counts[k]]));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const per1000 = (n: number, words: number) => (words > 0 ? (n * 1000) / words : 0);
const share = (n: number, of: number) => (of > 0 ? n / of : 0);

interface Coverage {
  eventsCovered: number;
  claimsShared: number;
  contradictions: number;
  numericDiscrepancies: number;
  omissions: number;
}

/**
 * Cross-outlet findings per outlet, within each event and (eventId '*') across all of them, in one
 * pass over the analysis records (cost grows with the number of findings, not findings x outlets).
 */
export function coverageIndex(analysis: Analysis): (outlet: string, eventId: string) => Coverage {
  const counts = new Map<string, Coverage>();
  const bump = (outlet: string, eventId: string, field: keyof Coverage) => {
    for (const scope of [eventId, ALL_EVENTS]) {
      const key = tupleKey(outlet, scope);
      const c = counts.get(key) ?? { eventsCovered: 0, claimsShared: 0, contradictions: 0, numericDiscrepancies: 0, omissions: 0 };
      c[field]++;
      counts.set(key, c);
    }
  };
  for (const e of analysis.events) for (const outlet of new Set(e.outlets)) bump(outlet, e.id, 'eventsCovered');
  if (analysis.claimClusters.length) {
    for (const c of analysis.claimClusters) {
      if (c.outlets.length > 1) for (const outlet of new Set(c.outlets)) bump(outlet, c.eventId, 'claimsShared');
    }
  } else {
    // No clusters produced: count each outlet's distinct sentences in agreeing cross-outlet pairs.
    const seen = new Set<string>();
    for (const m of analysis.claimMatches) {
      if (m.relation !== 'agree') continue;
      for (const side of [m.a, m.b]) {
        if (seen.has(side.sentenceId)) continue;
        seen.add(side.sentenceId);
        bump(side.outlet, m.eventId, 'claimsShared');
      }
    }
  }
  for (const m of analysis.claimMatches) {
    if (m.relation !== 'contradict') continue;
    for (const outlet of new Set([m.a.outlet, m.b.outlet])) bump(outlet, m.eventId, 'contradictions');
  }
  for (const n of analysis.numericComparisons) {
    if (n.verdict !== 'discrepancy') continue;
    for (const outlet of new Set([n.a.outlet, n.b.outlet])) bump(outlet, n.eventId, 'numericDiscrepancies');
  }
  for (const o of analysis.omissions) bump(o.outlet, o.eventId, 'omissions');
  const none: Coverage = { eventsCovered: 0, claimsShared: 0, contradictions: 0, numericDiscrepancies: 0, omissions: 0 };
  return (outlet, eventId) => ({ ...(counts.get(tupleKey(outlet, eventId)) ?? none) });
}

/** The bootstrap interval of a scope's mean tone, over its articles (a cluster bootstrap). */
export const outletIntervalRequest = (outlet: string, eventId: string, t: FramingTally, options?: FramingOptions): IntervalRequest => ({
  groups: t.toneByArticle,
  resamples: options?.toneBootstrap ?? DEFAULT_TONE_BOOTSTRAP,
  seedKey: `${outlet}\u0000${eventId}`,
});

/** `interval`: the scope's tone interval when already known (intervalsOf), else bootstrapped here. */
export function outletFramingFrom(outlet: string, eventId: string, t: FramingTally, coverage: Coverage, options?: FramingOptions, interval?: [number, number]): OutletFraming {
  const loadedCount = sum(t.loaded);
  const [toneLow, toneHigh] = interval ?? intervalsOf([outletIntervalRequest(outlet, eventId, t, options)])[0];
  const hedgeCount = sum(t.hedges);
  const attributionCount = sum(t.attribution);
  return {
    outlet,
    eventId,
    articles: t.articles,
    sentences: t.sentences,
    words: t.words,
    toneMean: t.scored > 0 ? t.toneSum / t.scored : 0,
    toneNegativeShare: share(t.negative, t.scored),
    tonePositiveShare: share(t.positive, t.scored),
    toneSentences: t.scored,
    toneNegative: t.negative,
    toneNeutral: t.neutral,
    tonePositive: t.positive,
    toneLow,
    toneHigh,
    toneEnough: t.scored >= (options?.minToneSentences ?? DEFAULT_MIN_TONE_SENTENCES),
    toneHigherThan: [],
    toneLowerThan: [],
    toneHigherThanCount: 0,
    toneLowerThanCount: 0,
    loadedTerms: byCount(t.loaded),
    loadedCount,
    loadedInQuotes: t.loadedInQuotes,
    loadedTermCounts: sortedCounts(t.loaded),
    loadedPer1000Words: per1000(loadedCount, t.words),
    polarSentences: t.polar,
    polarShare: share(t.polar, t.scored),
    hedgeCount,
    hedgesPer1000Words: per1000(hedgeCount, t.words),
    hedgeTerms: byCount(t.hedges),
    hedgeTermCounts: sortedCounts(t.hedges),
    attributionCount,
    attributionPer1000Words: per1000(attributionCount, t.words),
    attributionTerms: byCount(t.attribution),
    attributionTermCounts: sortedCounts(t.attribution),
    quotes: t.quotes,
    speakerGroups: sortedCounts(t.speakerGroups),
    speakers: sortedCounts(t.speakers),
    ...coverage,
  };
}

/** Event order used by every framing table: by first date, then id; '*' (all events) comes first. */
export function eventOrder(analysis: Analysis): Map<string, number> {
  const sorted = [...analysis.events].sort(
    (a, b) => cmp(a.dateFrom || '9999', b.dateFrom || '9999') || cmp(a.id, b.id),
  );
  return new Map([[ALL_EVENTS, -1], ...sorted.map((e, i) => [e.id, i] as [string, number])]);
}

export interface FramingWork {
  /** Articles whose per-article framing came from the memo / was computed. */
  articlesReused: number;
  articlesComputed: number;
  /** Sentence tone rows taken from the previous run's pieces (with FramingInput.toneRows). */
  toneRowsBorrowed?: number;
}

export function computeFraming(input: FramingInput, resources: FramingResources, options: FramingOptions, memo?: ArticleFramingMemo, work?: FramingWork, intervalMemo?: IntervalMemo): Framing {
  const articles = framedArticles(input.articles);
  // The sentiment of a batch's sentences only: the rows are walked beside the sentences, never all held.
  const sentimentAt = alignedRows(input.sentiment).pass();
  const eventsOfArticle = new Map<string, string[]>();
  for (const e of input.analysis.events) {
    for (const id of e.articleIds) eventsOfArticle.set(id, [...(eventsOfArticle.get(id) ?? []), e.id]);
  }
  const order = eventOrder(input.analysis);
  const framedById = new Map(articles.map((a) => [a.id, a]));

  // The per-article work (sentence tones, tallies, actor tones), memoised per article
  // (articleFraming.ts), done a batch of articles at a time as their sentences arrive; what outlives
  // a batch is each article's tally, the sentence tones and the actors' mentions in columns.
  const tallyById = new Map<string, FramingTally>();
  const toned: SentenceTone[] = [];
  const actors = entityToneCollector(articles, eventsOfArticle, { minMentions: options.minMentions, eventOrder: order, resamples: options.toneBootstrap ?? DEFAULT_TONE_BOOTSTRAP, intervalMemo });
  let reused = 0;
  let computed = 0;
  const tones = memo && input.toneRows ? toneRowsWriter(input.toneRows.namespace, input.toneSpill, input.toneRows.previous) : undefined;
  const frameBatch = (units: ArticleUnit[]) => {
    const sentimentById = new Map<string, SentenceSentiment>();
    for (const u of units) {
      for (const s of u.sentences) {
        const row = sentimentAt(s.id);
        if (row) sentimentById.set(s.id, row);
      }
    }
    const ctx = { sentimentById, judge: input.toneJudge, resources, polarThreshold: options.polarThreshold, ...(input.sentenceDigests ? { sentenceDigests: input.sentenceDigests } : {}) };
    const done = articleFramings(units, ctx, memo);
    reused += done.reused;
    computed += done.computed;
    units.forEach((u, i) => {
      const f = done.framings[i];
      const pushTones = () =>
        u.sentences.forEach((s, j) => {
          const t = f.tones[j];
          if (!t) return;
          const row = { sentenceId: s.id, label: t.label, score: t.score };
          if (input.toneSpill) input.toneSpill.push(row);
          else toned.push(row);
        });
      if (tones && done.keys) tones.add(u.articleId, done.keys[i], u.sentences.reduce((n, _, j) => n + (f.tones[j] ? 1 : 0), 0), pushTones);
      else pushTones();
      if (f.tally) tallyById.set(u.articleId, f.tally);
      if (f.mentions && u.article) actors.addArticle(u.articleId, u.ordered, sentimentById, f.mentions);
    });
  };
  const unitOf = (articleId: string, sentences: Sentence[]): ArticleUnit => ({ articleId, article: framedById.get(articleId), sentences, ordered: [...sentences].sort((a, b) => a.index - b.index) });
  try {
    let batch: ArticleUnit[] = [];
    const seen = new Set<string>();
    for (const [articleId, sentences] of sentencesByArticle(input.sentences)) {
      seen.add(articleId);
      batch.push(unitOf(articleId, sentences));
      if (batch.length >= FRAMING_BATCH) {
        frameBatch(batch);
        batch = [];
      }
    }
    // Framed articles without a sentence still count (their titles are tallied).
    for (const a of articles) if (!seen.has(a.id)) batch.push(unitOf(a.id, []));
    frameBatch(batch);
  } finally {
    sentimentAt.close();
  }
  if (work) {
    work.articlesReused = reused;
    work.articlesComputed = computed;
  }

  // The tallies and their sums per scope go before the actors' rows are made (the stage's peak):
  // at 50,000 articles they held ~150 MB of live heap beside the rows' accumulators.
  const outletFraming = outletFramingOf(articles, tallyById, eventsOfArticle, input.analysis, order, options, intervalMemo);
  tallyById.clear();

  const toneRows = tones?.finish();
  if (work && toneRows) work.toneRowsBorrowed = toneRows.borrowed;
  // A spilled array stands in for the tones until the catalog saves it (the stage's output goes straight to catalog.save).
  const sentenceTones = input.toneSpill ? (input.toneSpill.finish() as unknown as SentenceTone[]) : toned;
  // The rows' strongest sentences' texts, read once more from the sentences (the store's, a piece at a time).
  const entityTone = actors.rows((ids) => sentenceTexts(input.sentences, ids), input.actorSpill);
  return { outletFraming, entityTone, toneQuality: toneQualityOf(input.toneJudge, options), sentenceTones, ...(toneRows ? { toneRows: toneRows.toneRows } : {}) };
}

/**
 * The outlet rows: each article's tally summed per outlet and event and per outlet across all
 * events (in the articles' order: float sums), with the scope's coverage and tone interval, and
 * which outlets' intervals are wholly apart. The summed tallies live only while this runs.
 */
function outletFramingOf(
  articles: readonly Article[],
  tallyById: ReadonlyMap<string, FramingTally>,
  eventsOfArticle: ReadonlyMap<string, string[]>,
  analysis: Analysis,
  order: Map<string, number>,
  options: FramingOptions,
  intervalMemo?: IntervalMemo,
): OutletFraming[] {
  // scope key tupleKey(outlet, eventId) -> summed tally, summed in the articles' order (float sums)
  const scopes = new Map<string, { outlet: string; eventId: string; tally: FramingTally }>();
  const addTo = (outlet: string, eventId: string, t: FramingTally) => {
    const key = tupleKey(outlet, eventId);
    const scope = scopes.get(key) ?? { outlet, eventId, tally: emptyTally() };
    addTally(scope.tally, t);
    scopes.set(key, scope);
  };
  for (const article of articles) {
    const tally = tallyById.get(article.id)!;
    // The analysis's outlet key: an unknown-outlet article is its own outlet, not one "unknown" newsroom.
    const outlet = outletKey(article);
    addTo(outlet, ALL_EVENTS, tally);
    for (const eventId of eventsOfArticle.get(article.id) ?? []) addTo(outlet, eventId, tally);
  }

  const coverage = coverageIndex(analysis);
  const scopeList = [...scopes.values()];
  const intervals = intervalsOf(scopeList.map((s) => outletIntervalRequest(s.outlet, s.eventId, s.tally, options)), intervalMemo);
  const outletFraming = scopeList
    .map((s, i) => outletFramingFrom(s.outlet, s.eventId, s.tally, coverage(s.outlet, s.eventId), options, intervals[i]))
    .sort((a, b) => cmp(a.outlet, b.outlet) || (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0));
  markSeparations(outletFraming);

  return outletFraming;
}

/**
 * Articles framed per call to the per-article memo (one read and one write of the memo each). Small,
 * so that a batch's sentences, sentiment and memo entries die young: with 500, a night's framing
 * copied several hundred MB more between the young generation's semi-spaces than the 500 alone.
 */
const FRAMING_BATCH = 50;

/**
 * Within each event (and across all events), which outlets' tone intervals are wholly apart: the
 * only differences report.html and outlet_framing.csv state. Outlets with too few sentences take no part.
 */
function markSeparations(rows: OutletFraming[]): void {
  const byEvent = new Map<string, OutletFraming[]>();
  for (const r of rows) {
    if (!r.toneEnough) continue;
    const group = byEvent.get(r.eventId);
    if (group) group.push(r);
    else byEvent.set(r.eventId, [r]);
  }
  for (const group of byEvent.values()) {
    const apart = separatedFrom(group.map((r) => ({ key: r.outlet, low: r.toneLow, high: r.toneHigh, weight: r.toneSentences })));
    for (const r of group) {
      const a = apart.get(r.outlet);
      if (!a) continue;
      r.toneHigherThan = a.higherThan;
      r.toneLowerThan = a.lowerThan;
      r.toneHigherThanCount = a.higherThanCount;
      r.toneLowerThanCount = a.lowerThanCount;
    }
  }
}

/** The texts of these sentences, by id: from the array, or in one more pass over the stored sentences. */
function sentenceTexts(sentences: Sentence[] | DatasetStream<Sentence>, ids: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (ids.size === 0) return out;
  for (const piece of piecesOf(sentences)) for (const s of piece) if (ids.has(s.id)) out.set(s.id, s.text);
  return out;
}

/**
 * Each article's sentences, in the order the articles first appear. From an array: grouped in
 * memory. From the store (a DatasetStream, a piece at a time): an article's sentences must come
 * together, as the segment stage writes them, so no piece outlives the next one.
 */
function* sentencesByArticle(sentences: Sentence[] | DatasetStream<Sentence>): Generator<[string, Sentence[]]> {
  if (Array.isArray(sentences)) {
    const byArticle = new Map<string, Sentence[]>();
    for (const s of sentences) {
      const list = byArticle.get(s.articleId);
      if (list) list.push(s);
      else byArticle.set(s.articleId, [s]);
    }
    yield* byArticle;
    return;
  }
  const done = new Set<string>();
  let articleId: string | undefined;
  let group: Sentence[] = [];
  for (const piece of sentences.pieces()) {
    for (const s of piece) {
      if (s.articleId !== articleId) {
        if (articleId !== undefined) yield [articleId, group];
        if (done.has(s.articleId)) throw new Error(`computeFraming (src/analysis/framing/framing.ts): the stored sentences of article ${s.articleId} are not together (sentence ${s.id}). Fix: re-run with --full so the segment stage writes them again.`);
        if (articleId !== undefined) done.add(articleId);
        articleId = s.articleId;
        group = [];
      }
      group.push(s);
    }
  }
  if (articleId !== undefined) yield [articleId, group];
}
