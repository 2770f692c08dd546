/**
 * "What is new" in report.html: the finding ids of the previous run, read from its CSVs. Ids are
 * the first column of events.csv, claim_matches.csv, numeric_comparisons.csv and omissions.csv and
 * are plain hex (no quoting), so the first field of each line is enough; other lines (multi-line
 * sentence cells) do not look like ids and are skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_LINK } from './runFolder.js';

const ID_AT_LINE_START = /^(?:\uFEFF)?((?:ev|cm|num|om)-[0-9a-f]{6,64}),/;

/** The run `output/latest` points at, unless it is this run; null on a first run. */
export function previousRunDir(outputDir: string, runId: string): string | null {
  const latest = path.join(outputDir, LATEST_LINK);
  try {
    const target = fs.realpathSync(latest);
    return path.basename(target) === runId ? null : target;
  } catch {
    return null;
  }
}

export interface PreviousRun {
  runId: string;
  /** Every finding id (events, claim matches, numeric comparisons, omissions) of that run. */
  ids: Set<string>;
  articleIds: Set<string>;
}

function firstColumn(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = ID_AT_LINE_START.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

export function readPreviousRun(dir: string | null | undefined): PreviousRun | null {
  if (!dir || !fs.existsSync(path.join(dir, 'events.csv'))) return null;
  const ids = new Set(['events', 'claim_matches', 'numeric_comparisons', 'omissions'].flatMap((t) => firstColumn(path.join(dir, `${t}.csv`))));
  const articleIds = new Set(
    fs.existsSync(path.join(dir, 'articles.csv'))
      ? fs
          .readFileSync(path.join(dir, 'articles.csv'), 'utf8')
          .split('\n')
          .slice(1)
          .map((l) => l.replace(/^\uFEFF/, '').split(',')[0])
          .filter(Boolean)
      : [],
  );
  return { runId: path.basename(dir), ids, articleIds };
}
