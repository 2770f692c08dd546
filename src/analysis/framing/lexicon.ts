/**
 * Word-boundary, case-insensitive phrase matching for the framing lexicons (loaded language,
 * hedges, attribution verbs) and speaker groups.
 *
 * Entry syntax (one string per entry):
 * - `fiasco`            one word: also matches its regular inflections (fiascos, ...), so
 *                       `pummel` finds pummels, pummeled, pummelled, pummeling, pummelling.
 * - `deaf ears`         a phrase: matched as written (words in order, any spacing or hyphens).
 * - `say|says|said`     alternatives: exactly these forms, nothing added (`rag|rags`).
 * Text and entries are tokenised the same way, so "so-called", "so called" and "So-Called" match.
 *
 * Example:
 *   const lex = compileLexicon('loaded', ['fiasco', 'deaf ears']);
 *   findTerms(lex, tokenize('It fell on deaf ears: a fiasco.')) // -> deaf ears, fiasco
 */
import { addCount, emptyRecord } from '../../runtime/safeKeys.js';

export interface Token {
  /** Lower-cased, curly apostrophes straightened, possessive 's dropped. */
  norm: string;
  start: number;
  end: number;
  /** True when only spaces or hyphens separate it from the previous token (a phrase may continue). */
  joined: boolean;
}

export interface Hit {
  /** The lexicon entry as written in the file (its first alternative for `a|b` entries). */
  term: string;
  /** Character offsets of the match in the tokenised text. */
  start: number;
  end: number;
}

interface Form {
  tokens: string[];
  term: string;
}

export interface Lexicon {
  name: string;
  /** Entries as written, in file order. */
  terms: string[];
  /** Forms keyed by their first token, longest first. */
  byFirstToken: Map<string, Form[]>;
}

// A number with thousands separators or decimals ("9,488", "1.5") is one word.
const WORD = /\p{N}+(?:[.,]\p{N}+)*(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const PHRASE_GAP = /^[\s\u00ad\-\u2010-\u2013]*$/;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    let norm = m[0].toLowerCase().replace(/’/g, "'");
    // "Hamas's", "Israel's": the possessive does not change the word for matching.
    if (norm.endsWith("'s") && norm.length > 2) norm = norm.slice(0, -2);
    const prev = out[out.length - 1];
    const joined = prev !== undefined && PHRASE_GAP.test(text.slice(prev.end, m.index!));
    out.push({ norm, start: m.index!, end: m.index! + m[0].length, joined });
  }
  return out;
}

/** Words as the framing measures count them (the denominator of every per-1,000-words rate). */
export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

const VOWEL = /[aeiou]/;

/** Regular inflections of one lower-case word; over-generation is harmless because matching needs whole words. */
export function inflections(word: string): string[] {
  const forms = new Set([word]);
  if (!/^[a-z]+$/.test(word) || word.length < 3) return [...forms];
  const last = word[word.length - 1];
  const beforeLast = word[word.length - 2];
  const consonantY = last === 'y' && !VOWEL.test(beforeLast);
  // Stems that may double their final consonant (slam -> slammed; British pummelled).
  const cvc = !VOWEL.test(last) && VOWEL.test(beforeLast) && !'wxy'.includes(last) && !VOWEL.test(word[word.length - 3] ?? 'a');
  if (/(s|x|z|ch|sh)$/.test(word)) forms.add(`${word}es`);
  else if (consonantY) forms.add(`${word.slice(0, -1)}ies`);
  else forms.add(`${word}s`);
  if (last === 'e') {
    forms.add(`${word}d`);
    if (word.endsWith('ie')) forms.add(`${word.slice(0, -2)}ying`);
    else if (!/(ee|ye|oe)$/.test(word)) forms.add(`${word.slice(0, -1)}ing`);
    else forms.add(`${word}ing`);
  } else if (consonantY) {
    forms.add(`${word.slice(0, -1)}ied`);
    forms.add(`${word}ing`);
  } else {
    forms.add(`${word}ed`);
    forms.add(`${word}ing`);
    if (cvc) {
      forms.add(`${word}${last}ed`);
      forms.add(`${word}${last}ing`);
    }
  }
  // Adverbs of loaded adjectives: brutal -> brutally, horrific -> horrifically.
  if (word.endsWith('ic')) forms.add(`${word}ally`);
  else if (consonantY) forms.add(`${word.slice(0, -1)}ily`);
  else if (word.endsWith('le')) forms.add(`${word.slice(0, -1)}y`);
  else forms.add(`${word}ly`);
  return [...forms];
}

/** The token sequences one entry matches. */
export function expandEntry(entry: string): string[][] {
  const alternatives = entry.includes('|') ? entry.split('|') : [entry];
  const literal = entry.includes('|');
  const out: string[][] = [];
  for (const alt of alternatives) {
    const tokens = tokenize(alt).map((t) => t.norm);
    if (!tokens.length) continue;
    if (!literal && tokens.length === 1) for (const form of inflections(tokens[0])) out.push([form]);
    else out.push(tokens);
  }
  return out;
}

export function compileLexicon(name: string, entries: string[]): Lexicon {
  const byFirstToken = new Map<string, Form[]>();
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const entry of entries) {
    const term = entry.split('|').map((s) => s.trim()).find(Boolean) ?? '';
    if (!term) continue;
    terms.push(term);
    for (const tokens of expandEntry(entry)) {
      const key = tokens.join(' ');
      // The first entry that produces a form owns it, so file order settles overlaps.
      if (seen.has(key)) continue;
      seen.add(key);
      const list = byFirstToken.get(tokens[0]) ?? [];
      list.push({ tokens, term });
      byFirstToken.set(tokens[0], list);
    }
  }
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return { name, terms, byFirstToken };
}

/** Non-overlapping matches, left to right, longest phrase first at each position. */
export function findTerms(lexicon: Lexicon, tokens: Token[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = lexicon.byFirstToken.get(tokens[i].norm);
    if (!candidates) continue;
    const form = candidates.find((f) =>
      f.tokens.every((t, k) => tokens[i + k]?.norm === t && (k === 0 || tokens[i + k].joined)),
    );
    if (!form) continue;
    const lastToken = tokens[i + form.tokens.length - 1];
    hits.push({ term: form.term, start: tokens[i].start, end: lastToken.end });
    i += form.tokens.length - 1;
  }
  return hits;
}

/** Term -> count, for hits from any number of texts. */
export function countTerms(hits: Iterable<Hit>, into: Record<string, number> = emptyRecord()): Record<string, number> {
  for (const h of hits) addCount(into, h.term);
  return into;
}
