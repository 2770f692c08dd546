/**
 * summary.json: the counts a cron alert needs, in one small file in the run folder (and, with
 * --json-log, on the last log line). Everything in it is also in manifest.json and the CSVs.
 */
import type { Analysis, Article, SkippedInput } from '../records.js';

export interface RunSummary {
  tool: 'crossframe';
  runId: string;
  /** 0: a folder is published only when every report was written; a failed run leaves none. */
  exitStatus: number;
  articles: number;
  analysableArticles: number;
  skipped: number;
  /** Articles left out because their queue job failed on every attempt (run --queue); also in skipped. */
  deadLetters: number;
  events: number;
  claimMatches: number;
  contradictions: number;
  numericComparisons: number;
  discrepancies: number;
  omissions: number;
  /** Warnings logged by this run up to the report (unknown keys, stale lock taken over...). */
  warnings: number;
}

export function buildRunSummary(input: {
  runId: string;
  articles: readonly Article[];
  skipped: readonly SkippedInput[];
  analysis: Analysis;
  warnings: number;
}): RunSummary {
  const { analysis } = input;
  return {
    tool: 'crossframe',
    runId: input.runId,
    exitStatus: 0,
    articles: input.articles.length,
    analysableArticles: input.articles.filter((a) => a.analysable).length,
    skipped: input.skipped.length,
    deadLetters: input.skipped.filter((s) => s.reason === 'dead-letter').length,
    events: analysis.events.length,
    claimMatches: analysis.claimMatches.length,
    contradictions: analysis.claimMatches.filter((m) => m.relation === 'contradict').length,
    numericComparisons: analysis.numericComparisons.length,
    discrepancies: analysis.numericComparisons.filter((n) => n.verdict === 'discrepancy').length,
    omissions: analysis.omissions.length,
    warnings: input.warnings,
  };
}

export const renderRunSummary = (summary: RunSummary): string => `${JSON.stringify(summary, null, 2)}\n`;
