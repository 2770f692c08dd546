/**
 * Shared setup for the model tests: the offline profile (config/offline.yaml) pointed at the
 * compact models. CI sets CROSSFRAME_MODELS_DIR=../shared/models; without it the models are
 * expected next to the repository, in ../shared/models.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createModelHub, type ModelHub } from '../../src/models/hub.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MODELS_DIR = path.resolve(REPO_ROOT, process.env.CROSSFRAME_MODELS_DIR || '../shared/models');
// The env var would override the per-test model folders below (that is its job in real runs);
// tests pass the folder explicitly instead. Jest gives each test file its own process.env copy.
delete process.env.CROSSFRAME_MODELS_DIR;

/** models section of config/offline.yaml, with the model folder made absolute. */
export function compactModelsConfig(overrides: Partial<Config['models']> = {}): Config['models'] {
  const { config } = loadConfig(path.join(REPO_ROOT, 'config/offline.yaml'));
  return { ...config.models, dir: MODELS_DIR, ...overrides };
}

export const quietLog = { info() {}, debug() {}, warn() {}, error() {} };

export async function compactHub(cache: ModelCache = openModelCache(':memory:'), overrides: Partial<Config['models']> = {}): Promise<ModelHub> {
  return createModelHub(compactModelsConfig(overrides), { offline: true, cache, log: quietLog });
}

const made: string[] = [];

/** A fresh folder under the OS temp dir; `removeTempDirs()` deletes every one made so far. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crossframe-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}
