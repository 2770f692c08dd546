/**
 * The real multi-outlet corpus the end-to-end and scaling benchmarks run on
 * (Article-Bias-Prediction media test split). Its records are mapped onto the fields
 * crossframe's JSONL reader knows (text/title/outlet/published/url) and written to a temporary
 * file per size, never into the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readJsonl, str } from '../measure/jsonl.js';
import { UsageError } from '../runtime/errors.js';

export interface CorpusRecord {
  id: string;
  text: string;
  title: string;
  outlet: string;
  /** ISO date or '' (about a quarter of the corpus has none). */
  published: string;
  url: string;
}

export function readCorpus(file: string): CorpusRecord[] {
  return readJsonl(
    file,
    (r) => ({
      id: str(r, 'id'),
      text: str(r, 'content'),
      title: typeof r.title === 'string' ? r.title : '',
      outlet: typeof r.outlet === 'string' ? r.outlet : '',
      published: typeof r.date === 'string' ? r.date : '',
      url: typeof r.url === 'string' ? r.url : '',
    }),
    '--corpus FILE',
  );
}

/**
 * The first `size` records; sizes beyond the corpus repeat it with fresh ids (`<id>~r<k>`) and
 * fresh URLs, the synthetic large corpus of the scaling benchmark.
 */
export function corpusOfSize(records: CorpusRecord[], size: number): CorpusRecord[] {
  if (!records.length) throw new UsageError('the benchmark corpus is empty. Fix: pass a JSONL file with articles to --corpus.');
  const out: CorpusRecord[] = [];
  for (let i = 0; i < size; i++) {
    const copy = Math.floor(i / records.length);
    const r = records[i % records.length];
    out.push(copy === 0 ? r : { ...r, id: `${r.id}~r${copy}`, url: r.url ? `${r.url}#r${copy}` : '' });
  }
  return out;
}

export function writeCorpusFile(records: CorpusRecord[], file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
