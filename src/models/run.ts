/**
 * One forward pass over one batch: tokenise (with counted truncation), run the ONNX model, and
 * turn its output into plain float rows (a unit-length mean-pooled vector, or class probabilities).
 */
import { softmax, type Tensor } from '@xenova/transformers';
import { meanPoolNormalise } from './pooling.js';
import { encodeBatch } from './encode.js';
import type { ModelSession } from './load.js';

export interface BatchOutput {
  /** One row per input. */
  values: Float32Array[];
  truncated: boolean[];
}

type ModelOutput = Record<string, Tensor | undefined>;

function rows(tensor: Tensor): Float32Array[] {
  const [batch, width] = tensor.dims;
  const data = tensor.data as Float32Array;
  return Array.from({ length: batch }, (_, i) => Float32Array.from(data.subarray(i * width, (i + 1) * width)));
}

/** Mean over real tokens (attention mask), then L2-normalised: the sentence-transformers recipe. */
export async function runEmbedding(session: ModelSession, texts: string[]): Promise<BatchOutput> {
  const { inputs, truncated } = encodeBatch(session.tokenizer, texts, null, session.maxTokens);
  const out = (await session.model(inputs)) as ModelOutput;
  const hidden = out.last_hidden_state ?? out.token_embeddings;
  if (!hidden) throw new Error(`embedding model output has no last_hidden_state (outputs: ${Object.keys(out).join(', ')}); models.embedding.id must name a feature-extraction model.`);
  const mask = inputs.attention_mask.data as BigInt64Array;
  return { values: meanPoolNormalise(hidden.data as Float32Array, hidden.dims as number[], mask), truncated };
}

/** Softmax over the classes of a sequence(-pair) classifier. */
export async function runClassifier(session: ModelSession, texts: string[], pairs: string[] | null): Promise<BatchOutput> {
  const { inputs, truncated } = encodeBatch(session.tokenizer, texts, pairs, session.maxTokens);
  const out = (await session.model(inputs)) as ModelOutput;
  if (!out.logits) throw new Error(`classifier output has no logits (outputs: ${Object.keys(out).join(', ')}).`);
  const values = rows(out.logits).map((logits) => Float32Array.from(softmax(Array.from(logits))));
  return { values, truncated };
}
