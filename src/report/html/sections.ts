/** The building blocks of report.html: framing tables and one event's side-by-side findings. */
import type {
  Analysis,
  Article,
  ClaimCluster,
  EntityTone,
  Event,
  NumericComparison,
  OutletFraming,
  SentenceRef,
  ToneQuality,
} from '../../records.js';
import { anchor, html, raw, type Html } from './escape.js';
import { outletKey } from '../../records.js';
import { topOutlets } from './chartOutlets.js';
import type { FramingCharts } from './charts.js';
import { tupleKey } from '../../runtime/safeKeys.js';
import { confidenceOf, findingsTable, visibleFindings, type FindingOptions } from './findings.js';

const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '');
const pct = (n: number) => `${Math.round(n * 100)}%`;

/**
 * An outlet's tone: the bar with its 95% interval drawn over it, the count behind it, and which
 * outlets' intervals lie wholly apart from it. Too few sentences: grey, no comparison. Tone that
 * did not beat its reference rows: no bar at all.
 */
export function outletToneCell(r: OutletFraming, quality: ToneQuality | undefined): Html {
  if (quality && !quality.sentenceIsFinding) return html`<td class="tone-cell"><span class="empty">not a finding</span> <span class="sid">n=${r.toneSentences}</span></td>`;
  const half = 45;
  const x = (v: number) => half + Math.max(-1, Math.min(1, Number.isFinite(v) ? v : r.toneMean)) * half;
  const w = Math.min(half, Math.abs(r.toneMean) * half);
  const left = r.toneMean < 0 ? half - w : half;
  const colour = !r.toneEnough ? '#bbb' : r.toneMean < 0 ? 'var(--neg)' : 'var(--pos)';
  const lo = x(r.toneLow);
  const hi = x(r.toneHigh);
  const apart = [...r.toneLowerThan.map((o) => `below ${o}`), ...r.toneHigherThan.map((o) => `above ${o}`)];
  return html`<td class="tone-cell${r.toneEnough ? '' : ' few'}"><span class="tone-track"><span style="${raw(`left:${left.toFixed(1)}px;width:${w.toFixed(1)}px;background:${colour}`)}"></span><b style="${raw(`left:${lo.toFixed(1)}px;width:${Math.max(1, hi - lo).toFixed(1)}px`)}"></b><i></i></span><span class="${r.toneEnough ? (r.toneMean < 0 ? 'neg' : 'pos') : 'empty'}">${fmt(r.toneMean)}</span> <span class="sid">[${fmt(r.toneLow)}, ${fmt(r.toneHigh)}] n=${r.toneSentences} · ${pct(r.toneNegativeShare)} neg.${r.toneEnough ? '' : html` · too few sentences to compare`}${apart.length ? html` · ${apart.join(', ')}` : ''}</span></td>`;
}

export function termList(counts: Record<string, number>, max = 8): Html {
  const entries = Object.entries(counts);
  if (!entries.length) return html`<span class="empty">none</span>`;
  const shown = entries.slice(0, max).map(([t, n]) => html`${t}${n > 1 ? html`<span class="q"> ×${n}</span>` : ''}`);
  const more = entries.length > max ? html`<span class="q"> +${entries.length - max} more</span>` : '';
  return html`<span class="terms">${shown.map((s, i) => html`${i ? ', ' : ''}${s}`)}${more}</span>`;
}

function groupList(groups: Record<string, number>): Html {
  const entries = Object.entries(groups).filter(([, n]) => n > 0);
  if (!entries.length) return html`<span class="empty">none</span>`;
  return html`${entries.map(([g, n], i) => html`${i ? html`<br>` : ''}${g} <strong>${n}</strong>`)}`;
}

function actorList(entities: EntityTone[], max = 4, quality?: ToneQuality): Html {
  if (quality && !quality.actorIsFinding) return html`<span class="empty">not a finding (entity_tone.csv)</span>`;
  if (!entities.length) return html`<span class="empty">—</span>`;
  return html`${entities.slice(0, max).map(
    (e, i) => html`${i ? ', ' : ''}${e.entity} <span class="${e.toneMean < 0 ? 'neg' : 'pos'}">${fmt(e.toneMean)}</span><span class="sid"> [${fmt(e.toneLow)}, ${fmt(e.toneHigh)}] (${e.mentions})</span>`,
  )}`;
}

/** Says that a chart pooled its smaller outlets into one bar. */
export function pooledNote(charts: Pick<FramingCharts, 'pooled' | 'total'>): Html {
  return html`<p class="note">Charts: the ${charts.total - charts.pooled} outlets with most sentences have their own bar; the other ${charts.pooled.toLocaleString('en-US')} are pooled into one (weighted by sentences and words).</p>`;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** One row per outlet: tone, loaded language, hedging, attribution, sources quoted, tone towards actors. */
export function framingTable(all: OutletFraming[], entities: EntityTone[], linkOutlets = false, quality?: ToneQuality): Html {
  if (!all.length) return html`<p class="empty">No framing measures (no analysed articles).</p>`;
  const rows = topOutlets(all);
  const entitiesOf = groupBy(entities, (e) => tupleKey(e.outlet, e.eventId));
  const more = all.length - rows.length;
  return html`${more ? html`<p class="note">The ${rows.length} outlets with most sentences are listed; ${more.toLocaleString('en-US')} more are in outlet_framing.csv.</p>` : ''}<table class="framing">
<thead><tr><th>Outlet</th><th class="num">Articles</th><th>Tone <span class="sid">mean [95% interval] n · share negative</span></th><th>Loaded language <span class="sid">per 1,000 words · terms</span></th><th>Hedging <span class="sid">per 1,000 words · terms</span></th><th class="num">Attribution <span class="sid">/1k</span></th><th>Quotes by group</th><th>Tone towards actors <span class="sid">(mentions)</span></th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr>
<td class="outlet">${linkOutlets ? html`<a href="#${anchor('outlet', r.outlet)}">${r.outlet}</a>` : r.outlet}</td>
<td class="num">${r.articles}</td>
${outletToneCell(r, quality)}
<td class="wide"><span class="rate loaded">${fmt(r.loadedPer1000Words, 1)}</span> ${termList(r.loadedTermCounts)}${r.loadedInQuotes ? html` <span class="sid">(${r.loadedInQuotes} in quotes)</span>` : ''}</td>
<td class="wide"><span class="rate hedge">${fmt(r.hedgesPer1000Words, 1)}</span> ${termList(r.hedgeTermCounts, 5)}</td>
<td class="num">${fmt(r.attributionPer1000Words, 1)}</td>
<td class="groups">${groupList(r.speakerGroups)}</td>
<td class="wide">${actorList(entitiesOf.get(tupleKey(r.outlet, r.eventId)) ?? [], 4, quality)}</td>
</tr>`,
  )}</tbody></table>`;
}

function sentence(ref: SentenceRef): Html {
  return html`<blockquote>${ref.text} <span class="sid">${ref.sentenceId}</span></blockquote>`;
}

/** Shared claims side by side: one column per outlet, one row per claim; an empty cell is an omission. */
/** Sentences of one outlet shown in a side-by-side cell before the rest fold away. */
const CELL_SENTENCES = 2;

function claimsTable(event: Event, clusters: ClaimCluster[], max: number): Html {
  const shared = clusters.filter((c) => c.outlets.length > 1).sort((a, b) => b.outlets.length - a.outlets.length || b.sentences.length - a.sentences.length);
  if (!shared.length) return html`<p class="empty">No claim reported by more than one outlet.</p>`;
  const shown = shared.slice(0, max);
  // One column per outlet, up to MAX_CLAIM_COLUMNS (those reporting most of the claims shown); the table
  // scrolls sideways rather than squeezing columns, and many sentences of one outlet fold away.
  const reported = new Map<string, number>();
  for (const c of shown) for (const o of new Set(c.sentences.map((s) => s.outlet))) reported.set(o, (reported.get(o) ?? 0) + 1);
  const columns =
    event.outlets.length <= MAX_CLAIM_COLUMNS
      ? event.outlets
      : [...event.outlets].sort((a, b) => (reported.get(b) ?? 0) - (reported.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_CLAIM_COLUMNS);
  const hiddenColumns = event.outlets.length - columns.length;
  return html`${hiddenColumns ? html`<p class="note">The ${columns.length} outlets reporting most of these claims have a column; ${hiddenColumns.toLocaleString('en-US')} more are in claim_matches.csv and report.yaml.</p>` : ''}<div class="claims-scroll"><table class="claims"><thead><tr>${columns.map((o) => html`<th>${o}</th>`)}</tr></thead><tbody>
${shown.map(
    (c) => html`<tr>${columns.map((o) => {
      const refs = c.sentences.filter((s) => s.outlet === o);
      if (!refs.length) return html`<td class="missing">not reported</td>`;
      const more = refs.slice(CELL_SENTENCES);
      return html`<td class="sent">${refs.slice(0, CELL_SENTENCES).map(sentence)}${more.length ? html`<details class="more"><summary>${more.length} more from ${o}</summary>${more.map(sentence)}</details>` : ''}</td>`;
    })}</tr>`,
  )}</tbody></table></div>${shared.length > max ? html`<p class="note">${shared.length - max} more shared claims in claim_matches.csv and report.yaml.</p>` : ''}`;
}

/** Per event in report.html: claim-table columns, listed articles and omissions. */
const MAX_CLAIM_COLUMNS = 12;
const MAX_EVENT_ARTICLES = 100;

/** Highlights the number as written inside its sentence (first occurrence). */
function withNumber(ref: SentenceRef, number: string): Html {
  const at = number ? ref.text.indexOf(number) : -1;
  const text = at < 0 ? html`${ref.text}` : html`${ref.text.slice(0, at)}<span class="num-hl">${number}</span>${ref.text.slice(at + number.length)}`;
  return html`<strong>${ref.outlet}</strong><blockquote>${text} <span class="sid">${ref.sentenceId}</span></blockquote>`;
}

/** An article's title linked to its URL (http and https only; anything else stays plain text). */
export function articleLink(a: Article): Html {
  const title = a.title || a.id;
  return /^https?:\/\//i.test(a.url ?? '') ? html`<a class="article-link" href="${a.url}" rel="noreferrer noopener" target="_blank">${title}</a>` : html`${title}`;
}

const side = (ref: SentenceRef) => html`<td class="sent"><strong>${ref.outlet}</strong>${sentence(ref)}</td>`;

export interface EventView {
  event: Event;
  articles: Article[];
  analysis: Analysis;
  framing: OutletFraming[];
  entities: EntityTone[];
  charts: FramingCharts;
  maxClaims: number;
  toneQuality?: ToneQuality;
  findings: FindingOptions;
  /** Ids of findings not in the previous run, for a "new" mark; undefined on a first run. */
  isNew?: (id: string) => boolean;
}

export function eventSection(v: EventView): Html {
  const { event, analysis } = v;
  const matches = analysis.claimMatches.filter((m) => m.eventId === event.id);
  const contradictions = matches.filter((m) => m.relation === 'contradict');
  const agreements = matches.filter((m) => m.relation === 'agree');
  const numbers = analysis.numericComparisons.filter((n) => n.eventId === event.id && n.verdict === 'discrepancy');
  const updates = analysis.numericComparisons.filter((n) => n.eventId === event.id && n.verdict === 'update');
  const omissions = analysis.omissions.filter((o) => o.eventId === event.id);
  const clusters = analysis.claimClusters.filter((c) => c.eventId === event.id);
  const dates = event.dateFrom === event.dateTo ? event.dateFrom : `${event.dateFrom} – ${event.dateTo}`;
  const shown = (xs: { id: string }[]) => visibleFindings(xs, v.findings.verdicts).length;
  const eventVerdict = v.findings.verdicts?.byId.get(event.id);
  const numberCells = (n: NumericComparison, note: Html) => html`<td class="sent">${withNumber(n.a, n.a.number.text)}</td><td class="sent">${withNumber(n.b, n.b.number.text)}</td><td>${note}</td>`;
  return html`<details class="event${eventVerdict ? ` ${eventVerdict.verdict}` : ''}" id="${anchor('event', event.id)}">
<summary><span class="ev-title">${event.label || event.id}</span>${v.isNew?.(event.id) ? html` <span class="new">new</span>` : ''}${eventVerdict ? html` <span class="verdict verdict-${eventVerdict.verdict}">${eventVerdict.verdict === 'right' ? 'confirmed' : 'marked wrong'} by an analyst${eventVerdict.note ? html`: ${eventVerdict.note}` : ''}</span>` : ''}
<span class="meta">${dates || 'date unknown'} · ${event.articleIds.length} ${event.articleIds.length === 1 ? 'article' : 'articles'} · ${event.outlets.length} outlets · ${shown(contradictions)} contradictions · ${shown(numbers)} numbers · ${shown(omissions)} omissions</span></summary>
<p class="meta">${event.outlets.slice(0, MAX_CLAIM_COLUMNS).map((o) => html`<span class="outlet-tag">${o}</span>`)}${event.outlets.length > MAX_CLAIM_COLUMNS ? html` and ${(event.outlets.length - MAX_CLAIM_COLUMNS).toLocaleString('en-US')} more outlets` : ''} <span class="sid">${event.id}</span></p>
<ul class="articles">${v.articles.slice(0, MAX_EVENT_ARTICLES).map((a) => html`<li><strong>${outletKey(a)}</strong>: ${articleLink(a)} <span class="sid">${a.published || 'undated'} · ${a.id}</span></li>`)}</ul>${v.articles.length > MAX_EVENT_ARTICLES ? html`<p class="note">${(v.articles.length - MAX_EVENT_ARTICLES).toLocaleString('en-US')} more articles in articles.csv (event_id ${event.id}).</p>` : ''}
<h4>Framing by outlet</h4>
${framingTable(v.framing, v.entities, false, v.toneQuality)}
${v.charts.pooled ? pooledNote(v.charts) : ''}${v.charts.wording ? html`<div class="charts">${v.charts.tone ? html`<figure class="chart">${raw(v.charts.tone)}</figure>` : ''}<figure class="chart">${raw(v.charts.wording)}</figure></div>` : ''}
<h4>Shared claims, side by side</h4>
${claimsTable(event, clusters, v.maxClaims)}
${agreements.length ? html`<details class="pairs"><summary>${agreements.length} agreeing claim pairs, with their ids</summary>${findingsTable(agreements.map((m) => ({ id: m.id, confidence: confidenceOf(m), cells: html`${side(m.a)}${side(m.b)}<td>${m.reason}</td>` })), ['One outlet', 'Another outlet', 'Why'], v.findings, 'claim_matches.csv')}</details>` : ''}
<h4>Contradictions</h4>
${findingsTable(contradictions.map((m) => ({ id: m.id, confidence: confidenceOf(m), cells: html`${side(m.a)}${side(m.b)}<td>${m.reason} <span class="sid">NLI ${fmt(m.nliContradiction)}</span></td>` })), ['One outlet', 'Another outlet', 'Why'], v.findings, 'claim_matches.csv')}
<h4>Numbers that disagree</h4>
${findingsTable(numbers.map((n) => ({ id: n.id, confidence: confidenceOf(n), cells: numberCells(n, html`${n.quantityA ?? n.quantity} / ${n.quantityB ?? n.quantity}: gap ${pct(n.relativeGap)} <span class="sid">${n.publishedA || 'undated'} / ${n.publishedB || 'undated'}</span>`) })), ['One outlet', 'Another outlet', 'Quantity'], v.findings, 'numeric_comparisons.csv')}
${updates.length ? html`<h4>Numbers updated over time (not disputes)</h4>${findingsTable(updates.map((n) => ({ id: n.id, confidence: confidenceOf(n), cells: numberCells(n, html`${n.quantity}: ${n.reason ?? ''}`) })), ['One outlet', 'Another outlet', 'Why an update'], v.findings, 'numeric_comparisons.csv')}` : ''}
<h4>Left out</h4>
${findingsTable(omissions.map((o) => ({ id: o.id, confidence: confidenceOf(o), cells: html`<td>${o.outlet}</td><td class="sent">${sentence(o.evidence)}</td><td>${o.reportedBy.slice(0, MAX_CLAIM_COLUMNS).join(', ')}${o.reportedBy.length > MAX_CLAIM_COLUMNS ? ` and ${o.reportedBy.length - MAX_CLAIM_COLUMNS} more` : ''}</td>` })), ['Outlet', 'Does not report (as another outlet put it)', 'Reported by'], v.findings, 'omissions.csv')}
</details>`;
}
