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
import type { RecordSpill } from '../../store/spilledArray.js';

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
  /** toneFeatures, possibly remembered across the sentences of an article (memoisedToneFeatures); default: computed each time. */
  featuresOf?: ToneFeaturesOf;
}

/** One entity's tone in one sentence, and whose words they are. */
export interface MentionTone {
  tone: ToneResult;
  role: ActorRole;
}

/**
 * The mentions of the outlet, event and entity scopes that become rows (those with at least
 * minMentions), as typed columns: scope `k`'s mentions are at [start[k], start[k + 1]) of `sentence`
 * and `score`, in the order they were added; its counts are at [k * COUNTS, (k + 1) * COUNTS) of
 * `counts`. At 50,000 articles an object per scope with two arrays of its own (662,000 of them) held
 * ~250 MB of live heap, the framing stage's peak; these columns hold about a third of that.
 */
class RowColumns {
  readonly outlet: string[];
  readonly eventId: string[];
  readonly entity: string[];
  /** Mentions added so far, per scope. */
  readonly added: Int32Array;
  readonly start: Int32Array;
  /** Per mention: the mentioning sentence's number in entityToneCollector, and the tone's score. */
  readonly sentence: Int32Array;
  readonly score: Float64Array;
  readonly counts: Int32Array;
  /** Per scope: the index (in its mentions) of the first mention with the largest |score|. */
  readonly strongest: Int32Array;

  /** `sizes`: each scope's number of mentions, counted before they are added. */
  constructor(sizes: readonly number[]) {
    const n = sizes.length;
    this.outlet = new Array<string>(n);
    this.eventId = new Array<string>(n);
    this.entity = new Array<string>(n);
    this.added = new Int32Array(n);
    this.start = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) this.start[k + 1] = this.start[k] + sizes[k];
    this.sentence = new Int32Array(this.start[n]);
    this.score = new Float64Array(this.start[n]);
    this.counts = new Int32Array(n * COUNTS);
    this.strongest = new Int32Array(n);
  }

  mentions(k: number): number {
    return this.start[k + 1] - this.start[k];
  }

  /** Scope k's scores, in the order they were added (a view, not a copy). */
  scores(k: number): Float64Array {
    return this.score.subarray(this.start[k], this.start[k + 1]);
  }

  /** Scope k's strongest mention: its sentence's number and score. */
  strongestMention(k: number): { sentence: number; score: number } {
    const at = this.start[k] + this.strongest[k];
    return { sentence: this.sentence[at], score: this.score[at] };
  }

  add(k: number, sentence: number, type: EntityType, tone: ToneResult, role: ActorRole): void {
    const n = this.added[k]++;
    const at = this.start[k] + n;
    if (n > 0 && Math.abs(tone.score) > Math.abs(this.score[this.start[k] + this.strongest[k]])) this.strongest[k] = n;
    this.sentence[at] = sentence;
    this.score[at] = tone.score;
    const c = k * COUNTS;
    this.counts[c + ENTITY_TYPES.indexOf(type as (typeof ENTITY_TYPES)[number])]++;
    if (tone.label === 'negative') this.counts[c + NEGATIVE]++;
    else if (tone.label === 'positive') this.counts[c + POSITIVE]++;
    if (role === 'own-voice') this.counts[c + OWN_VOICE]++;
    else if (role === 'quoted') this.counts[c + QUOTED]++;
    else this.counts[c + SPEAKER]++;
  }

  toRecord(k: number, [toneLow, toneHigh]: [number, number], sentenceIds: readonly string[], strongestOf: (sentence: number, score: number) => EntityTone['strongest']): EntityTone {
    const n = this.mentions(k);
    const c = k * COUNTS;
    let type = 0;
    for (let t = 1; t < ENTITY_TYPES.length; t++) if (this.counts[c + t] > this.counts[c + type]) type = t;
    // Summed from the first mention on, as the rows always were (the same float sum).
    let sum = 0;
    for (let i = this.start[k]; i < this.start[k + 1]; i++) sum += this.score[i];
    const strongest = this.strongestMention(k);
    return {
      outlet: this.outlet[k],
      eventId: this.eventId[k],
      entity: this.entity[k],
      entityType: ENTITY_TYPES[type],
      mentions: n,
      toneMean: sum / n,
      negativeShare: this.counts[c + NEGATIVE] / n,
      positiveShare: this.counts[c + POSITIVE] / n,
      toneLow,
      toneHigh,
      ownVoiceMentions: this.counts[c + OWN_VOICE],
      quotedMentions: this.counts[c + QUOTED],
      speakerMentions: this.counts[c + SPEAKER],
      sentenceIds: Array.from(this.sentence.subarray(this.start[k], this.start[k + 1]), (s) => sentenceIds[s]),
      strongest: strongestOf(strongest.sentence, strongest.score),
    };
  }
}

/** In the tie-break order of the row's type: the most frequent, then alphabetical. */
const ENTITY_TYPES = ['organization', 'person', 'place'] as const satisfies readonly EntityType[];
// A scope's counts after its three type counts: tone labels and roles of its mentions.
const NEGATIVE = 3;
const POSITIVE = 4;
const OWN_VOICE = 5;
const QUOTED = 6;
const SPEAKER = 7;
const COUNTS = 8;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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

/** One sentence's mentions as the per-article framing gives them (articleFraming.ts): [entity, its tone and role]. */
export type SentenceMentions = readonly (readonly [string, MentionTone])[];

/**
 * Tone towards actors gathered article by article, in whatever order the articles' sentences
 * arrive (the framing stage reads them from the store a piece at a time), and turned into rows in
 * the order of `articles` at the end: the rows equal those of one pass over every sentence held in
 * memory. A mention is kept as a few columns (entity, score, codes, sentence number), not an
 * object, and no sentence is held: only the id and outlet of each sentence with a mention. A row
 * quotes its strongest sentence, whose text `rows` asks for at the end (the framing stage reads
 * them from the store in one more pass): at 20,000 articles the sentences held whole were most of
 * the framing stage's heap, and at 50,000 the texts of the sentences that were, so far, some
 * outlet, event and entity's strongest were still about 255 MB of it (with their holders).
 *
 * Example:
 *   const actors = entityToneCollector(articles, eventsOfArticle, { minMentions: 2, eventOrder });
 *   actors.addArticle(article.id, orderedSentences, sentimentById, mentionsPerSentence);
 *   const rows = actors.rows((ids) => textsOfSentences(ids));
 */
export function entityToneCollector(articles: readonly Article[], eventsOfArticle: Map<string, string[]>, options: Pick<EntityToneOptions, 'minMentions' | 'eventOrder' | 'resamples' | 'intervalMemo'>) {
  const rankOf = new Map(articles.map((a, i) => [a.id, i]));
  // Per sentence with a mention (its number, `ord`): id, outlet (one string per outlet) and article rank.
  const sentenceIds: string[] = [];
  const sentenceOutlets: string[] = [];
  const sentenceRanks: number[] = [];
  const outletNames = new Map<string, string>();
  // Per mention, in each article's order; an article's mentions are the range ranges[rank].
  const mentionEntity: string[] = [];
  const mentionOrd: number[] = [];
  const mentionScore: number[] = [];
  const mentionCode: number[] = [];
  const ranges: ([number, number] | undefined)[] = new Array(articles.length);
  // Per outlet, event and entity (a slot): its count of mentions.
  const slots = new Map<string, Map<string, number>>();
  const slotCount: number[] = [];
  // Set by rows(), which releases the columns.
  let finished = false;
  const scopesOf = (article: Article) => ['*', ...(eventsOfArticle.get(article.id) ?? [])].map((eventId) => [eventId, tupleKey(outletKey(article), eventId)] as const);

  return {
    /**
     * One framed article's mentions: its sentences in index order and, per sentence, its mentions
     * (sentences without a finite sentiment have none). Each article once.
     */
    addArticle(articleId: string, ordered: readonly Sentence[], sentimentById: Map<string, SentenceSentiment>, mentions: readonly SentenceMentions[]): void {
      if (finished) throw new Error(`entityToneCollector (src/analysis/framing/entityTone.ts): article ${articleId} was added after the rows were made. Fix: add every article before calling rows(), once.`);
      const rank = rankOf.get(articleId);
      if (rank === undefined) return;
      if (ranges[rank]) throw new Error(`entityToneCollector (src/analysis/framing/entityTone.ts): article ${articleId} was added twice. Fix: give each article's sentences together, once.`);
      const article = articles[rank];
      const scopes = scopesOf(article);
      const start = mentionEntity.length;
      ordered.forEach((sentence, j) => {
        const sentiment = sentimentById.get(sentence.id);
        if (!sentiment || !Number.isFinite(sentiment.score) || !mentions[j]?.length) return;
        const ord = sentenceIds.length;
        sentenceIds.push(sentence.id);
        let outlet = outletNames.get(sentence.outlet);
        if (outlet === undefined) outletNames.set(sentence.outlet, (outlet = sentence.outlet));
        sentenceOutlets.push(outlet);
        sentenceRanks.push(rank);
        const types = new Map<string, EntityType>();
        for (const e of sentence.entities) if (e.name && !types.has(e.name)) types.set(e.name, e.type);
        // One mention per entity per sentence, whatever alias or how often it is named.
        for (const [entity, { tone, role }] of mentions[j]) {
          mentionEntity.push(entity);
          mentionOrd.push(ord);
          mentionScore.push(tone.score);
          mentionCode.push(codeOf(types.get(entity) ?? 'organization', tone.label, role));
          for (const [, scope] of scopes) {
            let byEntity = slots.get(scope);
            if (!byEntity) slots.set(scope, (byEntity = new Map()));
            let slot = byEntity.get(entity);
            if (slot === undefined) {
              byEntity.set(entity, (slot = slotCount.length));
              slotCount.push(0);
            }
            slotCount[slot]++;
          }
        }
      });
      ranges[rank] = [start, mentionEntity.length];
    },

    /**
     * The rows, in the order computeEntityTone gives them. `textsOf` gives the texts of the rows'
     * strongest sentences, by id (every one asked for). With `spill` each row goes to it as it is
     * made, in order, and the result is its `finish()` (662,163 rows at 50,000 articles, with their
     * sentence ids: the framing stage's largest output after the sentence tones). Called once, after
     * the last article: it releases the mentions as it turns them into rows.
     */
    rows(textsOf: (sentenceIds: ReadonlySet<string>) => ReadonlyMap<string, string>, spill?: RecordSpill<EntityTone>): EntityTone[] {
      if (finished) throw new Error('entityToneCollector (src/analysis/framing/entityTone.ts): rows() was called twice; it releases the mentions it read. Fix: call it once, after the last article.');
      // Columns of their final length, only for the slots with at least minMentions (at 10,000
      // articles 131,457 of 325,011; growing arrays for every slot held ~175 MB).
      const rowOfSlot = new Int32Array(slotCount.length).fill(-1);
      const sizes: number[] = [];
      slotCount.forEach((count, slot) => {
        if (count >= options.minMentions) rowOfSlot[slot] = sizes.push(count) - 1;
      });
      const columns = new RowColumns(sizes);
      // The scopes in the order of their first mention (the sort below is stable: ties keep it).
      const kept: number[] = [];
      articles.forEach((article, rank) => {
        const range = ranges[rank];
        if (!range) return;
        const outlet = outletKey(article);
        const scopes = scopesOf(article).map(([eventId, scope]) => [eventId, slots.get(scope)] as const);
        for (let m = range[0]; m < range[1]; m++) {
          const entity = mentionEntity[m];
          const { type, label, role } = decode(mentionCode[m]);
          for (const [eventId, byEntity] of scopes) {
            const slot = byEntity?.get(entity);
            const k = slot === undefined ? -1 : rowOfSlot[slot];
            if (k < 0) continue;
            if (columns.added[k] === 0) {
              columns.outlet[k] = outlet;
              columns.eventId[k] = eventId;
              columns.entity[k] = entity;
              kept.push(k);
            }
            columns.add(k, mentionOrd[m], type, { label, score: mentionScore[m], confidence: NaN }, role);
          }
        }
      });
      // The mentions are in the rows' columns now: the mention columns and slots go (at 50,000
      // articles ~250 MB, the framing stage's peak while the intervals were bootstrapped beside them).
      finished = true;
      for (const column of [mentionEntity, mentionOrd, mentionScore, mentionCode, ranges, slotCount]) column.length = 0;
      slots.clear();
      const texts = textsOf(new Set(kept.map((k) => sentenceIds[columns.strongestMention(k).sentence])));
      // One copy of each text: the same sentence in many articles (an agency's boilerplate, a
      // syndicated story) arrives as a copy per article from the store (11 MB at 10,000 articles).
      const textCopies = new Map<string, string>();
      // A literal, not a spread: V8 gives each object made by spreading its own hidden class (~240 bytes each).
      const strongestOf = (ord: number, score: number) => {
        const found = texts.get(sentenceIds[ord]);
        if (found === undefined) throw new Error(`entityToneCollector (src/analysis/framing/entityTone.ts): the text of sentence ${sentenceIds[ord]}, the strongest of a row, was not found among the sentences. Fix: re-run with --full so the segment stage writes the sentences again.`);
        let text = textCopies.get(found);
        if (text === undefined) textCopies.set(found, (text = found));
        return { sentenceId: sentenceIds[ord], articleId: articles[sentenceRanks[ord]].id, outlet: sentenceOutlets[ord], text, score };
      };
      // The rows' order, so rows can be made and spilled in it; the sort is stable, so ties keep
      // the order of the scopes' first mentions, as before.
      kept.sort(
        (a, b) =>
          cmp(columns.outlet[a], columns.outlet[b]) ||
          (options.eventOrder.get(columns.eventId[a]) ?? 0) - (options.eventOrder.get(columns.eventId[b]) ?? 0) ||
          columns.mentions(b) - columns.mentions(a) ||
          cmp(columns.entity[a], columns.entity[b]),
      );
      // A chunk of rows at a time: their interval requests (and memo keys) are not all held beside the rows.
      const resamples = options.resamples ?? 1000;
      const records: EntityTone[] = [];
      for (let start = 0; start < kept.length; start += ROW_CHUNK) {
        const chunk = kept.slice(start, start + ROW_CHUNK);
        const intervals = intervalsOf(
          chunk.map((k) => ({ values: columns.scores(k), resamples, seedKey: `${columns.outlet[k]}\u0000${columns.eventId[k]}\u0000${columns.entity[k]}` })),
          options.intervalMemo,
        );
        chunk.forEach((k, i) => {
          const record = columns.toRecord(k, intervals[i], sentenceIds, strongestOf);
          if (spill) spill.push(record);
          else records.push(record);
        });
      }
      // A spilled array stands in for the rows until the catalog saves it.
      return spill ? (spill.finish() as unknown as EntityTone[]) : records;
    },
  };
}

/** Rows whose intervals and records are made at a time. */
const ROW_CHUNK = 20_000;

// A mention's entity type, tone label and role in one small number.
const LABELS = ['negative', 'neutral', 'positive'] as const;
const ROLES = ['own-voice', 'quoted', 'speaker'] as const satisfies readonly ActorRole[];

function codeOf(type: EntityType, label: ToneResult['label'], role: ActorRole): number {
  return ENTITY_TYPES.indexOf(type as (typeof ENTITY_TYPES)[number]) * 9 + LABELS.indexOf(label) * 3 + ROLES.indexOf(role as (typeof ROLES)[number]);
}

function decode(code: number): { type: EntityType; label: ToneResult['label']; role: ActorRole } {
  return { type: ENTITY_TYPES[Math.floor(code / 9)], label: LABELS[Math.floor(code / 3) % 3], role: ROLES[code % 3] };
}
