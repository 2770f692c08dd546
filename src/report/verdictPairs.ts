/**
 * `crossframe verdicts pairs`: the analyst's verdicts on claim matches and numeric comparisons as
 * labelled pairs in the format of the claim-relations and numeric-pairs sets (pairs.jsonl with
 * sentences), read from a run folder's CSVs. A verdict `right` labels the pair with crossframe's
 * own call (agree -> same, contradict, related; consistent, discrepancy, update); a verdict
 * `wrong` labels it only when the verdict names the right `label:`, since "wrong" alone does not
 * say what the pair is. Omission and event verdicts have no pair format and are counted only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Verdict } from './verdicts.js';
import { readSpreadsheetText } from './csv.js';
import { UsageError } from '../runtime/errors.js';

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: missing. Fix: pass --run with a crossframe run folder (output/latest or output/<run-id>).`);
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }) as CsvRow[];
}

const cell = (value: string | undefined) => readSpreadsheetText(value ?? '');

const CLAIM_LABEL: Record<string, string> = { agree: 'same', contradict: 'contradict', related: 'related' };

export interface PairsExport {
  claimPairs: Record<string, unknown>[];
  numericPairs: Record<string, unknown>[];
  /** Sentences behind the pairs, one per (article, index), in the numeric-pairs sentences.jsonl format. */
  sentences: Record<string, unknown>[];
  skipped: { id: string; why: string }[];
}

function sentenceIndex(sentenceId: string): number {
  const at = sentenceId.lastIndexOf('#');
  return at < 0 ? -1 : Number(sentenceId.slice(at + 1));
}

export function verdictPairs(verdicts: Verdict[], runDir: string): PairsExport {
  const matches = new Map(readCsv(path.join(runDir, 'claim_matches.csv')).map((r) => [cell(r.match_id), r]));
  const numbers = new Map(readCsv(path.join(runDir, 'numeric_comparisons.csv')).map((r) => [cell(r.comparison_id), r]));
  const out: PairsExport = { claimPairs: [], numericPairs: [], sentences: [], skipped: [] };
  const sentences = new Map<string, Record<string, unknown>>();
  const side = (r: CsvRow, s: 'a' | 'b', eventId: string) => {
    const articleId = cell(r[`${s}_article_id`]);
    const index = sentenceIndex(cell(r[`${s}_sentence_id`]));
    const text = cell(r[`${s}_sentence`]);
    sentences.set(`${articleId}#${index}`, { event_id: eventId, article_id: articleId, outlet: cell(r[`${s}_outlet`]), sentence_index: index, text });
    return { [`${s}_article_id`]: articleId, [`${s}_sentence_index`]: index, [`${s}_outlet`]: cell(r[`${s}_outlet`]), [s]: text };
  };
  for (const v of verdicts) {
    const row = v.kind === 'claim_match' ? matches.get(v.id) : v.kind === 'numeric_comparison' ? numbers.get(v.id) : undefined;
    if (v.kind !== 'claim_match' && v.kind !== 'numeric_comparison') {
      out.skipped.push({ id: v.id, why: `${v.kind} verdicts have no pair format` });
      continue;
    }
    if (!row) {
      out.skipped.push({ id: v.id, why: `not in ${path.basename(runDir)}` });
      continue;
    }
    const own = v.kind === 'claim_match' ? CLAIM_LABEL[cell(row.relation)] : cell(row.verdict);
    const label = v.verdict === 'right' ? v.label ?? own : v.label;
    if (!label) {
      out.skipped.push({ id: v.id, why: 'marked wrong without a label: (say what the pair is to use it for training)' });
      continue;
    }
    if (v.verdict === 'wrong' && label === own) {
      out.skipped.push({ id: v.id, why: `marked wrong, but its label "${label}" is crossframe's own call` });
      continue;
    }
    const eventId = cell(row.event_id);
    const pair = { id: v.id, event_id: eventId, ...side(row, 'a', eventId), ...side(row, 'b', eventId), label, note: v.note, source: 'analyst-verdict' };
    if (v.kind === 'claim_match') out.claimPairs.push(pair);
    else out.numericPairs.push({ ...pair, quantity: cell(row.quantity), a_figure: cell(row.a_figure), b_figure: cell(row.b_figure) });
  }
  out.sentences = [...sentences.values()];
  return out;
}

const jsonl = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

/** Writes claim-relations/pairs.jsonl, numeric-pairs/pairs.jsonl and numeric-pairs/sentences.jsonl under `outDir`. */
export function writeVerdictPairs(result: PairsExport, outDir: string): string[] {
  const files: [string, Record<string, unknown>[]][] = [
    ['claim-relations/pairs.jsonl', result.claimPairs],
    ['numeric-pairs/pairs.jsonl', result.numericPairs],
    ['numeric-pairs/sentences.jsonl', result.sentences],
  ];
  return files.map(([rel, rows]) => {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, jsonl(rows));
    return file;
  });
}
