/**
 * The hub profile end to end against a model hub on loopback: the code path a user with internet
 * takes on day one, tested with no internet. A local HTTP server serves model folders in the hub's
 * layout (`<id>/resolve/main/<file>`), built at test time from the bundled compact models (copied,
 * config.json edited), and models.remoteHost points crossframe at it.
 *
 * Covered: the first run downloads into models.downloadDir, the second loads from there with the
 * server stopped; the int8 file name (onnx/model_quantized.onnx) is what is fetched; a model whose
 * labels are LABEL_0/1/2 is mapped through models.sentiment.labels; an NLI model whose config.json
 * lists contradiction first (as nli-deberta-v3-xsmall does) is read by name, not position; a file
 * missing on the hub is one clear error.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { AutoModelForSequenceClassification, AutoTokenizer, env } from '@xenova/transformers';
import { hashConfig, loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { ModelNotFoundError, createModelHub } from '../../src/models/hub.js';
import { openModelCache } from '../../src/store/modelCache.js';
import { runPipeline } from '../../pipeline/runner.js';
import type { Manifest } from '../../src/report/manifest.js';
import { BUNDLED_ONNX, MODELS_DIR, REPO_ROOT, compactHub, quietLog, removeTempDirs, tempDir } from './compactModels.js';

const EMBEDDING_ID = 'Xenova/all-MiniLM-L6-v2';
const NLI_ID = 'Xenova/nli-deberta-v3-xsmall';
/** A three-class model labelled LABEL_0/1/2 in the sentiment role (the compact NLI weights: the labels are what is tested). */
const SENTIMENT_ID = 'local/sentiment-label-ids';
const NO_ONNX_ID = 'local/no-onnx';
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

interface LocalHub {
  url: string;
  /** Request paths in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Copies a bundled model into the hub layout under `id`, with an edited config.json. */
function publish(root: string, id: string, from: string, edit: (config: Record<string, unknown>) => void = () => {}, onnx = true): void {
  const dir = path.join(root, id);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of FILES) fs.copyFileSync(path.join(MODELS_DIR, from, f), path.join(dir, f));
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  edit(config);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  if (onnx) fs.copyFileSync(path.join(MODELS_DIR, from, BUNDLED_ONNX), path.join(dir, BUNDLED_ONNX));
}

function labels(names: string[]): Record<string, unknown> {
  return { id2label: Object.fromEntries(names.map((n, i) => [String(i), n])), label2id: Object.fromEntries(names.map((n, i) => [n, i])) };
}

/** Serves `<root>/<id>/<file>` at `/<id>/resolve/main/<file>` on 127.0.0.1, 404 for anything else. */
function startLocalHub(root: string): Promise<LocalHub> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(url);
    const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(url);
    const file = match ? path.resolve(root, match[1], match[2]) : '';
    if (!match || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requests,
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

let hubRoot: string;
let localHub: LocalHub;
let serverOpen = false;

beforeAll(async () => {
  hubRoot = tempDir('hub');
  publish(hubRoot, EMBEDDING_ID, 'compact/embedding');
  publish(hubRoot, SENTIMENT_ID, 'compact/nli', (c) => Object.assign(c, labels(['LABEL_0', 'LABEL_1', 'LABEL_2'])));
  // nli-deberta-v3-xsmall's order; the weights stay compact/nli's, so its class 0 (entailment) is now called contradiction.
  publish(hubRoot, NLI_ID, 'compact/nli', (c) => Object.assign(c, labels(['contradiction', 'entailment', 'neutral'])));
  publish(hubRoot, NO_ONNX_ID, 'compact/embedding', undefined, false);
  localHub = await startLocalHub(hubRoot);
  serverOpen = true;
});

afterAll(async () => {
  if (serverOpen) await localHub.close();
  removeTempDirs();
});

/** The hub profile (config/hub.yaml) pointed at the local hub, with private folders. */
function hubConfig(dirs: { downloadDir: string; cacheDir: string; out?: string }): Config {
  const { config } = loadConfig(path.join(REPO_ROOT, 'config/hub.yaml'));
  return {
    ...config,
    input: { ...config.input, paths: [path.join(REPO_ROOT, 'seeds')] },
    models: {
      ...config.models,
      remoteHost: localHub.url,
      downloadDir: dirs.downloadDir,
      cacheDir: dirs.cacheDir,
      sentiment: { ...config.models.sentiment, id: SENTIMENT_ID },
    },
    report: { ...config.report, dir: dirs.out ?? tempDir('out') },
  };
}

const softmax = (logits: number[]) => {
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
};

test('the profile names the hub models, int8, with downloads allowed', () => {
  const { config } = loadConfig(path.join(REPO_ROOT, 'config/hub.yaml'));
  expect(config.models.allowRemote).toBe(true);
  expect([config.models.embedding, config.models.nli].map((m) => [m.id, m.quantized])).toEqual([[EMBEDDING_ID, true], [NLI_ID, true]]);
});

test('labels LABEL_0/1/2 map through models.sentiment.labels; an NLI config listing contradiction first is read by name', async () => {
  const models = hubConfig({ downloadDir: tempDir('downloads'), cacheDir: tempDir('cache') }).models;
  const hub = await createModelHub(models, { offline: false, cache: openModelCache(':memory:'), log: quietLog });
  const texts = ['The attack killed dozens of civilians.', 'A gripping, beautifully acted film.'];
  const tones = await hub.sentiment(texts);

  // The same weights read directly: polarity LABEL_0 -1, LABEL_1 0, LABEL_2 +1 (pipeline.yaml's mapping).
  env.localModelPath = MODELS_DIR;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained('compact/nli');
  const model = await AutoModelForSequenceClassification.from_pretrained('compact/nli', { quantized: true });
  for (const [i, text] of texts.entries()) {
    const { logits } = await model(tokenizer([text], { padding: true, truncation: true }));
    const p = softmax(Array.from(logits.data as Float32Array));
    expect(tones[i].score).toBeCloseTo(p[2] - p[0], 4);
  }

  const pairs: [string, string][] = [
    ['Netanyahu rejected a temporary ceasefire.', 'Netanyahu did not reject a temporary ceasefire.'],
    ['A man is playing a guitar on stage.', 'Someone makes music.'],
  ];
  const standIn = await hub.nli(pairs);
  const bundled = await (await compactHub()).nli(pairs);
  for (const [i, r] of standIn.entries()) {
    // Class 0 of the weights is "entailment" in the bundled config and "contradiction" in the hub one.
    expect(r.contradiction).toBeCloseTo(bundled[i].entailment, 4);
    expect(r.entailment).toBeCloseTo(bundled[i].neutral, 4);
    expect(r.neutral).toBeCloseTo(bundled[i].contradiction, 4);
  }
  expect(hub.describe().map((m) => m.source)).toEqual(['sentiment', 'nli'].map(() => 'hub-download'));
});

test('a file missing on the hub is one clear error naming the file, the address and the fix', async () => {
  const config = hubConfig({ downloadDir: tempDir('downloads'), cacheDir: tempDir('cache') });
  const hub = await createModelHub({ ...config.models, embedding: { id: NO_ONNX_ID, quantized: true } }, { offline: false, cache: openModelCache(':memory:'), log: quietLog });
  const err = await hub.embed(['Any sentence.']).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelNotFoundError);
  const message = (err as ModelNotFoundError).message;
  expect((err as ModelNotFoundError).reason).toBe('not-on-hub');
  expect(message).toContain(`Model "${NO_ONNX_ID}" (models.embedding.id) was not found: onnx/model_quantized.onnx is missing.`);
  expect(message).toContain(`${localHub.url}${NO_ONNX_ID}/resolve/main/onnx/model_quantized.onnx`);
  expect(message).toContain('Fix: correct models.embedding.id');
  expect(message).not.toMatch(/\n/);
});

test('the first run downloads into the cache; the second loads from it with the server stopped', async () => {
  const downloadDir = tempDir('downloads');
  const before = localHub.requests.length;
  const first = await runPipeline({
    loaded: (() => {
      const loaded = loadConfig(path.join(REPO_ROOT, 'config/hub.yaml'));
      const config = hubConfig({ downloadDir, cacheDir: tempDir('cache') });
      return { ...loaded, config, hash: hashConfig(config) };
    })(),
    offline: false,
    log: quietLog,
    progress: () => ({ tick() {}, done() {} }),
  });
  const manifest1 = JSON.parse(fs.readFileSync(path.join(first.runDir, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest1.models.map((m) => [m.role, m.id, m.source])).toEqual([
    ['embedding', EMBEDDING_ID, 'hub-download'],
    ['sentiment', SENTIMENT_ID, 'hub-download'],
    ['nli', NLI_ID, 'hub-download'],
  ]);
  for (const m of manifest1.models) expect(m.file).toBe(path.join(downloadDir, m.id, 'onnx/model_quantized.onnx'));
  expect(manifest1.modelsRun.kind).toBe('hub');
  expect(fs.readFileSync(path.join(first.runDir, 'report.html'), 'utf8')).toContain(`Models: hub models: embedding ${EMBEDDING_ID} (int8)`);
  // The int8 file is what was fetched, never the fp32 one.
  const fetched = localHub.requests.slice(before);
  expect(fetched).toContain(`/${EMBEDDING_ID}/resolve/main/onnx/model_quantized.onnx`);
  expect(fetched.filter((r) => r.endsWith('/onnx/model.onnx'))).toEqual([]);

  await localHub.close();
  serverOpen = false;

  // A fresh stage cache, so the models must really be loaded again: from the download cache.
  const secondConfig = hubConfig({ downloadDir, cacheDir: tempDir('cache') });
  const second = await runPipeline({
    loaded: { ...loadConfig(path.join(REPO_ROOT, 'config/hub.yaml')), config: secondConfig, hash: hashConfig(secondConfig) },
    offline: false,
    log: quietLog,
    progress: () => ({ tick() {}, done() {} }),
  });
  const manifest2 = JSON.parse(fs.readFileSync(path.join(second.runDir, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest2.models.map((m) => m.source)).toEqual(['hub-cache', 'hub-cache', 'hub-cache']);
  expect(manifest2.models.map((m) => m.sha256)).toEqual(manifest1.models.map((m) => m.sha256));
  const tones = (dir: string) =>
    (parseCsv(fs.readFileSync(path.join(dir, 'sentences.csv')), { bom: true, columns: true }) as Record<string, string>[]).map((r) => [r.id, r.sentiment_score]);
  expect(tones(second.runDir)).toEqual(tones(first.runDir));
}, 600_000);
