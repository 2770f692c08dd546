/**
 * Tokenising a batch for a model call, with truncation crossframe controls and counts.
 * transformers.js 2.17 truncates by cutting the end of the token list, which for a sentence pair
 * drops the hypothesis altogether; here the longer text of a pair is shortened first (Hugging
 * Face's "longest_first"), and every truncated input is reported.
 */
import { Tensor, type PreTrainedTokenizer } from '@xenova/transformers';

export interface EncodedBatch {
  inputs: Record<string, Tensor>;
  /** Per input: true when it was longer than the limit and was cut. */
  truncated: boolean[];
}

interface Encoding {
  input_ids: number[];
  attention_mask: number[];
  token_type_ids?: number[];
  [key: string]: number[] | undefined;
}

type TokenizerCall = (
  text: string | string[],
  options: { text_pair?: string | string[] | null; padding?: boolean; truncation?: boolean; return_tensor?: boolean },
) => Record<string, number[][] | number[]>;

function encodeRaw(tokenizer: PreTrainedTokenizer, texts: string[], pairs: string[] | null): Encoding[] {
  const call = tokenizer as unknown as TokenizerCall;
  const columns = call(texts, { text_pair: pairs, padding: false, truncation: false, return_tensor: false }) as Record<string, number[][]>;
  return texts.map((_, i) => {
    const row: Encoding = { input_ids: columns.input_ids[i], attention_mask: columns.attention_mask[i] };
    for (const key of Object.keys(columns)) row[key] = columns[key][i];
    return row;
  });
}

/**
 * Re-encodes one over-long input within `maxTokens`: content tokens are dropped from the end of
 * the longer text until it fits, then the shortened texts are encoded again so the tokenizer adds
 * its own special tokens. A last hard cut (keeping the closing special token) covers tokenizers
 * whose decode/encode round trip is not exact.
 */
function shorten(tokenizer: PreTrainedTokenizer, text: string, pair: string | null, full: Encoding, maxTokens: number): Encoding {
  const a = tokenizer.encode(text, null, { add_special_tokens: false });
  const b = pair === null ? [] : tokenizer.encode(pair, null, { add_special_tokens: false });
  const overhead = full.input_ids.length - a.length - b.length;
  const room = Math.max(2, maxTokens - overhead);
  while (a.length + b.length > room) (b.length > a.length ? b : a).pop();
  const shortA = tokenizer.decode(a, { skip_special_tokens: true });
  const shortB = pair === null ? null : tokenizer.decode(b, { skip_special_tokens: true });
  const again = encodeRaw(tokenizer, [shortA], shortB === null ? null : [shortB])[0];
  if (again.input_ids.length <= maxTokens) return again;
  const cut: Encoding = { input_ids: [], attention_mask: [] };
  for (const key of Object.keys(again)) {
    const values = again[key] as number[];
    cut[key] = [...values.slice(0, maxTokens - 1), values[values.length - 1]];
  }
  return cut;
}

/** Tokenises texts (or premise/hypothesis pairs), truncates to `maxTokens`, pads to the longest. */
export function encodeBatch(tokenizer: PreTrainedTokenizer, texts: string[], pairs: string[] | null, maxTokens: number): EncodedBatch {
  const rows = encodeRaw(tokenizer, texts, pairs);
  const truncated = rows.map((row) => row.input_ids.length > maxTokens);
  for (let i = 0; i < rows.length; i++) {
    if (truncated[i]) rows[i] = shorten(tokenizer, texts[i], pairs ? pairs[i] : null, rows[i], maxTokens);
  }
  const width = Math.max(...rows.map((r) => r.input_ids.length));
  const padLeft = tokenizer.padding_side === 'left';
  const inputs: Record<string, Tensor> = {};
  for (const key of Object.keys(rows[0])) {
    const pad = BigInt(key === 'input_ids' ? tokenizer.pad_token_id ?? 0 : 0);
    const data = new BigInt64Array(rows.length * width).fill(pad);
    rows.forEach((row, r) => {
      const values = row[key] as number[];
      const start = r * width + (padLeft ? width - values.length : 0);
      for (let j = 0; j < values.length; j++) data[start + j] = BigInt(values[j]);
    });
    inputs[key] = new Tensor('int64', data, [rows.length, width]);
  }
  return { inputs, truncated };
}
