/**
 * The named datasets that flow between stages (pipeline/stages.ts lists who writes which). Every
 * value is a plain record tree from src/records.ts; vectors are Float32Arrays, which the catalog
 * stores as binary blobs (v8 serialisation), never inside JSON.
 */
import type { Article, ClaimFindings, Enrichment, Event, EventsIndex, Framing, Sentence, SentenceDigest, SkippedInput } from '../records.js';
import type { OutputFile, ManifestVerdicts } from '../report/manifest.js';

/** What the report stage wrote (names relative to the run folder), for the manifest the session writes. */
export interface ReportFiles {
  files: OutputFile[];
  verdicts?: ManifestVerdicts;
}

export interface Datasets {
  articles: Article[];
  skipped: SkippedInput[];
  sentences: Sentence[];
  /** Per analysed article, the digest of its sentences and the latest day they mention (segment). */
  sentenceDigests: SentenceDigest[];
  enrichment: Enrichment;
  /** Article clusters: written by the events stage only, read by claims, framing and report. */
  events: Event[];
  /** How the events were built (ranges, article digests): the next run's events start from it. */
  eventsIndex: EventsIndex;
  /** The claims stage's findings (without the events: those are the `events` dataset). */
  analysis: ClaimFindings;
  framing: Framing;
  /** The report stage's files (never stored: a report describes one run). */
  reports: ReportFiles;
}

export type DatasetName = keyof Datasets;
