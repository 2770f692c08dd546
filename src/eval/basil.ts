/**
 * BASIL (basil-dev): articles with their gold event and expert bias spans. Read once and shared
 * by the event-clustering and loaded-language evaluations.
 */
import path from 'node:path';
import { readJsonl, arr, str } from '../measure/jsonl.js';

export interface BasilSpan {
  location: 'body' | 'title';
  /** Index into the article's flattened body sentences; null for title spans. */
  sentenceIndex: number | null;
  start: number;
  end: number;
  text: string;
  biasType: 'lexical' | 'informational';
  quote: boolean;
  /** Who the span casts in a light ("Donald_Trump"), '' when none. */
  target: string;
  /** The light: pos | neg, '' when none. */
  polarity: '' | 'pos' | 'neg';
  /** Who speaks when the span is a quotation ("Michael_Steele"), '' when none. */
  speaker: string;
}

export interface BasilArticle {
  eventId: string;
  articleId: string;
  outlet: string;
  date: string;
  url: string;
  title: string;
  paragraphs: string[][];
  /** Body sentences, flattened in order (what span sentence indexes point into). */
  sentences: string[];
  spans: BasilSpan[];
}

function readSpan(raw: unknown): BasilSpan {
  const r = raw as Record<string, unknown>;
  const location = r.location === 'title' ? 'title' : 'body';
  const biasType = r.bias_type === 'lexical' ? 'lexical' : 'informational';
  return {
    location,
    sentenceIndex: typeof r.sentence_index === 'number' ? r.sentence_index : null,
    start: Number(r.start),
    end: Number(r.end),
    text: String(r.text ?? ''),
    biasType,
    quote: r.quote === 'yes',
    target: typeof r.target === 'string' ? r.target : '',
    polarity: r.polarity === 'pos' || r.polarity === 'neg' ? r.polarity : '',
    speaker: typeof r.speaker === 'string' ? r.speaker : '',
  };
}

/** `flag` is the option that names this folder, so a missing file points at the right one. */
export function readBasilArticles(dir: string, flag = '--basil DIR'): BasilArticle[] {
  const file = path.join(dir, 'articles.jsonl');
  return readJsonl(
    file,
    (r) => ({
      eventId: str(r, 'event_id'),
      articleId: str(r, 'article_id'),
      outlet: str(r, 'outlet'),
      date: typeof r.date === 'string' ? r.date : '',
      url: typeof r.url === 'string' ? r.url : '',
      title: typeof r.title === 'string' ? r.title : '',
      paragraphs: arr(r, 'paragraphs').map((p) => (Array.isArray(p) ? p.map(String) : [String(p)])),
      sentences: arr(r, 'sentences').map(String),
      spans: arr(r, 'spans').map(readSpan),
    }),
    flag,
  );
}

/** Articles of the first `events` events, in file order (all when undefined). */
export function firstEvents(articles: BasilArticle[], events: number | undefined): BasilArticle[] {
  if (events === undefined) return articles;
  const kept = new Set<string>();
  for (const a of articles) {
    if (kept.size >= events) break;
    kept.add(a.eventId);
  }
  return articles.filter((a) => kept.has(a.eventId));
}
