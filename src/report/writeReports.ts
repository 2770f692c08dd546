/**
 * Writes every report file of a run into its (not yet published) run folder: the CSV tables,
 * report.xlsx, report.yaml and report.html, each atomically. The manifest is written after these by the caller,
 * from the file descriptions returned here.
 */
import path from 'node:path';
import { writeAtomic, syncDir } from './atomicWrite.js';
import { rowCount, type ReportTable } from './csv.js';
import { writeCsvFile } from './csvFile.js';
import { csvBlockFormat, writeRowsIndex } from './csvCarry.js';
import { renderHtmlReport } from './html/page.js';
import { describeOutput, type OutputFile } from './manifest.js';
import { yamlReportPieces } from './yamlReport.js';
import { reportModelOf, type ReportModel } from './reportModel.js';
import type { ItemCache } from '../store/itemCache.js';
import { yieldToSignals } from '../runtime/yieldToSignals.js';
import type { AppliedVerdicts } from './verdicts.js';
import { readPreviousRun } from './previousRun.js';
import { streamWorkbook } from './xlsx.js';
import { openAtomicWriter, writableOf, type AtomicFileWriter } from '../store/atomicFile.js';

export interface ReportFilesInput extends ReportModel {
  /** In the order they are written and listed in the manifest; a lazy table's rows are made as they are written. */
  tables: ReportTable[];
  bom: boolean;
  html: boolean;
  htmlMaxEvents: number;
  htmlMaxClaimsPerEvent: number;
  /** report.yaml's events and outlets as earlier runs rendered them (yamlReport.ts openYamlMemo); optional. */
  yamlMemo?: ItemCache<string>;
  /** SVG of charts drawn by earlier runs; optional (tests draw every chart). */
  chartMemo?: ItemCache<string>;
  /** The analyst's verdicts matched against this run (report.verdictsFile). */
  verdicts?: AppliedVerdicts;
  minConfidence?: number;
  lowConfidence?: 'apart' | 'hide';
  chartMinArticles?: number;
  /** Write report.xlsx (report.xlsx); default false so callers opt in. */
  xlsx?: boolean;
  /** The previous run's folder, for "what is new" in report.html. */
  previousRunDir?: string | null;
}

/**
 * `work`, when given, gets per table written in groups how many rows were copied from the previous
 * run's file and how many formatted (`report.rowsCopied.<table>` / `report.rowsFormatted.<table>`).
 */
export async function writeReportFiles(runDir: string, input: ReportFilesInput, work?: Record<string, number>): Promise<OutputFile[]> {
  const outputs: OutputFile[] = [];
  const seen = new Set<string>();
  for (const table of input.tables) {
    await yieldToSignals();
    const file = `${table.name}.csv`;
    if (seen.has(file)) throw new Error(`two tables are named ${table.name}; every CSV needs its own name.`);
    seen.add(file);
    const { blocks, ...written } = await writeCsvFile(path.join(runDir, file), table, { bom: input.bom });
    if (blocks) {
      // Where each group's bytes are, for the next run (csvCarry.ts); hidden, deleted with the run folder.
      writeRowsIndex(path.join(runDir, file), csvBlockFormat(table.columns), written, blocks.places);
      if (work) {
        work[`report.rowsCopied.${table.name}`] = blocks.copiedRows;
        work[`report.rowsFormatted.${table.name}`] = blocks.formattedRows;
      }
    }
    outputs.push({ file, rows: rowCount(table), columns: table.columns.map((c) => ({ name: c.name, type: c.type })), ...written });
  }
  syncDir(runDir);
  const yaml = await writeFilePieces(path.join(runDir, 'report.yaml'), (out) => {
    for (const piece of yamlReportPieces(reportModelOf(input), input.yamlMemo)) out.write(piece);
  });
  outputs.push({ file: 'report.yaml', ...yaml });
  if (input.xlsx) {
    outputs.push({ file: 'report.xlsx', ...(await writeWorkbookFile(path.join(runDir, 'report.xlsx'), input)) });
  }
  if (input.html) {
    const page = await renderHtmlReport({
      ...reportModelOf(input),
      maxEvents: input.htmlMaxEvents,
      maxClaimsPerEvent: input.htmlMaxClaimsPerEvent,
      chartMemo: input.chartMemo,
      verdicts: input.verdicts,
      minConfidence: input.minConfidence,
      lowConfidence: input.lowConfidence,
      chartMinArticles: input.chartMinArticles,
      previous: readPreviousRun(input.previousRunDir),
    });
    writeAtomic(path.join(runDir, 'report.html'), page);
    outputs.push(describeOutput(runDir, 'report.html'));
  }
  return outputs;
}

/** report.xlsx streamed to its file (atomic, hashed as written). */
function writeWorkbookFile(file: string, input: ReportFilesInput): Promise<{ bytes: number; sha256: string }> {
  return writeFilePieces(file, async (out) => {
    const sink = writableOf(out);
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve);
      sink.on('error', reject);
    });
    await streamWorkbook(input.tables, input.articles, sink);
    await finished;
  });
}

/**
 * A report file written by `fill` piece by piece to a temp file renamed into place when complete,
 * hashed as written (report.yaml and report.xlsx are never one string or buffer).
 */
async function writeFilePieces(file: string, fill: (out: AtomicFileWriter) => void | Promise<void>): Promise<{ bytes: number; sha256: string }> {
  const out = openAtomicWriter(file);
  try {
    await fill(out);
  } catch (err) {
    out.abort();
    throw err;
  }
  const written = out.commit();
  syncDir(path.dirname(file));
  return written;
}
