/**
 * The five seed articles through the real ingest, segment and enrich stages (compact sentiment and
 * embedding models, offline), for framing tests on real text.
 */
import ingest from '../../../pipeline/ingest.js';
import segment from '../../../pipeline/segment.js';
import enrich from '../../../pipeline/enrich.js';
import { callStage, emptyNotes, type TestStageContext } from '../../pipeline/stageHarness.js';
import { configSchema } from '../../../src/config/schema.js';
import { createModelHub } from '../../../src/models/hub.js';
import type { Article, Enrichment, Sentence } from '../../../src/records.js';
import { openModelCache } from '../../../src/store/modelCache.js';
import { compactModelsConfig, quietLog } from '../../models/compactModels.js';

export interface SeedRecords {
  articles: Article[];
  sentences: Sentence[];
  enrichment: Enrichment;
}

export async function seedRecords(): Promise<SeedRecords> {
  const models = compactModelsConfig();
  const config = { ...configSchema.parse({}), models };
  const notes = emptyNotes();
  const cache = openModelCache(':memory:');
  const hub = createModelHub(models, { offline: true, cache, log: quietLog });
  const ctx: TestStageContext = {
    config,
    warnings: [],
    log: quietLog,
    progress: () => ({ tick: () => undefined, done: () => undefined }),
    models: () => hub,
    modelCache: cache,
    notes,
  };
  try {
    const { articles } = await callStage(ingest, {}, ctx);
    const { sentences } = await callStage(segment, { articles }, ctx);
    const { enrichment } = await callStage(enrich, { sentences }, ctx);
    return { articles, sentences, enrichment };
  } finally {
    cache.close();
  }
}
