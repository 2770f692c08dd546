/**
 * Run folders: a run writes into `output/<run-id>.partial/`; only when every file is written is the
 * folder renamed to `output/<run-id>/` and `output/latest` switched to it. A crashed run therefore
 * never shows up as `latest`, and the previous run stays intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { replaceSymlink, syncDir } from './atomicWrite.js';
import { asOutputError, writingTo } from '../store/outputError.js';

/** Marks a folder as a crossframe run, so pruning never deletes a folder crossframe did not make. */
export const RUN_MARKER = '.crossframe-run';
export const LATEST_LINK = 'latest';
const PARTIAL_SUFFIX = '.partial';

function checkRunId(runId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId) || runId.endsWith(PARTIAL_SUFFIX) || runId === LATEST_LINK) {
    throw new Error(`run id "${runId}" is not usable as a folder name (letters, digits, . _ - only; not "latest").`);
  }
}

export function partialRunDir(outputDir: string, runId: string): string {
  return path.join(outputDir, `${runId}${PARTIAL_SUFFIX}`);
}

/** Creates `<outputDir>/<runId>.partial/` and returns its absolute path. */
export function createRunFolder(outputDir: string, runId: string): string {
  checkRunId(runId);
  const dir = path.resolve(partialRunDir(outputDir, runId));
  writingTo(path.dirname(dir), '--output', () => fs.mkdirSync(path.dirname(dir), { recursive: true }));
  try {
    fs.mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`run folder ${dir} already exists; run ids must be unique. Fix: delete it or start a new run.`);
    }
    throw asOutputError(err, dir, '--output');
  }
  writingTo(dir, '--output', () => fs.writeFileSync(path.join(dir, RUN_MARKER), `${runId}\n`));
  return dir;
}

export interface FinalizedRun {
  runDir: string;
  /** Run folders deleted because more than `keepRuns` were kept, and stale partial folders of crashed runs. */
  removed: string[];
}

/**
 * Publishes the run: renames the partial folder to `<outputDir>/<runId>/`, points `latest` at it,
 * then deletes complete runs beyond the newest `keepRuns` and partial folders left by crashed runs
 * (the output-folder lock guarantees no other run is writing one).
 */
export function finalizeRunFolder(outputDir: string, runId: string, keepRuns: number): FinalizedRun {
  checkRunId(runId);
  const partial = path.resolve(partialRunDir(outputDir, runId));
  const runDir = path.resolve(outputDir, runId);
  if (!fs.existsSync(partial)) throw new Error(`run folder ${partial} is missing; was createRunFolder called for run ${runId}?`);
  writingTo(runDir, '--output', () => fs.renameSync(partial, runDir));
  syncDir(path.dirname(runDir));
  const latest = path.join(path.resolve(outputDir), LATEST_LINK);
  writingTo(latest, '--output', () => replaceSymlink(runId, latest));
  const removed = pruneRuns(path.resolve(outputDir), runId, keepRuns);
  return { runDir, removed };
}

/** Deletes the partial folder of a run that failed; the previous run and `latest` are untouched. */
export function discardRunFolder(outputDir: string, runId: string): void {
  checkRunId(runId);
  const partial = path.resolve(partialRunDir(outputDir, runId));
  if (fs.existsSync(path.join(partial, RUN_MARKER))) removeRunFolder(partial);
}

interface RunEntry {
  name: string;
  dir: string;
  partial: boolean;
  /** When the run finished (its manifest was written), or when it started if it has none. */
  time: number;
}

/**
 * Deletes a run folder with its marker last, so a run killed part-way through deleting it leaves
 * a folder that still carries the marker and is deleted by the next run, not an unmarked remnant
 * that pruning must never touch.
 */
function removeRunFolder(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name !== RUN_MARKER) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  fs.rmSync(path.join(dir, RUN_MARKER), { force: true });
  fs.rmdirSync(dir);
}

/**
 * What runs killed at the wrong moment leave behind: empty folders named like runs (killed between
 * removing a run's marker and its folder, or between creating a folder and its marker) and temp
 * links of a `latest` switch. The output-folder lock means no other run is making these right now.
 */
function removeCrashRemnants(outputDir: string): void {
  for (const entry of fs.readdirSync(outputDir, { withFileTypes: true })) {
    if (entry.isSymbolicLink() && /^\.latest\.\d+\.[0-9a-z]+\.tmp$/.test(entry.name)) {
      fs.rmSync(path.join(outputDir, entry.name), { force: true });
      continue;
    }
    if (!entry.isDirectory() || !/^\d{8}-\d{6}Z-[0-9a-f]+(\.partial)?$/.test(entry.name)) continue;
    try {
      fs.rmdirSync(path.join(outputDir, entry.name)); // fails, harmlessly, unless the folder is empty
    } catch {
      /* not empty: a real run or someone's folder */
    }
  }
}

/** The crossframe run folders under `outputDir`, newest first. */
export function listRuns(outputDir: string): RunEntry[] {
  if (!fs.existsSync(outputDir)) return [];
  const out: RunEntry[] = [];
  for (const entry of fs.readdirSync(outputDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(outputDir, entry.name);
    const marker = fs.statSync(path.join(dir, RUN_MARKER), { throwIfNoEntry: false });
    if (!marker) continue;
    const manifest = fs.statSync(path.join(dir, 'manifest.json'), { throwIfNoEntry: false });
    out.push({
      name: entry.name,
      dir,
      partial: entry.name.endsWith(PARTIAL_SUFFIX),
      time: (manifest ?? marker).mtimeMs,
    });
  }
  return out.sort((a, b) => b.time - a.time || b.name.localeCompare(a.name));
}

function pruneRuns(outputDir: string, currentRunId: string, keepRuns: number): string[] {
  const removed: string[] = [];
  const latestTarget = readLatestTarget(outputDir);
  const runs = listRuns(outputDir);
  let kept = 0;
  for (const run of runs) {
    const protectedRun = run.name === currentRunId || run.name === latestTarget;
    if (!run.partial) {
      kept++;
      if (kept <= keepRuns || protectedRun) continue;
    } else if (protectedRun) continue;
    try {
      removeRunFolder(run.dir);
      removed.push(run.dir);
    } catch {
      // The new run is already published; an old folder that cannot be deleted now is retried next run.
    }
  }
  removeCrashRemnants(outputDir);
  return removed;
}

/** The run folder name `latest` points at, or '' when there is no such link. */
export function readLatestTarget(outputDir: string): string {
  try {
    return path.basename(fs.readlinkSync(path.join(outputDir, LATEST_LINK)));
  } catch {
    return '';
  }
}
