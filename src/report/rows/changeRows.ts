/**
 * changes.csv: what is new since the previous run on this output folder, the file an analyst
 * reads in the morning. One row per change:
 *
 * - `new_event`: an event whose articles all are new to the events;
 * - `changed_event`: an event that takes articles from previous events (it gained or lost some):
 *   `related_event_ids` are the previous events it replaces;
 * - `removed_event`: a previous event no longer there: `related_event_ids` are the events that
 *   hold its articles now (empty when they were removed);
 * - `new_contradiction`: a claim match labelled contradict whose id the previous run did not have;
 * - `new_discrepancy`: a numeric comparison with verdict discrepancy the previous run did not have.
 *
 * Finding ids are built from sentence ids (stable when an event gains an article), so a finding
 * kept from the previous run is not listed again. On a first run every event is new.
 */
import type { ClaimFindings, Event, SentenceRef } from '../../records.js';
import { defineTable, type Column, type Row, type Table } from '../csv.js';

const text = (name: string): Column => ({ name, type: 'text' });

export const CHANGE_COLUMNS: Column[] = [
  text('change'),
  text('event_id'),
  text('label'),
  { name: 'date_from', type: 'date' },
  { name: 'date_to', type: 'date' },
  text('article_ids'),
  text('new_article_ids'),
  text('related_event_ids'),
  text('finding_id'),
  text('a_article_id'),
  text('a_sentence_id'),
  text('a_sentence'),
  text('b_article_id'),
  text('b_sentence_id'),
  text('b_sentence'),
];

export interface PreviousFindings {
  events: readonly Event[];
  findings: Pick<ClaimFindings, 'claimMatches' | 'numericComparisons'> | undefined;
}

export function changesTable(events: readonly Event[], findings: Pick<ClaimFindings, 'claimMatches' | 'numericComparisons'>, previous: PreviousFindings): Table {
  const rows: Row[] = [];
  const before = new Map(previous.events.map((e) => [e.id, e]));
  const now = new Set(events.map((e) => e.id));
  const previousEventOf = new Map<string, string>();
  for (const e of previous.events) for (const id of e.articleIds) previousEventOf.set(id, e.id);
  const eventOf = new Map<string, string>();
  for (const e of events) for (const id of e.articleIds) eventOf.set(id, e.id);
  const byId = new Map(events.map((e) => [e.id, e]));
  const eventCells = (e: Event) => ({ event_id: e.id, label: e.label, date_from: e.dateFrom, date_to: e.dateTo, article_ids: e.articleIds.join(' ') });

  for (const e of events) {
    if (before.has(e.id)) continue;
    const replaced = [...new Set(e.articleIds.flatMap((id) => previousEventOf.get(id) ?? []))].sort();
    rows.push({
      change: replaced.length ? 'changed_event' : 'new_event',
      ...eventCells(e),
      new_article_ids: e.articleIds.filter((id) => !previousEventOf.has(id)).join(' '),
      related_event_ids: replaced.join(' '),
    });
  }
  for (const e of previous.events) {
    if (now.has(e.id)) continue;
    rows.push({ change: 'removed_event', ...eventCells(e), related_event_ids: [...new Set(e.articleIds.flatMap((id) => eventOf.get(id) ?? []))].sort().join(' ') });
  }
  const sides = (a: SentenceRef, b: SentenceRef) => ({
    a_article_id: a.articleId,
    a_sentence_id: a.sentenceId,
    a_sentence: a.text,
    b_article_id: b.articleId,
    b_sentence_id: b.sentenceId,
    b_sentence: b.text,
  });
  const finding = (eventId: string) => {
    const e = byId.get(eventId);
    return e ? { event_id: e.id, label: e.label, date_from: e.dateFrom, date_to: e.dateTo } : { event_id: eventId };
  };
  const seenContradictions = new Set((previous.findings?.claimMatches ?? []).filter((m) => m.relation === 'contradict').map((m) => m.id));
  for (const m of findings.claimMatches) {
    if (m.relation !== 'contradict' || seenContradictions.has(m.id)) continue;
    rows.push({ change: 'new_contradiction', ...finding(m.eventId), finding_id: m.id, ...sides(m.a, m.b) });
  }
  const seenDiscrepancies = new Set((previous.findings?.numericComparisons ?? []).filter((n) => n.verdict === 'discrepancy').map((n) => n.id));
  for (const n of findings.numericComparisons) {
    if (n.verdict !== 'discrepancy' || seenDiscrepancies.has(n.id)) continue;
    rows.push({ change: 'new_discrepancy', ...finding(n.eventId), finding_id: n.id, ...sides(n.a, n.b) });
  }
  return defineTable('changes', CHANGE_COLUMNS, rows);
}
