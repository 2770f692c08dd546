/**
 * Tone towards actors: for each outlet, event and entity (canonical name, aliases already
 * normalised by the segmenter), the sentiment of the sentences that mention it. A sentence's tone
 * is attributed whole to every entity it names: a rough signal, so every row lists its sentences.
 */
import type { Article, EntityTone, EntityType, Sentence, SentenceSentiment } from '../records.js';
import { outletKey } from './eventsOutlets.js';
import { tupleKey } from '../runtime/safeKeys.js';

export interface EntityToneOptions {
  /** Entities with fewer mentioning sentences in a scope are left out. */
  minMentions: number;
  /** Event id -> position; '*' (all events) first. */
  eventOrder: Map<string, number>;
}

interface Acc {
  outlet: string;
  eventId: string;
  entity: string;
  types: Map<EntityType, number>;
  sentences: { sentence: Sentence; score: number; label: SentenceSentiment['label'] }[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toRecord(acc: Acc): EntityTone {
  const n = acc.sentences.length;
  const strongest = acc.sentences.reduce((best, s) => (Math.abs(s.score) > Math.abs(best.score) ? s : best));
  const type = [...acc.types.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0][0];
  return {
    outlet: acc.outlet,
    eventId: acc.eventId,
    entity: acc.entity,
    entityType: type,
    mentions: n,
    toneMean: acc.sentences.reduce((t, s) => t + s.score, 0) / n,
    negativeShare: acc.sentences.filter((s) => s.label === 'negative').length / n,
    positiveShare: acc.sentences.filter((s) => s.label === 'positive').length / n,
    sentenceIds: acc.sentences.map((s) => s.sentence.id),
    strongest: {
      sentenceId: strongest.sentence.id,
      articleId: strongest.sentence.articleId,
      outlet: strongest.sentence.outlet,
      text: strongest.sentence.text,
      score: strongest.score,
    },
  };
}

export function computeEntityTone(
  articles: Article[],
  sentencesByArticle: Map<string, Sentence[]>,
  sentimentById: Map<string, SentenceSentiment>,
  eventsOfArticle: Map<string, string[]>,
  options: EntityToneOptions,
): EntityTone[] {
  const accs = new Map<string, Acc>();
  for (const article of articles) {
    const outlet = outletKey(article);
    const scopes = ['*', ...(eventsOfArticle.get(article.id) ?? [])];
    for (const sentence of sentencesByArticle.get(article.id) ?? []) {
      const sentiment = sentimentById.get(sentence.id);
      if (!sentiment || !Number.isFinite(sentiment.score)) continue;
      // One mention per entity per sentence, whatever alias or how often it is named.
      const named = new Map<string, EntityType>();
      for (const e of sentence.entities) if (e.name && !named.has(e.name)) named.set(e.name, e.type);
      for (const [entity, type] of named) {
        for (const eventId of scopes) {
          const key = tupleKey(outlet, eventId, entity);
          let acc = accs.get(key);
          if (!acc) {
            acc = { outlet, eventId, entity, types: new Map(), sentences: [] };
            accs.set(key, acc);
          }
          acc.types.set(type, (acc.types.get(type) ?? 0) + 1);
          acc.sentences.push({ sentence, score: sentiment.score, label: sentiment.label });
        }
      }
    }
  }
  return [...accs.values()]
    .filter((a) => a.sentences.length >= options.minMentions)
    .map(toRecord)
    .sort(
      (a, b) =>
        cmp(a.outlet, b.outlet) ||
        (options.eventOrder.get(a.eventId) ?? 0) - (options.eventOrder.get(b.eventId) ?? 0) ||
        b.mentions - a.mentions ||
        cmp(a.entity, b.entity),
    );
}
