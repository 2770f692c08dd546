/**
 * Charts stay readable and bounded whatever the number of outlets: a chart shows at most
 * `MAX_CHART_OUTLETS` bars; beyond that the outlets with most sentences are drawn and the rest are
 * pooled into one bar (sentence- and word-weighted, so it reads like one more outlet). A corpus of
 * plain .txt files without bylines has one "outlet" per article, so thousands are ordinary; the
 * CSVs and report.yaml always list every outlet.
 */
import type { OutletFraming } from '../../records.js';

export const MAX_CHART_OUTLETS = 40;
/** Outlet rows in the HTML tables and outlet profiles; the rest are counted in a note. */
export const MAX_LISTED_OUTLETS = 100;

export interface ChartOutlets {
  rows: OutletFraming[];
  /** Outlets pooled into the last row (0 when every outlet has its own bar). */
  pooled: number;
  total: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The `max` outlets with most sentences (then articles, then name), in their original order. */
export function topOutlets(rows: OutletFraming[], max = MAX_LISTED_OUTLETS): OutletFraming[] {
  if (rows.length <= max) return rows;
  const kept = new Set(rankBySize(rows).slice(0, max));
  return rows.filter((r) => kept.has(r));
}

const rankBySize = (rows: OutletFraming[]) =>
  [...rows].sort((a, b) => b.sentences - a.sentences || b.articles - a.articles || cmp(a.outlet, b.outlet));

/** The rows to draw: all of them, or the top `max - 1` by sentences plus one pooled row. */
export function chartOutlets(rows: OutletFraming[], max = MAX_CHART_OUTLETS): ChartOutlets {
  if (rows.length <= max) return { rows, pooled: 0, total: rows.length };
  const ranked = rankBySize(rows);
  const kept = ranked.slice(0, max - 1);
  const rest = ranked.slice(max - 1);
  const names = new Set(kept.map((r) => r.outlet));
  let label = `${rest.length.toLocaleString('en-US')} other outlets (pooled)`;
  while (names.has(label)) label = `${label} `; // a real outlet may carry the same name
  return { rows: [...kept, pooledRow(rest, label)], pooled: rest.length, total: rows.length };
}

function pooledRow(rows: OutletFraming[], outlet: string): OutletFraming {
  const sum = (f: (r: OutletFraming) => number) => rows.reduce((acc, r) => acc + f(r), 0);
  const sentences = sum((r) => r.sentences);
  const words = sum((r) => r.words);
  const bySentences = (f: (r: OutletFraming) => number) => (sentences > 0 ? sum((r) => f(r) * r.sentences) / sentences : 0);
  const per1000 = (n: number) => (words > 0 ? (n * 1000) / words : 0);
  const loadedCount = sum((r) => r.loadedCount);
  const hedgeCount = sum((r) => r.hedgeCount);
  return {
    ...rows[0],
    outlet,
    articles: sum((r) => r.articles),
    sentences,
    words,
    toneMean: bySentences((r) => r.toneMean),
    toneNegativeShare: bySentences((r) => r.toneNegativeShare),
    tonePositiveShare: bySentences((r) => r.tonePositiveShare),
    // Many outlets pooled are not one outlet: counts add up, but no interval and never compared (drawn grey).
    toneSentences: sum((r) => r.toneSentences),
    toneNegative: sum((r) => r.toneNegative),
    toneNeutral: sum((r) => r.toneNeutral),
    tonePositive: sum((r) => r.tonePositive),
    toneLow: Number.NaN,
    toneHigh: Number.NaN,
    toneEnough: false,
    toneHigherThan: [],
    toneLowerThan: [],
    toneHigherThanCount: 0,
    toneLowerThanCount: 0,
    loadedTerms: [],
    loadedCount,
    loadedPer1000Words: per1000(loadedCount),
    hedgeCount,
    hedgesPer1000Words: per1000(hedgeCount),
  };
}
