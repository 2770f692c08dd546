/**
 * `crossframe eval --compare-config FILE`: every model-dependent figure measured twice in one run,
 * once with the main profile and once with FILE (e.g. the bundled int8 models against the fp32
 * originals they were quantized from, config/compact-fp32.yaml), side by side with the difference,
 * plus each model's file size and load time. The int8 models are kept only if every figure stays
 * within COMPARE_TOLERANCE of fp32.
 */
import fs from 'node:fs';
import type { LoadedConfig } from '../config/load.js';
import { identifyModel, openSession } from '../models/load.js';
import { resolveModelSettings } from '../models/locate.js';
import { MODEL_ROLES } from '../models/hub.js';
import { renderTable } from '../measure/harness.js';
import type { CompareResult, EvalResult, EvalTask, FigureComparison, ModelFootprint } from './evalTypes.js';

export type { CompareResult, FigureComparison, ModelFootprint } from './evalTypes.js';

export const COMPARE_TOLERANCE = 0.01;

/**
 * Tasks whose figures depend on the models (the others use lexicons and rules only). A new task
 * that runs a model belongs here and in headlineFigures.
 */
export const MODEL_TASKS: ReadonlySet<EvalTask> = new Set<EvalTask>(['events', 'stsb', 'claims', 'sst2', 'nli', 'relations']);

export interface Figure {
  task: EvalTask;
  metric: string;
  value: number;
}

/** The figures that summarise each model-dependent task (what the README quotes). */
export function headlineFigures(tasks: EvalResult['tasks']): Figure[] {
  const out: Figure[] = [];
  const add = (task: EvalTask, metric: string, value: number | null | undefined) => {
    if (typeof value === 'number') out.push({ task, metric, value });
  };
  if (tasks.events) {
    add('events', 'B-cubed F1', tasks.events.bcubedF1);
    add('events', 'ARI', tasks.events.ari);
  }
  if (tasks.stsb) {
    add('stsb', 'Spearman', tasks.stsb.spearman);
    add('stsb', 'Pearson', tasks.stsb.pearson);
  }
  for (const set of tasks.claims?.sets ?? []) {
    add('claims', `${set.name} F1 @ configured`, set.atConfigured.f1);
    add('claims', `${set.name} best F1`, set.best.f1);
    add('claims', `${set.name} hard-negative accuracy`, set.hardNegativeAccuracy);
  }
  if (tasks.sst2) {
    add('sst2', 'accuracy', tasks.sst2.accuracy);
    add('sst2', 'macro-F1', tasks.sst2.macroF1);
  }
  if (tasks.nli) {
    add('nli', 'accuracy', tasks.nli.accuracy);
    add('nli', 'macro-F1', tasks.nli.macroF1);
    add('nli', 'contradiction recall', tasks.nli.contradictionRecall);
  }
  if (tasks.relations) {
    add('relations', 'agree F1', tasks.relations.agree.f1);
    add('relations', 'agree precision', tasks.relations.agree.precision);
    add('relations', 'any-match precision', tasks.relations.anyMatch.precision);
    add('relations', 'any-match recall', tasks.relations.anyMatch.recall);
    add('relations', 'candidate recall', tasks.relations.candidateRecall);
  }
  return out;
}


/** Size and load time of each model a profile names (loaded from scratch, outside any cache). */
export async function measureModelLoads(loaded: LoadedConfig, offline: boolean): Promise<ModelFootprint[]> {
  const models = loaded.config.models;
  const settings = resolveModelSettings(models, offline);
  const out: ModelFootprint[] = [];
  for (const role of MODEL_ROLES) {
    const began = performance.now();
    const { identity, session } = await identifyModel(role, models[role], settings, models.maxTokens);
    if (!session) await openSession(identity, settings, models.maxTokens);
    out.push({ role, id: identity.id, file: identity.file, bytes: fs.statSync(identity.file).size, loadMs: Math.round(performance.now() - began) });
  }
  return out;
}



export function compareFigures(main: EvalResult['tasks'], other: EvalResult['tasks']): { figures: FigureComparison[]; allWithin: boolean } {
  const theirs = new Map(headlineFigures(other).map((f) => [`${f.task}|${f.metric}`, f.value]));
  const mine = headlineFigures(main);
  const figures = mine.flatMap((f) => {
    const value = theirs.get(`${f.task}|${f.metric}`);
    if (value === undefined) return [];
    const diff = Math.round((f.value - value) * 1e4) / 1e4;
    return [{ task: f.task, metric: f.metric, main: f.value, compare: value, diff, withinTolerance: Math.abs(diff) <= COMPARE_TOLERANCE }];
  });
  return { figures, allWithin: figures.length === mine.length && theirs.size === mine.length && figures.every((f) => f.withinTolerance) };
}

export function printComparison(mainFile: string, compare: CompareResult): string {
  const rows = compare.figures.map((f) => [f.task, f.metric, f.main, f.compare, f.diff, f.withinTolerance ? 'yes' : 'NO']);
  for (const f of compare.failures) rows.push([f.task, 'FAILED (compare profile)', '', '', '', f.error.slice(0, 80)]);
  const models = compare.models.main.map((m, i) => {
    const o = compare.models.compare[i];
    return [m.role, `${m.id} ${(m.bytes / 1e6).toFixed(1)} MB, ${m.loadMs} ms`, o ? `${o.id} ${(o.bytes / 1e6).toFixed(1)} MB, ${o.loadMs} ms` : ''];
  });
  return [
    '',
    `side by side: ${mainFile} vs ${compare.config.files[0] ?? 'defaults'} (within ${compare.tolerance}: ${compare.allWithinTolerance ? 'every figure' : 'NOT every figure'})`,
    renderTable(['task', 'metric', 'main', 'compare', 'main - compare', `within ${compare.tolerance}`], rows),
    '',
    renderTable(['model', 'main: size, cold load', 'compare: size, cold load'], models),
    '',
  ].join('\n');
}
