/** outlet_framing.csv and entity_tone.csv. */
import type { Analysis, EntityTone, OutletFraming } from '../../records.js';
import { defineTable, type Column, type LazyTable, type Row, type Table } from '../csv.js';
import { ownValue } from '../../runtime/safeKeys.js';
import { piecesOf, type DatasetStream } from '../../store/datasetStream.js';
import { defineGroupedTable, type CarriedRows } from '../csvCarry.js';

/** "fiasco (2); deaf ears (1)": term counts, most frequent first, as one readable cell. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k} (${v})`)
    .join('; ');
}

/** quotes_us_officials for "US officials": a header a spreadsheet formula can name. */
export function speakerGroupColumn(group: string): string {
  const slug = group
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return `quotes_${slug || 'group'}`;
}

/** Speaker groups in config order, then any group found in the data but no longer configured. */
export function speakerGroupOrder(configured: string[], rows: OutletFraming[]): string[] {
  const extra = new Set<string>();
  for (const r of rows) for (const g of Object.keys(r.speakerGroups)) if (!configured.includes(g)) extra.add(g);
  return [...configured, ...[...extra].sort()];
}

const num = (name: string, decimals?: number): Column => ({ name, type: 'number', decimals });
const text = (name: string): Column => ({ name, type: 'text' });
const bool = (name: string): Column => ({ name, type: 'bool' });
/** A bound that does not exist (no sentences) is a blank cell, never 0. */
const bound = (x: number) => (Number.isFinite(x) ? x : null);

/** One column name per group, made unique when two group names slug alike. */
export function groupColumnNames(groups: string[]): string[] {
  const seen = new Set<string>();
  return groups.map((g) => {
    let name = speakerGroupColumn(g);
    for (let i = 2; seen.has(name); i++) name = `${speakerGroupColumn(g)}_${i}`;
    seen.add(name);
    return name;
  });
}

export function outletFramingColumns(groups: string[]): Column[] {
  const groupColumns = groupColumnNames(groups).map((n) => num(n));
  return [
    text('outlet'),
    text('event_id'),
    text('event_label'),
    num('articles'),
    num('sentences'),
    num('words'),
    num('tone_mean', 4),
    num('tone_negative_share', 4),
    num('tone_positive_share', 4),
    num('tone_sentences'),
    num('tone_negative'),
    num('tone_neutral'),
    num('tone_positive'),
    num('tone_ci_low', 4),
    num('tone_ci_high', 4),
    bool('tone_enough'),
    text('tone_higher_than'),
    text('tone_lower_than'),
    num('tone_higher_than_count'),
    num('tone_lower_than_count'),
    num('polar_sentences'),
    num('polar_share', 4),
    num('loaded_count'),
    num('loaded_per_1000_words', 3),
    num('loaded_in_quotes'),
    text('loaded_terms'),
    num('hedge_count'),
    num('hedges_per_1000_words', 3),
    text('hedge_terms'),
    num('attribution_count'),
    num('attribution_per_1000_words', 3),
    text('attribution_terms'),
    num('quotes'),
    ...groupColumns,
    text('speakers'),
    num('events_covered'),
    num('claims_shared'),
    num('contradictions'),
    num('numeric_discrepancies'),
    num('omissions'),
  ];
}

function eventLabels(analysis: Analysis): Map<string, string> {
  return new Map([['*', '(all events)'], ...analysis.events.map((e) => [e.id, e.label] as [string, string])]);
}

export function outletFramingTable(rows: OutletFraming[], analysis: Analysis, configuredGroups: string[]): Table {
  const groups = speakerGroupOrder(configuredGroups, rows);
  const columns = outletFramingColumns(groups);
  const groupColumns = groupColumnNames(groups);
  const labels = eventLabels(analysis);
  const out: Row[] = rows.map((f) => {
    const row: Row = {
      outlet: f.outlet,
      event_id: f.eventId,
      event_label: labels.get(f.eventId) ?? '',
      articles: f.articles,
      sentences: f.sentences,
      words: f.words,
      tone_mean: f.toneMean,
      tone_negative_share: f.toneNegativeShare,
      tone_positive_share: f.tonePositiveShare,
      tone_sentences: f.toneSentences,
      tone_negative: f.toneNegative,
      tone_neutral: f.toneNeutral,
      tone_positive: f.tonePositive,
      tone_ci_low: bound(f.toneLow),
      tone_ci_high: bound(f.toneHigh),
      tone_enough: f.toneEnough,
      tone_higher_than: f.toneHigherThan.join('; '),
      tone_lower_than: f.toneLowerThan.join('; '),
      tone_higher_than_count: f.toneHigherThanCount,
      tone_lower_than_count: f.toneLowerThanCount,
      polar_sentences: f.polarSentences,
      polar_share: f.polarShare,
      loaded_count: f.loadedCount,
      loaded_per_1000_words: f.loadedPer1000Words,
      loaded_in_quotes: f.loadedInQuotes,
      loaded_terms: formatCounts(f.loadedTermCounts),
      hedge_count: f.hedgeCount,
      hedges_per_1000_words: f.hedgesPer1000Words,
      hedge_terms: formatCounts(f.hedgeTermCounts),
      attribution_count: f.attributionCount,
      attribution_per_1000_words: f.attributionPer1000Words,
      attribution_terms: formatCounts(f.attributionTermCounts),
      quotes: f.quotes,
      speakers: formatCounts(f.speakers),
      events_covered: f.eventsCovered,
      claims_shared: f.claimsShared,
      contradictions: f.contradictions,
      numeric_discrepancies: f.numericDiscrepancies,
      omissions: f.omissions,
    };
    groups.forEach((g, i) => (row[groupColumns[i]] = ownValue(f.speakerGroups, g) ?? 0));
    return row;
  });
  return defineTable('outlet_framing', columns, out);
}

export const ENTITY_TONE_COLUMNS: Column[] = [
  text('outlet'),
  text('event_id'),
  text('event_label'),
  text('entity'),
  text('entity_type'),
  num('mentions'),
  num('tone_mean', 4),
  num('negative_share', 4),
  num('positive_share', 4),
  num('tone_ci_low', 4),
  num('tone_ci_high', 4),
  num('own_voice_mentions'),
  num('quoted_mentions'),
  num('speaker_mentions'),
  text('strongest_sentence_id'),
  num('strongest_score', 4),
  text('strongest_sentence'),
  text('sentence_ids'),
];

/**
 * Lazy: entity_tone.csv has a row per outlet, scope and actor (263,000 at 20,000 articles), each
 * with its mentions' sentence ids joined; made as the CSV and the workbook are written, never all at
 * once, from the rows held or read from the store a piece at a time (the report stage's stream).
 */
/**
 * For the CSV the rows come an outlet and event at a time (the table's order keeps them together),
 * keyed by their values: a group the previous run wrote with the same key is copied from its file
 * (`previous`, csvCarry.ts). The rows of events a night did not touch stay the same.
 */
export function entityToneTable(rows: readonly EntityTone[] | DatasetStream<EntityTone>, analysis: Analysis, previous?: CarriedRows): LazyTable {
  const labels = eventLabels(analysis);
  const row = (e: EntityTone) => ({
    outlet: e.outlet,
    event_id: e.eventId,
    event_label: labels.get(e.eventId) ?? '',
    entity: e.entity,
    entity_type: e.entityType,
    mentions: e.mentions,
    tone_mean: e.toneMean,
    negative_share: e.negativeShare,
    positive_share: e.positiveShare,
    tone_ci_low: bound(e.toneLow),
    tone_ci_high: bound(e.toneHigh),
    own_voice_mentions: e.ownVoiceMentions,
    quoted_mentions: e.quotedMentions,
    speaker_mentions: e.speakerMentions,
    strongest_sentence_id: e.strongest.sentenceId,
    strongest_score: e.strongest.score,
    strongest_sentence: e.strongest.text,
    sentence_ids: e.sentenceIds.join('; '),
  });
  const eachRow = function* (): Generator<[string, Row]> {
    for (const piece of piecesOf(rows)) for (const e of piece) yield [`${e.outlet}\u0000${e.eventId}`, row(e)];
  };
  return defineGroupedTable('entity_tone', ENTITY_TONE_COLUMNS, rows.length, eachRow, previous);
}
