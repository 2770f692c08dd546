/**
 * report.html: one self-contained page (inline CSS and SVG, one hashed inline filter script, no network) with the
 * outlets' framing charts, then per event the side-by-side claims, contradictions, numbers and
 * omissions. All text is escaped; the CSVs and report.yaml remain the complete record.
 */
import type { Article, Event, SkippedInput, ToneQuality } from '../../records.js';
import { framingCharts } from './charts.js';
import type { ItemCache } from '../../store/itemCache.js';
import { anchor, html, raw, type Html } from './escape.js';
import { articleLink, eventSection, framingTable, pooledNote, termList } from './sections.js';
import { STYLES } from './styles.js';
import { outletKey, isAnalysed } from '../../records.js';
import { addCount, emptyRecord } from '../../runtime/safeKeys.js';
import { topOutlets } from './chartOutlets.js';
import type { AppliedVerdicts } from '../verdicts.js';
import type { PreviousRun } from '../previousRun.js';
import type { ReportModel } from '../reportModel.js';
import { visibleFindings, type FindingOptions } from './findings.js';
import { countFindings, eventIndex, FILTER_SCRIPT, FILTER_SCRIPT_HASH, mostDisagreement, summarySection, type OverviewInput } from './overview.js';

export interface PageInput extends ReportModel {
  maxEvents: number;
  maxClaimsPerEvent: number;
  /** Charts drawn by earlier runs (see openChartMemo); without it every chart is drawn. */
  chartMemo?: ItemCache<string>;
  /** The analyst's verdicts matched against this run (report.verdictsFile). */
  verdicts?: AppliedVerdicts;
  /** report.minConfidence and report.lowConfidence. */
  minConfidence?: number;
  lowConfidence?: 'apart' | 'hide';
  /** Outlets with fewer analysed articles are left out of the overall charts (report.chartMinArticles). */
  chartMinArticles?: number;
  /** The previous run's finding ids, for "what is new"; null on a first run. */
  previous?: PreviousRun | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function countList(counts: Record<string, number>, max = 20): Html {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const more = entries.length > max ? html` and ${entries.length - max} more` : '';
  return html`${entries.slice(0, max).map(([k, n], i) => html`${i ? ', ' : ''}${k} ${n}`)}${more}`;
}

/** Events an analyst should see first: most outlets, then most articles, then newest. */
export function eventPriority(events: Event[]): Event[] {
  return [...events].sort(
    (a, b) =>
      b.outlets.length - a.outlets.length ||
      b.articleIds.length - a.articleIds.length ||
      cmp(b.dateTo, a.dateTo) ||
      cmp(a.id, b.id),
  );
}

function singleOutletTable(events: Event[], articleById: Map<string, Article>): Html {
  if (!events.length) return html``;
  return html`<h3>Events covered by one outlet only</h3>
<table><thead><tr><th>Event</th><th>Outlet</th><th>Dates</th><th>Articles</th></tr></thead><tbody>${events.map(
    (e) => html`<tr id="${anchor('event', e.id)}"><td>${e.label || e.id}<br><span class="sid">${e.id}</span></td><td>${e.outlets.join(', ')}</td><td class="date">${e.dateFrom || 'undated'}${e.dateTo !== e.dateFrom ? html`<br>${e.dateTo}` : ''}</td><td>${e.articleIds.map((id) => { const a = articleById.get(id); return html`${a ? articleLink(a) : id}<br>`; })}</td></tr>`,
  )}</tbody></table>`;
}

/** Skipped items shown on the page; manifest.json and report.yaml list every one. */
export const HTML_MAX_SKIPPED_ROWS = 500;

function skippedSection(skipped: SkippedInput[]): Html {
  if (!skipped.length) return html``;
  const byReason = emptyRecord<number>();
  for (const s of skipped) addCount(byReason, s.reason);
  const shown = skipped.slice(0, HTML_MAX_SKIPPED_ROWS);
  const more = skipped.length - shown.length;
  return html`<section id="skipped"><h2>Skipped inputs</h2>
<p class="note">${countList(byReason)}.${more ? html` The first ${shown.length} are listed; manifest.json and report.yaml list all ${skipped.length}.` : ''}</p>
<table><thead><tr><th>File</th><th>Reason</th><th>Detail</th></tr></thead><tbody>${shown.map((s) => html`<tr><td>${s.file}${s.line ? `:${s.line}` : ''}</td><td>${s.reason}</td><td>${s.detail}</td></tr>`)}</tbody></table></section>`;
}

/** What the tone figures are and whether they may be read as findings (issue: a measure that does not beat its reference is not shown). */
function toneNote(q: ToneQuality | undefined): Html {
  if (!q) return html`<p class="note">Tone is the mean sentence sentiment (−1 to +1) from the sentiment model.</p>`;
  const sentence = q.sentenceIsFinding
    ? html`Tone is the mean sentence tone (−1 to +1: probability positive minus probability negative) from crossframe's tone model (${q.sentenceEvidence}). Every bar carries its 95% bootstrap interval and the number of sentences behind it; outlets are listed by name, and two outlets differ only where their intervals do not overlap. Outlets with fewer than ${q.minToneSentences} sentences are grey.`
    : html`Sentence tone is not shown as a finding: it does not beat its reference rows (${q.sentenceEvidence}).`;
  const actors = q.actorIsFinding ? '' : html` Tone towards actors is not shown as a finding: on BASIL dev it does not beat its reference rows (README, Quality); entity_tone.csv keeps every row with its sentences.`;
  return html`<p class="note">${sentence}${actors}</p>`;
}

export async function renderHtmlReport(input: PageInput): Promise<string> {
  const { analysis, framing } = input;
  const articleById = new Map(input.articles.map((a) => [a.id, a]));
  const overall = framing.outletFraming.filter((f) => f.eventId === '*');
  // Outlets with too few articles are left out of the overall charts (the framing table keeps them, with counts).
  const chartMin = input.chartMinArticles ?? 1;
  const charted = overall.filter((f) => f.articles >= chartMin);
  const leftOut = overall.length - charted.length;
  const outlets = [...new Set(input.articles.map(outletKey))].sort(cmp);
  const analysed = input.articles.filter(isAnalysed).length;
  const verdicts = input.verdicts;
  const findings: FindingOptions = { verdicts, minConfidence: input.minConfidence ?? 0.5, lowConfidence: input.lowConfidence ?? 'apart' };
  const isNew = input.previous ? (id: string) => !input.previous!.ids.has(id) : undefined;
  // An event marked wrong (not one story) leaves the page under wrongFindings: hide.
  const ranked = eventPriority(visibleFindings(analysis.events, verdicts));
  const counts = countFindings(analysis, verdicts);
  // The events the summary names are always detailed, even beyond report.htmlMaxEvents.
  const first = new Set([...ranked.slice(0, input.maxEvents), ...mostDisagreement(ranked, counts)].map((e) => e.id));
  const shown = ranked.filter((e) => first.has(e.id));
  const multi = shown.filter((e) => e.outlets.length > 1);
  const single = shown.filter((e) => e.outlets.length <= 1);

  const eventRows = multi.map((event) => framing.outletFraming.filter((f) => f.eventId === event.id));
  const [overallCharts, ...eventCharts] = await framingCharts(
    [{ rows: charted, width: 330 }, ...eventRows.map((rows) => ({ rows, width: 260 }))],
    input.chartMemo,
    framing.toneQuality?.sentenceIsFinding ?? true,
  );
  const profiled = topOutlets(overall);
  const sampleArticle = new Map<string, Article>();
  for (const a of input.articles) if (!sampleArticle.has(outletKey(a))) sampleArticle.set(outletKey(a), a);
  const actorsOf = new Map<string, typeof framing.entityTone>();
  for (const e of framing.entityTone) {
    if (e.eventId !== '*') continue;
    const list = actorsOf.get(e.outlet);
    if (list) list.push(e);
    else actorsOf.set(e.outlet, [e]);
  }
  const eventSections: Html[] = [];
  for (const [i, event] of multi.entries()) {
    const rows = eventRows[i];
    eventSections.push(
      eventSection({
        event,
        articles: event.articleIds.map((id) => articleById.get(id)).filter((a): a is Article => !!a),
        analysis,
        framing: rows,
        entities: framing.entityTone.filter((e) => e.eventId === event.id),
        charts: eventCharts[i],
        maxClaims: input.maxClaimsPerEvent,
        toneQuality: framing.toneQuality,
        findings,
        isNew,
      }),
    );
  }

  const overview: OverviewInput = {
    events: ranked,
    detailed: new Set(shown.map((e) => e.id)),
    articles: input.articles,
    analysis,
    counts,
    verdicts,
    previous: input.previous,
  };

  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${raw(FILTER_SCRIPT_HASH)}">
<title>crossframe report ${input.runId}</title>
<style>${raw(STYLES)}</style></head>
<body>
<header class="top"><h1>How outlets covered the same events</h1>
<p>crossframe run ${input.runId} · started ${input.startedAt} · ${count(analysed, 'article')} analysed from ${count(outlets.length, 'outlet')} · ${count(analysis.events.length, 'event')} · ${count(input.skipped.length, 'input')} skipped</p>
${input.modelsNote ? html`<p class="models" id="models">Models: ${input.modelsNote}</p>` : ''}</header>
<main>
<nav class="toc"><a href="#summary">Summary</a><a href="#index">Index</a><a href="#outlets">Outlets</a><a href="#events">Events (${analysis.events.length})</a><a href="#profiles">Outlet profiles</a>${input.skipped.length ? html`<a href="#skipped">Skipped inputs</a>` : ''}</nav>

${summarySection(overview)}
${eventIndex(overview)}

<section id="outlets"><h2>Outlets across all events</h2>
${toneNote(framing.toneQuality)}
<p class="note">Loaded terms and hedges come from the lexicons in config/lexicons and are counted per 1,000 words of titles and text. These measures describe wording, not accuracy: read them next to the sentences they count.</p>
${leftOut ? html`<p class="note">${leftOut} of ${overall.length} outlets have fewer than ${chartMin} analysed articles and are left out of the charts (report.chartMinArticles); the table below lists every outlet with its article count.</p>` : ''}
${overallCharts.pooled ? pooledNote(overallCharts) : ''}${charted.length ? html`<div class="charts">${overallCharts.tone ? html`<figure class="chart" id="chart-tone">${raw(overallCharts.tone)}</figure>` : ''}<figure class="chart" id="chart-loaded">${raw(overallCharts.wording)}</figure></div>` : html`<p class="empty">No analysed articles.</p>`}
${framingTable(overall, framing.entityTone.filter((e) => e.eventId === '*'), true, framing.toneQuality)}
</section>

<section id="events"><h2>Events</h2>
<p class="note">Events covered by several outlets, most outlets first, and the events the summary names${ranked.length > shown.length ? html` (${shown.length} of ${ranked.length} shown; events.csv has all)` : ''}; click an event to open it. In the side-by-side table each row is one claim; “not reported” marks an outlet that covers the event but not that claim. Findings are sorted most confident first where they carry a confidence; rows below ${findings.minConfidence} are ${findings.lowConfidence === 'hide' ? 'left out' : 'set apart'} (report.minConfidence, report.lowConfidence). Each row shows its id: mark it wrong or right in the verdicts file (README).</p>
${multi.length ? eventSections : html`<p class="empty">No event is covered by more than one outlet.</p>`}
${singleOutletTable(single, articleById)}
</section>

<section id="profiles"><h2>Outlet profiles</h2>
${profiled.length < overall.length ? html`<p class="note">Profiles of the ${profiled.length} outlets with most sentences; outlet_framing.csv has all ${overall.length.toLocaleString('en-US')}.</p>` : ''}
${overall.length ? profiled.map((f) => {
    const sample = sampleArticle.get(f.outlet);
    const actors = (actorsOf.get(f.outlet) ?? []).slice(0, 8);
    return html`<article class="event" id="${anchor('outlet', f.outlet)}"><h3>${f.outlet}</h3>
<p class="meta">${[sample?.outletCountry, sample?.outletOwnership].filter(Boolean).join(' · ') || 'no directory entry'} · ${count(f.articles, 'article')} · ${count(f.eventsCovered, 'event')} · ${count(f.claimsShared, 'shared claim')} · ${count(f.contradictions, 'contradiction')} · ${count(f.numericDiscrepancies, 'numeric discrepancy', 'numeric discrepancies')} · ${count(f.omissions, 'omission')}</p>
<table class="profile"><tbody>
<tr><th>Loaded terms</th><td>${f.loadedCount} (${f.loadedPer1000Words.toFixed(1)} per 1,000 words, ${f.loadedInQuotes} inside quotes)</td></tr>
<tr><th>Loaded terms found</th><td>${termList(f.loadedTermCounts, 20)}</td></tr>
<tr><th>Hedges</th><td>${f.hedgeCount} (${f.hedgesPer1000Words.toFixed(1)} per 1,000 words): ${termList(f.hedgeTermCounts, 12)}</td></tr>
<tr><th>Attribution verbs</th><td>${f.attributionCount} (${f.attributionPer1000Words.toFixed(1)} per 1,000 words): ${termList(f.attributionTermCounts, 12)}</td></tr>
<tr><th>Who is quoted</th><td>${f.quotes ? html`${f.quotes} quotes. By group: ${countList(f.speakerGroups)}. Speakers: ${countList(f.speakers, 12)}` : html`<span class="empty">no quotes</span>`}</td></tr>
<tr><th>Tone towards actors</th><td>${framing.toneQuality && !framing.toneQuality.actorIsFinding ? html`<span class="empty">not shown as a finding: it does not beat its reference rows (README, Quality); entity_tone.csv has every row with its sentences</span>` : actors.length ? actors.map((e, i) => html`${i ? ', ' : ''}${e.entity} <span class="${e.toneMean < 0 ? 'neg' : 'pos'}">${e.toneMean.toFixed(2)}</span> (${e.mentions})`) : html`<span class="empty">no actor mentioned often enough</span>`}</td></tr>
</tbody></table></article>`;
  }) : html`<p class="empty">No outlets.</p>`}
</section>

${skippedSection(input.skipped)}

<footer>Generated by crossframe. Complete data: articles.csv, sentences.csv, events.csv, claim_matches.csv, numeric_comparisons.csv, omissions.csv, outlet_framing.csv, entity_tone.csv, report.yaml; provenance: manifest.json.</footer>
</main>
<script>${raw(FILTER_SCRIPT)}</script>
</body></html>
`;
  return page.value;
}
