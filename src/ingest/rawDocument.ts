/**
 * What a reader hands on: the text of one article as lines (blank lines between blocks) plus the
 * metadata the file itself carries (JSON fields, HTML meta tags, Markdown front matter).
 * Cleaning and detection work on this, whatever the input format was.
 */
import type { Article } from '../records.js';

export interface DocumentMeta {
  /** Record id given by the data (json/jsonl `id`). */
  id?: string;
  outlet?: string;
  /** Where `outlet` came from, for the evidence column (e.g. `"outlet" field`, `og:site_name`). */
  outletField?: string;
  url?: string;
  published?: string;
  publishedField?: string;
  title?: string;
}

export interface RawDocument {
  sourceFile: string;
  /** 1-based line of a .jsonl record. */
  sourceLine?: number;
  /** 0-based position of a record in a .json array. */
  recordIndex?: number;
  format: Article['format'];
  /** Id before collisions are resolved: file path inside the input folder (+ record id). */
  idBase: string;
  lines: string[];
  meta: DocumentMeta;
}
