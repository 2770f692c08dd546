/**
 * The five seed articles through the real ingest, segment and enrich stages (compact sentiment and
 * embedding models, offline), for framing tests on real text.
 */
import ingest from '../../../pipeline/ingest.js';
import segment from '../../../pipeline/segment.js';
import enrich from '../../../pipeline/enrich.js';
import type { RunNotes, StageContext } from '../../../pipeline/stage.js';
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
  const notes: RunNotes = { counters: {}, inputs: [], models: [], stages: [], configFiles: [], configWarnings: [] };
  const cache = openModelCache(':memory:');
  const hub = createModelHub(models, { offline: true, cache, log: quietLog });
  const ctx: StageContext = {
    config,
    configHash: 'test',
    runDir: '',
    runId: 'test',
    startedAt: new Date(0).toISOString(),
    log: quietLog,
    progress: () => ({ tick: () => undefined, done: () => undefined }),
    models: () => hub,
    modelCache: cache,
    notes,
  };
  try {
    const { articles } = await ingest.run({}, ctx);
    const { sentences } = await segment.run({ articles }, ctx);
    const { enrichment } = await enrich.run({ sentences }, ctx);
    return { articles, sentences, enrichment };
  } finally {
    cache.close();
  }
}
