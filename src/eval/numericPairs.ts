/**
 * Numeric comparison on the numeric-pairs set (../shared/eval/numeric-pairs, see its PROVENANCE and
 * GUIDE): the real pipeline runs ingest -> segment -> enrich on the set's articles, the events are
 * the set's own (given, not re-clustered), and the claims stage's numeric comparison runs on every
 * event three ways in the same run:
 * - the same-quantity judge, cross-validated: folds grouped by event (numericJudge.ts), each event's
 *   candidates scored by a model fit on the other events, thresholds chosen on those out-of-fold
 *   probabilities (the headline figures; the shipped judge is the same model fit on all events);
 * - the hand rules (the pipeline with `claims.numericJudge: ''`);
 * - the reference rule it replaced: same subject or counted noun, sentence similarity at least
 *   claims.numericContext, tolerance 0.05.
 * Comparisons are mapped to the gold sentences by text and scored per sentence pair (gold labels
 * pairs of sentences):
 * - discrepancy and update precision / recall against the gold labels;
 * - false comparisons: compared sentence pairs that are not a gold pair (by the guide, not the same
 *   quantity), as a count and a share of all compared sentence pairs;
 * - right-verdict share: gold pairs compared with the gold verdict, over all gold pairs.
 * A sentence pair compared through several figures takes the most serious verdict
 * (discrepancy, then update, then consistent): that is what an editor would be shown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashConfig } from '../config/load.js';
import { runPipeline } from '../../pipeline/runner.js';
import type { Logger } from '../runtime/logger.js';
import type { Article, Event, NumericComparison, Sentence, Enrichment } from '../records.js';
import type { Config } from '../config/schema.js';
import { clusterableArticles } from '../analysis/eventsOutlets.js';
import { buildArticleProfiles } from '../analysis/eventsProfile.js';
import { buildClaimUnits, type ClaimUnit } from '../analysis/claimsUnits.js';
import { statementContext } from '../analysis/eventsBuild.js';
import { compareEventFigures, type NumericOptions } from '../analysis/numericPairs.js';
import type { ClaimSimilarityContext } from '../analysis/claimsSimilarity.js';
import { firstEvents, readBasilArticles, type BasilArticle } from './basil.js';
import { readJsonl, num, str } from './jsonl.js';
import { prf, round } from './metrics.js';
import type { EvalContext } from './context.js';
import { crossValidateJudge, DEFAULT_FOLDS, judgeRows } from './numericJudge.js';

export type GoldLabel = 'consistent' | 'discrepancy' | 'update';

export interface NumericGoldSentence {
  eventId: string;
  articleId: string;
  index: number;
  text: string;
}

export interface NumericGoldPair {
  eventId: string;
  a: string;
  b: string;
  label: GoldLabel;
  /** The figures as the annotator quoted them ("23 steps without congressional action"). */
  aFigure: string;
  bFigure: string;
}

export interface NumericPairsScore {
  /** Sentence pairs the method compared (after mapping to gold sentences). */
  comparedPairs: number;
  comparisons: number;
  discrepancy: { precision: number; recall: number; tp: number; fp: number; fn: number };
  update: { precision: number; recall: number; tp: number; fp: number; fn: number };
  falseComparisons: number;
  falseComparisonShare: number;
  /** Compared pairs whose sentences could not be mapped to gold sentences (counted as false). */
  unmappedPairs: number;
  goldPairsCompared: number;
  rightVerdict: number;
  rightVerdictShare: number;
  /** Gold updates the method called a discrepancy (must be 0). */
  updatesAsDiscrepancies: number;
}

/** A cross-validated operating point of the same-quantity judge. */
export interface JudgePoint {
  threshold: number;
  precision: number;
  recall: number;
  metTarget: boolean;
}

const point = (p: { threshold: number; precision: number; recall: number; metTarget: boolean }): JudgePoint => ({ threshold: round(p.threshold), precision: round(p.precision), recall: round(p.recall), metTarget: p.metTarget });

export interface NumericPairsEvalResult extends NumericPairsScore {
  dir: string;
  articles: number;
  events: number;
  goldSentences: number;
  goldPairs: Record<GoldLabel, number>;
  /** The cross-validated same-quantity judge behind the headline figures (folds grouped by event). */
  judge: { folds: number; rows: number; positives: number; groups: number; valuesMeet: JudgePoint; valuesDisagree: JudgePoint };
  /** The hand rules from the guide (pipeline without a judge file), same run. */
  handRules: NumericPairsScore;
  /** The rule the pipeline used before (same category + sentence similarity), same run. */
  reference: NumericPairsScore;
}

export const key = (articleId: string, index: number) => JSON.stringify([articleId, index]);
export const pairKey = (x: string, y: string) => JSON.stringify(x < y ? [x, y] : [y, x]);

export function readNumericGold(dir: string): { sentences: NumericGoldSentence[]; pairs: NumericGoldPair[] } {
  const option = '--numeric-pairs DIR';
  const sentences = readJsonl(
    path.join(dir, 'sentences.jsonl'),
    (r) => ({ eventId: str(r, 'event_id'), articleId: str(r, 'article_id'), index: num(r, 'sentence_index'), text: str(r, 'text') }),
    option,
  );
  const pairs = readJsonl(
    path.join(dir, 'pairs.jsonl'),
    (r) => {
      const label = str(r, 'label');
      if (label !== 'consistent' && label !== 'discrepancy' && label !== 'update') throw new Error(`field "label" must be consistent, discrepancy or update, found "${label}"`);
      return {
        eventId: str(r, 'event_id'),
        a: key(str(r, 'a_article_id'), num(r, 'a_sentence_index')),
        b: key(str(r, 'b_article_id'), num(r, 'b_sentence_index')),
        label: label as GoldLabel,
        aFigure: typeof r.a_figure === 'string' ? r.a_figure : '',
        bFigure: typeof r.b_figure === 'string' ? r.b_figure : '',
      };
    },
    option,
  );
  return { sentences, pairs };
}

/** Letters and digits only, lower case: quotes, dashes and spacing differ between sentence splitters. */
export function textKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Gold sentences a pipeline sentence stands for: those of the same article whose text contains it
 * or that it contains (the two splitters cut a few sentences differently).
 */
export function goldSentencesOf(text: string, candidates: readonly NumericGoldSentence[]): string[] {
  const k = textKey(text);
  if (k.length < 12) return [];
  return candidates.filter((g) => {
    const gk = textKey(g.text);
    return gk.length >= 12 && (gk.includes(k) || k.includes(gk));
  }).map((g) => key(g.articleId, g.index));
}

const SEVERITY: Record<GoldLabel, number> = { consistent: 0, update: 1, discrepancy: 2 };

/** Scores comparisons (pipeline article ids already mapped to the set's ids by `setIdOf`). */
export function scoreNumericComparisons(
  comparisons: readonly NumericComparison[],
  setIdOf: (pipelineArticleId: string) => string | undefined,
  sentences: readonly NumericGoldSentence[],
  pairs: readonly NumericGoldPair[],
): NumericPairsScore {
  const byArticle = new Map<string, NumericGoldSentence[]>();
  for (const s of sentences) (byArticle.get(s.articleId) ?? byArticle.set(s.articleId, []).get(s.articleId)!).push(s);
  const gold = new Map(pairs.map((p) => [pairKey(p.a, p.b), p.label]));
  const predicted = new Map<string, GoldLabel>();
  let unmapped = 0;
  const mapSide = (ref: NumericComparison['a']) => {
    const id = setIdOf(ref.articleId);
    return id ? goldSentencesOf(ref.text, byArticle.get(id) ?? []) : [];
  };
  for (const c of comparisons) {
    const as = mapSide(c.a);
    const bs = mapSide(c.b);
    if (as.length === 0 || bs.length === 0) {
      const k = `unmapped:${c.a.sentenceId}|${c.b.sentenceId}`;
      if (!predicted.has(k)) unmapped++;
      predicted.set(k, c.verdict);
      continue;
    }
    // A pipeline sentence that spans two gold sentences: the gold pair if one is, else the first.
    const candidates = as.flatMap((a) => bs.map((b) => pairKey(a, b)));
    const k = candidates.find((x) => gold.has(x)) ?? candidates[0];
    const before = predicted.get(k);
    if (!before || SEVERITY[c.verdict] > SEVERITY[before]) predicted.set(k, c.verdict);
  }
  let falseComparisons = 0;
  let right = 0;
  let updatesAsDiscrepancies = 0;
  const counts = { discrepancy: { tp: 0, fp: 0 }, update: { tp: 0, fp: 0 } };
  for (const [k, verdict] of predicted) {
    const label = gold.get(k);
    if (!label) falseComparisons++;
    else if (label === verdict) right++;
    if (label === 'update' && verdict === 'discrepancy') updatesAsDiscrepancies++;
    if (verdict === 'discrepancy' || verdict === 'update') counts[verdict][label === verdict ? 'tp' : 'fp']++;
  }
  const total = (label: GoldLabel) => pairs.filter((p) => p.label === label).length;
  const pr = (label: 'discrepancy' | 'update') => {
    const { tp, fp } = counts[label];
    const s = prf(tp, fp, total(label) - tp);
    return { precision: round(s.precision), recall: round(s.recall), tp, fp, fn: s.fn };
  };
  return {
    comparedPairs: predicted.size,
    comparisons: comparisons.length,
    discrepancy: pr('discrepancy'),
    update: pr('update'),
    falseComparisons,
    falseComparisonShare: predicted.size ? round(falseComparisons / predicted.size) : 0,
    unmappedPairs: unmapped,
    goldPairsCompared: predicted.size - falseComparisons,
    rightVerdict: right,
    rightVerdictShare: pairs.length ? round(right / pairs.length) : 0,
    updatesAsDiscrepancies,
  };
}

function toRecord(a: BasilArticle) {
  return { id: a.articleId, title: a.title, text: a.paragraphs.map((p) => p.join(' ')).join('\n\n'), outlet: a.outlet, published: a.date, url: a.url };
}

/** The set's events as pipeline events: given, not clustered. */
function givenEvents(articles: readonly Article[], setIdOf: (id: string) => string | undefined, eventOf: Map<string, BasilArticle>): Event[] {
  const members = new Map<string, Article[]>();
  for (const a of articles) {
    const event = eventOf.get(setIdOf(a.id) ?? '')?.eventId;
    if (event) (members.get(event) ?? members.set(event, []).get(event)!).push(a);
  }
  return [...members].map(([id, list]) => {
    const dates = list.map((a) => a.published).filter(Boolean).sort();
    return {
      id,
      label: list[0].title,
      dateFrom: dates[0] ?? '',
      dateTo: dates[dates.length - 1] ?? '',
      articleIds: list.map((a) => a.id),
      outlets: [...new Set(list.map((a) => a.outlet))].sort(),
      cohesion: 1,
    };
  });
}

export interface PreparedRun {
  set: BasilArticle[];
  articles: Article[];
  sentences: Sentence[];
  enrichment: Pick<Enrichment, 'articleVectors' | 'sentenceVectors'> | null;
  events: Event[];
  setIdOf: (pipelineArticleId: string) => string | undefined;
  config: Config;
}

export interface GivenEventUnits {
  ctx: ClaimSimilarityContext;
  events: { event: Event; units: ClaimUnit[] }[];
  publishedOf: (articleId: string) => string;
}

/** Claim units of every given event, built as the claims stage builds them. */
export function givenEventUnits(run: PreparedRun): GivenEventUnits {
  const { claims } = run.config;
  const usable = clusterableArticles(run.articles);
  const corpus = buildArticleProfiles(usable, run.sentences, run.enrichment, run.config.events.background, new Set(), claims.minCorpusDocs);
  const units = buildClaimUnits({
    articles: usable,
    sentences: run.sentences,
    sentenceVectors: run.enrichment?.sentenceVectors ?? null,
    weighTerm: corpus.weighTerm,
    weighEntity: corpus.weighEntity,
    minWords: claims.minWords,
  });
  const ctx = statementContext(units, claims, claims.entityPrior * corpus.pairKeyWeight);
  const byArticle = new Map<string, ClaimUnit[]>();
  for (const u of units) (byArticle.get(u.sentence.articleId) ?? byArticle.set(u.sentence.articleId, []).get(u.sentence.articleId)!).push(u);
  const published = new Map(usable.map((a) => [a.id, a.published]));
  return {
    ctx,
    events: run.events.map((event) => ({ event, units: event.articleIds.flatMap((id) => byArticle.get(id) ?? []) })),
    publishedOf: (id) => published.get(id) ?? '',
  };
}

/** Numeric comparisons of every given event under the configured settings, `overrides` applied. */
export function compareGivenEvents(given: GivenEventUnits, config: Config, overrides: Partial<NumericOptions>): NumericComparison[] {
  const { claims } = config;
  return given.events.flatMap(({ event, units }) =>
    compareEventFigures(event.id, units, given.ctx, {
      tolerance: claims.numericTolerance,
      aboutSlack: claims.aboutSlack,
      context: claims.numericContext,
      publishedOf: given.publishedOf,
      ...overrides,
    }),
  );
}

/** claims.numericTolerance before issue 13: the reference row runs the earlier rule with its setting. */
export const REFERENCE_TOLERANCE = 0.05;

const quietProgress = () => ({ tick: () => undefined, done: () => undefined });
const quiet = (log: Logger): Logger => ({ ...log, info: log.debug });

/** Ingest, segment and enrich the set's articles; `cacheDir` keeps stage results between runs (a temporary folder when absent). */
export async function prepareNumericPairsRun(ctx: EvalContext, dir: string, cacheDir?: string): Promise<PreparedRun> {
  const set = firstEvents(readBasilArticles(dir), ctx.basilEvents);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-numeric-'));
  try {
    const input = path.join(tmp, 'articles.jsonl');
    fs.writeFileSync(input, set.map((a) => JSON.stringify(toRecord(a))).join('\n') + '\n');
    const config = structuredClone(ctx.loaded.config);
    config.input.paths = [input];
    config.report.dir = path.join(tmp, 'out');
    config.models.cacheDir = cacheDir ?? path.join(tmp, 'cache');
    const run = await runPipeline({
      loaded: { ...ctx.loaded, config, hash: hashConfig(config) },
      stages: ['ingest', 'segment', 'enrich'],
      offline: ctx.offline,
      log: quiet(ctx.log),
      progress: quietProgress,
    });
    const articles = run.datasets.articles ?? [];
    const setIds = new Map<string, string>();
    for (const a of articles) if (a.sourceLine !== undefined && set[a.sourceLine - 1]) setIds.set(a.id, set[a.sourceLine - 1].articleId);
    const setIdOf = (id: string) => setIds.get(id);
    const eventOf = new Map(set.map((a) => [a.articleId, a]));
    const events = givenEvents(clusterableArticles(articles), setIdOf, eventOf);
    return { set, articles, sentences: run.datasets.sentences ?? [], enrichment: run.datasets.enrichment ?? null, events, setIdOf, config };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function evalNumericPairs(ctx: EvalContext, dir: string, folds = DEFAULT_FOLDS): Promise<NumericPairsEvalResult> {
  const run = await prepareNumericPairsRun(ctx, dir);
  // --basil-events N (quick runs) keeps the first N events, their sentences and pairs.
  const kept = new Set(run.set.map((a) => a.eventId));
  const all = readNumericGold(dir);
  const gold = { sentences: all.sentences.filter((s) => kept.has(s.eventId)), pairs: all.pairs.filter((p) => kept.has(p.eventId)) };
  const given = givenEventUnits(run);
  const { rows, candidates } = judgeRows(given, run, gold.sentences, gold.pairs);
  const cv = crossValidateJudge(rows, candidates, folds);
  const score = (overrides: Partial<NumericOptions>) => scoreNumericComparisons(compareGivenEvents(given, run.config, overrides), run.setIdOf, gold.sentences, gold.pairs);
  const count = (label: GoldLabel) => gold.pairs.filter((p) => p.label === label).length;
  const op = cv.operatingPoint;
  return {
    dir,
    articles: run.set.length,
    events: run.events.length,
    goldSentences: gold.sentences.length,
    goldPairs: { consistent: count('consistent'), discrepancy: count('discrepancy'), update: count('update') },
    ...score({ matching: 'judge', sameQuantity: (p) => cv.probability.get(p.key) ?? 0, sameQuantityThreshold: op.threshold, sameQuantityDisagreeingThreshold: cv.disagreeing.threshold }),
    judge: {
      folds: cv.folds,
      rows: cv.rows,
      positives: cv.positives,
      groups: cv.groups,
      valuesMeet: point(op),
      valuesDisagree: point(cv.disagreeing),
    },
    handRules: score({ matching: 'identity' }),
    reference: score({ matching: 'similarity', tolerance: REFERENCE_TOLERANCE }),
  };
}
