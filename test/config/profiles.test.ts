/**
 * Which profile a command line selects. The profile (which models) is chosen only by --config or
 * --models bundled|hub; a model folder (--models DIR, CROSSFRAME_MODELS_DIR) and --offline never
 * change it, so a folder of hub models is never asked for compact/* and vice versa.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyModelsFolder, chooseConfigFile } from '../../src/cli.js';
import { PACKAGE_ROOT, loadConfig } from '../../src/config/load.js';

// Profile names resolve inside the package, so they work from any folder.
const shipped = (file: string) => path.join(PACKAGE_ROOT, file);
import { describeModelChoice, summariseModelsRun } from '../../src/models/profile.js';

const saved = process.env.CROSSFRAME_MODELS_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.CROSSFRAME_MODELS_DIR;
  else process.env.CROSSFRAME_MODELS_DIR = saved;
});

test('no flags: the bundled profile, whose models need no network', () => {
  delete process.env.CROSSFRAME_MODELS_DIR;
  expect(chooseConfigFile({})).toBe(shipped('config/pipeline.yaml'));
  const { config } = loadConfig('config/pipeline.yaml');
  expect([config.models.embedding.id, config.models.sentiment.id, config.models.nli.id]).toEqual(['compact/embedding', 'compact/sentiment', 'compact/nli']);
  expect(config.models.allowRemote).toBe(false);
  expect(describeModelChoice(config.models, 'config/pipeline.yaml')).toMatch(/^models: bundled compact int8 models .*--models hub/);
});

test('--models hub is config/hub.yaml; with --config as well it is a usage error', () => {
  expect(chooseConfigFile({ models: 'hub' })).toBe(shipped('config/hub.yaml'));
  expect(chooseConfigFile({ models: 'bundled' })).toBe(shipped('config/pipeline.yaml'));
  expect(() => chooseConfigFile({ models: 'hub', config: 'x.yaml' })).toThrow(/--models hub and --config x\.yaml both choose a profile/);
});

test('a model folder and --offline never change the profile', () => {
  process.env.CROSSFRAME_MODELS_DIR = os.tmpdir();
  expect(chooseConfigFile({ offline: true })).toBe(shipped('config/pipeline.yaml'));
  expect(chooseConfigFile({ models: 'hub', offline: true })).toBe(shipped('config/hub.yaml'));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-models-'));
  try {
    const environ: NodeJS.ProcessEnv = {};
    applyModelsFolder({ models: dir }, environ);
    expect(environ.CROSSFRAME_MODELS_DIR).toBe(dir);
    expect(chooseConfigFile({ models: dir })).toBe(shipped('config/pipeline.yaml'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(() => applyModelsFolder({ models: path.join(os.tmpdir(), 'no-such-models-folder') }, {})).toThrow(/not a profile \(bundled, hub\) and not a folder/);
});

test('what ran is summarised by where each model came from', () => {
  const ran = (source: string) => ['embedding', 'sentiment', 'nli'].map((role) => ({ role, id: `x/${role}`, source, file: `/m/x/${role}/onnx/model_quantized.onnx` }));
  expect(summariseModelsRun(ran('bundled'))).toMatchObject({ kind: 'bundled', text: expect.stringContaining('--models hub') });
  expect(summariseModelsRun(ran('hub-download')).kind).toBe('hub');
  expect(summariseModelsRun(ran('hub-cache')).text).toBe('hub models: embedding x/embedding (int8), sentiment x/sentiment (int8), nli x/nli (int8).');
  expect(summariseModelsRun([...ran('bundled').slice(0, 2), ran('models.dir')[2]]).kind).toBe('mixed');
  expect(summariseModelsRun([]).kind).toBe('none');
});
