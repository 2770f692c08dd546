/**
 * Runs the real stages (ingest -> segment -> enrich -> events -> claims) in-process on the real
 * compact models, for the integration tests and the basil-dev evaluation of this folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import ingest from '../../pipeline/ingest.js';
import segment from '../../pipeline/segment.js';
import enrich from '../../pipeline/enrich.js';
import { callStage, emptyNotes, type TestStageContext } from '../pipeline/stageHarness.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createModelHub, type ModelHub } from '../../src/models/hub.js';
import { BUNDLED_MODELS_DIR } from '../../src/models/locate.js';
import type { Article, Enrichment, Sentence, SentenceDigest } from '../../src/records.js';
import { openModelCache } from '../../src/store/modelCache.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared');
// The bundled models (models/ in the repository): the suite needs nothing outside it.
const MODELS_DIR = BUNDLED_MODELS_DIR;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The default profile with the bundled compact models, input paths made absolute. */
export function offlineConfig(inputPaths: string[] = [path.join(REPO_ROOT, 'seeds')]): Config {
  const { config } = loadConfig(path.join(REPO_ROOT, 'config/pipeline.yaml'));
  return {
    ...config,
    input: { ...config.input, paths: inputPaths, outletsFile: path.resolve(REPO_ROOT, config.input.outletsFile) },
    segment: { ...config.segment, entityAliasesFile: path.resolve(REPO_ROOT, config.segment.entityAliasesFile) },
    claims: {
      ...config.claims,
      stanceLexicon: path.resolve(REPO_ROOT, config.claims.stanceLexicon),
    },
    models: { ...config.models, dir: MODELS_DIR },
  };
}

export type StageContext = TestStageContext;

export function stageContext(config: Config): StageContext {
  const notes = emptyNotes();
  const cache = openModelCache(':memory:');
  let hub: Promise<ModelHub> | undefined;
  return {
    config,
    warnings: [],
    log: quiet,
    progress: () => ({ tick() {}, done() {} }),
    models: () => (hub ??= createModelHub(config.models, { offline: true, cache, log: quiet })),
    modelCache: cache,
    notes,
  };
}

export interface Prepared {
  articles: Article[];
  sentences: Sentence[];
  /** The segment stage's digests (what a run's events and framing key their reuse on). */
  sentenceDigests: SentenceDigest[];
  enrichment: Enrichment;
}

/** ingest -> segment -> enrich on the given context. */
export async function prepare(ctx: StageContext): Promise<Prepared> {
  const { articles } = await callStage(ingest, {}, ctx);
  const { sentences, sentenceDigests } = await callStage(segment, { articles }, ctx);
  const { enrichment } = await callStage(enrich, { sentences }, ctx);
  return { articles, sentences, sentenceDigests, enrichment };
}

/** ingest -> segment -> enrich for records built elsewhere (e.g. an evaluation set). */
export async function prepareArticles(ctx: StageContext, articles: Article[]): Promise<Prepared> {
  const { sentences, sentenceDigests } = await callStage(segment, { articles }, ctx);
  const { enrichment } = await callStage(enrich, { sentences }, ctx);
  return { articles, sentences, sentenceDigests, enrichment };
}

interface FixtureArticle {
  id: string;
  outlet: string;
  published: string;
  title: string;
  text: string;
}

/** Article records from a fixture file of test/fixtures/analysis (invented articles). */
export function fixtureArticles(name: string): Article[] {
  const file = path.join(REPO_ROOT, 'test/fixtures/analysis', name);
  const { articles } = JSON.parse(fs.readFileSync(file, 'utf8')) as { articles: FixtureArticle[] };
  return articles.map((a) => ({
    id: a.id,
    contentHash: createHash('sha256').update(a.text).digest('hex'),
    sourceFile: file,
    format: 'json',
    outlet: a.outlet || 'unknown',
    outletSource: a.outlet ? 'record' : 'unknown',
    outletEvidence: a.outlet ? '"outlet" field' : '',
    outletCountry: '',
    outletOwnership: '',
    url: '',
    published: a.published,
    publishedSource: a.published ? 'record' : 'unknown',
    publishedEvidence: a.published ? '"published" field' : '',
    title: a.title,
    text: a.text,
    words: a.text.split(/\s+/).length,
    language: 'en',
    analysable: true,
    duplicateOf: '',
  }));
}
