/**
 * What every report of a run is rendered from: the CSV tables' rows, report.yaml, report.html and
 * report.xlsx all show these records. Each renderer's input extends it with that renderer's options.
 */
import type { Analysis, Article, Framing, SkippedInput } from '../records.js';

export interface ReportModel {
  runId: string;
  startedAt: string;
  /** Which models ran, in one sentence (src/models/profile.ts), for the top of report.html. */
  modelsNote?: string;
  articles: Article[];
  skipped: SkippedInput[];
  analysis: Analysis;
  framing: Framing;
}

/** The model part of a renderer's input, without its options. */
export function reportModelOf(input: ReportModel): ReportModel {
  const { runId, startedAt, modelsNote, articles, skipped, analysis, framing } = input;
  return { runId, startedAt, modelsNote, articles, skipped, analysis, framing };
}
