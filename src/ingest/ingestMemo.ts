/**
 * Ingest's memo in the run cache: a nightly run over a folder that mostly did not change reuses
 * the articles built from unchanged documents (cleaning, outlet, date, title, language) and the
 * text extracted from unchanged HTML files (Readability is the slowest reader), instead of
 * redoing them for every file every night.
 *
 * Keys hold everything the work depends on: the document itself (lines, metadata, file name and
 * position) or the file's bytes, its manifest entry, the ingest settings, the outlets file's
 * contents and the installed package versions (a new language detector release may decide
 * differently).
 */
import { hashConfig, stableStringify } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { CODE_VERSION, packageVersions } from '../runtime/version.js';
import { itemKey, openItemCache } from '../store/itemCache.js';
import type { ModelCache } from '../store/modelCache.js';
import type { BuildResult } from './buildArticle.js';
import type { DiscoveredFile } from './discoverFiles.js';
import type { ManifestEntry } from './manifest.js';
import type { RawDocument } from './rawDocument.js';
import type { SkippedInput } from '../records.js';
import { MINHASH_VERSION, type MinHashMemo } from './dedupe.js';
import type { ReadDocuments } from './readers/readDocuments.js';

/**
 * What one JSON Lines file gave, line by line in order: a skipped line, or a document by its key in the
 * article memo (with where it came from, for an article that cannot be built).
 */
export type JsonFileEntry = { skip: SkippedInput } | { article: string; file: string; line?: number };

/** A JSON Lines file read by an earlier run: the hash and size of the bytes read, and its entries. */
export interface JsonFileOutcome {
  sha256: string;
  bytes: number;
  entries: JsonFileEntry[];
}

export interface IngestMemo {
  /** The article memo's key of a document (the document itself and its manifest entry). */
  articleKey(raw: RawDocument, manifest: ManifestEntry | undefined): string;
  /**
   * The articles built by earlier runs from documents with these keys, else `build()`'s (kept for the
   * next run), with one read of the store: `accept` gets each result in order as soon as it is known, so
   * a build that throws leaves the earlier ones accepted.
   */
  articles(docs: readonly { key: string; build: () => BuildResult }[], accept: (built: BuildResult, index: number) => void): void;
  /**
   * Every article of a JSON Lines file read by an earlier run, in its order, or undefined when the memo
   * lacks any of them (then the file is read again). Counted as reused only when all are there.
   */
  builtArticles(keys: readonly string[]): Map<string, BuildResult> | undefined;
  /** The outcome an earlier run kept for the JSON Lines file at this place, when its bytes were these (sha256). */
  jsonFile(file: DiscoveredFile, sha256: string, manifest: ManifestEntry | undefined, maxFileBytes: number): JsonFileOutcome | undefined;
  /** Keeps a JSON Lines file's outcome for the next run (stored by flush(), in place of the one kept before). */
  keepJsonFile(file: DiscoveredFile, manifest: ManifestEntry | undefined, maxFileBytes: number, outcome: JsonFileOutcome): void;
  /** The documents read from a file with these bytes by an earlier run, else `read()`'s. */
  documents(file: DiscoveredFile, sha256: string, read: () => ReadDocuments): ReadDocuments;
  /** Near-duplicate signatures of these texts (by content hash) known from earlier runs; flush() stores the ones computed. */
  minHash(contentHashes: readonly string[]): MinHashMemo;
  /** Stores what this run computed (one transaction). */
  flush(): void;
  readonly counters: { reused: number; built: number; documentsReused: number; jsonFilesReused: number };
}

export function openIngestMemo(cache: ModelCache, input: Config['input'], outletsSha256: string): IngestMemo {
  const settings = hashConfig({
    languages: input.languages,
    minWords: input.minWords,
    boilerplate: input.boilerplate,
    slashDates: input.slashDates,
    recordFields: input.recordFields,
    outletsSha256,
    packages: packageVersions(),
  });
  const articles = openItemCache<BuildResult>(cache, `ingest-article|${CODE_VERSION}|${settings}`);
  const documents = openItemCache<ReadDocuments>(cache, `ingest-documents|${CODE_VERSION}|${settings}`);
  // A JSON Lines file's lines, each skipped or a document's article key: a night whose corpus file did not
  // change reads the articles from the memo without parsing and cleaning every record again. Keyed by the
  // file's place, holding its latest bytes' outcome: a feed appended to every night replaces its entry
  // instead of leaving one per night behind.
  const jsonFiles = openItemCache<JsonFileOutcome>(cache, `ingest-jsonl|${CODE_VERSION}|${settings}`);
  // A signature depends on the clean text alone (its content hash): no settings in this namespace.
  const signatures = openItemCache<number[]>(cache, `ingest-minhash|${MINHASH_VERSION}`);
  let minHash: MinHashMemo | undefined;
  const freshArticles: [string, BuildResult][] = [];
  const freshDocuments: [string, ReadDocuments][] = [];
  const freshJsonFiles: [string, JsonFileOutcome][] = [];
  const counters = { reused: 0, built: 0, documentsReused: 0, jsonFilesReused: 0 };
  const jsonFileKey = (file: DiscoveredFile, manifest: ManifestEntry | undefined, maxFileBytes: number) =>
    itemKey(file.display, file.rel, file.format, stableStringify(manifest ?? null), String(maxFileBytes));
  return {
    counters,
    articleKey: (raw, manifest) => itemKey(stableStringify(raw), stableStringify(manifest ?? null)),
    articles(docs, accept) {
      const known = articles.getMany([...new Set(docs.map((d) => d.key))]);
      docs.forEach(({ key, build }, i) => {
        const hit = known.get(key);
        if (hit) {
          counters.reused++;
          accept(hit, i);
          return;
        }
        const built = build();
        counters.built++;
        freshArticles.push([key, built]);
        accept(built, i);
      });
    },
    builtArticles(keys) {
      const known = articles.getMany([...new Set(keys)]);
      if (keys.some((key) => !known.has(key))) return undefined;
      counters.reused += keys.length;
      counters.jsonFilesReused++;
      return known;
    },
    jsonFile(file, sha256, manifest, maxFileBytes) {
      const key = jsonFileKey(file, manifest, maxFileBytes);
      const kept = jsonFiles.getMany([key]).get(key);
      return kept?.sha256 === sha256 ? kept : undefined;
    },
    keepJsonFile(file, manifest, maxFileBytes, outcome) {
      freshJsonFiles.push([jsonFileKey(file, manifest, maxFileBytes), outcome]);
    },
    documents(file, sha256, read) {
      const key = itemKey(sha256, file.display, file.rel, file.format);
      const hit = documents.getMany([key]).get(key);
      if (hit) {
        counters.documentsReused++;
        return hit;
      }
      const docs = read();
      freshDocuments.push([key, docs]);
      return docs;
    },
    minHash(contentHashes) {
      minHash = { known: signatures.getMany([...new Set(contentHashes)]), computed: new Map() };
      return minHash;
    },
    flush() {
      articles.putMany(freshArticles.splice(0));
      documents.putMany(freshDocuments.splice(0));
      jsonFiles.putMany(freshJsonFiles.splice(0));
      if (minHash) signatures.putMany([...minHash.computed]);
      minHash = undefined;
    },
  };
}
