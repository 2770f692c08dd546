/**
 * What every report of a run is rendered from: the CSV tables' rows, report.yaml, report.html and
 * report.xlsx all show these records. Each renderer's input extends it with that renderer's options.
 */
import type { Analysis, Article, Framing, SkippedInput } from '../records.js';
import { ACTORS_SHOWN_PER_SCOPE } from '../analysis/framing/leadingActors.js';

// The leading actors are collected by the framing stage as it makes the rows (Framing.leadingActors).
export { ACTORS_SHOWN_PER_SCOPE };
export { leadingActors } from '../analysis/framing/leadingActors.js';

export interface ReportModel {
  runId: string;
  startedAt: string;
  /** Which models ran, in one sentence (src/models/profile.ts), for the top of report.html. */
  modelsNote?: string;
  articles: Article[];
  skipped: SkippedInput[];
  analysis: Analysis;
  /**
   * `entityTone` may hold only the first ACTORS_SHOWN_PER_SCOPE rows of each outlet and scope
   * (leadingActors): the renderers show no more, and the tables are made apart from the model.
   */
  framing: Framing;
}

/** The model part of a renderer's input, without its options. */
export function reportModelOf(input: ReportModel): ReportModel {
  const { runId, startedAt, modelsNote, articles, skipped, analysis, framing } = input;
  return { runId, startedAt, modelsNote, articles, skipped, analysis, framing };
}

