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

/**
 * The night's articles for `bench --only increment`: texts the benchmark corpus does not hold, from
 * two other public sets in the eval folder, so a night's model outputs are new (enrich takes a
 * sentence's outputs from the previous run by its text; copies of corpus texts would cost it nothing).
 * BASIL's 150 articles first (50 stories, each by NYT, Fox News and HuffPost, in the file's order),
 * then ECB+'s documents with at least `minWords` words (43 topics of look-alike events, in order):
 * news of the same kind, several outlets per story. ECB+ records no outlet: document k gets the
 * benchmark corpus's outlet k mod n (its outlets by count), as new articles from the same newsrooms.
 * Ids carry the set (`basil:`, `ecbplus:`); dates are the caller's (the days after the corpus).
 */
export function readNightCorpus(evalDir: string, corpusOutlets: readonly string[], minWords = 50): CorpusRecord[] {
  const basil = readJsonl(
    path.join(evalDir, 'basil-dev', 'articles.jsonl'),
    (r) => ({ id: `basil:${str(r, 'article_id')}`, text: str(r, 'body'), title: str(r, 'title'), outlet: str(r, 'outlet'), published: '', url: typeof r.url === 'string' ? r.url : '' }),
    '--eval-dir DIR (basil-dev/articles.jsonl)',
  );
  const ecb = readJsonl(
    path.join(evalDir, 'ecbplus', 'articles.jsonl'),
    (r) => ({ id: `ecbplus:${str(r, 'article_id')}`, text: str(r, 'body'), title: str(r, 'title'), outlet: '', published: '', url: '' }),
    '--eval-dir DIR (ecbplus/articles.jsonl)',
  ).filter((r) => r.text.split(/\s+/).filter(Boolean).length >= minWords);
  if (!corpusOutlets.length) throw new UsageError('the benchmark corpus names no outlet. Fix: pass a JSONL file with an outlet per article to --corpus.');
  return [...basil, ...ecb.map((r, k) => ({ ...r, outlet: corpusOutlets[k % corpusOutlets.length] }))];
}

/** The corpus's outlets, most articles first (ties by name). */
export function outletsByCount(records: readonly CorpusRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records) if (r.outlet) counts.set(r.outlet, (counts.get(r.outlet) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

export function writeCorpusFile(records: CorpusRecord[], file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
