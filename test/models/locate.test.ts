/** Where models are looked for, and how load failures are read. */
import fs from 'node:fs';
import path from 'node:path';
import { configSchema } from '../../src/config/schema.js';
import { createModelHub } from '../../src/models/hub.js';
import { classifyLoadError } from '../../src/models/load.js';
import { BUNDLED_MODELS_DIR, findLocalModel, resolveModelSettings } from '../../src/models/locate.js';
import { openModelCache } from '../../src/store/modelCache.js';
import { MODELS_DIR, compactModelsConfig, quietLog, removeTempDirs, tempDir } from './compactModels.js';

afterAll(removeTempDirs);

const defaults = configSchema.parse({}).models;

test('CROSSFRAME_MODELS_DIR overrides models.dir; relative paths resolve against the working directory', () => {
  const fromConfig = resolveModelSettings({ ...defaults, dir: 'models' }, false, {}, '/srv/cf');
  expect(fromConfig).toEqual({ modelsDir: '/srv/cf/models', modelsDirFrom: 'models.dir', bundledDir: BUNDLED_MODELS_DIR, downloadDir: '/srv/cf/output/.cache/hub', allowRemote: false, remoteHost: 'https://huggingface.co/', threads: null });
  expect(resolveModelSettings({ ...defaults, remoteHost: 'http://mirror.example:8080' }, false, {}, '/srv/cf').remoteHost).toBe('http://mirror.example:8080/');
  expect(resolveModelSettings({ ...defaults, allowRemote: true }, false, {}, '/srv/cf').allowRemote).toBe(true);
  const fromEnv = resolveModelSettings({ ...defaults, dir: 'models' }, false, { CROSSFRAME_MODELS_DIR: '../shared/models' }, '/srv/cf');
  expect(fromEnv.modelsDir).toBe('/srv/shared/models');
  expect(fromEnv.modelsDirFrom).toBe('CROSSFRAME_MODELS_DIR');
  expect(resolveModelSettings({ ...defaults, downloadDir: '/var/models' }, true, {}, '/srv/cf')).toMatchObject({ modelsDir: null, downloadDir: '/var/models', allowRemote: false });
});

test('models.dir is searched first, then the bundled models, then the download cache', () => {
  const models = tempDir('models');
  const cacheDir = tempDir('cache');
  const settings = resolveModelSettings({ ...defaults, dir: models, cacheDir }, true, {});
  // Nothing in models.dir: the bundled copy, with a note that the named folder lacked it.
  const bundled = findLocalModel('compact/sentiment', true, settings);
  expect(bundled.found).toMatchObject({ source: 'bundled', root: BUNDLED_MODELS_DIR });
  expect(bundled.modelsDirLacked).toBe(path.join(models, 'compact/sentiment'));
  // A complete copy in models.dir wins.
  fs.mkdirSync(path.join(models, 'compact'));
  fs.symlinkSync(path.join(MODELS_DIR, 'compact/sentiment'), path.join(models, 'compact/sentiment'));
  expect(findLocalModel('compact/sentiment', true, settings)).toMatchObject({ found: { source: 'models.dir' }, modelsDirLacked: null });
  // The bundled models ship int8 only: asking for fp32 names the file that exists instead.
  const fp32 = findLocalModel('compact/nli', false, settings);
  expect(fp32.found).toBeNull();
  expect(fp32.missingFile).toBe('onnx/model.onnx');
  expect(fp32.otherVariant).toBe(path.join(BUNDLED_MODELS_DIR, 'compact/nli/onnx/model_quantized.onnx'));
  // A model folder that does not exist is an error, never a quiet fallback.
  const gone = resolveModelSettings({ ...defaults, dir: path.join(models, 'no-such-folder'), cacheDir }, true, {});
  expect(findLocalModel('compact/sentiment', true, gone)).toMatchObject({ found: null, modelsDirMissing: true });
});

test('a model in the download cache loads offline', async () => {
  const models = tempDir('models');
  const cacheDir = tempDir('cache');
  // Under a hub-style id, so the bundled copy of compact/sentiment does not answer first.
  const downloaded = path.join(cacheDir, 'hub', 'acme/sentiment');
  fs.mkdirSync(path.dirname(downloaded), { recursive: true });
  fs.symlinkSync(path.join(MODELS_DIR, 'compact/sentiment'), downloaded);
  const config = compactModelsConfig({ dir: models, cacheDir });
  const hub = await createModelHub({ ...config, sentiment: { ...config.sentiment, id: 'acme/sentiment' } }, { offline: true, cache: openModelCache(':memory:'), log: quietLog });
  const [r] = await hub.sentiment(['The attack killed dozens of civilians and left the city in ruins.']);
  expect(r.label).toBe('negative');
  expect(hub.describe()).toEqual([
    { role: 'sentiment', id: 'acme/sentiment', source: 'hub-cache', file: path.join(downloaded, 'onnx/model_quantized.onnx'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]);
});

test('load failures are told apart: no network, no such file on the hub, anything else', () => {
  const offline = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND', hostname: 'huggingface.co' }) });
  expect(classifyLoadError(offline)).toEqual({ reason: 'network', detail: 'ENOTFOUND huggingface.co', file: '' });
  const missing = new Error('Could not locate file: "https://huggingface.co/Xenova/nope/resolve/main/onnx/model_quantized.onnx".');
  expect(classifyLoadError(missing)).toMatchObject({ reason: 'not-on-hub', file: 'onnx/model_quantized.onnx' });
  expect(classifyLoadError(new Error('protobuf parsing failed'))).toBeNull();
});
