/**
 * The sentences every throughput measurement runs on: real news sentences (BASIL body
 * sentences by default), unique after the model hub's own normalisation (the hub computes a
 * repeated text once, so duplicates would flatter it), sorted by length. The hub sorts each
 * call by length before batching; giving every runtime the same sorted order means all of
 * them pad the same batches and only the runtime differs.
 */
import { readJsonl } from '../measure/jsonl.js';
import { normaliseModelText } from '../models/textKey.js';
import { UsageError } from '../runtime/errors.js';

/** Text fields tried in order, so STS-B, SST-2 and BASIL sentence files all work. */
const TEXT_FIELDS = ['text', 'sentence', 'a', 'claim'];

export function loadBenchSentences(file: string, count: number): { measured: string[]; warmup: string[] } {
  const texts = readJsonl(
    file,
    (r) => {
      const field = TEXT_FIELDS.find((f) => typeof r[f] === 'string');
      if (!field) throw new Error(`no text field (looked for ${TEXT_FIELDS.join(', ')})`);
      return r[field] as string;
    },
    '--bench-sentences FILE',
  );
  const unique = [...new Set(texts.map(normaliseModelText).filter((t) => t.split(' ').length >= 3))];
  if (unique.length < count + 8) {
    throw new UsageError(`${file}: has ${unique.length} usable sentences; the benchmark needs ${count} plus 8 for warm-up. Fix: lower --sentences or pass a larger --bench-sentences file.`);
  }
  // Warm-up texts come from the end so they never pre-fill the hub's cache for measured ones.
  const warmup = unique.slice(unique.length - 8);
  const measured = unique.slice(0, count).sort((a, b) => a.length - b.length);
  return { measured, warmup };
}
