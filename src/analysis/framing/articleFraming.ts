/**
 * The per-article part of the framing (issue 20): each article's sentence tones, its tally
 * (tally.ts) and the tone of every actor each of its sentences names (entityTone.ts). This is the
 * costly part (the tone features, the compromise clause parse behind actor scopes, the lexicon
 * scans) and it reads only the article's own title, sentences and sentiment, so it is memoised per
 * article: a nightly run computes it for the new articles and reuses it for the others. The
 * aggregation over outlets and events (sums, bootstrap intervals, separations) stays a computation
 * over everything, so the Framing equals one computed without a memo.
 */
import { createHash } from 'node:crypto';
import type { Article, Sentence, SentenceSentiment } from '../../records.js';
import { mentionTones, type MentionTone } from './entityTone.js';
import type { FramingResources } from './resources.js';
import { sentenceTones } from './sentenceTone.js';
import { tallyArticle, type FramingTally } from './tally.js';
import type { ToneJudge, ToneResult } from './toneModel.js';
import { memoisedToneFeatures } from './toneFeatures.js';

/** One article's framing inputs, computed once per article content. */
export interface ArticleFraming {
  /** Tone per sentence, in the order of the article's sentences as given (null: no finite sentiment). */
  tones: (ToneResult | null)[];
  /** Only for framed articles (analysed, not duplicates). */
  tally?: FramingTally;
  /** Per sentence in index order (framed articles only): entity -> its tone and role, as [entity, tone][]. */
  mentions?: [string, MentionTone][][];
}

export interface ArticleFramingMemo {
  getMany(keys: string[]): Map<string, ArticleFraming>;
  putMany(entries: Iterable<readonly [string, ArticleFraming]>): void;
}

export interface ArticleUnit {
  articleId: string;
  /** The framed article, when it is one (its title is tallied). */
  article?: Article;
  /** The article's sentences in input order. */
  sentences: Sentence[];
  /** The same, sorted by index (the order tallies and actor tone read). */
  ordered: Sentence[];
}

export interface ArticleFramingContext {
  sentimentById: Map<string, SentenceSentiment>;
  /** The segment stage's digest of an article's sentences (sentenceDigests), when known: the memo key then hashes no sentence. */
  sentenceDigests?: ReadonlyMap<string, string>;
  judge: ToneJudge | undefined;
  resources: FramingResources;
  polarThreshold: number;
}

/**
 * Everything of the article the unit reads; the memo namespace carries the params, resources and tone model.
 * Ids and outlets are left out: the computation reads a sentence's id only to find its sentiment and
 * tone, and an ArticleFraming holds no id or outlet, so the same text under another id or outlet
 * (a syndicated copy) has the same ArticleFraming and is not computed again.
 */
export function articleFramingKey(unit: ArticleUnit, sentimentById: Map<string, SentenceSentiment>, sentenceDigest?: string): string {
  if (sentenceDigest) return digestKey(unit, sentimentById, sentenceDigest);
  const h = createHash('sha256');
  h.update(JSON.stringify(['by-content', unit.article ? ['framed', unit.article.title] : ['not framed']]));
  for (const s of unit.sentences) {
    const { id, articleId: _articleId, outlet: _outlet, ...content } = s;
    const sentiment = sentimentById.get(id);
    h.update('\u0000').update(JSON.stringify([content, sentiment ? { label: sentiment.label, score: sentiment.score } : null]));
  }
  return h.digest('hex');
}

/**
 * The key from the article's sentence digest (segment's, over the sentences as stored for its text,
 * so a syndicated copy shares it), the indexes of the unit's sentences in the order given (the order
 * `tones` follows, and which of them the unit holds) and their sentiment as numbers: the same inputs
 * as articleFramingKey's, without the JSON of every sentence (~3.5 s a night at 10,500 articles).
 */
function digestKey(unit: ArticleUnit, sentimentById: Map<string, SentenceSentiment>, sentenceDigest: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(['by-sentence-digest', unit.article ? ['framed', unit.article.title] : ['not framed'], sentenceDigest]));
  // Per sentence: its index, then its sentiment label (-1: none) and score.
  const numbers = new Float64Array(unit.sentences.length * 3);
  unit.sentences.forEach((s, i) => {
    const sentiment = sentimentById.get(s.id);
    numbers[i * 3] = s.index;
    numbers[i * 3 + 1] = sentiment ? LABEL_CODES[sentiment.label] : -1;
    numbers[i * 3 + 2] = sentiment ? sentiment.score : 0;
  });
  return h.update(new Uint8Array(numbers.buffer)).digest('hex');
}

const LABEL_CODES: Record<SentenceSentiment['label'], number> = { negative: 0, neutral: 1, positive: 2 };

export function computeArticleFraming(unit: ArticleUnit, ctx: ArticleFramingContext): ArticleFraming {
  // The sentence tones and the actor tones read the same texts often (a one-clause sentence is its own actor scope).
  const featuresOf = memoisedToneFeatures(ctx.resources);
  const toneById = sentenceTones(unit.sentences, ctx.sentimentById, ctx.judge, ctx.resources, featuresOf);
  const tones = unit.sentences.map((s) => toneById.get(s.id) ?? null);
  if (!unit.article) return { tones };
  const tally = tallyArticle(unit.article, unit.ordered, ctx.sentimentById, ctx.resources, { polarThreshold: ctx.polarThreshold }, toneById);
  const mentions = unit.ordered.map((sentence): [string, MentionTone][] => {
    const sentiment = ctx.sentimentById.get(sentence.id);
    if (!sentiment || !Number.isFinite(sentiment.score)) return [];
    return [...mentionTones(sentence, sentiment, { judge: ctx.judge, resources: ctx.resources, toneById, featuresOf })];
  });
  return { tones, tally, mentions };
}

/**
 * Each unit's ArticleFraming: from the memo where its key is known, computed (and stored) otherwise.
 * `reused` + `computed` = units.length.
 */
export function articleFramings(units: ArticleUnit[], ctx: ArticleFramingContext, memo?: ArticleFramingMemo): { framings: ArticleFraming[]; reused: number; computed: number; keys?: string[] } {
  if (!memo) return { framings: units.map((u) => computeArticleFraming(u, ctx)), reused: 0, computed: units.length };
  const keys = units.map((u) => articleFramingKey(u, ctx.sentimentById, ctx.sentenceDigests?.get(u.articleId)));
  const known = memo.getMany([...new Set(keys)]);
  const fresh = new Map<string, ArticleFraming>();
  let reused = 0;
  const framings = units.map((u, i) => {
    const hit = known.get(keys[i]) ?? fresh.get(keys[i]);
    if (hit) {
      reused++;
      return hit;
    }
    const computed = computeArticleFraming(u, ctx);
    fresh.set(keys[i], computed);
    return computed;
  });
  memo.putMany(fresh);
  return { framings, reused, computed: units.length - reused, keys };
}
