/**
 * The top of report.html for a big night: a summary (what is new since the previous run, the events
 * with the most disagreement, the outlets covered, the analysts' verdicts) and an index of every
 * event with counts and a client-side filter (outlet, dates, finding type, text). The filter is the
 * page's only script: inline, allowed by its sha256 in the Content-Security-Policy, and it makes no
 * request (default-src 'none' stays).
 */
import { createHash } from 'node:crypto';
import type { Analysis, Article, Event } from '../../records.js';
import type { AppliedVerdicts } from '../verdicts.js';
import { verdictSentences } from '../verdicts.js';
import type { PreviousRun } from '../previousRun.js';
import { visibleFindings } from './findings.js';
import { anchor, html, type Html } from './escape.js';
import { outletKey, isAnalysed } from '../../records.js';

/** Filters the index rows and the matching event sections; opens a collapsed event when linked to. */
export const FILTER_SCRIPT = `(function () {
  var form = document.getElementById('filter');
  var rows = form ? [].slice.call(document.querySelectorAll('#event-index tbody tr')) : [];
  var shown = document.getElementById('filter-count');
  function apply() {
    var q = form.q.value.trim().toLowerCase(), o = form.outlet.value, k = form.kind.value;
    var from = form.from.value, to = form.to.value, n = 0;
    rows.forEach(function (r) {
      var d = r.dataset;
      var ok = (!q || d.text.indexOf(q) >= 0) && (!o || d.outlets.indexOf('|' + o + '|') >= 0) &&
        (!k || (' ' + d.kinds + ' ').indexOf(' ' + k + ' ') >= 0) &&
        (!from || !d.to || d.to >= from) && (!to || !d.from || d.from <= to);
      r.hidden = !ok;
      if (ok) n++;
      var target = d.target && document.getElementById(d.target);
      if (target) target.hidden = !ok;
    });
    shown.textContent = n + ' of ' + rows.length + ' events';
  }
  if (form) {
    form.addEventListener('input', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
  }
  function openLinked() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openLinked);
  openLinked();
})();`;

/** The CSP source that allows exactly FILTER_SCRIPT. */
export const FILTER_SCRIPT_HASH = `'sha256-${createHash('sha256').update(FILTER_SCRIPT).digest('base64')}'`;

export interface EventCounts {
  agree: number;
  contradict: number;
  numbers: number;
  updates: number;
  omissions: number;
}

/** Findings per event as the page shows them (rows hidden by a "wrong" verdict are not counted). */
export function countFindings(analysis: Analysis, verdicts: AppliedVerdicts | undefined): Map<string, EventCounts> {
  const out = new Map<string, EventCounts>();
  const at = (id: string) => out.get(id) ?? (out.set(id, { agree: 0, contradict: 0, numbers: 0, updates: 0, omissions: 0 }), out.get(id)!);
  for (const m of visibleFindings(analysis.claimMatches, verdicts)) if (m.relation === 'agree') at(m.eventId).agree++;
  else if (m.relation === 'contradict') at(m.eventId).contradict++;
  for (const n of visibleFindings(analysis.numericComparisons, verdicts)) if (n.verdict === 'discrepancy') at(n.eventId).numbers++;
  else if (n.verdict === 'update') at(n.eventId).updates++;
  for (const o of visibleFindings(analysis.omissions, verdicts)) at(o.eventId).omissions++;
  return out;
}

/** Disputes first (contradictions and disagreeing numbers), then omissions. */
const disagreement = (c: EventCounts | undefined) => (c ? 2 * (c.contradict + c.numbers) + c.omissions : 0);

/** Events the summary lists first; report.html details them even beyond report.htmlMaxEvents. */
export const TOP_DISAGREEMENT = 8;

export function mostDisagreement(events: Event[], counts: Map<string, EventCounts>): Event[] {
  return events
    .filter((e) => disagreement(counts.get(e.id)) > 0)
    .sort((a, b) => disagreement(counts.get(b.id)) - disagreement(counts.get(a.id)) || (a.id < b.id ? -1 : 1))
    .slice(0, TOP_DISAGREEMENT);
}

export interface OverviewInput {
  events: Event[];
  /** Events with a details section on the page (the others are in events.csv only). */
  detailed: Set<string>;
  articles: Article[];
  analysis: Analysis;
  counts: Map<string, EventCounts>;
  verdicts?: AppliedVerdicts;
  previous?: PreviousRun | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summarySection(v: OverviewInput): Html {
  const articlesPerOutlet = new Map<string, number>();
  for (const a of v.articles) if (isAnalysed(a)) articlesPerOutlet.set(outletKey(a), (articlesPerOutlet.get(outletKey(a)) ?? 0) + 1);
  const outlets = [...articlesPerOutlet.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const few = outlets.filter(([, n]) => n < 5).length;
  const top = mostDisagreement(v.events, v.counts);
  const prev = v.previous;
  const findingIds = [...v.analysis.events, ...v.analysis.claimMatches, ...v.analysis.numericComparisons, ...v.analysis.omissions].map((x) => x.id);
  const newArticles = prev ? v.articles.filter((a) => !prev.articleIds.has(a.id)).length : 0;
  const newEvents = prev ? v.events.filter((e) => !prev.ids.has(e.id)).length : 0;
  const newFindings = prev ? findingIds.filter((id) => !prev.ids.has(id) && !id.startsWith('ev-')).length : 0;
  const link = (e: Event) => (v.detailed.has(e.id) ? html`<a href="#${anchor('event', e.id)}">${e.label || e.id}</a>` : html`${e.label || e.id}`);
  const verdictLines = v.verdicts ? verdictSentences(v.verdicts) : [];
  return html`<section id="summary"><h2>Summary</h2>
<ul class="summary">
<li><strong>New:</strong> ${prev ? html`${plural(newArticles, 'article')}, ${plural(newEvents, 'event')} and ${plural(newFindings, 'finding')} not in the previous run (${prev.runId}); filter the index by “new”.` : 'no previous run in this output folder to compare with.'}</li>
<li><strong>Outlets covered:</strong> ${outlets.length}${few ? html` (${few} with fewer than 5 analysed articles: read their figures with care)` : ''}. Most articles: ${outlets.slice(0, 12).map(([o, n], i) => html`${i ? ', ' : ''}${o} (${n})`)}${outlets.length > 12 ? html` and ${outlets.length - 12} more` : ''}.</li>
${verdictLines.length ? html`<li><strong>Verdicts:</strong> ${verdictLines.join('; ')}.${v.verdicts!.orphans.length ? html` ${plural(v.verdicts!.orphans.length, 'verdict')} ${v.verdicts!.orphans.length === 1 ? 'matches' : 'match'} no finding in this run (see the run's warnings).` : ''}</li>` : ''}
</ul>
<h3>Events with the most disagreement</h3>
${top.length ? html`<ol class="top-events">${top.map((e) => {
    const c = v.counts.get(e.id)!;
    return html`<li>${link(e)} <span class="sid">${plural(e.outlets.length, 'outlet')} · ${plural(c.contradict, 'contradiction')} · ${plural(c.numbers, 'disagreeing number')} · ${plural(c.omissions, 'omission')}</span></li>`;
  })}</ol>` : html`<p class="empty">No contradiction, disagreeing number or omission found.</p>`}
</section>`;
}

export function eventIndex(v: OverviewInput): Html {
  const outlets = [...new Set(v.events.flatMap((e) => e.outlets))].sort();
  const titles = new Map(v.articles.map((a) => [a.id, a.title]));
  const row = (e: Event) => {
    const c = v.counts.get(e.id) ?? { agree: 0, contradict: 0, numbers: 0, updates: 0, omissions: 0 };
    const isNew = v.previous && !v.previous.ids.has(e.id);
    const kinds = [c.agree && 'agree', c.contradict && 'contradiction', c.numbers && 'number', c.updates && 'update', c.omissions && 'omission', isNew && 'new', e.outlets.length < 2 && 'single'].filter(Boolean).join(' ');
    const text = [e.label, e.id, ...e.outlets, ...e.articleIds.map((id) => titles.get(id) ?? '')].join(' ').toLowerCase();
    const target = v.detailed.has(e.id) ? anchor('event', e.id) : '';
    return html`<tr data-target="${target}" data-outlets="|${e.outlets.join('|')}|" data-from="${e.dateFrom}" data-to="${e.dateTo}" data-kinds="${kinds}" data-text="${text}">
<td>${target ? html`<a href="#${target}">${e.label || e.id}</a>` : html`${e.label || e.id} <span class="sid">(events.csv)</span>`}${isNew ? html` <span class="new">new</span>` : ''}</td><td class="date">${e.dateFrom || 'undated'}${e.dateTo !== e.dateFrom ? html` – ${e.dateTo}` : ''}</td><td class="num">${e.outlets.length}</td><td class="num">${e.articleIds.length}</td><td class="num">${c.agree}</td><td class="num">${c.contradict}</td><td class="num">${c.numbers}</td><td class="num">${c.omissions}</td></tr>`;
  };
  return html`<section id="index"><h2>Index of events</h2>
<form id="filter" class="filter" autocomplete="off">
<label>Text <input name="q" type="search" placeholder="words in titles, outlets, ids"></label>
<label>Outlet <select name="outlet"><option value="">any</option>${outlets.map((o) => html`<option value="${o}">${o}</option>`)}</select></label>
<label>From <input name="from" type="date"></label><label>To <input name="to" type="date"></label>
<label>Finding <select name="kind"><option value="">any</option><option value="contradiction">contradictions</option><option value="number">disagreeing numbers</option><option value="omission">omissions</option><option value="agree">agreeing claims</option><option value="update">updated numbers</option><option value="new">new since the previous run</option><option value="single">one outlet only</option></select></label>
<span id="filter-count" class="sid">${plural(v.events.length, 'event')}</span>
</form>
<table id="event-index"><thead><tr><th>Event</th><th>Dates</th><th class="num">Outlets</th><th class="num">Articles</th><th class="num">Agree</th><th class="num">Contra&shy;dictions</th><th class="num">Numbers</th><th class="num">Omissions</th></tr></thead>
<tbody>${v.events.map(row)}</tbody></table>
</section>`;
}
