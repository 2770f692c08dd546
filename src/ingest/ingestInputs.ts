/**
 * The whole ingest: discover files, read manifests, read every file with its reader, build
 * articles, make ids unique, flag other-language articles and duplicates. Every item that does
 * not become an analysable article is listed in `skipped` with its reason; nothing is dropped
 * silently. Output order is deterministic (articles by id, skipped by file and line).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Article, SkippedInput } from '../records.js';
import { discoverFiles, type DiscoveredFile } from './discoverFiles.js';
import { loadManifests } from './manifest.js';
import { loadOutlets, type OutletDirectory } from './outlets.js';
import { binaryKind, readTextFile } from './readText.js';
import { streamJsonLines } from './readers/jsonRecords.js';
import { documentFromRecord, readDocuments } from './readers/readDocuments.js';
import type { RawDocument } from './rawDocument.js';
import { buildArticle, type BuildOptions, type BuildResult, type DraftArticle } from './buildArticle.js';
import type { ManifestEntry } from './manifest.js';
import { assignIds } from './articleId.js';
import { findDuplicates } from './dedupe.js';
import { openIngestMemo, type IngestMemo, type JsonFileEntry } from './ingestMemo.js';
import type { ModelCache } from '../store/modelCache.js';
import { compileUserPattern } from '../config/userPattern.js';
import { readEditorFile } from '../config/editorFile.js';
import { yieldToSignals } from '../runtime/yieldToSignals.js';

export type InputConfig = Config['input'];

export interface IngestOptions {
  input: InputConfig;
  /** Base for relative input paths and the outlets file (default: process.cwd()). */
  cwd?: string;
  /** Preloaded outlet directory (default: loaded from input.outletsFile). */
  directory?: OutletDirectory;
  /**
   * The run cache: documents and articles that earlier runs built from the same bytes under the
   * same settings are reused (see ingestMemo.ts). Not used with a preloaded `directory`, whose
   * contents the memo cannot key.
   */
  cache?: ModelCache;
  /** Called once the files are known, then once per file handled: for progress bars. */
  onStart?: (files: number) => void;
  onFile?: (file: string) => void;
}

export interface IngestResult {
  articles: Article[];
  skipped: SkippedInput[];
  /** Every file read, with its hash, for the run manifest. */
  inputs: { file: string; sha256: string; bytes: number }[];
  /** Non-fatal notes that are not skipped items (e.g. front matter read as text). */
  warnings: string[];
  counters: Record<string, number>;
}

const HEAD_BYTES = 8192;
/** Documents looked up in the ingest memo at a time. */
const MEMO_BATCH = 500;

function byFileLine(a: SkippedInput, b: SkippedInput): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if ((a.line ?? 0) !== (b.line ?? 0)) return (a.line ?? 0) - (b.line ?? 0);
  return a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0;
}

/** sha256 of a file's bytes, read a megabyte at a time (a corpus file is never held whole). */
function fileSha256(file: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.subarray(0, fs.readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}

export async function ingestInputs(opts: IngestOptions): Promise<IngestResult> {
  const { input } = opts;
  const cwd = opts.cwd ?? process.cwd();
  const directory = opts.directory ?? loadOutlets(path.resolve(cwd, input.outletsFile), input.outletsFile);
  let memo: IngestMemo | undefined;
  if (opts.cache && !opts.directory) {
    const outletsSha = createHash('sha256').update(readEditorFile(path.resolve(cwd, input.outletsFile), 'outlet directory')).digest('hex');
    memo = openIngestMemo(opts.cache, input, outletsSha);
  }
  const build: BuildOptions = {
    directory,
    languages: input.languages,
    minWords: input.minWords,
    boilerplate: input.boilerplate.map((s) => compileUserPattern(s)),
    slashDates: input.slashDates,
  };
  const result: IngestResult = { articles: [], skipped: [], inputs: [], warnings: [], counters: {} };
  const discovery = discoverFiles(input.paths, { maxFileBytes: input.maxFileBytes, cwd });
  result.skipped.push(...discovery.skipped);
  const manifests = loadManifests(discovery.manifests, discovery.files);
  result.skipped.push(...manifests.skipped);
  for (const m of discovery.manifests) {
    const read = readTextFile(m.abs, input.maxFileBytes);
    if (read.ok || read.sha256) result.inputs.push({ file: m.display, sha256: read.sha256!, bytes: read.bytes! });
  }

  opts.onStart?.(discovery.files.length);
  const drafts: DraftArticle[] = [];
  let removedLines = 0;
  let currentFile: DiscoveredFile | undefined;
  const accept = (doc: Pick<RawDocument, 'sourceFile' | 'sourceLine'>, built: BuildResult) => {
    if (built.ok) {
      drafts.push(built.article);
      removedLines += built.article.removedLines;
    } else {
      result.skipped.push({ file: doc.sourceFile, ...(doc.sourceLine !== undefined ? { line: doc.sourceLine } : {}), ...built.skip });
    }
  };
  // With the memo, documents are looked up MEMO_BATCH at a time (one store read each, not one per
  // document: a night's unchanged corpus is thousands of lookups), in order, at the latest at a file's end.
  let pending: { raw: RawDocument; key: string; build: () => BuildResult }[] = [];
  const settle = () => {
    if (!memo || !pending.length) return;
    const batch = pending;
    pending = [];
    memo.articles(batch, (built, i) => accept(batch[i].raw, built));
  };
  /** Handles a document; with the memo, returns its key in the article memo. */
  const handle = (doc: RawDocument): string | undefined => {
    const manifest = manifests.entries.get(currentFile!.abs);
    if (!memo) {
      accept(doc, buildArticle(doc, manifest, build));
      return undefined;
    }
    const key = memo.articleKey(doc, manifest);
    pending.push({ raw: doc, key, build: () => buildArticle(doc, manifest, build) });
    if (pending.length >= MEMO_BATCH) settle();
    return key;
  };

  for (const file of discovery.files) {
    await yieldToSignals();
    currentFile = file;
    opts.onFile?.(file.display);
    try {
      if (file.format === 'jsonl') await ingestJsonLines(file);
      else ingestWholeFile(file);
      settle();
    } catch (err) {
      // The documents read before the failure count, as they did when each was built at once.
      try {
        settle();
      } catch {
        // The file is listed as unreadable below, with the first error.
      }
      // A reader bug or a file that changed under us must cost one file, not the night's run.
      result.skipped.push({ file: file.display, reason: 'unreadable', detail: `could not be read: ${(err as Error).message}` });
    }
  }

  function ingestWholeFile(file: DiscoveredFile) {
    const read = readTextFile(file.abs, input.maxFileBytes);
    if (read.sha256) result.inputs.push({ file: file.display, sha256: read.sha256, bytes: read.bytes! });
    if (!read.ok) {
      result.skipped.push({ file: file.display, ...(read.line ? { line: read.line } : {}), reason: read.reason, detail: read.detail });
      return;
    }
    // HTML extraction is the slow reader: its documents are kept for files whose bytes did not change.
    const readAll = () => readDocuments(file, read.text, input.recordFields);
    const docs = memo && file.format === 'html' ? memo.documents(file, read.sha256!, readAll) : readAll();
    result.skipped.push(...docs.skipped);
    result.warnings.push(...docs.warnings);
    for (const doc of docs.docs) handle(doc);
  }

  async function ingestJsonLines(file: DiscoveredFile) {
    const binary = binaryKind(readHead(file.abs));
    if (binary) {
      result.skipped.push({ file: file.display, reason: 'binary', detail: binary });
      return;
    }
    const manifest = manifests.entries.get(file.abs);
    if (memo && replayJsonLines(memo, file, manifest)) return;
    // With the memo, the file's outcome is kept line by line for the next run (a skip, or the article
    // memo's key of the document), under the hash of the bytes read.
    const entries: JsonFileEntry[] | undefined = memo ? [] : undefined;
    const skip = (s: SkippedInput) => {
      result.skipped.push(s);
      entries?.push({ skip: s });
    };
    let items = 0;
    const stats = await streamJsonLines(file.abs, input.maxFileBytes, (item) => {
      items++;
      if ('skip' in item) return skip({ file: file.display, line: item.line, ...item.skip });
      const doc = documentFromRecord(file, item.value, { line: item.line }, input.recordFields);
      if ('reason' in doc) return skip(doc);
      const key = handle(doc);
      if (key) entries?.push({ article: key, file: doc.sourceFile, ...(doc.sourceLine !== undefined ? { line: doc.sourceLine } : {}) });
    });
    result.inputs.push({ file: file.display, ...stats });
    if (items === 0) skip({ file: file.display, reason: 'empty', detail: 'no records: every line is blank' });
    if (memo && entries) memo.keepJsonFile(file, manifest, input.maxFileBytes, { sha256: stats.sha256, bytes: stats.bytes, entries });
  }

  /**
   * A JSON Lines file whose bytes an earlier run read at this place, under these settings, with every
   * article it built still in the memo: its skips and articles again, in its order, without parsing or
   * cleaning a record. False (nothing done) when the memo lacks the file or any of its articles.
   */
  function replayJsonLines(memo: IngestMemo, file: DiscoveredFile, manifest: ManifestEntry | undefined): boolean {
    const sha256 = fileSha256(file.abs);
    const known = memo.jsonFile(file, sha256, manifest, input.maxFileBytes);
    if (!known) return false;
    const keys = known.entries.flatMap((e) => ('article' in e ? [e.article] : []));
    const built = memo.builtArticles(keys);
    if (!built) return false;
    for (const e of known.entries) {
      if ('skip' in e) result.skipped.push(e.skip);
      else accept({ sourceFile: e.file, sourceLine: e.line }, built.get(e.article)!);
    }
    result.inputs.push({ file: file.display, sha256, bytes: known.bytes });
    return true;
  }

  settle();
  const ids = assignIds(drafts);
  const articles: Article[] = drafts.map(({ idBase: _base, removedLines: _removed, ...rest }, i) => ({ ...rest, id: ids[i], duplicateOf: '' }));
  for (const a of articles) {
    if (a.analysable) continue;
    result.skipped.push({
      file: a.sourceFile,
      ...(a.sourceLine !== undefined ? { line: a.sourceLine } : {}),
      reason: 'language',
      detail: a.language
        ? `article ${a.id} is in language "${a.language}", not in input.languages (${input.languages.join(', ')}): kept out of the model stages`
        : `article ${a.id}: language could not be determined: kept out of the model stages`,
    });
  }
  const byId = new Map(articles.map((a) => [a.id, a]));
  for (const link of findDuplicates(articles, input.nearDuplicateThreshold, memo?.minHash(articles.map((a) => a.contentHash)))) {
    const a = byId.get(link.id)!;
    a.duplicateOf = link.duplicateOf;
    a.analysable = false;
    result.skipped.push({
      file: a.sourceFile,
      ...(a.sourceLine !== undefined ? { line: a.sourceLine } : {}),
      reason: 'duplicate',
      detail: `article ${a.id} duplicates ${link.duplicateOf} (outlet ${a.outlet}, ${link.exact ? 'identical text' : `text similarity ${link.similarity}`}): counted once`,
    });
  }

  memo?.flush();
  result.articles = articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  result.skipped.sort(byFileLine);
  result.inputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const count = (reason: string) => result.skipped.filter((s) => s.reason === reason).length;
  result.counters = {
    'ingest.files': discovery.files.length,
    'ingest.articles': articles.length,
    'ingest.analysable': articles.filter((a) => a.analysable).length,
    'ingest.skipped': result.skipped.length,
    'ingest.duplicates': count('duplicate'),
    'ingest.otherLanguage': count('language'),
    'ingest.removedLines': removedLines,
    ...(memo
      ? {
          'ingest.articlesReused': memo.counters.reused,
          'ingest.articlesBuilt': memo.counters.built,
          'ingest.htmlFilesReused': memo.counters.documentsReused,
          'ingest.jsonlFilesReused': memo.counters.jsonFilesReused,
        }
      : {}),
  };
  return result;
}
