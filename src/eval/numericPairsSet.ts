/**
 * The numeric-pairs set (../shared/eval/numeric-pairs, see its PROVENANCE and GUIDE) as the numeric
 * eval (numericPairs.ts) and the same-quantity judge's trainer (numericJudge.ts) both read it: the
 * gold sentences and pairs, the pipeline's ingest -> segment -> enrich on the set's articles, the
 * set's own events (given, not re-clustered) and their claim units. The pipeline comes with the
 * eval context (`ctx.pipeline`, handed in by the CLI).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashConfig } from '../config/load.js';
import type { Logger } from '../runtime/logger.js';
import type { Article, Event, Sentence, Enrichment } from '../records.js';
import type { Config } from '../config/schema.js';
import { clusterableArticles } from '../analysis/corpus/clusterable.js';
import { buildArticleProfiles } from '../analysis/corpus/profiles.js';
import { buildClaimUnits, type ClaimUnit } from '../analysis/corpus/claimUnits.js';
import { statementContext } from '../analysis/corpus/statements.js';
import type { ClaimSimilarityContext } from '../analysis/corpus/claimSimilarity.js';
import { firstEvents, readBasilArticles, type BasilArticle } from './basil.js';
import { readJsonl, num, str } from '../measure/jsonl.js';
import type { EvalContext } from './context.js';

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
  const ctx = statementContext(units, claims, corpus.pairKeyWeight);
  const byArticle = new Map<string, ClaimUnit[]>();
  for (const u of units) (byArticle.get(u.sentence.articleId) ?? byArticle.set(u.sentence.articleId, []).get(u.sentence.articleId)!).push(u);
  const published = new Map(usable.map((a) => [a.id, a.published]));
  return {
    ctx,
    events: run.events.map((event) => ({ event, units: event.articleIds.flatMap((id) => byArticle.get(id) ?? []) })),
    publishedOf: (id) => published.get(id) ?? '',
  };
}

const quietProgress = () => ({ tick: () => undefined, done: () => undefined });
const quiet = (log: Logger): Logger => ({ ...log, info: log.debug });

/** Ingest, segment and enrich the set's articles; `cacheDir` keeps stage results between runs (a temporary folder when absent). */
export async function prepareNumericPairsRun(ctx: EvalContext, dir: string, cacheDir?: string): Promise<PreparedRun> {
  const set = firstEvents(readBasilArticles(dir, '--numeric-pairs DIR'), ctx.basilEvents);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-numeric-'));
  try {
    const input = path.join(tmp, 'articles.jsonl');
    fs.writeFileSync(input, set.map((a) => JSON.stringify(toRecord(a))).join('\n') + '\n');
    const config = structuredClone(ctx.loaded.config);
    config.input.paths = [input];
    config.report.dir = path.join(tmp, 'out');
    config.models.cacheDir = cacheDir ?? path.join(tmp, 'cache');
    const run = await ctx.pipeline.runPipeline({
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
