/**
 * A soft version of a word lexicon through static word vectors (corpus/wordVectors.ts): a ridge
 * regression from a word's vector to "is this word in the lexicon" (1) or not (0), fit over the
 * most frequent words of the vector vocabulary, scores every word, so words near the lexicon's
 * ("shambolic" near "fiasco", "lambasted" near "slammed") count without being listed.
 *
 * The lexicon is the editor's own (framing.loadedLexicon), so nothing here is learned from labelled
 * data: the tone model (toneModel.ts) learns how much the soft score weighs. Compared on the
 * cross-validated tone figures of the 400 news-tone sentences: the sentence's highest soft
 * loadedness raised accuracy 0.628 -> 0.653 and macro-F1 0.519 -> 0.549; soft valence (VADER's
 * lexicon the same way), seed-word cosines, class centroids and the raw mean vector did not.
 *
 * Example:
 *   const soft = softLoadedLexicon(sharedWordVectors(cacheDir), resources.loaded);
 *   maxSoftScore(soft, ['shambolic', 'vote'])  // 0.05: unlisted "shambolic" near listed "fiasco" (0.07); "vote" ~0
 */
import { wordVector, type WordVectors } from '../corpus/wordVectors.js';
import { findTerms, tokenize, type Lexicon } from './lexicon.js';

export interface SoftLexicon {
  vectors: WordVectors;
  /** Ridge weights per vector dimension, then the intercept. */
  weights: Float64Array;
}

/** The regression is fit on the alphabetic words among this many most frequent entries of the vocabulary (it is frequency-ordered). */
const FIT_VOCABULARY = 20000;
/** Ridge penalty: 1 to 100 gave the same tone figures; 30 is in the middle. */
const RIDGE_LAMBDA = 30;

/** Fits the soft lexicon for `isMember` (deterministic: same vectors and lexicon, same weights). */
export function fitSoftLexicon(vectors: WordVectors, isMember: (word: string) => boolean): SoftLexicon {
  const d = vectors.dimensions;
  const n = d + 1;
  // Normal equations (X'X + lambda I) w = X'y with an unpenalised intercept, solved in place.
  const a = Array.from({ length: n }, () => new Float64Array(n + 1));
  const x = new Float64Array(n);
  let seen = 0;
  for (const [word, row] of vectors.index) {
    if (seen++ >= FIT_VOCABULARY) break;
    if (!/^[a-z]{3,}$/.test(word)) continue;
    x.set(vectors.matrix.subarray(row * d, (row + 1) * d));
    x[d] = 1;
    const y = isMember(word) ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const ai = a[i];
      for (let j = 0; j < n; j++) ai[j] += xi * x[j];
      ai[n] += xi * y;
    }
  }
  for (let i = 0; i < d; i++) a[i][i] += RIDGE_LAMBDA;
  return { vectors, weights: solve(a) };
}

/** Gauss-Jordan elimination with partial pivoting on an augmented n x (n+1) matrix. */
function solve(a: Float64Array[]): Float64Array {
  const n = a.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || a[r][c] === 0) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i][n] / a[i][i]);
}

/** The soft score of a word, or undefined when the vectors do not know it. */
export function softScore(soft: SoftLexicon, word: string): number | undefined {
  const v = wordVector(soft.vectors, word);
  if (!v) return undefined;
  let s = soft.weights[v.length];
  for (let i = 0; i < v.length; i++) s += soft.weights[i] * v[i];
  return s;
}

/** The highest soft score among the words, 0 when none is known. */
export function maxSoftScore(soft: SoftLexicon, words: readonly string[]): number {
  let best = 0;
  for (const w of words) {
    const s = softScore(soft, w);
    if (s !== undefined && s > best) best = s;
  }
  return best;
}

const fitted = new WeakMap<WordVectors, WeakMap<Lexicon, SoftLexicon>>();

/** The soft loaded-language lexicon, fit once per (vectors, lexicon) pair. */
export function softLoadedLexicon(vectors: WordVectors, loaded: Lexicon): SoftLexicon {
  let byLexicon = fitted.get(vectors);
  if (!byLexicon) fitted.set(vectors, (byLexicon = new WeakMap()));
  let soft = byLexicon.get(loaded);
  if (!soft) {
    soft = fitSoftLexicon(vectors, (word) => findTerms(loaded, tokenize(word)).length > 0);
    byLexicon.set(loaded, soft);
  }
  return soft;
}
