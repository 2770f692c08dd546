/**
 * The rows of tone towards actors the reports show: the first `perScope` of each outlet and scope,
 * in the rows' order (the most mentioned first), without their sentence ids, which no renderer shows
 * (entity_tone.csv, made from every row, does). The framing stage collects them as it makes the rows
 * (Framing.leadingActors), so the report stage does not read every row once more for them.
 *
 * Example:
 *   const leading = leadingActorsCollector();
 *   for (const row of rows) leading.add(row);
 *   report.framing.entityTone = leading.rows();
 */
import type { EntityTone } from '../../records.js';
import { piecesOf, type DatasetStream } from '../../store/datasetStream.js';
import { tupleKey } from '../../runtime/safeKeys.js';

/**
 * The most actors any report shows per outlet and scope (report.yaml's tone_towards_actors: 10;
 * report.html: 8 and 4). entity_tone.csv has every row.
 */
export const ACTORS_SHOWN_PER_SCOPE = 10;

/** Takes the rows one at a time, in their order; `rows()` gives the leading ones. A text quoted by several rows is kept once. */
export function leadingActorsCollector(perScope = ACTORS_SHOWN_PER_SCOPE): { add(row: EntityTone): void; rows(): EntityTone[] } {
  const shown = new Map<string, number>();
  const texts = new Map<string, string>();
  const out: EntityTone[] = [];
  return {
    add(row) {
      const scope = tupleKey(row.outlet, row.eventId);
      const count = shown.get(scope) ?? 0;
      if (count >= perScope) return;
      shown.set(scope, count + 1);
      const { text } = row.strongest;
      let kept = texts.get(text);
      if (kept === undefined) texts.set(text, (kept = text));
      out.push({ ...row, sentenceIds: [], strongest: { ...row.strongest, text: kept } });
    },
    rows: () => out,
  };
}

/** The leading rows of all the rows, given whole or a piece at a time (the report stage's stream of a stored framing). */
export function leadingActors(rows: readonly EntityTone[] | DatasetStream<EntityTone>, perScope = ACTORS_SHOWN_PER_SCOPE): EntityTone[] {
  const leading = leadingActorsCollector(perScope);
  for (const piece of piecesOf(rows)) for (const row of piece) leading.add(row);
  return leading.rows();
}
