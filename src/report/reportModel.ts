/**
 * What every report of a run is rendered from: the CSV tables' rows, report.yaml, report.html and
 * report.xlsx all show these records. Each renderer's input extends it with that renderer's options.
 */
import type { Analysis, Article, EntityTone, Framing, SkippedInput } from '../records.js';
import { piecesOf, type DatasetStream } from '../store/datasetStream.js';
import { tupleKey } from '../runtime/safeKeys.js';

/**
 * The most actors any report shows per outlet and scope (report.yaml's tone_towards_actors: 10;
 * report.html: 8 and 4). entity_tone.csv has every row.
 */
export const ACTORS_SHOWN_PER_SCOPE = 10;

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

/**
 * The first `perScope` rows of tone towards actors of each outlet and scope, in the rows' order (the
 * most mentioned first), without their sentence ids, which no renderer shows (entity_tone.csv, made
 * from every row, does): what report.yaml and report.html read, made in one pass over rows the
 * report stage reads from the store a piece at a time (662,163 at 50,000 articles). A text quoted
 * by several rows is kept once.
 */
export function leadingActors(rows: readonly EntityTone[] | DatasetStream<EntityTone>, perScope = ACTORS_SHOWN_PER_SCOPE): EntityTone[] {
  const shown = new Map<string, number>();
  const texts = new Map<string, string>();
  const out: EntityTone[] = [];
  for (const piece of piecesOf(rows)) {
    for (const row of piece) {
      const scope = tupleKey(row.outlet, row.eventId);
      const count = shown.get(scope) ?? 0;
      if (count >= perScope) continue;
      shown.set(scope, count + 1);
      const { text } = row.strongest;
      let kept = texts.get(text);
      if (kept === undefined) texts.set(text, (kept = text));
      out.push({ ...row, sentenceIds: [], strongest: { ...row.strongest, text: kept } });
    }
  }
  return out;
}
