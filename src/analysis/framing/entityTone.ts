/**
 * Tone towards actors: for each outlet, event and entity (canonical name, aliases already
 * normalised by the segmenter), the tone of the words about it in each sentence that names it
 * (actorTone.ts: its clause, the quotation that names it, or the outlet's words around a quotation
 * it speaks), scored by the tone model. Every row lists its sentences and the strongest one.
 */
import type { Article, EntityTone, EntityType, Sentence, SentenceSentiment } from '../../records.js';
import { outletKey } from '../../records.js';
import { actorScopes, scopeTone, type ActorRole } from './actorTone.js';
import { intervalsOf, type IntervalMemo } from './toneInterval.js';
import { toneFeatures, type ToneFeaturesOf, type ToneLexicons } from './toneFeatures.js';
import { actorToneOf, type ToneJudge, type ToneResult } from './toneModel.js';
import { tupleKey } from '../../runtime/safeKeys.js';

export interface EntityToneOptions {
  /** Entities with fewer mentioning sentences in a scope are left out. */
  minMentions: number;
  /** Event id -> position; '*' (all events) first. */
  eventOrder: Map<string, number>;
  /** The tone model; without it each entity gets its sentence's tone (toneById). */
  judge?: ToneJudge;
  resources?: ToneLexicons;
  /** Sentence tones (framing/sentenceTone.ts), the fallback without a model. */
  toneById?: Map<string, ToneResult>;
  /** Bootstrap resamples per interval (default 1000). */
  resamples?: number;
  /** Intervals bootstrapped by earlier runs, by their inputs (toneInterval.ts intervalsOf). */
  intervalMemo?: IntervalMemo;
  /** Sentence id -> its mentionTones, already computed (articleFraming.ts); sentences not in it are computed here. */
  mentionsBySentence?: Map<string, readonly (readonly [string, MentionTone])[]>;
  /** toneFeatures, possibly remembered across the sentences of an article (memoisedToneFeatures); default: computed each time. */
  featuresOf?: ToneFeaturesOf;
}

/** One entity's tone in one sentence, and whose words they are. */
export interface MentionTone {
  tone: ToneResult;
  role: ActorRole;
}

interface Mention {
  sentence: Sentence;
  score: number;
  label: ToneResult['label'];
  role: ActorRole;
}

interface Acc {
  outlet: string;
  eventId: string;
  entity: string;
  types: Map<EntityType, number>;
  mentions: Mention[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toRecord(acc: Acc, [toneLow, toneHigh]: [number, number]): EntityTone {
  const n = acc.mentions.length;
  const strongest = acc.mentions.reduce((best, s) => (Math.abs(s.score) > Math.abs(best.score) ? s : best));
  const type = [...acc.types.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0][0];
  const scores = acc.mentions.map((m) => m.score);
  const role = (r: ActorRole) => acc.mentions.filter((m) => m.role === r).length;
  return {
    outlet: acc.outlet,
    eventId: acc.eventId,
    entity: acc.entity,
    entityType: type,
    mentions: n,
    toneMean: scores.reduce((t, s) => t + s, 0) / n,
    negativeShare: acc.mentions.filter((s) => s.label === 'negative').length / n,
    positiveShare: acc.mentions.filter((s) => s.label === 'positive').length / n,
    toneLow,
    toneHigh,
    ownVoiceMentions: role('own-voice'),
    quotedMentions: role('quoted'),
    speakerMentions: role('speaker'),
    sentenceIds: acc.mentions.map((s) => s.sentence.id),
    strongest: {
      sentenceId: strongest.sentence.id,
      articleId: strongest.sentence.articleId,
      outlet: strongest.sentence.outlet,
      text: strongest.sentence.text,
      score: strongest.score,
    },
  };
}

/** Each named entity's tone in one sentence, from the words about it. */
export function mentionTones(sentence: Sentence, sentiment: SentenceSentiment, options: Pick<EntityToneOptions, 'judge' | 'resources' | 'toneById' | 'featuresOf'>): Map<string, MentionTone> {
  const out = new Map<string, MentionTone>();
  const sentenceTone = options.toneById?.get(sentence.id) ?? { label: sentiment.label, score: sentiment.score, confidence: NaN };
  if (!options.judge || !options.resources) {
    for (const e of sentence.entities) if (e.name && !out.has(e.name)) out.set(e.name, { tone: sentenceTone, role: 'own-voice' });
    return out;
  }
  const resources = options.resources;
  const featuresOf = options.featuresOf ?? ((text: string, score: number) => toneFeatures(text, score, resources));
  for (const [name, scope] of actorScopes(sentence, resources.attribution)) {
    // The actor reading (actorToneOf) differs from the sentence's even when the scope is the whole sentence.
    const tone = scopeTone(scope, actorToneOf(options.judge, featuresOf(scope.text, sentiment.score)));
    out.set(name, { tone, role: scope.role });
  }
  return out;
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
      const types = new Map<string, EntityType>();
      for (const e of sentence.entities) if (e.name && !types.has(e.name)) types.set(e.name, e.type);
      // One mention per entity per sentence, whatever alias or how often it is named.
      for (const [entity, { tone, role }] of options.mentionsBySentence?.get(sentence.id) ?? mentionTones(sentence, sentiment, options)) {
        const type = types.get(entity) ?? 'organization';
        for (const eventId of scopes) {
          const key = tupleKey(outlet, eventId, entity);
          let acc = accs.get(key);
          if (!acc) {
            acc = { outlet, eventId, entity, types: new Map(), mentions: [] };
            accs.set(key, acc);
          }
          acc.types.set(type, (acc.types.get(type) ?? 0) + 1);
          acc.mentions.push({ sentence, score: tone.score, label: tone.label, role });
        }
      }
    }
  }
  const resamples = options.resamples ?? 1000;
  const kept = [...accs.values()].filter((a) => a.mentions.length >= options.minMentions);
  const intervals = intervalsOf(
    kept.map((a) => ({ values: a.mentions.map((m) => m.score), resamples, seedKey: `${a.outlet}\u0000${a.eventId}\u0000${a.entity}` })),
    options.intervalMemo,
  );
  return kept
    .map((a, i) => toRecord(a, intervals[i]))
    .sort(
      (a, b) =>
        cmp(a.outlet, b.outlet) ||
        (options.eventOrder.get(a.eventId) ?? 0) - (options.eventOrder.get(b.eventId) ?? 0) ||
        b.mentions - a.mentions ||
        cmp(a.entity, b.entity),
    );
}
