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

/**
 * One outlet, event and entity's mentions, kept as columns and counts rather than an object per
 * mention: at 10,000 articles there are ~1 M mentions in ~325,000 scopes, and an object per mention
 * plus a Map of types per scope took ~270 MB of live heap, the framing stage's peak.
 */
interface Acc {
  outlet: string;
  eventId: string;
  entity: string;
  /** Mentions naming it as each type (the segmenter may type one name differently in two sentences). */
  organization: number;
  person: number;
  place: number;
  /** Mentions added so far, of sentences.length (counted before they are added). */
  added: number;
  sentences: Sentence[];
  scores: number[];
  negative: number;
  positive: number;
  ownVoice: number;
  quoted: number;
  speaker: number;
  /** Index of the first mention with the largest |score|. */
  strongest: number;
}

/** In the tie-break order of the row's type: the most frequent, then alphabetical. */
const ENTITY_TYPES = ['organization', 'person', 'place'] as const satisfies readonly EntityType[];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A scope of `mentions` mentions, named when its first mention is added. */
function newAcc(mentions: number): Acc {
  return { outlet: '', eventId: '', entity: '', organization: 0, person: 0, place: 0, added: 0, sentences: new Array(mentions), scores: new Array(mentions), negative: 0, positive: 0, ownVoice: 0, quoted: 0, speaker: 0, strongest: 0 };
}

function addMention(acc: Acc, sentence: Sentence, type: EntityType, tone: ToneResult, role: ActorRole): void {
  const n = acc.added++;
  if (n > 0 && Math.abs(tone.score) > Math.abs(acc.scores[acc.strongest])) acc.strongest = n;
  acc.sentences[n] = sentence;
  acc.scores[n] = tone.score;
  acc[type]++;
  if (tone.label === 'negative') acc.negative++;
  else if (tone.label === 'positive') acc.positive++;
  if (role === 'own-voice') acc.ownVoice++;
  else if (role === 'quoted') acc.quoted++;
  else acc.speaker++;
}

function toRecord(acc: Acc, [toneLow, toneHigh]: [number, number]): EntityTone {
  const n = acc.scores.length;
  const strongest = acc.sentences[acc.strongest];
  let type: EntityType = ENTITY_TYPES[0];
  for (const t of ENTITY_TYPES) if (acc[t] > acc[type]) type = t;
  return {
    outlet: acc.outlet,
    eventId: acc.eventId,
    entity: acc.entity,
    entityType: type,
    mentions: n,
    toneMean: acc.scores.reduce((t, s) => t + s, 0) / n,
    negativeShare: acc.negative / n,
    positiveShare: acc.positive / n,
    toneLow,
    toneHigh,
    ownVoiceMentions: acc.ownVoice,
    quotedMentions: acc.quoted,
    speakerMentions: acc.speaker,
    sentenceIds: acc.sentences.map((s) => s.id),
    strongest: {
      sentenceId: strongest.id,
      articleId: strongest.articleId,
      outlet: strongest.outlet,
      text: strongest.text,
      score: acc.scores[acc.strongest],
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
  // Two passes over the mentions: the first counts each outlet, event and entity's mentions, the
  // second fills, in arrays of their final length, only the scopes with at least minMentions (at
  // 10,000 articles 131,457 of 325,011; growing arrays for every scope held ~175 MB).
  const computed = new Map<string, Map<string, MentionTone>>();
  const mentionsOf = (sentence: Sentence, sentiment: SentenceSentiment) => {
    const given = options.mentionsBySentence?.get(sentence.id) ?? computed.get(sentence.id);
    if (given) return given;
    const fresh = mentionTones(sentence, sentiment, options);
    computed.set(sentence.id, fresh);
    return fresh;
  };
  // `scope` is tupleKey(outlet, eventId), made once per article and scope rather than per mention.
  const forEachMention = (visit: (outlet: string, eventId: string, scope: string, entity: string, sentence: Sentence, type: EntityType, mention: MentionTone) => void) => {
    for (const article of articles) {
      const outlet = outletKey(article);
      const scopes = ['*', ...(eventsOfArticle.get(article.id) ?? [])].map((eventId) => [eventId, tupleKey(outlet, eventId)] as const);
      for (const sentence of sentencesByArticle.get(article.id) ?? []) {
        const sentiment = sentimentById.get(sentence.id);
        if (!sentiment || !Number.isFinite(sentiment.score)) continue;
        const types = new Map<string, EntityType>();
        for (const e of sentence.entities) if (e.name && !types.has(e.name)) types.set(e.name, e.type);
        // One mention per entity per sentence, whatever alias or how often it is named.
        for (const [entity, mention] of mentionsOf(sentence, sentiment)) {
          const type = types.get(entity) ?? 'organization';
          for (const [eventId, scope] of scopes) visit(outlet, eventId, scope, entity, sentence, type, mention);
        }
      }
    }
  };
  // Outlet and event (tupleKey) -> entity -> count, then -> its mentions: no key string per outlet, event and entity.
  const counts = new Map<string, Map<string, number>>();
  forEachMention((_outlet, _eventId, scope, entity) => {
    let byEntity = counts.get(scope);
    if (!byEntity) counts.set(scope, (byEntity = new Map()));
    byEntity.set(entity, (byEntity.get(entity) ?? 0) + 1);
  });
  const accs = new Map<string, Map<string, Acc>>();
  for (const [scope, byEntity] of counts) {
    const wanted = new Map<string, Acc>();
    for (const [entity, n] of byEntity) if (n >= options.minMentions) wanted.set(entity, newAcc(n));
    if (wanted.size) accs.set(scope, wanted);
  }
  counts.clear();
  const kept: Acc[] = [];
  forEachMention((outlet, eventId, scope, entity, sentence, type, { tone, role }) => {
    const acc = accs.get(scope)?.get(entity);
    if (!acc) return;
    if (acc.added === 0) {
      acc.outlet = outlet;
      acc.eventId = eventId;
      acc.entity = entity;
      kept.push(acc);
    }
    addMention(acc, sentence, type, tone, role);
  });
  const resamples = options.resamples ?? 1000;
  const intervals = intervalsOf(
    kept.map((a) => ({ values: a.scores, resamples, seedKey: `${a.outlet}\u0000${a.eventId}\u0000${a.entity}` })),
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
