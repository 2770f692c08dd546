/**
 * Evaluative words and the VADER scorer, from the `vader-sentiment` npm package (Hutto & Gilbert 2014:
 * a 7,500-entry valence lexicon rated by ten people each, with rules for negation, intensifiers and
 * "but"). It is the lexicon reference row of `crossframe eval --only tone` and gives the tone model
 * its evaluative-word features. Read from the installed package, never copied into this repository.
 *
 * Example:
 *   vaderScores('The storm wreaked havoc.').compound   // -0.6
 *   valenceOf('slammed')                               // -1.6 (through its base form "slam")
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { polarityScores, type VaderScores } from './vaderWords.js';

export type { VaderScores };

/** VADER's published neutral band for its compound score (the reference row uses it unchanged). */
export const VADER_NEUTRAL_BAND = 0.05;

export function vaderScores(text: string): VaderScores {
  if (!/\p{L}/u.test(text)) return { neg: 0, neu: 1, pos: 0, compound: 0 };
  // The package's polarity_scores with its word split in linear time (vaderWords.ts): same scores.
  return polarityScores(forVader(text));
}

/**
 * The JavaScript port looks words up with their punctuation attached ("garbage," and
 * "ineffective.\"" score 0, "garbage" scores -1.9 in context): every mark but the apostrophe, the
 * hyphen and VADER's emphasis marks (! ?) becomes a space, and curly apostrophes become straight.
 */
export function forVader(text: string): string {
  return text
    .replace(/[‘’]/g, "'")
    .replace(/[^\p{L}\p{N}\s'!?-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function vaderLabel(text: string): 'negative' | 'neutral' | 'positive' {
  const c = vaderScores(text).compound;
  return c >= VADER_NEUTRAL_BAND ? 'positive' : c <= -VADER_NEUTRAL_BAND ? 'negative' : 'neutral';
}

let lexicon: Map<string, number> | undefined;

/** word -> mean valence (-4..4), read once from the package's vader_lexicon.txt. */
function valences(): Map<string, number> {
  if (lexicon) return lexicon;
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('vader-sentiment/package.json')), 'vader_lexicon.txt');
  const map = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [word, value] = line.split('\t');
    const v = Number(value);
    if (word && Number.isFinite(v) && /^[a-z][a-z'-]*$/.test(word)) map.set(word, v);
  }
  lexicon = map;
  return map;
}

/**
 * Valence of a lower-cased word, trying its base forms when the inflection is not listed
 * (VADER lists "slam" but not "slammed"); 0 when the word is not evaluative.
 */
export function valenceOf(word: string): number {
  const map = valences();
  const direct = map.get(word);
  if (direct !== undefined) return direct;
  for (const base of baseForms(word)) {
    const v = map.get(base);
    if (v !== undefined) return v;
  }
  return 0;
}

function baseForms(w: string): string[] {
  const out: string[] = [];
  const strip = (suffix: string, add = '') => {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) out.push(w.slice(0, -suffix.length) + add);
  };
  strip('ed');
  strip('ed', 'e');
  strip('d');
  strip('ing');
  strip('ing', 'e');
  strip('es');
  strip('s');
  strip('ly');
  strip('ies', 'y');
  strip('ied', 'y');
  // slammed -> slam, botched keeps botch via "ed"
  if (/(bb|dd|gg|ll|mm|nn|pp|rr|tt)(ed|ing)$/.test(w)) out.push(w.replace(/(.)\1(ed|ing)$/, '$1'));
  return out;
}
