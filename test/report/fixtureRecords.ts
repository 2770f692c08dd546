/**
 * A small, hostile set of records for report tests: two outlets on one event, a third alone,
 * headlines that are formula and script payloads, non-Latin text and curly quotes.
 */
import type { Analysis, Article, Framing, Sentence, SentenceRef, SentenceSentiment, SkippedInput } from '../../src/records.js';

function article(id: string, outlet: string, title: string, published: string, text: string): Article {
  return {
    id,
    contentHash: `hash-${id}`,
    sourceFile: `fixtures/${id}.txt`,
    format: 'txt',
    outlet,
    outletSource: 'manifest',
    outletEvidence: 'fixture',
    outletCountry: outlet === 'Wire One' ? 'US' : '',
    outletOwnership: '',
    url: '',
    published,
    publishedSource: 'manifest',
    publishedEvidence: 'fixture',
    title,
    text,
    words: text.split(/\s+/).length,
    language: 'en',
    analysable: true,
    duplicateOf: '',
  };
}

export const articles: Article[] = [
  article('a1', 'Wire One', '=HYPERLINK("http://x","Blinken") talks', '2023-11-06', ''),
  article('a2', '<script>alert("outlet")</script>', '+Blinken <script>alert(1)</script> visit a fiasco', '2023-11-05', ''),
  article('a3', 'Wire One', 'Заголовок “curly” -5 update', '2021-05-17', ''),
];

const sentenceTexts: Record<string, string[]> = {
  a1: ['Blinken met Netanyahu in Tel Aviv.', 'At least 9,488 people have died, officials said.'],
  a2: ['Blinken met Netanyahu, but the trip was a fiasco.', 'Over nine thousand people have died.', '=SUM(1+1) is not a formula here.'],
  a3: ['Blinken called Ashkenazi on Wednesday.'],
};

export const sentences: Sentence[] = Object.entries(sentenceTexts).flatMap(([articleId, texts]) =>
  texts.map((text, index) => ({
    id: `${articleId}#${index}`,
    articleId,
    outlet: articles.find((a) => a.id === articleId)!.outlet,
    index,
    paragraph: 0,
    text,
    quotes: index === 1 && articleId === 'a1' ? [{ text: 'At least 9,488 people have died', speaker: 'officials' }] : [],
    numbers: [],
    entities: text.includes('Blinken') ? [{ text: 'Blinken', name: 'Antony Blinken', type: 'person' as const }] : [],
    dates: [],
  })),
);

export const sentiment: SentenceSentiment[] = sentences.map((s, i) => ({
  sentenceId: s.id,
  label: i % 2 ? 'negative' : 'neutral',
  score: i % 2 ? -0.75 : 0.1,
}));

const ref = (id: string): SentenceRef => {
  const s = sentences.find((x) => x.id === id)!;
  return { sentenceId: s.id, articleId: s.articleId, outlet: s.outlet, text: s.text };
};

export const analysis: Analysis = {
  events: [
    { id: 'ev1', label: '=Blinken visit', dateFrom: '2023-11-05', dateTo: '2023-11-06', articleIds: ['a1', 'a2'], outlets: ['<script>alert("outlet")</script>', 'Wire One'], cohesion: 0.8 },
    { id: 'ev2', label: 'Blinken call', dateFrom: '2021-05-17', dateTo: '2021-05-17', articleIds: ['a3'], outlets: ['Wire One'], cohesion: 1 },
  ],
  claimMatches: [
    { id: 'm1', eventId: 'ev1', relation: 'agree', similarity: 0.9, cosine: 0.9, lexical: 0.6, nliEntailment: 0.8, nliContradiction: 0.1, reason: 'nli-entailment', confidence: 0.9, a: ref('a1#0'), b: ref('a2#0') },
    { id: 'm2', eventId: 'ev1', relation: 'contradict', similarity: 0.7, cosine: 0.7, lexical: 0.4, nliEntailment: 0.1, nliContradiction: 0.7, reason: 'nli-contradiction', confidence: 0.6, a: ref('a1#1'), b: ref('a2#1') },
  ],
  numericComparisons: [
    {
      id: 'n1',
      eventId: 'ev1',
      quantity: 'deaths',
      a: { ...ref('a1#1'), number: { text: 'At least 9,488', min: 9488, max: Infinity, value: 9488, approx: false, qualifier: 'at-least', unit: 'people', subject: 'deaths', kind: 'count' } },
      b: { ...ref('a2#1'), number: { text: 'Over nine thousand', min: 9000, max: Infinity, value: 9000, approx: true, qualifier: 'at-least', unit: 'people', subject: 'deaths', kind: 'count' } },
      relativeGap: -0.05,
      verdict: 'discrepancy',
    },
  ],
  claimClusters: [{ id: 'c1', eventId: 'ev1', label: 'Blinken met Netanyahu in Tel Aviv.', sentences: [ref('a1#0'), ref('a2#0')], outlets: ['<script>alert("outlet")</script>', 'Wire One'] }],
  omissions: [
    { id: 'o1', eventId: 'ev1', claimClusterId: 'c1', outlet: 'Wire One', articleIds: ['a1'], reportedBy: ['<script>alert("outlet")</script>'], evidence: ref('a2#2') },
  ],
};

export const skipped: SkippedInput[] = [{ file: 'fixtures/empty.txt', reason: 'empty', detail: '0 words after cleaning' }];

export const emptyFraming: Framing = { outletFraming: [], entityTone: [] };
