/**
 * Event clustering on BASIL: every article (title, body paragraphs, outlet, date, URL) becomes a
 * JSONL record, the real pipeline runs ingest -> segment -> enrich -> events on it in this
 * process, and the events are scored against BASIL's gold triplets with B-cubed and ARI.
 * The outlet is given, as it always is in a real run; the event id is not. Articles the run
 * skipped (too short, duplicates) count as single-article clusters, so nothing is hidden.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashConfig } from '../config/load.js';
import { evaluateClustering } from '../analysis/evaluateClustering.js';
import { runPipeline } from '../../pipeline/runner.js';
import type { Logger } from '../../pipeline/stage.js';
import { round } from './metrics.js';
import { firstEvents, readBasilArticles, type BasilArticle } from './basil.js';
import type { EvalContext } from './context.js';

export interface EventsEvalResult {
  dir: string;
  articles: number;
  goldEvents: number;
  predictedClusters: number;
  multiArticleEvents: number;
  /** Articles the pipeline skipped (each then counts as its own cluster). */
  skippedArticles: number;
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  ari: number;
  /** Gold events split over several predicted events, and predicted events mixing gold events. */
  splitGoldEvents: number;
  mixedPredictedEvents: number;
}

function toRecord(a: BasilArticle) {
  return {
    id: a.articleId,
    title: a.title,
    text: a.paragraphs.map((p) => p.join(' ')).join('\n\n'),
    outlet: a.outlet,
    published: a.date,
    url: a.url,
  };
}

const quietProgress = () => ({ tick: () => undefined, done: () => undefined });
const quiet = (log: Logger): Logger => ({ ...log, info: log.debug });

export async function evalEvents(ctx: EvalContext, dir: string): Promise<EventsEvalResult> {
  const basil = firstEvents(readBasilArticles(dir), ctx.basilEvents);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-events-'));
  try {
    const input = path.join(tmp, 'basil.jsonl');
    fs.writeFileSync(input, basil.map((a) => JSON.stringify(toRecord(a))).join('\n') + '\n');
    const config = structuredClone(ctx.loaded.config);
    config.input.paths = [input];
    config.report.dir = path.join(tmp, 'out');
    config.models.cacheDir = path.join(tmp, 'cache');
    const run = await runPipeline({
      loaded: { ...ctx.loaded, config, hash: hashConfig(config) },
      stages: ['ingest', 'segment', 'enrich', 'events'],
      offline: ctx.offline,
      log: quiet(ctx.log),
      progress: quietProgress,
    });
    // The pipeline's article ids -> BASIL ids, through the record's line in the input file.
    const basilIdOf = new Map<string, string>();
    for (const a of run.datasets.articles ?? []) {
      const line = a.sourceLine;
      if (line !== undefined && basil[line - 1]) basilIdOf.set(a.id, basil[line - 1].articleId);
    }
    const predicted = new Map<string, string>();
    const events = run.datasets.events ?? run.datasets.analysis?.events ?? [];
    for (const event of events) {
      for (const id of event.articleIds) {
        const basilId = basilIdOf.get(id);
        if (basilId) predicted.set(basilId, event.id);
      }
    }
    let skipped = 0;
    for (const a of basil) {
      if (!predicted.has(a.articleId)) {
        predicted.set(a.articleId, `unclustered:${a.articleId}`);
        skipped++;
      }
    }
    const gold = new Map(basil.map((a) => [a.articleId, a.eventId]));
    const score = evaluateClustering(predicted, gold);
    const goldOf = (ids: string[]) => new Set(ids.map((id) => gold.get(id)));
    const members = new Map<string, string[]>();
    for (const [id, p] of predicted) (members.get(p) ?? members.set(p, []).get(p)!).push(id);
    const predictedOfGold = new Map<string, Set<string>>();
    for (const [id, g] of gold) (predictedOfGold.get(g) ?? predictedOfGold.set(g, new Set()).get(g)!).add(predicted.get(id)!);
    return {
      dir,
      articles: basil.length,
      goldEvents: score.goldClusters,
      predictedClusters: score.predictedClusters,
      multiArticleEvents: [...members.values()].filter((m) => m.length > 1).length,
      skippedArticles: skipped,
      bcubedPrecision: round(score.bcubedPrecision),
      bcubedRecall: round(score.bcubedRecall),
      bcubedF1: round(score.bcubedF1),
      ari: round(score.ari),
      splitGoldEvents: [...predictedOfGold.values()].filter((s) => s.size > 1).length,
      mixedPredictedEvents: [...members.values()].filter((m) => goldOf(m).size > 1).length,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
