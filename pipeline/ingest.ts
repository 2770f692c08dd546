/**
 * Stage 1: read the input folder into Article records. Bad input never stops the run: every
 * file, record or manifest entry that does not become an analysable article is logged as a
 * warning and listed in `skipped` (and so in the run manifest) with its reason.
 *
 * Other-language articles and duplicates stay in `articles` (articles.csv lists them) with
 * `analysable: false` (duplicates also carry `duplicateOf`) and get a `skipped` entry; later
 * stages analyse only `analysable && !duplicateOf` articles.
 */
import path from 'node:path';
import { defineStage, type StageWarning } from './stage.js';
import { ingestInputs } from '../src/ingest/ingestInputs.js';
import { tupleKey, tupleParts } from '../src/runtime/safeKeys.js';
import { isAnalysed } from '../src/records.js';

/** Skipped items logged one by one per file and reason; the rest are counted in one line. */
export const SKIPS_LOGGED_PER_FILE = 20;

const WORK_COUNTERS = new Set(['ingest.articlesReused', 'ingest.articlesBuilt', 'ingest.htmlFilesReused', 'ingest.jsonlFilesReused']);

export default defineStage({
  name: 'ingest',
  description: 'Read articles (txt, md, html, json, jsonl) with outlet, date, title, language and duplicates',
  reads: [],
  writes: ['articles', 'skipped'],
  params: (config) => config.input,
  resources: (input) => [{ key: 'input.outletsFile', file: path.resolve(input.outletsFile), kind: 'outlets' }],
  version: 1,
  cacheable: false,
  async run(_inputs, input, services) {
    let bar: ReturnType<typeof services.progress> | undefined;
    const warnings: StageWarning[] = [];
    const result = await ingestInputs({
      input,
      cache: services.modelCache,
      onStart: (files) => (bar = services.progress('ingest', files)),
      onFile: () => bar?.tick(),
    });
    bar?.done();
    // Every skipped item is in the manifest; the log names the first few per file and reason, so
    // a feed with 100,000 broken lines does not bury the night's other messages.
    const logged = new Map<string, number>();
    for (const s of result.skipped) {
      const group = tupleKey(s.file, s.reason);
      const seen = (logged.get(group) ?? 0) + 1;
      logged.set(group, seen);
      if (seen > SKIPS_LOGGED_PER_FILE) continue;
      warnings.push({
        message: `${s.file}${s.line !== undefined ? `:${s.line}` : ''}: skipped (${s.reason}): ${s.detail}`,
        fields: { file: s.file, line: s.line, reason: s.reason },
      });
    }
    for (const [group, seen] of logged) {
      if (seen <= SKIPS_LOGGED_PER_FILE) continue;
      const [file, reason] = tupleParts(group);
      warnings.push({
        message: `${file}: ${seen - SKIPS_LOGGED_PER_FILE} more items skipped (${reason}), not logged one by one; manifest.json lists all ${seen}`,
        fields: { file, reason, count: seen },
      });
    }
    for (const w of result.warnings) warnings.push({ message: w });
    // The memo's reuse counts describe this run's work, not the articles.
    const counters: Record<string, number> = {};
    const work: Record<string, number> = {};
    for (const [k, v] of Object.entries(result.counters)) (WORK_COUNTERS.has(k) ? work : counters)[k] = v;
    return { outputs: { articles: result.articles, skipped: result.skipped }, counters, warnings, work, inputs: result.inputs };
  },
  summarize({ articles, skipped }) {
    const analysable = articles.filter(isAnalysed).length;
    return `${articles.length} articles (${analysable} analysable), ${skipped.length} skipped`;
  },
});
