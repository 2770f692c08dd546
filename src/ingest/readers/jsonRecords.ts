/**
 * JSON and JSON Lines article records `{id?, outlet?, url?, published?, title?, text}`. Field
 * names are configurable (`input.recordFields`) because every corpus spells them differently
 * (`content`, `date`, `source: {name}`...). JSONL is streamed line by line with a per-line size
 * limit, so a file of any length runs in bounded memory per record.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { DocumentMeta } from '../rawDocument.js';
import { normalizeInline } from '../normalizeText.js';
import { decodeUtf8, tooLargeDetail } from '../readText.js';

export interface RecordFields {
  id: string[];
  text: string[];
  title: string[];
  outlet: string[];
  url: string[];
  published: string[];
}

export type RecordResult =
  | { ok: true; text: string; meta: DocumentMeta }
  | { ok: false; reason: 'missing-text' | 'malformed-json'; detail: string };

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // NewsAPI-style `source: {id, name}`.
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { name?: unknown }).name === 'string') {
    return (value as { name: string }).name;
  }
  return '';
}

function pick(record: Record<string, unknown>, names: string[]): { value: string; field: string } | undefined {
  for (const field of names) {
    const value = scalar(Object.hasOwn(record, field) ? record[field] : undefined);
    if (value.trim()) return { value, field };
  }
  return undefined;
}

/** Maps one parsed JSON value to article text and metadata, or says what is wrong with it. */
export function recordFromJson(value: unknown, fields: RecordFields): RecordResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'malformed-json', detail: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}` };
  }
  const record = value as Record<string, unknown>;
  const text = pick(record, fields.text);
  if (!text) {
    return {
      ok: false,
      reason: 'missing-text',
      detail: `no text: none of the fields ${fields.text.map((f) => `"${f}"`).join(', ')} holds a non-empty string. Fix: add one or set input.recordFields.text.`,
    };
  }
  const meta: DocumentMeta = {};
  const id = pick(record, fields.id);
  if (id) meta.id = normalizeInline(id.value);
  const title = pick(record, fields.title);
  if (title) meta.title = normalizeInline(title.value);
  const url = pick(record, fields.url);
  if (url) meta.url = normalizeInline(url.value);
  const outlet = pick(record, fields.outlet);
  if (outlet) [meta.outlet, meta.outletField] = [normalizeInline(outlet.value), `"${outlet.field}" field`];
  const published = pick(record, fields.published);
  if (published) [meta.published, meta.publishedField] = [normalizeInline(published.value), `"${published.field}" field`];
  return { ok: true, text: text.value, meta };
}

/** 1-based line and column of a JSON.parse error, from the position V8 reports. */
export function jsonErrorPosition(err: unknown, text: string): { line: number; col: number } {
  const m = /position (\d+)/.exec((err as Error).message ?? '');
  const pos = m ? Math.min(Number(m[1]), text.length) : 0;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, col: pos - before.lastIndexOf('\n') };
}

export type JsonFileResult =
  | { ok: true; items: { value: unknown; index?: number }[] }
  | { ok: false; detail: string; line: number };

/** A .json file: one record, an array of records, or `{ "articles": [...] }`. */
export function parseJsonFile(text: string): JsonFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const { line, col } = jsonErrorPosition(err, text);
    return { ok: false, detail: `malformed JSON at line ${line}, column ${col}: ${(err as Error).message}`, line };
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { articles?: unknown }).articles)
      ? (data as { articles: unknown[] }).articles
      : undefined;
  if (list) return { ok: true, items: list.map((value, index) => ({ value, index })) };
  return { ok: true, items: [{ value: data }] };
}

export type JsonLine =
  | { line: number; value: unknown }
  | { line: number; skip: { reason: 'malformed-json' | 'binary' | 'not-utf8' | 'too-large'; detail: string } };

/**
 * Streams a .jsonl file and calls `onLine` for every non-blank line, in order. Lines longer
 * than `maxLineBytes` are discarded while streaming (never held in memory). Returns the hash and
 * size of the whole file for the run manifest.
 */
export async function streamJsonLines(
  file: string,
  maxLineBytes: number,
  onLine: (item: JsonLine) => void,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lineNo = 1;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = 0;

  const finishLine = () => {
    if (overflow > 0) {
      onLine({ line: lineNo, skip: { reason: 'too-large', detail: `record line is ${tooLargeDetail(overflow, maxLineBytes)}` } });
    } else if (partBytes > 0) {
      handle(Buffer.concat(parts, partBytes));
    }
    parts = [];
    partBytes = 0;
    overflow = 0;
    lineNo++;
  };

  const handle = (buf: Buffer) => {
    const decoded = decodeUtf8(buf);
    if (!decoded.ok) {
      if (decoded.reason === 'empty') return;
      const reason = decoded.reason === 'binary' ? 'binary' : 'not-utf8';
      onLine({ line: lineNo, skip: { reason, detail: decoded.detail } });
      return;
    }
    const text = decoded.text.replace(/^\uFEFF/, '').trim();
    if (!text) return;
    try {
      onLine({ line: lineNo, value: JSON.parse(text) });
    } catch (err) {
      const { col } = jsonErrorPosition(err, text);
      onLine({ line: lineNo, skip: { reason: 'malformed-json', detail: `malformed JSON at column ${col}: ${(err as Error).message}` } });
    }
  };

  const stream = fs.createReadStream(file, { highWaterMark: 1 << 16 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (overflow > 0 || partBytes + piece.length > maxLineBytes) {
        overflow = (overflow || partBytes) + piece.length;
        parts = [];
        partBytes = 0;
      } else if (piece.length) {
        parts.push(Buffer.from(piece));
        partBytes += piece.length;
      }
      if (nl < 0) break;
      finishLine();
      start = nl + 1;
    }
  }
  if (partBytes > 0 || overflow > 0) finishLine();
  return { sha256: hash.digest('hex'), bytes };
}
