import path from 'node:path';
import segment from '../../pipeline/segment.js';
import { configSchema } from '../../src/config/schema.js';
import type { StageContext } from '../../pipeline/stage.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';
import { ROOT, seed } from '../text/seedArticle.js';

function context(cache: ModelCache = openModelCache(':memory:')): { ctx: StageContext; ticks: number[]; warnings: string[] } {
  const config = configSchema.parse({ segment: { entityAliasesFile: path.join(ROOT, 'config/entities.yaml') } });
  const ticks: number[] = [];
  const warnings: string[] = [];
  const ctx = {
    config,
    configHash: 'test',
    runDir: '',
    runId: 'test',
    startedAt: '',
    log: { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} },
    progress: (_label: string, total: number) => {
      ticks.push(total);
      return { tick: () => ticks.push(-1), done() {} };
    },
    models: () => Promise.reject(new Error('the segment stage needs no model')),
    modelCache: cache,
    notes: { counters: {}, inputs: [], models: [], stages: [], configFiles: [], configWarnings: [] },
  } as unknown as StageContext;
  return { ctx, ticks, warnings };
}

describe('segment stage', () => {
  it('segments analysable, non-duplicate articles only and ticks once per article', async () => {
    const { ctx, ticks } = context();
    const articles = [seed('001'), { ...seed('002'), analysable: false }, { ...seed('003'), duplicateOf: '001' }, seed('004')];
    const { sentences } = await segment.run({ articles }, ctx);
    expect(new Set(sentences.map((s) => s.articleId))).toEqual(new Set(['001', '004']));
    expect(ticks).toEqual([2, -1, -1]);
    expect(ctx.notes.counters['segment.sentences']).toBe(sentences.length);
    expect(ctx.notes.counters['segment.quotes']).toBeGreaterThan(5);
    // The alias table is a resource file: the runner hashes it into the cache key and the manifest.
    expect(segment.resourceFiles?.(ctx.config).map((f) => path.basename(f))).toEqual(['entities.yaml']);
    expect(segment.summarize!({ sentences })).toMatch(/^\d+ sentences from 2 articles, \d+ quotes$/);
  });

  it('reuses the sentences of unchanged articles and segments only new or changed ones', async () => {
    const cache = openModelCache(':memory:');
    const first = context(cache);
    const before = await segment.run({ articles: [seed('001'), seed('004')] }, first.ctx);
    expect(first.ctx.notes.counters['segment.articlesSegmented']).toBe(2);
    const second = context(cache);
    const edited = { ...seed('004'), contentHash: 'changed' };
    const after = await segment.run({ articles: [seed('001'), edited, seed('000')] }, second.ctx);
    expect(second.ctx.notes.counters['segment.articlesReused']).toBe(1);
    expect(second.ctx.notes.counters['segment.articlesSegmented']).toBe(2);
    expect(after.sentences.filter((s) => s.articleId === '001')).toEqual(before.sentences.filter((s) => s.articleId === '001'));
  });

  it('declares its contract', () => {
    expect([segment.name, segment.reads, segment.writes, segment.cacheable]).toEqual(['segment', ['articles'], ['sentences'], true]);
    expect(segment.configSections).toEqual(expect.arrayContaining(['input', 'segment']));
  });
});
