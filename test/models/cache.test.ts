/**
 * The model cache end to end, on the real compact models and a real SQLite file: a second run
 * over the same sentences makes no model call, a changed model file invalidates only its own
 * outputs, and a damaged entry is recomputed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openModelCache } from '../../src/store/modelCache.js';
import { textHash } from '../../src/text/textHash.js';
import { BUNDLED_ONNX, MODELS_DIR, compactHub, removeTempDirs, tempDir } from './compactModels.js';

afterAll(removeTempDirs);

const SENTENCES = [
  'The government raised taxes on fuel.',
  'Police clashed with protesters in the capital on Sunday.',
  'Heavy rain flooded hundreds of homes in the north.',
  'The rescue was a remarkable success.',
  'The attack killed dozens of civilians.',
];

async function runOnce(cacheDir: string, modelsDir = MODELS_DIR) {
  const cache = openModelCache(cacheDir);
  try {
    const hub = await compactHub(cache, { dir: modelsDir, batchSize: 2 });
    const vectors = await hub.embed(SENTENCES);
    const tones = await hub.sentiment(SENTENCES);
    return { vectors: vectors.map((v) => Array.from(v)), tones, counters: hub.counters, models: hub.describe() };
  } finally {
    cache.close();
  }
}

test('a second run over unchanged sentences makes zero model calls and returns identical outputs', async () => {
  const dir = tempDir('cache');
  const first = await runOnce(dir);
  expect(first.counters.modelCalls.embedding).toBe(3); // 5 sentences in batches of 2
  expect(first.counters.modelCalls.sentiment).toBe(3);
  expect(fs.existsSync(path.join(dir, 'models.sqlite'))).toBe(true);

  const second = await runOnce(dir);
  expect(second.counters.modelCalls).toEqual({ embedding: 0, sentiment: 0, nli: 0 });
  expect(second.counters.cacheHits.embedding).toBe(SENTENCES.length);
  expect(second.counters.cacheHits.sentiment).toBe(SENTENCES.length);
  expect(second.vectors).toEqual(first.vectors);
  expect(second.tones).toEqual(first.tones);
});

test('a changed model file invalidates only that model’s entries', async () => {
  const dir = tempDir('cache');
  await runOnce(dir);

  // Same weights, different bytes: an unknown protobuf field appended to the ONNX file is
  // ignored by onnxruntime but changes the file's sha256, like a re-exported model would.
  const models = tempDir('models');
  const embedding = path.join(models, 'compact/embedding');
  fs.mkdirSync(path.join(embedding, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(MODELS_DIR, 'compact/embedding', f), path.join(embedding, f));
  const onnx = path.join(embedding, BUNDLED_ONNX);
  fs.copyFileSync(path.join(MODELS_DIR, 'compact/embedding', BUNDLED_ONNX), onnx);
  fs.appendFileSync(onnx, Buffer.from([0xc2, 0x3e, 0x04, 0x61, 0x62, 0x63, 0x64]));
  fs.symlinkSync(path.join(MODELS_DIR, 'compact/sentiment'), path.join(models, 'compact/sentiment'));

  const changed = await runOnce(dir, models);
  expect(changed.counters.modelCalls.embedding).toBe(3);
  expect(changed.counters.cacheHits.embedding).toBe(0);
  expect(changed.counters.modelCalls.sentiment).toBe(0);
  expect(changed.counters.cacheHits.sentiment).toBe(SENTENCES.length);
  const emb = changed.models.find((m) => m.role === 'embedding');
  expect(emb?.file).toBe(onnx);
  expect(emb?.source).toBe('models.dir');
});

test('a damaged cache entry is recomputed and overwritten, not fatal', async () => {
  const dir = tempDir('cache');
  await runOnce(dir);
  const cache = openModelCache(dir);
  const namespace = cache.namespaces().find((n) => n.namespace.startsWith('embedding|'))!.namespace;
  cache.putMany(namespace, [
    [textHash(SENTENCES[1]), Buffer.from('not a vector')],
    [textHash(SENTENCES[3]), Buffer.alloc(4 + 192 * 4)], // well-formed header missing, all zeroes
  ]);
  cache.close();

  const repaired = await runOnce(dir);
  expect(repaired.counters.corruptEntries.embedding).toBe(2);
  expect(repaired.counters.computed.embedding).toBe(2);
  expect(repaired.counters.modelCalls.sentiment).toBe(0);

  const after = await runOnce(dir);
  expect(after.counters.modelCalls.embedding).toBe(0);
  expect(after.vectors).toEqual(repaired.vectors);
});

test('a released model session is let go and opened again on the next call, with the same outputs', async () => {
  const hub = await compactHub(openModelCache(':memory:'), { dir: MODELS_DIR, batchSize: 2 });
  const before = await hub.embed(SENTENCES.slice(0, 2));
  await hub.sentiment(SENTENCES.slice(0, 2));
  expect(hub.openSessions()).toEqual(['embedding', 'sentiment']);
  hub.releaseSessions(['embedding', 'nli']);
  expect(hub.openSessions()).toEqual(['sentiment']);
  // Computed again (not from the cache): the reopened session gives the same vectors.
  const again = await hub.embed(SENTENCES.slice(2));
  expect(hub.openSessions()).toEqual(['embedding', 'sentiment']);
  expect(hub.counters.modelCalls.embedding).toBe(3); // 1 batch before, 2 after
  const fresh = await compactHub(openModelCache(':memory:'), { dir: MODELS_DIR, batchSize: 2 });
  expect((await fresh.embed(SENTENCES.slice(2))).map((v) => Array.from(v))).toEqual(again.map((v) => Array.from(v)));
  expect(before).toHaveLength(2);
});

test('a call stores its fresh outputs in one cache transaction, not one per model batch', async () => {
  const cache = openModelCache(tempDir('cache'));
  const writes: { namespace: string; entries: number }[] = [];
  const counting = {
    ...cache,
    stats: cache.stats,
    putMany(namespace: string, entries: Iterable<readonly [string, Uint8Array]>) {
      const rows = [...entries];
      writes.push({ namespace, entries: rows.length });
      cache.putMany(namespace, rows);
    },
  };
  try {
    const hub = await compactHub(counting, { batchSize: 2 });
    await hub.embed(SENTENCES);
    expect(hub.counters.modelCalls.embedding).toBe(3);
    expect(writes).toEqual([{ namespace: expect.any(String), entries: SENTENCES.length }]);
    // What was stored is what the next call reads back: no model call.
    const again = await compactHub(cache, { batchSize: 2 });
    await again.embed(SENTENCES);
    expect(again.counters.modelCalls.embedding).toBe(0);
  } finally {
    cache.close();
  }
});
