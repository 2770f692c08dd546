/**
 * A generated night for report tests: about a thousand short articles from templates, grouped in
 * events of five outlets, each event with an agreeing and a contradicting claim pair, a disagreeing
 * number and an omission. Records are built directly (no models), so a big page renders in seconds.
 */
import type { Analysis, Article, SentenceRef } from '../../src/records.js';

const PLACES = ['Lisbon', 'Nairobi', 'Osaka', 'Quito', 'Tbilisi', 'Hanoi', 'Accra', 'Bergen', 'Cusco', 'Dakar'];
const TOPICS = ['port strike', 'flood', 'election recount', 'bridge collapse', 'vaccine rollout', 'wildfire', 'trade deal', 'rail outage'];
export const OUTLETS = Array.from({ length: 40 }, (_, i) => `Outlet ${String(i + 1).padStart(2, '0')}`);
/** An outlet that covers exactly one event, and a word found in exactly one title. */
export const LONE_OUTLET = 'Lone Harbour Gazette';
export const UNIQUE_WORD = 'zeppelin';

const hex = (n: number, width = 12) => n.toString(16).padStart(width, '0');

function article(id: string, outlet: string, title: string, published: string): Article {
  return {
    id,
    contentHash: `hash-${id}`,
    sourceFile: `generated/${id}.txt`,
    format: 'txt',
    outlet,
    outletSource: 'manifest',
    outletEvidence: 'generated',
    outletCountry: '',
    outletOwnership: '',
    url: `https://news.example.org/${encodeURIComponent(outlet.toLowerCase().replace(/\s+/g, '-'))}/${id}`,
    published,
    publishedSource: 'manifest',
    publishedEvidence: 'generated',
    title,
    text: `${title}. Officials said the ${title.toLowerCase()} affected thousands.`,
    words: 12,
    language: 'en',
    analysable: true,
    duplicateOf: '',
  };
}

export interface SyntheticNight {
  articles: Article[];
  analysis: Analysis;
}

export function syntheticNight(events = 200, perEvent = 5): SyntheticNight {
  const articles: Article[] = [];
  const analysis: Analysis = { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };
  for (let e = 0; e < events; e++) {
    const place = PLACES[e % PLACES.length];
    const topic = TOPICS[Math.floor(e / PLACES.length) % TOPICS.length];
    // Events 7 and 11 (the lone outlet, the unique word) are the newest, so report.html details them.
    const day = e === 7 || e === 11 ? '2024-12-31' : `2024-${String(1 + (e % 12)).padStart(2, '0')}-${String(1 + (e % 28)).padStart(2, '0')}`;
    const eventId = `ev-${hex(e + 1)}`;
    const ids: string[] = [];
    const outlets: string[] = [];
    for (let k = 0; k < perEvent; k++) {
      const outlet = e === 7 && k === 0 ? LONE_OUTLET : OUTLETS[(e * 3 + k) % OUTLETS.length];
      const id = `art-${e}-${k}`;
      const title = `${place} ${topic}: ${e === 11 && k === 2 ? `${UNIQUE_WORD} sighted, ` : ''}report ${e}.${k}`;
      articles.push(article(id, outlet, title, day));
      ids.push(id);
      outlets.push(outlet);
    }
    analysis.events.push({ id: eventId, label: `${place} ${topic} (${e})`, dateFrom: day, dateTo: day, articleIds: ids, outlets: [...outlets].sort(), cohesion: 0.7 });
    const ref = (k: number, text: string): SentenceRef => ({ sentenceId: `${ids[k]}#1`, articleId: ids[k], outlet: outlets[k], text });
    const said = (k: number) => ref(k, `Officials said ${100 + e + k} people were affected in ${place}.`);
    analysis.claimMatches.push(
      { id: `cm-${hex(2 * e + 1)}`, eventId, relation: 'agree', similarity: 0.9, cosine: 0.9, lexical: 0.6, nliEntailment: 0.8, nliContradiction: 0.1, reason: 'judge P(same) 0.90', confidence: 0.9, a: said(0), b: said(1) },
      { id: `cm-${hex(2 * e + 2)}`, eventId, relation: 'contradict', similarity: 0.7, cosine: 0.7, lexical: 0.4, nliEntailment: 0.1, nliContradiction: 0.8, reason: 'negated predicate', confidence: e % 5 === 0 ? 0.2 : 0.85, a: said(2), b: ref(3, `Officials denied that anyone was affected in ${place}.`) },
    );
    const figure = (k: number, value: number) => ({ ...said(k), number: { text: String(value), min: value, max: value, value, approx: false, qualifier: 'exact' as const, unit: 'people', subject: 'affected', kind: 'count' as const } });
    analysis.numericComparisons.push({ id: `num-${hex(e + 1)}`, eventId, quantity: 'affected', a: figure(0, 100 + e), b: figure(4, 300 + e), relativeGap: 0.6, verdict: 'discrepancy', confidence: e % 4 === 0 ? 0.3 : 0.9 });
    analysis.claimClusters.push({ id: `cc-${hex(e + 1)}`, eventId, label: said(0).text, sentences: [said(0), said(1)], outlets: [outlets[0], outlets[1]] });
    analysis.omissions.push({ id: `om-${hex(e + 1)}`, eventId, claimClusterId: `cc-${hex(e + 1)}`, outlet: outlets[4], articleIds: [ids[4]], reportedBy: [outlets[0], outlets[1]], evidence: said(0) });
  }
  return { articles, analysis };
}
