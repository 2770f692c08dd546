/**
 * The same model driven straight through onnxruntime-node, for the overhead comparison.
 * Tokenising is the model hub's own (`encodeBatch` over the same transformers.js tokenizer
 * object, same truncation), so the input ids are identical and against the hub only the model
 * call and the pooling differ: here an `InferenceSession` runs on plain int64 tensors and the
 * output is pooled with typed-array loops. (Calling the 2.17 tokenizer with `max_length` would
 * pad every batch to that length, which is why its own padding is not used.)
 */
import fs from 'node:fs';
import * as ortModule from 'onnxruntime-node';
import type { PreTrainedTokenizer } from '@xenova/transformers';
import { encodeBatch } from '../models/encode.js';
import { meanPoolNormalise } from '../models/pooling.js';

export type ModelKind = 'embedding' | 'classifier';

export interface DirectModel {
  kind: ModelKind;
  /** One row per text: unit-length mean-pooled vector, or class probabilities. */
  run(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

// onnxruntime-node 1.14 is CommonJS: under Node's ESM loader its API is the default export
// (transformers.js reads it the same way).
const ort: typeof ortModule = (ortModule as unknown as { default?: typeof ortModule }).default ?? ortModule;
type OrtTensor = InstanceType<typeof ortModule.Tensor>;

export async function openDirectModel(onnxFile: string, tokenizer: PreTrainedTokenizer, kind: ModelKind, maxTokens: number): Promise<DirectModel> {
  // The same execution provider list transformers.js 2.17 passes in Node (cpu first).
  const session = await ort.InferenceSession.create(fs.readFileSync(onnxFile), { executionProviders: ['cpu'] });
  return {
    kind,
    async run(texts) {
      const { inputs: encoded } = encodeBatch(tokenizer, texts, null, maxTokens);
      const feeds: Record<string, OrtTensor> = {};
      for (const name of session.inputNames) {
        const t = encoded[name];
        if (!t) throw new Error(`${onnxFile}: the model wants input "${name}", which the tokenizer does not produce`);
        feeds[name] = new ort.Tensor('int64', t.data as BigInt64Array, t.dims);
      }
      const out = await session.run(feeds);
      if (kind === 'embedding') {
        const hidden = out.last_hidden_state ?? out[session.outputNames[0]];
        return meanPoolNormalise(hidden.data as Float32Array, hidden.dims as number[], encoded.attention_mask.data as BigInt64Array);
      }
      const logits = out.logits ?? out[session.outputNames[0]];
      return softmaxRows(logits.data as Float32Array, logits.dims as number[]);
    },
    async close() {
      await (session as unknown as { release?: () => Promise<void> }).release?.();
    },
  };
}

export function softmaxRows(logits: Float32Array, dims: number[]): Float32Array[] {
  const [batch, classes] = dims;
  const rows: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const z = logits.subarray(b * classes, (b + 1) * classes);
    const max = Math.max(...z);
    const e = Array.from(z, (v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    rows.push(Float32Array.from(e, (v) => v / sum));
  }
  return rows;
}
