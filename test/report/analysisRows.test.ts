import { analysisTables, CLAIM_MATCH_COLUMNS, EVENT_COLUMNS, NUMERIC_COLUMNS, OMISSION_COLUMNS } from '../../src/report/rows/analysisRows.js';
import { renderCsv } from '../../src/report/csv.js';
import type { Analysis, Quantity, SentenceRef } from '../../src/records.js';

const ref = (id: string, outlet: string, text: string): SentenceRef => ({ sentenceId: `${id}#0`, articleId: id, outlet, text });
const q = (text: string, value: number, qualifier: Quantity['qualifier']): Quantity => ({
  text, value, min: value, max: qualifier === 'at-least' ? Number.MAX_SAFE_INTEGER : value, approx: qualifier !== 'exact', qualifier, unit: 'people', kind: 'count', subject: 'deaths',
});
const analysis: Analysis = {
  events: [{ id: 'ev-1', label: 'Bridge collapse', dateFrom: '2024-03-05', dateTo: '2024-03-06', articleIds: ['a', 'b', 'c'], outlets: ['A', 'B', 'unknown:c'], cohesion: 0.31 }],
  claimMatches: [
    { id: 'cm-1', eventId: 'ev-1', relation: 'agree', similarity: 0.7, cosine: 0.8, lexical: 0.6, nliEntailment: 0.5, nliContradiction: 0.1, reason: 'similar 0.70', confidence: 0.82, a: ref('a', 'A', 'The bridge will stay closed for six months.'), b: ref('b', 'B', 'The bridge stays closed for six months.') },
  ],
  numericComparisons: [
    { id: 'num-1', eventId: 'ev-1', quantity: 'deaths', a: { ...ref('a', 'A', 'The collapse killed 14 people.'), number: q('14', 14, 'exact') }, b: { ...ref('b', 'B', 'At least 12 people died.'), number: q('At least 12', 12, 'at-least') }, relativeGap: 0.0714, verdict: 'discrepancy' },
  ],
  claimClusters: [{ id: 'cc-1', eventId: 'ev-1', label: 'The bridge will stay closed for six months.', sentences: [ref('a', 'A', 'The bridge will stay closed for six months.'), ref('b', 'B', 'The bridge stays closed for six months.')], outlets: ['A', 'B'] }],
  omissions: [{ id: 'om-1', eventId: 'ev-1', claimClusterId: 'cc-1', outlet: 'unknown:c', articleIds: ['c'], reportedBy: ['A', 'B'], evidence: ref('a', 'A', 'The bridge will stay closed for six months.') }],
};

describe('analysis rows', () => {
  const [events, matches, numeric, omissions] = analysisTables(analysis);

  test('four tables with the documented file names and columns', () => {
    expect([events.name, matches.name, numeric.name, omissions.name]).toEqual(['events', 'claim_matches', 'numeric_comparisons', 'omissions']);
    expect(events.columns).toBe(EVENT_COLUMNS);
    expect(matches.columns).toBe(CLAIM_MATCH_COLUMNS);
    expect(numeric.columns).toBe(NUMERIC_COLUMNS);
    expect(omissions.columns).toBe(OMISSION_COLUMNS);
  });

  test('events carry counts of what was found in them', () => {
    expect(events.rows[0]).toMatchObject({ event_id: 'ev-1', articles: 3, outlets: 3, outlet_list: 'A; B; unknown:c', article_ids: 'a; b; c', claim_matches: 1, agree: 1, contradict: 0, numeric_discrepancies: 1, omissions: 1 });
  });

  test('claim, figure and omission rows carry article ids, outlets and exact sentences', () => {
    expect(matches.rows[0]).toMatchObject({ a_article_id: 'a', a_outlet: 'A', a_sentence_id: 'a#0', a_sentence: 'The bridge will stay closed for six months.', b_outlet: 'B', claim_cluster_id: 'cc-1', confidence: 0.82 });
    expect(CLAIM_MATCH_COLUMNS.map((c) => c.name)).toContain('confidence');
    expect(numeric.rows[0]).toMatchObject({ quantity: 'deaths', verdict: 'discrepancy', a_figure: '14', b_figure: 'At least 12', b_min: 12, b_max: null, a_sentence: 'The collapse killed 14 people.' });
    expect(omissions.rows[0]).toMatchObject({ outlet: 'unknown:c', article_ids: 'c', reported_by: 'A; B', evidence_sentence: 'The bridge will stay closed for six months.' });
  });

  test('renders as CSV with open-ended bounds left empty', () => {
    const csv = renderCsv(numeric, { bom: false });
    expect(csv.split('\n')[0]).toBe(NUMERIC_COLUMNS.map((c) => c.name).join(','));
    expect(csv).not.toContain('9007199254740991');
  });
});
