/**
 * Finding rows in report.html with their confidence and the analyst's verdict: sorted most
 * confident first, low-confidence rows set apart (or left out), rows marked wrong hidden or
 * flagged, rows marked right shown as confirmed. Every row shows its id, the key an analyst
 * copies into the verdicts file.
 */
import type { AppliedVerdicts } from '../verdicts.js';
import { html, type Html } from './escape.js';

export interface FindingOptions {
  verdicts?: AppliedVerdicts;
  /** report.minConfidence */
  minConfidence: number;
  /** report.lowConfidence */
  lowConfidence: 'apart' | 'hide';
}

export interface FindingView {
  id: string;
  /** In [0, 1] where the record carries one (claim matches and numeric comparisons will). */
  confidence?: number;
  cells: Html;
}

/** A record's `confidence` when it has one: not every finding type carries it yet. */
export function confidenceOf(record: object): number | undefined {
  const c = (record as { confidence?: unknown }).confidence;
  return typeof c === 'number' && Number.isFinite(c) ? c : undefined;
}

function confidenceLabel(c: number | undefined, min: number): Html {
  if (c === undefined) return html``;
  const band = c < min ? 'low' : c >= 0.8 ? 'high' : 'medium';
  return html`<span class="conf conf-${band}">${band} confidence ${c.toFixed(2)}</span>`;
}

function verdictLabel(id: string, verdicts: AppliedVerdicts | undefined): Html {
  const v = verdicts?.byId.get(id);
  if (!v) return html``;
  return v.verdict === 'right'
    ? html`<span class="verdict verdict-right">confirmed by an analyst${v.note ? html`: ${v.note}` : ''}</span>`
    : html`<span class="verdict verdict-wrong">marked wrong by an analyst${v.note ? html`: ${v.note}` : ''}</span>`;
}

function rowHtml(v: FindingView, opts: FindingOptions): Html {
  const verdict = opts.verdicts?.byId.get(v.id)?.verdict;
  const cls = verdict === 'wrong' ? 'finding wrong' : verdict === 'right' ? 'finding right' : 'finding';
  return html`<tr class="${cls}" data-finding-id="${v.id}">${v.cells}<td class="finding-meta"><span class="sid">${v.id}</span>${confidenceLabel(v.confidence, opts.minConfidence)}${verdictLabel(v.id, opts.verdicts)}</td></tr>`;
}

const byConfidence = (a: FindingView, b: FindingView) =>
  (a.confidence === undefined ? 1 : 0) - (b.confidence === undefined ? 1 : 0) || (b.confidence ?? 0) - (a.confidence ?? 0);

/** Rows the page shows: everything except findings marked wrong under `wrongFindings: hide`. */
export function visibleFindings<T extends { id: string }>(items: T[], verdicts: AppliedVerdicts | undefined): T[] {
  if (verdicts?.wrongFindings !== 'hide') return items;
  return items.filter((x) => verdicts.byId.get(x.id)?.verdict !== 'wrong');
}

/** Rows per findings table (and per low-confidence block): pairs grow with the square of an event's outlets. */
export const MAX_FINDING_ROWS = 50;

/**
 * A findings table: header cells, then one row per finding, then the id/confidence/verdict cell;
 * at most MAX_FINDING_ROWS rows each for the main and the low-confidence block, the rest in `csv`.
 */
export function findingsTable(all: FindingView[], heads: string[], opts: FindingOptions, csv: string): Html {
  const hiddenWrong = opts.verdicts?.wrongFindings === 'hide' ? all.filter((v) => opts.verdicts!.byId.get(v.id)?.verdict === 'wrong').length : 0;
  const rows = visibleFindings(all, opts.verdicts).sort(byConfidence);
  const isLow = (v: FindingView) => v.confidence !== undefined && v.confidence < opts.minConfidence;
  const allMain = rows.filter((v) => !isLow(v));
  const allLow = rows.filter(isLow);
  const main = allMain.slice(0, MAX_FINDING_ROWS);
  const low = allLow.slice(0, MAX_FINDING_ROWS);
  const head = html`<thead><tr>${heads.map((h) => html`<th>${h}</th>`)}<th>Id · confidence · verdict</th></tr></thead>`;
  const notes: Html[] = [];
  if (hiddenWrong) notes.push(html`<p class="note">${hiddenWrong} ${hiddenWrong === 1 ? 'row' : 'rows'} marked wrong by an analyst ${hiddenWrong === 1 ? 'is' : 'are'} hidden (report.wrongFindings: hide); the CSVs keep them with analyst_verdict.</p>`);
  const cut = allMain.length - main.length + (opts.lowConfidence === 'apart' ? allLow.length - low.length : 0);
  if (cut) notes.push(html`<p class="note">${cut.toLocaleString('en-US')} more ${cut === 1 ? 'row' : 'rows'} in ${csv} (report.html shows the ${MAX_FINDING_ROWS} most confident of each block).</p>`);
  if (low.length && opts.lowConfidence === 'hide') notes.push(html`<p class="note">${allLow.length} low-confidence ${allLow.length === 1 ? 'row' : 'rows'} (confidence below ${opts.minConfidence}) not shown (report.lowConfidence: hide); the CSVs have them.</p>`);
  const lowBlock =
    low.length && opts.lowConfidence === 'apart'
      ? html`<details class="low"><summary>${allLow.length} low-confidence ${allLow.length === 1 ? 'row' : 'rows'} (confidence below ${opts.minConfidence}): read with care</summary><table class="findings">${head}<tbody>${low.map((v) => rowHtml(v, opts))}</tbody></table></details>`
      : '';
  if (!main.length && !low.length) return html`${notes}<p class="empty">None found.</p>`;
  return html`${main.length ? html`<table class="findings">${head}<tbody>${main.map((v) => rowHtml(v, opts))}</tbody></table>` : html`<p class="empty">No row at or above confidence ${opts.minConfidence}.</p>`}${lowBlock}${notes}`;
}
