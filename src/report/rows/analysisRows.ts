/**
 * events.csv, claim_matches.csv, numeric_comparisons.csv, omissions.csv: record -> row objects
 * with the documented column names. Every claim, figure and omission row carries the article
 * ids, outlets and exact sentences behind it, so an analyst can check it without the pipeline.
 * Outlets are outlet keys: an article whose outlet is unknown is its own outlet, `unknown:<articleId>`.
 */
import type { Analysis, ClaimMatch, Event, NumericComparison, Omission, Quantity } from '../../records.js';
import { defineTable, type Column, type Row, type Table } from '../csv.js';
import { tupleKey } from '../../runtime/safeKeys.js';

const text = (name: string): Column => ({ name, type: 'text' });
const num = (name: string, decimals?: number): Column => ({ name, type: 'number', decimals });
const date = (name: string): Column => ({ name, type: 'date' });

export const EVENT_COLUMNS: Column[] = [
  text('event_id'),
  text('label'),
  date('date_from'),
  date('date_to'),
  num('articles'),
  num('outlets'),
  text('outlet_list'),
  text('article_ids'),
  num('cohesion', 4),
  { name: 'may_mix_stories', type: 'bool' },
  num('claim_matches'),
  num('agree'),
  num('contradict'),
  num('numeric_discrepancies'),
  num('omissions'),
];

const sentenceColumns = (side: 'a' | 'b'): Column[] => [
  text(`${side}_outlet`),
  text(`${side}_article_id`),
  text(`${side}_sentence_id`),
  text(`${side}_sentence`),
];

export const CLAIM_MATCH_COLUMNS: Column[] = [
  text('match_id'),
  text('event_id'),
  text('relation'),
  num('confidence', 4),
  num('similarity', 4),
  num('cosine', 4),
  num('lexical', 4),
  num('nli_entailment', 4),
  num('nli_contradiction', 4),
  text('reason'),
  text('claim_cluster_id'),
  ...sentenceColumns('a'),
  ...sentenceColumns('b'),
];

const figureColumns = (side: 'a' | 'b'): Column[] => [
  text(`${side}_figure`),
  num(`${side}_value`),
  text(`${side}_qualifier`),
  num(`${side}_min`),
  num(`${side}_max`),
  text(`${side}_unit`),
  ...sentenceColumns(side),
];

export const NUMERIC_COLUMNS: Column[] = [
  text('comparison_id'),
  text('event_id'),
  text('quantity'),
  text('verdict'),
  num('relative_gap', 4),
  num('confidence', 4),
  text('reason'),
  text('quantity_a'),
  text('quantity_b'),
  text('published_a'),
  text('published_b'),
  ...figureColumns('a'),
  ...figureColumns('b'),
];

export const OMISSION_COLUMNS: Column[] = [
  text('omission_id'),
  text('event_id'),
  text('claim_cluster_id'),
  text('outlet'),
  text('article_ids'),
  text('reported_by'),
  num('confidence', 4),
  num('closest_match', 4),
  text('evidence_outlet'),
  text('evidence_article_id'),
  text('evidence_sentence_id'),
  text('evidence_sentence'),
];

const join = (values: readonly string[]) => values.join('; ');

function sentenceCells(side: 'a' | 'b', ref: { outlet: string; articleId: string; sentenceId: string; text: string }): Row {
  return {
    [`${side}_outlet`]: ref.outlet,
    [`${side}_article_id`]: ref.articleId,
    [`${side}_sentence_id`]: ref.sentenceId,
    [`${side}_sentence`]: ref.text,
  };
}

/** Open-ended bounds ("at least 9,488" has no written maximum) stay empty rather than 9e15. */
const bound = (x: number) => (Number.isFinite(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER ? x : null);

function figureCells(side: 'a' | 'b', q: Quantity): Row {
  return {
    [`${side}_figure`]: q.text,
    [`${side}_value`]: q.value,
    [`${side}_qualifier`]: q.qualifier,
    [`${side}_min`]: bound(q.min),
    [`${side}_max`]: bound(q.max),
    [`${side}_unit`]: q.unit,
  };
}

export function eventRows(analysis: Analysis): Row[] {
  const count = <T extends { eventId: string }>(items: readonly T[], keep: (x: T) => boolean = () => true) => {
    const out = new Map<string, number>();
    for (const x of items) if (keep(x)) out.set(x.eventId, (out.get(x.eventId) ?? 0) + 1);
    return out;
  };
  const matches = count(analysis.claimMatches);
  const agree = count(analysis.claimMatches, (m) => m.relation === 'agree');
  const contradict = count(analysis.claimMatches, (m) => m.relation === 'contradict');
  const discrepancies = count(analysis.numericComparisons, (n) => n.verdict === 'discrepancy');
  const omissions = count(analysis.omissions);
  return analysis.events.map((e: Event) => ({
    event_id: e.id,
    label: e.label,
    date_from: e.dateFrom,
    date_to: e.dateTo,
    articles: e.articleIds.length,
    outlets: e.outlets.length,
    outlet_list: join(e.outlets),
    article_ids: join(e.articleIds),
    cohesion: e.cohesion,
    may_mix_stories: e.mayMixStories ?? false,
    claim_matches: matches.get(e.id) ?? 0,
    agree: agree.get(e.id) ?? 0,
    contradict: contradict.get(e.id) ?? 0,
    numeric_discrepancies: discrepancies.get(e.id) ?? 0,
    omissions: omissions.get(e.id) ?? 0,
  }));
}

export function claimMatchRows(analysis: Analysis): Row[] {
  const clusterOf = new Map<string, string>();
  for (const c of analysis.claimClusters) for (const s of c.sentences) clusterOf.set(tupleKey(c.eventId, s.sentenceId), c.id);
  return analysis.claimMatches.map((m: ClaimMatch) => ({
    match_id: m.id,
    event_id: m.eventId,
    relation: m.relation,
    confidence: m.confidence,
    similarity: m.similarity,
    cosine: m.cosine,
    lexical: m.lexical,
    nli_entailment: m.nliEntailment,
    nli_contradiction: m.nliContradiction,
    reason: m.reason,
    claim_cluster_id: m.relation === 'related' ? '' : clusterOf.get(tupleKey(m.eventId, m.a.sentenceId)) ?? '',
    ...sentenceCells('a', m.a),
    ...sentenceCells('b', m.b),
  }));
}

export function numericComparisonRows(analysis: Analysis): Row[] {
  return analysis.numericComparisons.map((n: NumericComparison) => ({
    comparison_id: n.id,
    event_id: n.eventId,
    quantity: n.quantity,
    verdict: n.verdict,
    relative_gap: n.relativeGap,
    confidence: n.confidence ?? null,
    reason: n.reason ?? '',
    quantity_a: n.quantityA ?? '',
    quantity_b: n.quantityB ?? '',
    published_a: n.publishedA ?? '',
    published_b: n.publishedB ?? '',
    ...figureCells('a', n.a.number),
    ...sentenceCells('a', n.a),
    ...figureCells('b', n.b.number),
    ...sentenceCells('b', n.b),
  }));
}

export function omissionRows(analysis: Analysis): Row[] {
  return analysis.omissions.map((o: Omission) => ({
    omission_id: o.id,
    event_id: o.eventId,
    claim_cluster_id: o.claimClusterId,
    outlet: o.outlet,
    article_ids: join(o.articleIds),
    reported_by: join(o.reportedBy),
    confidence: o.confidence ?? null,
    closest_match: o.closestMatch ?? null,
    evidence_outlet: o.evidence.outlet,
    evidence_article_id: o.evidence.articleId,
    evidence_sentence_id: o.evidence.sentenceId,
    evidence_sentence: o.evidence.text,
  }));
}

/** The four analysis tables, in the order the README lists them. */
export function analysisTables(analysis: Analysis): Table[] {
  return [
    defineTable('events', EVENT_COLUMNS, eventRows(analysis)),
    defineTable('claim_matches', CLAIM_MATCH_COLUMNS, claimMatchRows(analysis)),
    defineTable('numeric_comparisons', NUMERIC_COLUMNS, numericComparisonRows(analysis)),
    defineTable('omissions', OMISSION_COLUMNS, omissionRows(analysis)),
  ];
}
