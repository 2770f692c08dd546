/**
 * Child process of the runtime comparison: loads ONE transformers.js runtime (@xenova/transformers
 * 2.17 from the project, or @huggingface/transformers 4.x from a scratch folder), runs the same
 * pipelines over the same sentences at each batch size, and writes timings and outputs as JSON.
 * One runtime per process keeps the two onnxruntime-node native libraries (1.14 and 1.30) apart.
 *
 * Usage: node --import tsx src/bench/runtimeWorker.ts <request.json> <response.json>
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RuntimeRequest {
  runtime: 'xenova' | 'hf4';
  /** file:// URL of the package entry to import; the project's @xenova/transformers when absent. */
  packageUrl?: string;
  modelsDir: string;
  models: { id: string; task: 'feature-extraction' | 'text-classification' }[];
  sentences: string[];
  batchSizes: number[];
  repeats: number;
}

export interface RuntimeResponse {
  runtime: RuntimeRequest['runtime'];
  version: string;
  rows: { model: string; batch: number; sentencesPerSecond: number }[];
  /** Per model, one row of numbers per sentence (vector, or probability per label in `labels` order). */
  outputs: Record<string, number[][]>;
  labels: Record<string, string[]>;
}

type Pipe = (texts: string[], options?: Record<string, unknown>) => Promise<unknown>;
interface TransformersModule {
  env: Record<string, unknown>;
  pipeline: (task: string, model: string, options: Record<string, unknown>) => Promise<Pipe>;
}

function rowsOf(out: unknown, task: RuntimeRequest['models'][number]['task'], labels: string[]): number[][] {
  if (task === 'feature-extraction') {
    const t = out as { dims: number[]; data: Float32Array };
    const [n, dim] = t.dims;
    return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * dim, (i + 1) * dim)));
  }
  // A list (one per text) of [{label, score}] over every class.
  const perText = out as { label: string; score: number }[][];
  return perText.map((classes) => {
    const list = Array.isArray(classes) ? classes : [classes];
    for (const c of list) if (!labels.includes(c.label)) labels.push(c.label);
    return labels.map((l) => list.find((c) => c.label === l)?.score ?? Number.NaN);
  });
}

async function main(requestFile: string, responseFile: string): Promise<void> {
  const req = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as RuntimeRequest;
  const mod = (await import(req.packageUrl ?? '@xenova/transformers')) as TransformersModule;
  mod.env.localModelPath = req.modelsDir;
  mod.env.allowRemoteModels = false;
  mod.env.allowLocalModels = true;
  const v4 = req.runtime === 'hf4';
  // The only precision both runtimes can load from these folders: fp32 onnx/model.onnx.
  const loadOptions = v4 ? { dtype: 'fp32', device: 'cpu' } : { quantized: false };
  const response: RuntimeResponse = { runtime: req.runtime, version: String(mod.env.version ?? ''), rows: [], outputs: {}, labels: {} };
  for (const m of req.models) {
    const pipe = await mod.pipeline(m.task, m.id, loadOptions);
    const callOptions = m.task === 'feature-extraction' ? { pooling: 'mean', normalize: true } : v4 ? { top_k: null } : { topk: 0 };
    const labels: string[] = [];
    response.labels[m.id] = labels;
    for (const batch of req.batchSizes) {
      await pipe(req.sentences.slice(0, batch), callOptions);
      let best = Infinity;
      const raw: unknown[] = [];
      for (let r = 0; r < req.repeats; r++) {
        const t0 = performance.now();
        for (let i = 0; i < req.sentences.length; i += batch) {
          const out = await pipe(req.sentences.slice(i, i + batch), callOptions);
          if (r === 0) raw.push(out);
        }
        best = Math.min(best, (performance.now() - t0) / 1000);
      }
      // Outputs of the first batch size are kept for the comparison; converted after timing.
      response.outputs[m.id] ??= raw.flatMap((out) => rowsOf(out, m.task, labels));
      response.rows.push({ model: m.id, batch, sentencesPerSecond: req.sentences.length / best });
    }
  }
  fs.writeFileSync(responseFile, JSON.stringify(response));
}

// Runs only as a script, so importing the types above never starts a benchmark.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv[3]).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
