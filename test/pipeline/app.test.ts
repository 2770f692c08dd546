/**
 * The pipeline is handed to src/cli.ts's `main` as a loader (bin/crossframe.js passes pipeline/app.ts's):
 * commands that run no stage never call it, so `--version`, `config` and a config mistake do not pay
 * for loading every stage; `check` gets the stages' resource files and model roles through it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { main } from '../../src/cli.js';
import { pipelineApp } from '../../pipeline/app.js';
import { STAGES, stageResources } from '../../pipeline/runner.js';
import { loadConfig } from '../../src/config/load.js';
import type { PipelineApp } from '../../src/runtime/pipelineApp.js';

const neverLoaded = () => Promise.reject(new Error('the pipeline was loaded'));

test('--version and config never load the pipeline', async () => {
  const loader = jest.fn(neverLoaded);
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await main(['--version'], loader)).toBe(0);
    expect(await main(['config'], loader)).toBe(0);
  } finally {
    write.mockRestore();
  }
  expect(loader).not.toHaveBeenCalled();
});

test('a /dev/zero editor file exits 2 before the pipeline is loaded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-app-'));
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, `extends: ${path.resolve('config/pipeline.yaml')}\nclaims:\n  stanceLexicon: /dev/zero\n`);
  const loader = jest.fn(neverLoaded);
  let printed = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((text) => ((printed += String(text)), true));
  try {
    expect(await main(['run', '--config', config, '--output', path.join(dir, 'out')], loader)).toBe(2);
    expect(printed).toContain('/dev/zero:1:1 claims.stanceLexicon: a device or socket');
  } finally {
    err.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(loader).not.toHaveBeenCalled();
});

test('pipeline/app.ts gives src/ the stages, their resource files and a single stage call', async () => {
  const app: PipelineApp = pipelineApp;
  expect(app.stages.map((s) => s.name)).toEqual(STAGES.map((s) => s.name));
  const { config } = loadConfig('config/pipeline.yaml');
  expect(app.stageResources(config)).toEqual(stageResources(STAGES, config));
  await expect(app.runStage('nonsense', {}, config, {} as never)).rejects.toThrow(/unknown stage nonsense/);
});
