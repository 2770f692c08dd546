/**
 * Dispatches a decoded input file to the reader for its format and returns raw documents (one
 * per file, or one per JSON record) plus anything that had to be skipped inside it.
 */
import type { SkippedInput } from '../../records.js';
import type { DiscoveredFile } from '../discoverFiles.js';
import type { RawDocument } from '../rawDocument.js';
import { fileIdBase, recordIdBase } from '../articleId.js';
import { normalizeText } from '../normalizeText.js';
import { readHtml } from './html.js';
import { readMarkdown } from './markdown.js';
import { parseJsonFile, recordFromJson, type RecordFields } from './jsonRecords.js';

export interface ReadDocuments {
  docs: RawDocument[];
  skipped: SkippedInput[];
  warnings: string[];
}

/** One JSON value (from a .json file or a .jsonl line) as a raw document or a skip. */
export function documentFromRecord(
  file: DiscoveredFile,
  value: unknown,
  pos: { line?: number; index?: number },
  fields: RecordFields,
): RawDocument | SkippedInput {
  const record = recordFromJson(value, fields);
  if (!record.ok) return { file: file.display, ...(pos.line !== undefined ? { line: pos.line } : {}), reason: record.reason, detail: pos.index !== undefined ? `record ${pos.index}: ${record.detail}` : record.detail };
  return {
    sourceFile: file.display,
    ...(pos.line !== undefined ? { sourceLine: pos.line } : {}),
    ...(pos.index !== undefined ? { recordIndex: pos.index } : {}),
    format: file.format,
    idBase: recordIdBase(fileIdBase(file.rel), record.meta.id, pos),
    lines: normalizeText(record.text).split('\n'),
    meta: record.meta,
  };
}

/** Reads a whole-file format (txt, md, html, json); JSONL is streamed separately. */
export function readDocuments(file: DiscoveredFile, text: string, fields: RecordFields): ReadDocuments {
  const out: ReadDocuments = { docs: [], skipped: [], warnings: [] };
  const whole = (lines: string[], meta: RawDocument['meta']) =>
    out.docs.push({ sourceFile: file.display, format: file.format, idBase: fileIdBase(file.rel), lines, meta });
  switch (file.format) {
    case 'txt':
      whole(normalizeText(text).split('\n'), {});
      break;
    case 'md': {
      const md = readMarkdown(normalizeText(text));
      if (md.warning) out.warnings.push(`${file.display}: ${md.warning}`);
      whole(md.lines, md.meta);
      break;
    }
    case 'html': {
      const page = readHtml(text);
      if (page.warning) out.warnings.push(`${file.display}: ${page.warning}`);
      whole(page.lines.map(normalizeText), page.meta);
      break;
    }
    case 'json':
    case 'jsonl': {
      const parsed = parseJsonFile(text);
      if (!parsed.ok) {
        out.skipped.push({ file: file.display, line: parsed.line, reason: 'malformed-json', detail: parsed.detail });
        break;
      }
      if (!parsed.items.length) out.skipped.push({ file: file.display, reason: 'empty', detail: 'no records: the JSON array is empty' });
      for (const item of parsed.items) {
        const doc = documentFromRecord(file, item.value, { index: item.index }, fields);
        if ('reason' in doc) out.skipped.push(doc);
        else out.docs.push(doc);
      }
      break;
    }
  }
  return out;
}
