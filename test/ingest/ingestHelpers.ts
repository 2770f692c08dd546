/** Shared set-up for the ingest tests: default input config and throw-away folders. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema } from '../../src/config/schema.js';
import { ingestInputs, type InputConfig, type IngestResult } from '../../src/ingest/ingestInputs.js';
import type { Article } from '../../src/records.js';

export const FIXTURES = path.resolve('test/fixtures/ingest');

export function inputConfig(overrides: Partial<InputConfig> = {}): InputConfig {
  return { ...configSchema.parse({}).input, ...overrides };
}

export function ingest(paths: string[], overrides: Partial<InputConfig> = {}): Promise<IngestResult> {
  return ingestInputs({ input: inputConfig({ ...overrides, paths }) });
}

/** A fresh folder under the OS temp dir, removed by `cleanup`. */
export function tempDir(prefix = 'crossframe-ingest-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function byFile(articles: Article[], name: string): Article {
  const found = articles.filter((a) => path.basename(a.sourceFile) === name);
  if (found.length !== 1) throw new Error(`expected one article from ${name}, found ${found.length}`);
  return found[0];
}

/** An original news-like paragraph of about 50 words, varied by `topic`. */
export function paragraph(topic: string): string {
  return (
    `Officials in the region confirmed on Monday that the ${topic} would go ahead as planned, ` +
    `despite objections from several local groups who said they had not been consulted. ` +
    `A spokesperson said further details about the ${topic} would be published later this week, ` +
    `after a meeting with community representatives.`
  );
}
