/**
 * Shared setup for the model tests: the default profile (config/pipeline.yaml) with the compact
 * int8 models bundled in the repository's models/ folder. Nothing outside the repository is read,
 * so the suite runs on a fresh clone with no network.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createModelHub, type ModelHub } from '../../src/models/hub.js';
import { BUNDLED_MODELS_DIR, onnxFileName } from '../../src/models/locate.js';
import { openModelCache, type ModelCache } from '../../src/store/modelCache.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundled models (compact/embedding, compact/sentiment, compact/nli, int8). */
export const MODELS_DIR = BUNDLED_MODELS_DIR;
/** The ONNX file each bundled model ships. */
export const BUNDLED_ONNX = onnxFileName(true);
// The env var would override the per-test model folders below (that is its job in real runs);
// tests pass the folder explicitly instead. Jest gives each test file its own process.env copy.
delete process.env.CROSSFRAME_MODELS_DIR;

/** models section of the default profile (config/pipeline.yaml), with the model folder made absolute. */
export function compactModelsConfig(overrides: Partial<Config['models']> = {}): Config['models'] {
  const { config } = loadConfig(path.join(REPO_ROOT, 'config/pipeline.yaml'));
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
