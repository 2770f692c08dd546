/**
 * `crossframe train events`: fits the article-pair judge (config/models/events.json) on labelled
 * event sets in the BASIL / ECB+ record shape (articles.jsonl with event_id, article_id, title,
 * body or paragraphs, optional date, outlet and topic_id). A folder with dates is used twice, with
 * its dates and with them hidden. The link threshold is chosen on cross-validated (grouped by event
 * or topic) pair probabilities, the cross-validated clustering of every set is written into the
 * file's training report, and the model is then fit on all rows.
 *
 * Example:
 *   crossframe train events --data ../shared/eval/basil-dev,../shared/eval/ecbplus
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateClustering } from '../../measure/evaluateClustering.js';
import { crossValidateEvents } from './crossValidate.js';
import { EVENTS_JUDGE_KIND, EVENTS_JUDGE_VERSION, fitNeighbourModel, fitPairModel, type EventsJudge } from './judge.js';
import { featureWeights } from '../../learn/logisticRegression.js';
import { sha256OfFiles, writeJudgeFile } from '../../learn/modelFile.js';
import type { Trainer, TrainOptions, TrainResult } from '../../learn/trainer.js';
import { UsageError } from '../../runtime/errors.js';
import { buildEventSets } from '../../eval/eventSets.js';

/** Pair precision the link threshold is chosen for, on out-of-fold probabilities. */
export const EVENTS_TARGET_PAIR_PRECISION = 0.85;
/** An event with a pair of articles below this same-event probability (at least 9:1 two stories) may mix stories. */
export const EVENTS_MIXED_BELOW = 0.1;

const DEFAULT_DATA = '../shared/eval/basil-dev,../shared/eval/ecbplus';

async function train(options: TrainOptions): Promise<TrainResult> {
  const dirs = (options.data ?? DEFAULT_DATA).split(',').map((d) => path.resolve(d.trim())).filter(Boolean);
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(dir, 'articles.jsonl'))) throw new UsageError(`--data: ${dir} has no articles.jsonl. Fix: pass folders in the BASIL / ECB+ shape, comma-separated.`);
  }
  const out = path.resolve(options.out ?? options.loaded.config.events.judge ?? 'config/models/events.json');
  const folds = options.folds ?? 5;
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-train-events-'));
  try {
    const sets = await buildEventSets(
      dirs.map((dir) => ({ dir, name: path.basename(dir) })),
      { pipeline: options.pipeline, loaded: options.loaded, offline: options.offline, log: options.log, cacheDir },
    );
    const events = options.loaded.config.events;
    const cv = crossValidateEvents(sets, { folds, linkage: events.judgeLinkage, windowDays: events.windowDays, targetPrecision: EVENTS_TARGET_PAIR_PRECISION, mixedBelow: EVENTS_MIXED_BELOW });
    const crossValidated: Record<string, number | Record<string, number>> = {
      linkThreshold: cv.threshold,
      pairPrecision: round(cv.pairPrecision),
      pairRecall: round(cv.pairRecall),
    };
    sets.forEach((set, s) => {
      const predicted = new Map<string, string>();
      const gold = new Map<string, string>();
      cv.sets[s].clusters.forEach((members, c) => members.forEach((k) => predicted.set(set.corpus.articles[k].id, `ev${c}`)));
      set.corpus.articles.forEach((a, k) => gold.set(a.id, set.gold[k]));
      const score = evaluateClustering(predicted, gold);
      crossValidated[set.name] = { articles: score.items, bcubedPrecision: round(score.bcubedPrecision), bcubedRecall: round(score.bcubedRecall), bcubedF1: round(score.bcubedF1) };
    });
    const rows = cv.sets.flatMap((s) => s.rows);
    const model = fitPairModel(rows);
    // The second stage learns from out-of-fold first-stage probabilities: what the first stage
    // gives on articles it has not seen, as it will on a new corpus.
    const neighbourModel = fitNeighbourModel(cv.sets.flatMap((s) => s.neighbourRows));
    const files = dirs.map((d) => path.join(d, 'articles.jsonl'));
    const judge: EventsJudge = {
      kind: EVENTS_JUDGE_KIND,
      version: EVENTS_JUDGE_VERSION,
      model,
      neighbourModel,
      thresholds: { link: cv.threshold, mixed: EVENTS_MIXED_BELOW },
      training: {
        dataSha256: sha256OfFiles(files),
        dataFiles: files.map((f) => path.relative(process.cwd(), f)),
        rows: rows.length,
        groups: new Set(sets.flatMap((s) => s.groups)).size,
        folds: cv.folds,
        trainedAt: new Date().toISOString(),
        codeVersion: `events-judge-v${EVENTS_JUDGE_VERSION}`,
        crossValidated,
        notes: {
          targetPairPrecision: EVENTS_TARGET_PAIR_PRECISION,
          linkage: events.judgeLinkage,
          positives: rows.filter((r) => r.same).length,
          featureWeights: featureWeights(model),
          neighbourFeatureWeights: featureWeights(neighbourModel),
        },
      },
    };
    writeJudgeFile(out, judge);
    options.log.info(`events judge written to ${out}: ${JSON.stringify(crossValidated)}`);
    return { judge: 'events', file: out, crossValidated };
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

function round(v: number): number {
  return Number(v.toFixed(4));
}

export const eventsTrainer: Trainer = {
  description: 'article-pair judge for event clustering (config/models/events.json)',
  defaultData: DEFAULT_DATA,
  train,
};
