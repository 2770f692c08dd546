/**
 * Per-pair features for the relations judge (claims/judge.ts): what a careful reader would look at
 * to decide whether two outlets' sentences state the same fact. Every feature is symmetric in the
 * two sentences (min / max of the directional ones), so the order of a pair never matters, and none
 * grows with sentence length alone (the judge must not reward long sentences; see README).
 *
 * Example:
 *   const f = pairFeatures(unitA, unitB, { ab, ba }, simCtx);
 *   f.values  // numbers in RELATION_FEATURES order
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { NliResult } from '../../models/hub.js';
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { claimSimilarity, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';
import { figureConflict } from './relation.js';
import { contentWords, isStopword } from '../corpus/terms.js';
import { stemmer } from 'stemmer';
import { possessivesApart } from '../../text/possessivesApart.js';

export const RELATION_FEATURES = [
  'idfContainmentMin',
  'idfContainmentMax',
  'tfidfCosine',
  'sharedRun',
  'sharedQuote',
  'quotationShared',
  'longSharedRun',
  'entityOverlap',
  'entityMismatch',
  'figureAgree',
  'figureMismatch',
  'figureConflict',
  'verbOverlap',
  'embeddingCosine',
  'nliEntailMin',
  'nliEntailMax',
  'nliContradictionMax',
  'lengthMin',
  'lengthRatio',
  'positionMin',
  'positionGap',
  'combinedSimilarity',
  'lemmaContainmentMin',
  'lemmaContainmentMax',
  'lemmaShared',
  'properNounContainment',
  'properNounShared',
  'properNounDisjoint',
  'embeddingTimesEntities',
  'embeddingSquared',
  'bothLeads',
] as const;

export type RelationFeatureName = (typeof RELATION_FEATURES)[number];

export interface PairFeatures {
  values: number[];
  named: Record<RelationFeatureName, number>;
}

let wink: ReturnType<typeof winkNLP> | undefined;
const winkInstance = () => (wink ??= winkNLP(model, ['pos']));

/** Verbs that report speech or are auxiliaries: shared by most news sentences, evidence of nothing. */
const WEAK_VERBS = new Set(['say', 'said', 'says', 'tell', 'told', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'may', 'might', 'should', 'must', 'according', 'added', 'noted', 'stated']);

/** wink-nlp's tokens, part-of-speech tags and lemmas of a text, read once for mainVerbs and lexicalProfile. */
interface TaggedText {
  tokens: string[];
  pos: string[];
  lemmas: string[];
}
/*
 * Per-text memos of the pair features (wink-nlp tags, verbs, lemmas, tokens): a sentence meets many
 * others in its event. They serve one claims stage and are dropped when it ends
 * (releaseClaimTextMemos): at 10,000 articles they hold ~30,000 texts and 88 MB, which the framing
 * and report stages would otherwise carry to the end of the run.
 */
const taggedCache = new Map<string, TaggedText>();
function tagged(text: string): TaggedText {
  let t = taggedCache.get(text);
  if (t) return t;
  // Possessives apart: wink-nlp's tokens would otherwise depend on what the process read before.
  const doc = winkInstance().readDoc(possessivesApart(text));
  const its = winkInstance().its;
  t = {
    tokens: doc.tokens().out() as string[],
    pos: doc.tokens().out(its.pos) as string[],
    // wink-nlp's typings declare its.lemma with a narrower signature than out() takes; it works at run time.
    lemmas: doc.tokens().out(its.lemma as unknown as typeof its.pos) as string[],
  };
  if (taggedCache.size > 50_000) taggedCache.clear();
  taggedCache.set(text, t);
  return t;
}

const verbCache = new Map<string, Set<string>>();
/** Stems of the sentence's content verbs (wink-nlp part-of-speech tags). */
export function mainVerbs(text: string): Set<string> {
  let verbs = verbCache.get(text);
  if (verbs) return verbs;
  const { tokens, pos } = tagged(text);
  verbs = new Set<string>();
  tokens.forEach((t, i) => {
    const lower = t.toLowerCase();
    if (pos[i] === 'VERB' && !WEAK_VERBS.has(lower)) verbs!.add(stemmer(lower));
  });
  if (verbCache.size > 50_000) verbCache.clear();
  verbCache.set(text, verbs);
  return verbs;
}

export interface LexicalProfile {
  /** Lemmas of content words (nouns, verbs, adjectives, adverbs, names, numbers; no stopwords). */
  lemmas: Set<string>;
  /** Capitalised proper nouns, lower-cased: "Reid" meets "Harry Reid" where entity names differ. */
  properNouns: Set<string>;
}

const CONTENT_POS = new Set(['NOUN', 'VERB', 'ADJ', 'PROPN', 'ADV', 'NUM']);
const lexicalCache = new Map<string, LexicalProfile>();
/**
 * Lemmas rather than Porter stems: "passed" / "pass" and "bills" / "bill" meet, and irregular forms
 * ("was chosen" / "choose") that stems miss; a cheap bridge for paraphrases the compact embedding misses.
 */
export function lexicalProfile(text: string): LexicalProfile {
  let profile = lexicalCache.get(text);
  if (profile) return profile;
  const { tokens, pos, lemmas } = tagged(text);
  profile = { lemmas: new Set(), properNouns: new Set() };
  tokens.forEach((t, i) => {
    // wink-nlp gives no lemma for "cannot" before a comma ("Republicans cannot, as it happens, ..."):
    // the token itself stands in, or one such sentence in ~12,000 stops the claims stage.
    const lemma = (lemmas[i] ?? t).toLowerCase();
    if (CONTENT_POS.has(pos[i]) && /^[a-z][a-z'-]+$/.test(lemma) && !isStopword(t.toLowerCase()) && !isStopword(lemma)) profile!.lemmas.add(lemma);
    if (pos[i] === 'PROPN' && /^[A-Z]/.test(t)) profile!.properNouns.add(t.toLowerCase().replace(/['’]s$/, ''));
  });
  if (lexicalCache.size > 50_000) lexicalCache.clear();
  lexicalCache.set(text, profile);
  return profile;
}

const sharedCount = (x: ReadonlySet<string>, y: ReadonlySet<string>) => {
  let shared = 0;
  for (const v of x) if (y.has(v)) shared++;
  return shared;
};

const tokenCache = new Map<string, string[]>();
/** Lower-cased word tokens, memoised per text: a sentence meets many others (callers never mutate the array). */
const tokensOf = (text: string): string[] => {
  let tokens = tokenCache.get(text);
  if (tokens) return tokens;
  tokens = text.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
  if (tokenCache.size > 50_000) tokenCache.clear();
  tokenCache.set(text, tokens);
  return tokens;
};

/** Longest run of identical consecutive words shared by the two texts. */
export function longestSharedRun(a: string, b: string): number {
  const x = tokensOf(a);
  const y = tokensOf(b);
  let best = 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const row = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      if (x[i - 1] === y[j - 1]) {
        row[j] = prev[j - 1] + 1;
        if (row[j] > best) best = row[j];
      }
    }
    prev = row;
  }
  return best;
}

const QUOTED = /["“]([^"“”]{8,})["”]/g;

/** Quoted passages of a sentence: the segmenter's quotes plus anything between quotation marks. */
export function quotedPassages(unit: ClaimUnit): string[] {
  const out = unit.sentence.quotes.map((q) => q.text);
  for (const m of unit.sentence.text.matchAll(QUOTED)) out.push(m[1]);
  return out;
}

/**
 * Share of the best quoted passage (at least 3 content words) of one sentence whose content
 * words the other sentence also has: 1 when one outlet prints the other's quotation.
 */
export function sharedQuotation(a: ClaimUnit, b: ClaimUnit): number {
  let best = 0;
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const other = quotationWords(y).sentence;
    for (const words of quotationWords(x).passages) {
      if (words.length < 3) continue;
      const share = words.filter((w) => other.has(w)).length / words.length;
      if (share > best) best = share;
    }
  }
  return best;
}

/** Per unit, computed once: its sentence's content words and each quoted passage's (a unit meets many others). */
const quotationWordsOf = new WeakMap<ClaimUnit, { sentence: Set<string>; passages: string[][] }>();
function quotationWords(unit: ClaimUnit): { sentence: Set<string>; passages: string[][] } {
  let words = quotationWordsOf.get(unit);
  if (!words) quotationWordsOf.set(unit, (words = { sentence: new Set(contentWords(unit.sentence.text)), passages: quotedPassages(unit).map((p) => contentWords(p)) }));
  return words;
}

function idfContainment(a: ClaimUnit, b: ClaimUnit): [number, number, number] {
  let shared = 0;
  let sharedSq = 0;
  let totalA = 0;
  let totalB = 0;
  let sqA = 0;
  let sqB = 0;
  for (const [t, w] of a.terms) {
    totalA += w;
    sqA += w * w;
    if (b.terms.has(t)) {
      shared += w;
      sharedSq += w * b.terms.get(t)!;
    }
  }
  let sharedB = 0;
  for (const [t, w] of b.terms) {
    totalB += w;
    sqB += w * w;
    if (a.terms.has(t)) sharedB += w;
  }
  const ab = totalA ? shared / totalA : 0;
  const ba = totalB ? sharedB / totalB : 0;
  const cosine = sqA && sqB ? sharedSq / Math.sqrt(sqA * sqB) : 0;
  return [ab, ba, cosine];
}

/** Entity types present in both sentences that share no entity of that type ("Biden" vs "Trump" as the person). */
export function entityMismatch(a: ClaimUnit, b: ClaimUnit): number {
  let mismatched = 0;
  for (const type of ['person', 'organization', 'place'] as const) {
    const x = new Set(a.sentence.entities.filter((e) => e.type === type).map((e) => e.name));
    const y = new Set(b.sentence.entities.filter((e) => e.type === type).map((e) => e.name));
    if (x.size === 0 || y.size === 0) continue;
    if (![...x].some((n) => y.has(n))) mismatched++;
  }
  return mismatched / 3;
}

function figureMismatch(a: ClaimUnit, b: ClaimUnit): number {
  const ca = a.figureCategories ?? new Set<string>();
  const cb = b.figureCategories ?? new Set<string>();
  if (![...ca].some((c) => cb.has(c))) return 0;
  for (const n of a.numbers) if (b.numbers.has(n)) return 0;
  return 1;
}

const jaccard = (x: ReadonlySet<string>, y: ReadonlySet<string>) => {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const v of x) if (y.has(v)) shared++;
  return shared / (x.size + y.size - shared);
};

const words = (u: ClaimUnit) => u.sentence.text.split(/\s+/).filter(Boolean).length;

export function pairFeatures(a: ClaimUnit, b: ClaimUnit, nli: { ab: NliResult; ba: NliResult }, ctx: ClaimSimilarityContext): PairFeatures {
  const similarity = claimSimilarity(a, b, ctx);
  const [ab, ba, cosine] = idfContainment(a, b);
  const [la, lb] = [words(a), words(b)];
  const quote = sharedQuotation(a, b);
  const run = longestSharedRun(a.sentence.text, b.sentence.text);
  const [xa, xb] = [lexicalProfile(a.sentence.text), lexicalProfile(b.sentence.text)];
  const lemmas = sharedCount(xa.lemmas, xb.lemmas);
  const names = sharedCount(xa.properNouns, xb.properNouns);
  const named: Record<RelationFeatureName, number> = {
    idfContainmentMin: Math.min(ab, ba),
    idfContainmentMax: Math.max(ab, ba),
    tfidfCosine: cosine,
    sharedRun: Math.min(run, 12) / 12,
    sharedQuote: quote,
    // Indicators: the same quotation (or 8+ identical words) is near-decisive evidence of `same`, a
    // step a linear judge cannot draw from the continuous shares alone (0.9 of such dev pairs are `same`).
    quotationShared: quote >= 0.8 ? 1 : 0,
    longSharedRun: run >= 8 ? 1 : 0,
    entityOverlap: similarity.entities,
    entityMismatch: entityMismatch(a, b),
    figureAgree: similarity.numbers,
    figureMismatch: figureMismatch(a, b),
    figureConflict: figureConflict({ a, b }) ? 1 : 0,
    verbOverlap: jaccard(mainVerbs(a.sentence.text), mainVerbs(b.sentence.text)),
    embeddingCosine: similarity.cosine,
    nliEntailMin: Math.min(nli.ab.entailment, nli.ba.entailment),
    nliEntailMax: Math.max(nli.ab.entailment, nli.ba.entailment),
    nliContradictionMax: Math.max(nli.ab.contradiction, nli.ba.contradiction),
    lengthMin: Math.log1p(Math.min(la, lb)),
    lengthRatio: Math.abs(Math.log1p(la) - Math.log1p(lb)),
    positionMin: Math.log1p(Math.min(a.sentence.index, b.sentence.index)),
    positionGap: Math.log1p(Math.abs(a.sentence.index - b.sentence.index)),
    combinedSimilarity: similarity.score,
    lemmaContainmentMin: lemmas / Math.max(1, Math.max(xa.lemmas.size, xb.lemmas.size)),
    lemmaContainmentMax: lemmas / Math.max(1, Math.min(xa.lemmas.size, xb.lemmas.size)),
    lemmaShared: Math.log1p(lemmas),
    properNounContainment: names / Math.max(1, Math.min(xa.properNouns.size, xb.properNouns.size)),
    properNounShared: Math.log1p(names),
    properNounDisjoint: xa.properNouns.size > 0 && xb.properNouns.size > 0 && names === 0 ? 1 : 0,
    // Interactions a linear judge cannot draw itself: a close embedding means more about the same
    // people, and its effect is not linear (the compact model puts most same-topic pairs near 0.5).
    embeddingTimesEntities: similarity.cosine * similarity.entities,
    embeddingSquared: similarity.cosine * similarity.cosine,
    bothLeads: a.sentence.index === 0 && b.sentence.index === 0 ? 1 : 0,
  };
  return { values: RELATION_FEATURES.map((n) => named[n]), named };
}

/** Drops the per-text memos; the claims stage calls it when it ends, whether it succeeded or not. */
export function releaseClaimTextMemos(): void {
  for (const memo of [taggedCache, verbCache, lexicalCache, tokenCache]) memo.clear();
}

/** Texts held by the per-text memos (for the test that the claims stage releases them). */
export const claimTextMemoSize = (): number => taggedCache.size + verbCache.size + lexicalCache.size + tokenCache.size;
