/** Where models are looked for, and how load failures are read. */
import fs from 'node:fs';
import path from 'node:path';
import { configSchema } from '../../src/config/schema.js';
import { createModelHub } from '../../src/models/hub.js';
import { classifyLoadError } from '../../src/models/load.js';
import { findLocalModel, resolveModelSettings } from '../../src/models/locate.js';
import { openModelCache } from '../../src/store/modelCache.js';
import { MODELS_DIR, compactModelsConfig, quietLog, removeTempDirs, tempDir } from './compactModels.js';

afterAll(removeTempDirs);

const defaults = configSchema.parse({}).models;

test('CROSSFRAME_MODELS_DIR overrides models.dir; relative paths resolve against the working directory', () => {
  const fromConfig = resolveModelSettings({ ...defaults, dir: 'models' }, false, {}, '/srv/cf');
  expect(fromConfig).toEqual({ modelsDir: '/srv/cf/models', modelsDirFrom: 'models.dir', downloadDir: '/srv/cf/output/.cache/hub', allowRemote: true });
  const fromEnv = resolveModelSettings({ ...defaults, dir: 'models' }, false, { CROSSFRAME_MODELS_DIR: '../shared/models' }, '/srv/cf');
  expect(fromEnv.modelsDir).toBe('/srv/shared/models');
  expect(fromEnv.modelsDirFrom).toBe('CROSSFRAME_MODELS_DIR');
  expect(resolveModelSettings({ ...defaults, downloadDir: '/var/models' }, true, {}, '/srv/cf')).toMatchObject({ modelsDir: null, downloadDir: '/var/models', allowRemote: false });
});

test('models.dir is searched before the download cache, and a model in the download cache loads offline', async () => {
  const models = tempDir('models');
  const cacheDir = tempDir('cache');
  const downloaded = path.join(cacheDir, 'hub', 'compact/sentiment');
  fs.mkdirSync(path.dirname(downloaded), { recursive: true });
  fs.symlinkSync(path.join(MODELS_DIR, 'compact/sentiment'), downloaded);
  const settings = resolveModelSettings({ ...defaults, dir: models, cacheDir }, true, {});
  expect(findLocalModel('compact/sentiment', false, settings).found?.source).toBe('hub-cache');

  fs.mkdirSync(path.join(models, 'compact'));
  fs.symlinkSync(path.join(MODELS_DIR, 'compact/sentiment'), path.join(models, 'compact/sentiment'));
  expect(findLocalModel('compact/sentiment', false, settings).found?.source).toBe('models.dir');
  fs.unlinkSync(path.join(models, 'compact/sentiment'));

  const hub = await createModelHub(compactModelsConfig({ dir: models, cacheDir }), { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const [r] = await hub.sentiment(['The attack killed dozens of civilians and left the city in ruins.']);
  expect(r.label).toBe('negative');
  expect(hub.describe()).toEqual([
    { role: 'sentiment', id: 'compact/sentiment', source: 'hub-cache', file: path.join(downloaded, 'onnx/model.onnx'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]);
});

test('load failures are told apart: no network, no such file on the hub, anything else', () => {
  const offline = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND', hostname: 'huggingface.co' }) });
  expect(classifyLoadError(offline)).toEqual({ reason: 'network', detail: 'ENOTFOUND huggingface.co', file: '' });
  const missing = new Error('Could not locate file: "https://huggingface.co/Xenova/nope/resolve/main/onnx/model_quantized.onnx".');
  expect(classifyLoadError(missing)).toMatchObject({ reason: 'not-on-hub', file: 'onnx/model_quantized.onnx' });
  expect(classifyLoadError(new Error('protobuf parsing failed'))).toBeNull();
});
