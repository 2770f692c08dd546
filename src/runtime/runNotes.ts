/**
 * What a run records for its manifest besides its datasets. The session fills it: config files
 * from the loader, inputs and models from the catalog and the stages, counters and warnings from
 * each stage's result (replayed when a stored result is reused), the work this run did itself.
 */
export interface ModelUsed {
  role: string;
  id: string;
  source: string;
  file: string;
  sha256: string;
}

export interface RunNotes {
  /**
   * Facts about the data, per stage (`claims.contradict`, `enrich.truncated`, ...): stored with a
   * stage's result and replayed when it is reused, so a cached run reports what a fresh one does.
   */
  counters: Record<string, number>;
  /** The warnings the stages returned (replayed like the counters), in stage order. */
  warnings: string[];
  /**
   * What this run computed rather than reused (`enrich.modelCalls`, `enrich.cacheHits`,
   * `segment.articlesSegmented`, `cache.damagedEntries`): zero for a reused stage.
   */
  work: Record<string, number>;
  /** Input files read, with their content hashes. */
  inputs: { file: string; sha256: string; bytes: number }[];
  models: ModelUsed[];
  /** Filled by the session as stages finish. */
  stages: { name: string; ms: number; cached: boolean; summary: string }[];
  /** Config files read (child first) and warnings about them. */
  configFiles: string[];
  configWarnings: string[];
}
