/** The pipeline, in order. The folder tree and this list are the data flow. */
import type { AnyStage } from './stage.js';
import ingest from './ingest.js';
import segment from './segment.js';
import enrich from './enrich.js';
import events from './events.js';
import claims from './claims.js';
import framing from './framing.js';
import report from './report.js';
import { UsageError } from '../src/runtime/errors.js';

export const STAGES: readonly AnyStage[] = [ingest, segment, enrich, events, claims, framing, report] as unknown as AnyStage[];

export class UnknownStageError extends UsageError {
  constructor(names: string[]) {
    super(`unknown stage${names.length > 1 ? 's' : ''} ${names.join(', ')}. Stages: ${STAGES.map((s) => s.name).join(', ')}.`);
    this.name = 'UnknownStageError';
  }
}

/** The named stages in pipeline order (all of them when `names` is empty or undefined). */
export function selectStages(names?: string[]): AnyStage[] {
  if (!names || names.length === 0) return [...STAGES];
  const unknown = names.filter((n) => !STAGES.some((s) => s.name === n));
  if (unknown.length) throw new UnknownStageError(unknown);
  return STAGES.filter((s) => names.includes(s.name));
}
