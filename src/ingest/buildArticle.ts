/**
 * One raw document (plus its manifest entry) to one Article: outlet, date, cleaning, title,
 * language. Pure apart from reading nothing: the same input always gives the same article.
 */
import type { Article, SkippedInput } from '../records.js';
import type { RawDocument } from './rawDocument.js';
import type { ManifestEntry } from './manifest.js';
import type { OutletDirectory } from './outlets.js';
import { detectOutlet, UNKNOWN_OUTLET } from './detectOutlet.js';
import { detectDate, type SlashDateOrder } from './detectDate.js';
import { cleanLines } from './cleanText.js';
import { detectTitle } from './detectTitle.js';
import { detectLanguage } from './detectLanguage.js';
import { sha256Hex } from '../runtime/sha256.js';
import { wordCount } from './textShape.js';
import type { UserPattern } from '../config/userPattern.js';

export interface BuildOptions {
  directory: OutletDirectory;
  languages: string[];
  minWords: number;
  /** `input.boilerplate`, compiled. */
  boilerplate: UserPattern[];
  slashDates: SlashDateOrder;
}

/** An article before ids are made unique and duplicates are known. */
export type DraftArticle = Omit<Article, 'id' | 'duplicateOf'> & { idBase: string; removedLines: number };

export type BuildResult =
  | { ok: true; article: DraftArticle }
  | { ok: false; skip: Pick<SkippedInput, 'reason' | 'detail'> };

export function buildArticle(raw: RawDocument, manifest: ManifestEntry | undefined, opts: BuildOptions): BuildResult {
  const facts = manifest?.facts ?? {};
  const outlet = detectOutlet(
    {
      manifest: manifest && { outlet: facts.outlet, url: facts.url, where: manifest.where },
      meta: raw.meta,
      lines: raw.lines,
    },
    opts.directory,
  );
  const outletNames = outlet.entry ? [outlet.entry.name, ...outlet.entry.aliases] : outlet.outlet !== UNKNOWN_OUTLET ? [outlet.outlet] : [];
  const date = detectDate({
    manifest: facts.published ? { value: facts.published, where: manifest!.where.published ?? 'manifest' } : undefined,
    meta: raw.meta.published ? { value: raw.meta.published, field: raw.meta.publishedField ?? 'record' } : undefined,
    lines: raw.lines,
    outletNames,
    slashDates: opts.slashDates,
  });

  const cleaned = cleanLines(raw.lines, [...(outlet.entry?.boilerplate ?? []), ...opts.boilerplate]);
  const { title, bodyStart } = detectTitle(cleaned.paragraphs, facts.title ?? raw.meta.title);
  const text = cleaned.paragraphs
    .slice(bodyStart)
    .map((p) => p.text)
    .join('\n\n');
  const words = wordCount(text);
  if (words < opts.minWords) {
    return {
      ok: false,
      skip: { reason: 'empty', detail: `${words} words of article text after cleaning (input.minWords is ${opts.minWords})` },
    };
  }
  const language = detectLanguage(text);
  return {
    ok: true,
    article: {
      idBase: raw.idBase,
      contentHash: sha256Hex(text),
      sourceFile: raw.sourceFile,
      ...(raw.sourceLine !== undefined ? { sourceLine: raw.sourceLine } : {}),
      format: raw.format,
      outlet: outlet.outlet,
      outletSource: outlet.source,
      outletEvidence: outlet.evidence,
      outletCountry: outlet.country,
      outletOwnership: outlet.ownership,
      url: facts.url ?? raw.meta.url ?? '',
      published: date.published,
      publishedSource: date.source,
      publishedEvidence: date.evidence,
      title,
      text,
      words,
      language: language.language,
      analysable: opts.languages.includes(language.language),
      removedLines: cleaned.removed.length + bodyStart,
    },
  };
}
