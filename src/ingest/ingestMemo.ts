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
import { MINHASH_VERSION, type MinHashMemo } from './dedupe.js';
import type { ReadDocuments } from './readers/readDocuments.js';

export interface IngestMemo {
  /** The article built from `raw` by an earlier run, else `build()`'s (kept for the next run). */
  article(raw: RawDocument, manifest: ManifestEntry | undefined, build: () => BuildResult): BuildResult;
  /**
   * The same for many documents with one read of the store (a night's unchanged corpus): `accept` gets
   * each result in order as soon as it is known, so a build that throws leaves the earlier ones accepted.
   */
  articles(docs: readonly { raw: RawDocument; manifest: ManifestEntry | undefined; build: () => BuildResult }[], accept: (built: BuildResult, index: number) => void): void;
  /** The documents read from a file with these bytes by an earlier run, else `read()`'s. */
  documents(file: DiscoveredFile, sha256: string, read: () => ReadDocuments): ReadDocuments;
  /** Near-duplicate signatures of these texts (by content hash) known from earlier runs; flush() stores the ones computed. */
  minHash(contentHashes: readonly string[]): MinHashMemo;
  /** Stores what this run computed (one transaction). */
  flush(): void;
  readonly counters: { reused: number; built: number; documentsReused: number };
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
  // A signature depends on the clean text alone (its content hash): no settings in this namespace.
  const signatures = openItemCache<number[]>(cache, `ingest-minhash|${MINHASH_VERSION}`);
  let minHash: MinHashMemo | undefined;
  const freshArticles: [string, BuildResult][] = [];
  const freshDocuments: [string, ReadDocuments][] = [];
  const counters = { reused: 0, built: 0, documentsReused: 0 };
  return {
    counters,
    article(raw, manifest, build) {
      let out: BuildResult | undefined;
      this.articles([{ raw, manifest, build }], (built) => (out = built));
      return out!;
    },
    articles(docs, accept) {
      const keys = docs.map(({ raw, manifest }) => itemKey(stableStringify(raw), stableStringify(manifest ?? null)));
      const known = articles.getMany([...new Set(keys)]);
      docs.forEach(({ build }, i) => {
        const hit = known.get(keys[i]);
        if (hit) {
          counters.reused++;
          accept(hit, i);
          return;
        }
        const built = build();
        counters.built++;
        freshArticles.push([keys[i], built]);
        accept(built, i);
      });
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
      if (minHash) signatures.putMany([...minHash.computed]);
      minHash = undefined;
    },
  };
}
