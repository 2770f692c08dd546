/**
 * Charts for report.html, rendered on the server to inline SVG with Vega-Lite + Vega (no script
 * and no network when the page is viewed). Vega escapes the text it draws.
 */
import type * as vl from 'vega-lite';
import type { OutletFraming } from '../../records.js';
import { packageVersions } from '../../runtime/version.js';
import { itemKey, openItemCache, type ItemCache } from '../../store/itemCache.js';
import type { ModelCache } from '../../store/modelCache.js';
import { chartOutlets } from './chartOutlets.js';

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

let vegaModules: Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite') }> | undefined;

/** Vega, loaded on first use: a nightly re-run whose charts all come from the memo never loads it. */
function loadVega() {
  // One after the other: two concurrent dynamic imports of overlapping module graphs trip Jest's ESM loader.
  vegaModules ??= (async () => ({ vega: await import('vega'), vegaLite: await import('vega-lite') }))();
  return vegaModules;
}

export async function renderSpec(spec: vl.TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    // Vega numbers clip paths with a process-wide counter: renumbered, the SVG depends on the spec alone.
    return scopeSvgIds(await view.toSVG(), 'svg-');
  } finally {
    view.finalize();
  }
}

/**
 * Renames every id inside one SVG (and its `url(#…)` / `href="#…"` references) to `<prefix>1`,
 * `<prefix>2`, … in order of appearance. Charts drawn by different processes share one page, so
 * each gets its own prefix: two charts with a `clip3` would clip each other's bars.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const rename = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!rename.has(m[1])) rename.set(m[1], `${prefix}${rename.size + 1}`);
  if (!rename.size) return svg;
  return svg.replace(/\bid="([^"]+)"|url\(#([^)]+)\)|href="#([^"]+)"/g, (whole, id?: string, url?: string, href?: string) => {
    const name = rename.get((id ?? url ?? href)!);
    if (!name) return whole;
    return id !== undefined ? `id="${name}"` : url !== undefined ? `url(#${name})` : `href="#${name}"`;
  });
}

/**
 * Rendered SVG by chart spec, kept in the run cache. A spec carries its data, so the same spec
 * draws the same SVG as long as Vega's versions are the same: a nightly run redraws only the
 * charts whose numbers changed (drawing one takes ~20 ms; a report has two per event shown).
 */
export function openChartMemo(cache: ModelCache): ItemCache<string> {
  const versions = packageVersions();
  // `ids1`: SVGs are stored with their ids renumbered (scopeSvgIds); change it if the stored form changes.
  return openItemCache<string>(cache, `chart-svg|ids1|${versions.vega}|${versions['vega-lite']}`);
}

/** SVG for each spec, in order, from the memo where it has them; ids are unique across the list. */
export async function renderSpecs(specs: vl.TopLevelSpec[], memo?: ItemCache<string>): Promise<string[]> {
  const keys = specs.map((spec) => itemKey(JSON.stringify(spec)));
  const known = memo?.getMany(keys) ?? new Map<string, string>();
  const fresh: [string, string][] = [];
  const svgs: string[] = [];
  for (const [i, spec] of specs.entries()) {
    let svg = known.get(keys[i]);
    if (svg === undefined) {
      svg = await renderSpec(spec);
      fresh.push([keys[i], svg]);
    }
    svgs.push(scopeSvgIds(svg, `chart${i + 1}-`));
  }
  memo?.putMany(fresh);
  return svgs;
}

const round = (n: number, d = 3) => Number(n.toFixed(d));

/** Outlet axis order: by the `rank` field each datum carries (see toneSpec). */
const BY_RANK = { field: 'rank', op: 'min' as const, order: 'ascending' as const };
const rankOf = (sorted: OutletFraming[]) => new Map(sorted.map((r, i) => [r, i]));

/**
 * Tone by outlet: mean sentence tone with its 95% bootstrap interval and the number of sentences
 * behind it (diverging), beside the share of negative/neutral/positive sentences. Outlets are listed
 * by name, not by tone: a bar order would rank outlets whose intervals overlap. Outlets with fewer
 * than framing.minToneSentences sentences are drawn grey.
 */
export function toneSpec(rows: OutletFraming[], width = 300, title = 'Tone by outlet: mean, 95% interval, sentences'): vl.TopLevelSpec {
  // Sort by a rank carried in the data: a `sort: [names]` list becomes one generated expression that
  // overflows Vega's parser at ~1,000 outlets and breaks on outlets named like Object.prototype members.
  const rank = rankOf([...rows].sort((a, b) => (a.outlet < b.outlet ? -1 : a.outlet > b.outlet ? 1 : 0)));
  const finite = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
  // Outlet means rarely leave -0.5..0.5: zoom to the data and its intervals (symmetric, at least +-0.25).
  const extent = Math.max(...rows.flatMap((r) => [Math.abs(r.toneMean), Math.abs(finite(r.toneLow, 0)), Math.abs(finite(r.toneHigh, 0))]));
  const reach = Math.min(1, Math.max(0.25, Math.ceil(extent * 10 + 1) / 10));
  const means = rows.map((r) => ({
    outlet: r.outlet,
    rank: rank.get(r)!,
    tone: round(r.toneMean),
    low: round(finite(r.toneLow, r.toneMean)),
    high: round(finite(r.toneHigh, r.toneMean)),
    // The label starts right of the bar and its interval, never over them.
    at: round(Math.max(0, finite(r.toneHigh, r.toneMean))),
    sign: !r.toneEnough ? 'too few sentences' : r.toneMean < 0 ? 'negative' : 'positive',
    label: `${r.toneMean >= 0 ? '+' : '−'}${Math.abs(r.toneMean).toFixed(2)} [${finite(r.toneLow, r.toneMean).toFixed(2)}, ${finite(r.toneHigh, r.toneMean).toFixed(2)}] n=${r.toneSentences}`,
  }));
  const shares = rows.flatMap((r) => [
    { outlet: r.outlet, rank: rank.get(r)!, kind: 'negative', share: round(r.toneNegativeShare), stackRank: 0 },
    { outlet: r.outlet, rank: rank.get(r)!, kind: 'neutral', share: round(Math.max(0, 1 - r.toneNegativeShare - r.tonePositiveShare)), stackRank: 1 },
    { outlet: r.outlet, rank: rank.get(r)!, kind: 'positive', share: round(r.tonePositiveShare), stackRank: 2 },
  ]);
  const y = { field: 'outlet', type: 'nominal' as const, sort: BY_RANK, title: null, axis: { labelLimit: 220 } };
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
              color: {
                field: 'sign',
                type: 'nominal',
                scale: { domain: ['negative', 'positive', 'too few sentences'], range: [COLORS.negative, COLORS.positive, '#bbbbbb'] },
                legend: null,
              },
            },
          },
          // The 95% bootstrap interval: a bar is never drawn without it.
          { mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
          { mark: { type: 'tick', color: '#222', thickness: 1.5, size: 10 }, encoding: { y, x: { field: 'low', type: 'quantitative' } } },
          { mark: { type: 'tick', color: '#222', thickness: 1.5, size: 10 }, encoding: { y, x: { field: 'high', type: 'quantitative' } } },
          {
            mark: { type: 'text', fontSize: 10, color: '#333', dx: 4, align: 'left' },
            encoding: { y, x: { field: 'at', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
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
          order: { field: 'stackRank', type: 'quantitative' },
        },
      },
    ],
  } as vl.TopLevelSpec;
}

/** Loaded language and hedging per 1,000 words, by outlet. */
export function wordingSpec(rows: OutletFraming[], width = 300, title = 'Loaded language and hedging'): vl.TopLevelSpec {
  const rank = rankOf([...rows].sort((a, b) => b.loadedPer1000Words - a.loadedPer1000Words));
  const values = rows.map((r) => ({
    outlet: r.outlet,
    rank: rank.get(r)!,
    loaded: round(r.loadedPer1000Words),
    hedges: round(r.hedgesPer1000Words),
    terms: r.loadedTerms.slice(0, 4).join(', '),
  }));
  const axis = { field: 'outlet', type: 'nominal' as const, sort: BY_RANK, title: null, axis: { labelLimit: 220 } };
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

export interface FramingCharts {
  tone: string;
  wording: string;
  /** Outlets pooled into one bar (chartOutlets.ts), and all outlets of the group. */
  pooled: number;
  total: number;
}

/**
 * Both charts for each set of outlet rows (one set per chart group), as SVG strings. Without
 * `showTone` (sentence tone did not beat its reference rows) no tone chart is drawn.
 */
export async function framingCharts(groups: { rows: OutletFraming[]; width: number }[], memo?: ItemCache<string>, showTone = true): Promise<FramingCharts[]> {
  const drawn = groups.map(({ rows, width }) => ({ ...chartOutlets(rows), width }));
  const specs = drawn.flatMap(({ rows, width }) => (rows.length ? [...(showTone ? [toneSpec(rows, width)] : []), wordingSpec(rows, width)] : []));
  const svgs = await renderSpecs(specs, memo);
  let next = 0;
  return drawn.map(({ rows, pooled, total }) =>
    rows.length ? { tone: showTone ? svgs[next++] : '', wording: svgs[next++], pooled, total } : { tone: '', wording: '', pooled, total },
  );
}
