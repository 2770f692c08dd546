/** A model that cannot be found is one clear error: model id, folders searched, the fix. */
import net from 'node:net';
import path from 'node:path';
import { env } from '@xenova/transformers';
import { ModelNotFoundError, createModelHub } from '../../src/models/hub.js';
import { openModelCache } from '../../src/store/modelCache.js';
import { compactModelsConfig, quietLog, removeTempDirs, tempDir } from './compactModels.js';

afterAll(removeTempDirs);

async function failure(promise: Promise<unknown>): Promise<ModelNotFoundError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ModelNotFoundError) return err;
    throw err;
  }
  throw new Error('expected a ModelNotFoundError');
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test('offline, a missing model names the id, every folder searched and the fix', async () => {
  const models = tempDir('empty-models');
  const config = compactModelsConfig({ dir: models, cacheDir: tempDir('cache') });
  const hub = await createModelHub(config, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const err = await failure(hub.embed(['Any sentence.']));
  expect(err.modelId).toBe('compact/embedding');
  expect(err.remoteAllowed).toBe(false);
  expect(err.reason).toBe('remote-forbidden');
  expect(err.searched).toEqual([path.join(models, 'compact/embedding'), path.join(config.cacheDir, 'hub', 'compact/embedding')]);
  for (const folder of err.searched) expect(err.message).toContain(folder);
  expect(err.message).toContain('Model "compact/embedding" (models.embedding.id) was not found');
  expect(err.message).toMatch(/not allowed \(--offline or models\.allowRemote: false\)/);
  expect(err.message).toContain('CROSSFRAME_MODELS_DIR=/path/to/models');
  expect(err.message).toContain('--offline (npm start -- --offline), which uses config/offline.yaml');
  expect(err.message).not.toMatch(/\n|at .*\.ts:\d+/); // one paragraph, no stack
  // The hub stays usable for the message and describe(): nothing was loaded.
  expect(hub.describe()).toEqual([]);
});

test('asking for the quantized file of an fp32-only model says which setting to change', async () => {
  const config = compactModelsConfig();
  const hub = await createModelHub({ ...config, sentiment: { ...config.sentiment, quantized: true } }, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const err = await failure(hub.sentiment(['Any sentence.']));
  expect(err.message).toContain('onnx/model_quantized.onnx is missing');
  expect(err.message).toContain('set models.sentiment.quantized: false');
});

test('when downloads are allowed but the hub cannot be reached, the error says so', async () => {
  const saved = env.remoteHost;
  // A loopback port nobody listens on refuses connections: a network failure that does not
  // depend on whether this machine has internet access.
  env.remoteHost = `http://127.0.0.1:${await closedPort()}/`;
  try {
    const config = compactModelsConfig({ dir: tempDir('empty-models'), allowRemote: true, cacheDir: tempDir('cache'), nli: { id: 'Xenova/nli-deberta-v3-xsmall', quantized: true } });
    const hub = await createModelHub(config, { offline: false, cache: openModelCache(':memory:'), log: quietLog });
    const err = await failure(hub.nli([['A man plays a guitar.', 'Someone makes music.']]));
    expect(err.reason).toBe('network');
    expect(err.remoteAllowed).toBe(true);
    expect(err.message).toContain('Model "Xenova/nli-deberta-v3-xsmall" (models.nli.id) was not found');
    expect(err.message).toMatch(/could not be reached \(ECONNREFUSED 127\.0\.0\.1\)/);
    expect(err.message).toContain('CROSSFRAME_MODELS_DIR');
  } finally {
    env.remoteHost = saved;
  }
});

test('--offline wins over models.allowRemote: true', async () => {
  const config = compactModelsConfig({ dir: tempDir('empty-models'), allowRemote: true, cacheDir: tempDir('cache') });
  const hub = await createModelHub(config, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  expect(hub.settings.allowRemote).toBe(false);
  expect((await failure(hub.embed(['x']))).reason).toBe('remote-forbidden');
});
