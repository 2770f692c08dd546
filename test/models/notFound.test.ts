/** A model that cannot be found is one clear error: model id, folders searched, the fix. */
import net from 'node:net';
import path from 'node:path';
import { ModelNotFoundError, createModelHub } from '../../src/models/hub.js';
import { openModelCache } from '../../src/store/modelCache.js';
import { MODELS_DIR, compactModelsConfig, quietLog, removeTempDirs, tempDir } from './compactModels.js';

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

/** The default profile with a model id that is neither bundled nor cached. */
function absentEmbedding(overrides: Parameters<typeof compactModelsConfig>[0] = {}) {
  const config = compactModelsConfig(overrides);
  return { ...config, embedding: { id: 'acme/absent-embedding', quantized: true } };
}

test('offline, a missing model names the id, every folder searched, what the folder must hold and the fix', async () => {
  const models = tempDir('empty-models');
  const config = absentEmbedding({ dir: models, cacheDir: tempDir('cache') });
  const hub = await createModelHub(config, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const err = await failure(hub.embed(['Any sentence.']));
  expect(err.modelId).toBe('acme/absent-embedding');
  expect(err.remoteAllowed).toBe(false);
  expect(err.reason).toBe('remote-forbidden');
  expect(err.searched).toEqual([
    path.join(models, 'acme/absent-embedding'),
    path.join(MODELS_DIR, 'acme/absent-embedding'),
    path.join(config.cacheDir, 'hub', 'acme/absent-embedding'),
  ]);
  for (const folder of err.searched) expect(err.message).toContain(folder);
  expect(err.message).toContain('Model "acme/absent-embedding" (models.embedding.id) was not found');
  expect(err.message).toMatch(/not allowed \(--offline or models\.allowRemote: false\)/);
  expect(err.message).toContain('--models DIR (or CROSSFRAME_MODELS_DIR, models.dir) that holds acme/absent-embedding/config.json, acme/absent-embedding/tokenizer.json, acme/absent-embedding/tokenizer_config.json, acme/absent-embedding/onnx/model_quantized.onnx');
  expect(err.message).toContain('use the bundled models');
  expect(err.message).not.toMatch(/\n|at .*\.ts:\d+/); // one paragraph, no stack
  // The hub stays usable for the message and describe(): nothing was loaded.
  expect(hub.describe()).toEqual([]);
});

test('asking for the fp32 file of an int8-only model says which setting to change', async () => {
  const config = compactModelsConfig();
  const hub = await createModelHub({ ...config, sentiment: { ...config.sentiment, quantized: false } }, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const err = await failure(hub.sentiment(['Any sentence.']));
  expect(err.message).toContain('onnx/model.onnx is missing');
  expect(err.message).toContain('set models.sentiment.quantized: true');
});

test('a model folder that does not exist is one clear error, not a quiet switch to the bundled models', async () => {
  const hub = await createModelHub(compactModelsConfig({ dir: path.join(tempDir('models'), 'no-such-folder') }), { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const err = await failure(hub.embed(['Any sentence.']));
  expect(err.reason).toBe('models-dir-missing');
  expect(err.message).toMatch(/no-such-folder \(models\.dir\) does not exist/);
  expect(err.message).toContain('holds compact/embedding/config.json, compact/embedding/tokenizer.json, compact/embedding/tokenizer_config.json, compact/embedding/onnx/model_quantized.onnx');
});

test('when downloads are allowed but the hub cannot be reached, the error says so', async () => {
  // A loopback port nobody listens on refuses connections: a network failure that does not
  // depend on whether this machine has internet access.
  const remoteHost = `http://127.0.0.1:${await closedPort()}/`;
  {
    const config = compactModelsConfig({ dir: tempDir('empty-models'), allowRemote: true, remoteHost, cacheDir: tempDir('cache'), nli: { id: 'Xenova/nli-deberta-v3-xsmall', quantized: true } });
    const hub = await createModelHub(config, { offline: false, cache: openModelCache(':memory:'), log: quietLog });
    const err = await failure(hub.nli([['A man plays a guitar.', 'Someone makes music.']]));
    expect(err.reason).toBe('network');
    expect(err.remoteAllowed).toBe(true);
    expect(err.message).toContain('Model "Xenova/nli-deberta-v3-xsmall" (models.nli.id) was not found');
    expect(err.message).toMatch(/could not be reached \(ECONNREFUSED 127\.0\.0\.1\)/);
    expect(err.message).toContain('CROSSFRAME_MODELS_DIR');
    expect(err.message).toContain('run once where the hub is reachable');
    expect(err.message).toContain('use the bundled models, which need no network');
  }
});

test('--offline wins over models.allowRemote: true', async () => {
  const config = absentEmbedding({ dir: tempDir('empty-models'), allowRemote: true, cacheDir: tempDir('cache') });
  const hub = await createModelHub(config, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  expect(hub.settings.allowRemote).toBe(false);
  expect((await failure(hub.embed(['x']))).reason).toBe('remote-forbidden');
});
