/**
 * Charts for report.html, rendered on the server to inline SVG with Vega-Lite + Vega (no script
 * and no network when the page is viewed). Vega escapes the text it draws.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { OutletFraming } from '../../records.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const COLORS = { negative: '#c2413b', neutral: '#b9b9b9', positive: '#2f6db5', loaded: '#8e44ad', hedges: '#d98c1f' };

const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' as const, titleColor: '#555', labelColor: '#333', gridColor: '#eee', domainColor: '#999' },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: 'top' as const, titleFontWeight: 'normal' as const },
  header: { labelFontSize: 13, titleFontSize: 13 },
  title: { fontSize: 14, fontWeight: 600 as const, anchor: 'start' as const, color: '#222' },
  concat: { spacing: 28 },
};

export async function renderSpec(spec: vl.TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const round = (n: number, d = 3) => Number(n.toFixed(d));

/** Tone by outlet: mean sentence sentiment (diverging) beside the share of negative/neutral/positive sentences. */
export function toneSpec(rows: OutletFraming[], width = 300, title = 'Tone by outlet'): vl.TopLevelSpec {
  const order = [...rows].sort((a, b) => a.toneMean - b.toneMean).map((r) => r.outlet);
  // Outlet means rarely leave -0.5..0.5: zoom to the data (symmetric, at least +-0.25) so differences show.
  const reach = Math.max(0.25, Math.ceil(Math.max(...rows.map((r) => Math.abs(r.toneMean))) * 10 + 1) / 10);
  const means = rows.map((r) => ({ outlet: r.outlet, tone: round(r.toneMean), sign: r.toneMean < 0 ? 'negative' : 'positive' }));
  const shares = rows.flatMap((r) => [
    { outlet: r.outlet, kind: 'negative', share: round(r.toneNegativeShare), rank: 0 },
    { outlet: r.outlet, kind: 'neutral', share: round(Math.max(0, 1 - r.toneNegativeShare - r.tonePositiveShare)), rank: 1 },
    { outlet: r.outlet, kind: 'positive', share: round(r.tonePositiveShare), rank: 2 },
  ]);
  const y = { field: 'outlet', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 220 } };
  const colour = {
    field: 'kind',
    type: 'nominal' as const,
    scale: { domain: ['negative', 'neutral', 'positive'], range: [COLORS.negative, COLORS.neutral, COLORS.positive] },
    title: 'Sentences',
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: CONFIG,
    // The two panels colour different fields (sign, sentence label): keep their scales apart.
    resolve: { scale: { color: 'independent' } },
    hconcat: [
      {
        data: { values: means },
        width,
        height: { step: 26 },
        layer: [
          {
            mark: { type: 'bar', cornerRadius: 2 },
            encoding: {
              y,
              x: { field: 'tone', type: 'quantitative', scale: { domain: [-reach, reach] }, title: 'Mean sentence tone (scale −1 to +1)' },
              color: { field: 'sign', type: 'nominal', scale: { domain: ['negative', 'positive'], range: [COLORS.negative, COLORS.positive] }, legend: null },
            },
          },
          {
            mark: { type: 'text', fontSize: 11, color: '#333', dx: { expr: "datum.tone < 0 ? -4 : 4" }, align: { expr: "datum.tone < 0 ? 'right' : 'left'" } },
            encoding: { y, x: { field: 'tone', type: 'quantitative' }, text: { field: 'tone', type: 'quantitative', format: '+.2f' } },
          },
        ],
      },
      {
        data: { values: shares },
        width,
        height: { step: 26 },
        mark: { type: 'bar' },
        encoding: {
          y: { ...y, axis: null },
          x: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'Share of sentences', axis: { format: '%' } },
          color: colour,
          order: { field: 'rank', type: 'quantitative' },
        },
      },
    ],
  } as vl.TopLevelSpec;
}

/** Loaded language and hedging per 1,000 words, by outlet. */
export function wordingSpec(rows: OutletFraming[], width = 300, title = 'Loaded language and hedging'): vl.TopLevelSpec {
  const order = [...rows].sort((a, b) => b.loadedPer1000Words - a.loadedPer1000Words).map((r) => r.outlet);
  const values = rows.map((r) => ({
    outlet: r.outlet,
    loaded: round(r.loadedPer1000Words),
    hedges: round(r.hedgesPer1000Words),
    terms: r.loadedTerms.slice(0, 4).join(', '),
  }));
  const axis = { field: 'outlet', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 220 } };
  const panel = (field: 'loaded' | 'hedges', label: string, color: string, showOutlets: boolean) => {
    const y = showOutlets ? axis : { ...axis, axis: null };
    // An all-zero column would get a degenerate axis; give it a visible 0..1 range instead.
    const max = Math.max(...values.map((v) => v[field]));
    const scale = max > 0 ? { zero: true } : { domain: [0, 1] };
    return {
      width,
      height: { step: 26 },
      layer: [
        { mark: { type: 'bar', color, cornerRadius: 2 }, encoding: { y, x: { field, type: 'quantitative', title: label, scale } } },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' },
          encoding: { y, x: { field, type: 'quantitative' }, text: { field, type: 'quantitative', format: '.1f' } },
        },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: CONFIG,
    data: { values },
    hconcat: [
      panel('loaded', 'Loaded terms per 1,000 words', COLORS.loaded, true),
      panel('hedges', 'Hedges per 1,000 words', COLORS.hedges, false),
    ],
  } as vl.TopLevelSpec;
}

/** Both charts for a set of outlet rows, as SVG strings. */
export async function framingCharts(rows: OutletFraming[], width = 300): Promise<{ tone: string; wording: string }> {
  if (!rows.length) return { tone: '', wording: '' };
  const [tone, wording] = await Promise.all([renderSpec(toneSpec(rows, width)), renderSpec(wordingSpec(rows, width))]);
  return { tone, wording };
}
