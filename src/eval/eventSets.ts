/**
 * Labelled event sets for the events eval and `crossframe train events`: BASIL (basil-dev) and
 * ECB+ (ecbplus) share one record shape (event_id, article_id, outlet, date, title, body or
 * paragraphs; ECB+ adds topic_id). Each set runs through the real pipeline (ingest -> segment ->
 * enrich) in this process (the pipeline handed in, src/runtime/pipelineApp.ts), so the events code
 * sees exactly what a run sees, and comes back as an
 * event corpus with the gold event and the cross-validation group of every article.
 *
 * Every article takes part: title-only briefs and short texts are not dropped (input.minWords 0
 * for these runs; clustering reads the title), and an exact duplicate joins its original's event.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashConfig, type LoadedConfig } from '../config/load.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';
import type { Logger } from '../runtime/logger.js';
import type { Article } from '../records.js';
import { clusterableArticles } from '../analysis/corpus/clusterable.js';
import { prepareEventCorpus, type EventCorpus } from '../analysis/events/pairs.js';
import { readJsonl, str } from '../measure/jsonl.js';

export interface LabelledArticle {
  articleId: string;
  eventId: string;
  /** Cross-validation group: the topic where the set has one (ECB+), else the event. */
  group: string;
  outlet: string;
  date: string;
  url: string;
  title: string;
  body: string;
}

export interface EventSet {
  /** e.g. "basil-dev (dates)", "basil-dev (dates hidden)", "ecbplus". */
  name: string;
  /** Sets built from the same articles share a family, so their groups land in the same fold. */
  family: string;
  articles: LabelledArticle[];
  /** The clustering corpus (articles that took part in clustering, sorted by id). */
  corpus: EventCorpus;
  /** Per corpus article: gold event and group. */
  gold: string[];
  groups: string[];
  /** Pipeline article id -> labelled article id, for every article the pipeline kept (duplicates too). */
  labelledIdOf: Map<string, string>;
  /** Pipeline articles (duplicates included), for attaching duplicates to their original's event. */
  pipelineArticles: Article[];
}

export function readLabelledArticles(dir: string, flag: string): LabelledArticle[] {
  const file = path.join(dir, 'articles.jsonl');
  return readJsonl(
    file,
    (r) => {
      const paragraphs = Array.isArray(r.paragraphs) ? r.paragraphs.map((p) => (Array.isArray(p) ? p.map(String).join(' ') : String(p))) : [];
      const body = typeof r.body === 'string' ? r.body : paragraphs.join('\n\n');
      const eventId = str(r, 'event_id');
      const topic = r.topic_id === undefined || r.topic_id === null || r.topic_id === '' ? '' : String(r.topic_id);
      return {
        articleId: str(r, 'article_id'),
        eventId,
        group: topic ? `topic:${topic}` : `event:${eventId}`,
        outlet: typeof r.outlet === 'string' ? r.outlet : '',
        date: typeof r.date === 'string' ? r.date : '',
        url: typeof r.url === 'string' ? r.url : '',
        title: typeof r.title === 'string' ? r.title : '',
        body: body.trim(),
      };
    },
    flag,
  );
}

/** Articles of the first `events` gold events, in file order (all when undefined). */
export function firstGoldEvents(articles: LabelledArticle[], events: number | undefined): LabelledArticle[] {
  if (events === undefined) return articles;
  const kept = new Set<string>();
  for (const a of articles) {
    if (kept.size >= events && !kept.has(a.eventId)) continue;
    kept.add(a.eventId);
  }
  return articles.filter((a) => kept.has(a.eventId));
}

const quietProgress = () => ({ tick: () => undefined, done: () => undefined });
const quiet = (log: Logger): Logger => ({ ...log, info: log.debug });

export interface BuildSetOptions {
  /** Runs ingest -> segment -> enrich (pipeline/app.ts, handed in by the CLI). */
  pipeline: PipelineApp;
  loaded: LoadedConfig;
  offline: boolean;
  log: Logger;
  /** Shared model cache folder, so the two BASIL variants embed their texts once. */
  cacheDir: string;
}

/** Runs ingest -> segment -> enrich on the articles and returns the event corpus. */
export async function buildEventSet(name: string, family: string, articles: LabelledArticle[], hideDates: boolean, options: BuildSetOptions): Promise<EventSet> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-event-set-'));
  try {
    const input = path.join(tmp, 'articles.jsonl');
    const records = articles.map((a) => ({
      id: a.articleId,
      // A title-only brief: its headline is the record's text (ingest wants a text; it may take
      // the line back as the title), so the brief still takes part in its event.
      title: a.body ? a.title : '',
      text: a.body || a.title,
      outlet: a.outlet,
      published: hideDates ? '' : a.date,
      url: a.url,
    }));
    fs.writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const config = structuredClone(options.loaded.config);
    config.input.paths = [input];
    // A title-only brief (no body) is still an article of its event: nothing is too short here.
    config.input.minWords = 0;
    // Hidden dates stay hidden: no publication date from the text, no mentioned or address date either.
    if (hideDates) {
      config.events.useMentionedDates = false;
      config.events.useUrlDates = false;
    }
    config.report.dir = path.join(tmp, 'out');
    config.models.cacheDir = options.cacheDir;
    const run = await options.pipeline.runPipeline({
      loaded: { ...options.loaded, config, hash: hashConfig(config) },
      stages: ['ingest', 'segment', 'enrich'],
      offline: options.offline,
      log: quiet(options.log),
      progress: quietProgress,
    });
    const pipelineArticles = (run.datasets.articles ?? []).map((a) => (hideDates ? { ...a, published: '' } : a));
    const labelledIdOf = new Map<string, string>();
    for (const a of pipelineArticles) {
      const line = a.sourceLine;
      if (line !== undefined && articles[line - 1]) labelledIdOf.set(a.id, articles[line - 1].articleId);
    }
    const byId = new Map(articles.map((a) => [a.articleId, a]));
    const corpus = prepareEventCorpus(
      { articles: clusterableArticles(pipelineArticles), sentences: run.datasets.sentences ?? [], enrichment: run.datasets.enrichment ?? null },
      config.events,
      config.claims,
    );
    const labelled = corpus.articles.map((a) => byId.get(labelledIdOf.get(a.id) ?? '')!);
    if (labelled.some((a) => !a)) throw new Error(`${name}: an article of the run has no labelled record (sourceLine missing). Fix: report this as a bug.`);
    return {
      name,
      family,
      articles,
      corpus,
      gold: labelled.map((a) => a.eventId),
      groups: labelled.map((a) => `${family}:${a.group}`),
      labelledIdOf,
      pipelineArticles,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whole gold events, in file order, until at least `limit` articles (all when undefined). */
export function firstArticles(articles: LabelledArticle[], limit: number | undefined): LabelledArticle[] {
  if (limit === undefined) return articles;
  const kept = new Set<string>();
  let count = 0;
  for (const a of articles) {
    if (count >= limit && !kept.has(a.eventId)) break;
    kept.add(a.eventId);
    count++;
  }
  return articles.filter((a) => kept.has(a.eventId));
}

/** BASIL-format folders -> event sets: a folder with dates gives "dates" and "dates hidden" sets. */
export async function buildEventSets(dirs: { dir: string; name: string; basilEvents?: number; limit?: number }[], options: BuildSetOptions): Promise<EventSet[]> {
  const sets: EventSet[] = [];
  for (const { dir, name, basilEvents, limit } of dirs) {
    const articles = firstArticles(firstGoldEvents(readLabelledArticles(dir, `--${name} DIR`), basilEvents), limit);
    const dated = articles.some((a) => /^\d{4}-\d{2}-\d{2}$/.test(a.date));
    options.log.info(`events: ${name}: ${articles.length} articles${dated ? ' (with dates, and with dates hidden)' : ''}`);
    if (dated) sets.push(await buildEventSet(`${name} (dates)`, dir, articles, false, options));
    sets.push(await buildEventSet(dated ? `${name} (dates hidden)` : name, dir, articles, true, options));
  }
  return sets;
}
