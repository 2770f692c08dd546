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
 * Fitting needs the word vectors (140 MB, 1 to 5 s to load) and 0.6 s of arithmetic, yet what the
 * product reads of it is one score per vocabulary word. So the fit is kept beside the vectors'
 * binary copy (soft-lexicon-<key>.bin: word list, weights and scores, 6 MB), keyed by the vectors'
 * identity, the fit's settings and the lexicon's entries, and checked against the lexicon's members
 * among the fit words and a checksum; a process that finds it there never loads the vectors. The scores are the float64 values the fit computes, so reading them back
 * changes no output.
 *
 * Example:
 *   const soft = memoSoftLoadedLexicon(resources.loaded);  // read from the memo, or fit and kept
 *   maxSoftScore(soft, ['shambolic', 'vote'])  // 0.05: unlisted "shambolic" near listed "fiasco" (0.07); "vote" ~0
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWordVectorsDir, sharedWordVectors, WORD_VECTORS_FORMAT, wordVectorsIdentity, type WordVectors } from '../corpus/wordVectors.js';
import { writeFileAtomic } from '../../store/atomicFile.js';
import { findTerms, tokenize, type Lexicon } from './lexicon.js';

export interface SoftLexicon {
  /** Ridge weights per vector dimension, then the intercept. */
  weights: Float64Array;
  /** The vectors' vocabulary (lower-cased), sorted by UTF-16 code units for binary search. */
  words: string[];
  /** Each word's soft score (same order as `words`): its vector times the weights, plus the intercept. */
  scores: Float64Array;
  /** The words the regression was fit on (fitWords), kept to check a memo's lexicon members. */
  fitWords: string[];
}

/** The regression is fit on the alphabetic words among this many most frequent entries of the vocabulary (it is frequency-ordered). */
const FIT_VOCABULARY = 20000;
/** Ridge penalty: 1 to 100 gave the same tone figures; 30 is in the middle. */
const RIDGE_LAMBDA = 30;
const FIT_WORD = /^[a-z]{3,}$/;

/** The words the regression is fit on, in vocabulary order (any word list in the vectors' order). */
export function fitWords(words: Iterable<string>): string[] {
  const out: string[] = [];
  let seen = 0;
  for (const word of words) {
    if (seen++ >= FIT_VOCABULARY) break;
    if (FIT_WORD.test(word)) out.push(word);
  }
  return out;
}

/** Fits the soft lexicon for `isMember` (deterministic: same vectors and lexicon, same weights). */
export function fitSoftLexicon(vectors: WordVectors, isMember: (word: string) => boolean): SoftLexicon {
  const d = vectors.dimensions;
  const n = d + 1;
  // Normal equations (X'X + lambda I) w = X'y with an unpenalised intercept, solved in place.
  const a = Array.from({ length: n }, () => new Float64Array(n + 1));
  const x = new Float64Array(n);
  const fitted = fitWords(vectors.index.keys());
  for (const word of fitted) {
    const row = vectors.index.get(word)!;
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
  const weights = solve(a);
  // Sorted, a memo read back needs no 341k-entry Map (1 to 2 s on a loaded machine), only the list.
  const words = [...vectors.index.keys()].sort();
  const scores = new Float64Array(words.length);
  words.forEach((word, k) => {
    // Same order of operations as scoring one vector at a time, so the stored value is that value.
    let s = weights[d];
    const offset = vectors.index.get(word)! * d;
    for (let i = 0; i < d; i++) s += weights[i] * vectors.matrix[offset + i];
    scores[k] = s;
  });
  return { weights, words, scores, fitWords: fitted };
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
  const target = word.toLowerCase();
  const { words } = soft;
  let low = 0;
  let high = words.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const w = words[mid];
    if (w === target) return soft.scores[mid];
    if (w < target) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
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

/** Membership in the loaded lexicon as the fit reads it: the word, tokenised, matches an entry. */
export const lexiconMember = (lexicon: Lexicon) => (word: string) => findTerms(lexicon, tokenize(word)).length > 0;

const fitted = new WeakMap<WordVectors, WeakMap<Lexicon, SoftLexicon>>();

/** The soft loaded-language lexicon, fit once per (vectors, lexicon) pair. */
export function softLoadedLexicon(vectors: WordVectors, loaded: Lexicon): SoftLexicon {
  let byLexicon = fitted.get(vectors);
  if (!byLexicon) fitted.set(vectors, (byLexicon = new WeakMap()));
  let soft = byLexicon.get(loaded);
  if (!soft) {
    soft = fitSoftLexicon(vectors, lexiconMember(loaded));
    byLexicon.set(loaded, soft);
  }
  return soft;
}

/**
 * The soft lexicon read from its memo in `dir`, or (memo missing, damaged or for another lexicon or
 * vectors) fit on `vectors()` and written there. Not memoised in the process: see memoSoftLoadedLexicon.
 */
export function readOrFitSoftLexicon(dir: string, loaded: Lexicon, vectors: () => WordVectors): SoftLexicon {
  const isMember = lexiconMember(loaded);
  const file = softLexiconMemoFile(dir, loaded);
  const memo = readSoftLexiconMemo(file, loaded, isMember);
  if (memo) return memo;
  const soft = softLoadedLexicon(vectors(), loaded);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, encodeSoftLexiconMemo(memoKey(loaded), membersHash(soft.fitWords, isMember), soft));
  } catch {
    // A memo that cannot be written costs the next process the load and the fit, not the run.
  }
  return soft;
}

const memoised = new Map<string, WeakMap<Lexicon, SoftLexicon>>();

/**
 * The soft loaded-language lexicon once per process and lexicon: from the memo beside the vectors'
 * binary copy (`dir`, the user's cache unless named) when it is there, else fit on the shared vectors.
 */
export function memoSoftLoadedLexicon(loaded: Lexicon, dir: string = defaultWordVectorsDir()): SoftLexicon {
  let byLexicon = memoised.get(dir);
  if (!byLexicon) memoised.set(dir, (byLexicon = new WeakMap()));
  let soft = byLexicon.get(loaded);
  if (!soft) {
    soft = readOrFitSoftLexicon(dir, loaded, () => sharedWordVectors(dir));
    byLexicon.set(loaded, soft);
  }
  return soft;
}

const MEMO_MAGIC = 'crossframe-soft-lexicon-1';

/** What the fit depends on besides the vectors' values: their identity, the fit's settings, the lexicon's entries. */
function memoKey(loaded: Lexicon): string {
  const parts = [MEMO_MAGIC, wordVectorsIdentity(), WORD_VECTORS_FORMAT, FIT_VOCABULARY, RIDGE_LAMBDA, loaded.name, loaded.terms];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The memo's file: one per lexicon content, so runs with different lexicons do not overwrite each other's. */
export function softLexiconMemoFile(dir: string, loaded: Lexicon): string {
  return join(dir, `soft-lexicon-${memoKey(loaded).slice(0, 16)}.bin`);
}

/** The fit words that are members, hashed: a change in how entries match (lexicon.ts) makes the memo a miss. */
function membersHash(fitted: string[], isMember: (word: string) => boolean): string {
  return createHash('sha256').update(fitted.filter(isMember).join('\n')).digest('hex');
}

interface MemoHeader {
  magic: string;
  key: string;
  members: string;
  /** sha256 of everything after the header line. */
  body: string;
  dimensions: number;
  rows: number;
  wordBytes: number;
  fitWordBytes: number;
}

/** Layout: JSON header line, sorted words and fit words (each joined by \n), float64 weights (dimensions + 1), float64 scores (rows). */
function encodeSoftLexiconMemo(key: string, members: string, soft: SoftLexicon): Buffer {
  const words = Buffer.from(soft.words.join('\n'), 'utf8');
  const fitted = Buffer.from(soft.fitWords.join('\n'), 'utf8');
  const floats = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const body = Buffer.concat([words, fitted, floats(soft.weights), floats(soft.scores)]);
  const header: MemoHeader = {
    magic: MEMO_MAGIC, key, members, body: createHash('sha256').update(body).digest('hex'),
    dimensions: soft.weights.length - 1, rows: soft.scores.length, wordBytes: words.length, fitWordBytes: fitted.length,
  };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
}

/** The memo in `file`, or undefined when it is missing, damaged, or for another key or member list. */
function readSoftLexiconMemo(file: string, loaded: Lexicon, isMember: (word: string) => boolean): SoftLexicon | undefined {
  if (!existsSync(file)) return undefined;
  let buffer: Buffer;
  let header: Partial<MemoHeader>;
  try {
    buffer = readFileSync(file);
    const newline = buffer.indexOf(10);
    if (newline < 0) return undefined;
    header = JSON.parse(buffer.subarray(0, newline).toString('utf8')) as Partial<MemoHeader>;
    buffer = buffer.subarray(newline + 1);
  } catch {
    return undefined;
  }
  const { dimensions, rows, wordBytes, fitWordBytes } = header;
  if (header.magic !== MEMO_MAGIC || header.key !== memoKey(loaded)) return undefined;
  if (![dimensions, rows, wordBytes, fitWordBytes].every(Number.isInteger)) return undefined;
  const floatsStart = wordBytes! + fitWordBytes!;
  if (buffer.length !== floatsStart + (dimensions! + 1 + rows!) * 8) return undefined;
  if (createHash('sha256').update(buffer).digest('hex') !== header.body) return undefined;
  const words = buffer.subarray(0, wordBytes).toString('utf8').split('\n');
  const fitted = buffer.subarray(wordBytes, floatsStart).toString('utf8').split('\n');
  if (words.length !== rows) return undefined;
  if (membersHash(fitted, isMember) !== header.members) return undefined;
  // Copies into aligned buffers: a Float64Array view needs a byte offset divisible by 8.
  const floats = (start: number, count: number) => {
    const out = new Float64Array(count);
    new Uint8Array(out.buffer).set(buffer.subarray(start, start + count * 8));
    return out;
  };
  const weights = floats(floatsStart, dimensions! + 1);
  const scores = floats(floatsStart + (dimensions! + 1) * 8, rows!);
  return { weights, words, scores, fitWords: fitted };
}
