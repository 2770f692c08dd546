/**
 * The crash-safety loop shared by the CI test (short) and `npm run kill-loop` (full): one complete
 * run publishes reports, then runs are killed with SIGKILL at seeded random moments. After every
 * kill the published reports must still be whole and readable through `latest`; at the end a normal
 * run over the first input must complete, reuse everything cached, and write the same CSVs.
 *
 * Each killed run reads the seeds plus one article it alone has, so it has real work to lose:
 * sentences to segment, model outputs to compute and cache, events and claims to rebuild. The
 * kills therefore land in model-cache transactions, stage-result writes, report writes and the
 * publish step, not only in reading cached results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkRunIntact, runArgs, runCli, SEEDS_DIR, seededRandom, sleep, startCli, type CliProcess, type Workspace } from './cliHarness.js';

export interface KillLoopOptions {
  workspace: Workspace;
  /** SIGKILLs to deliver (runs that finish before their kill time do not count). */
  kills: number;
  seed: number;
  /** Progress lines (the script prints them; the test stays quiet). */
  log?: (line: string) => void;
}

export interface KillRecord {
  attempt: number;
  delayMs: number;
  /** The last stage the run reported finishing before it was killed ('' = none yet). */
  afterStage: string;
  latestBefore: string;
  latestAfter: string;
}

export interface KillLoopSummary {
  seed: number;
  baselineMs: number;
  kills: KillRecord[];
  /** Runs that finished before their kill time; each published a new, intact run. */
  completed: number;
  /** Runs that reported taking over the lock a killed run left behind. */
  staleLocksTakenOver: number;
  final: { ms: number; modelCalls: number; stagesReused: string[]; sameCsvsAsBaseline: boolean };
}

const STAGE_LINE = /^(ingest|segment|enrich|events|claims|framing|report)\s{2,}/gm;

const PLACES = ['Arlenport', 'Brockfield', 'Castlemere', 'Dunmore Bay', 'Eastwick', 'Fallowmere', 'Glenhaven', 'Harrowgate', 'Ivybridge', 'Juniper Falls'];
const PROJECTS = ['a flood barrier', 'the new tram line', 'a water treatment plant', 'the harbour dredging', 'a hospital wing', 'the ring road', 'a solar farm', 'the grain terminal'];
const OFFICIALS = ['the mayor', 'the regional engineer', 'a council spokesperson', 'the finance director', 'the planning chief'];

/** An original news-like article (about 150 words) that no other run in the loop reads. */
export function loopArticle(attempt: number, random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const place = pick(PLACES);
  const project = pick(PROJECTS);
  const cost = 20 + Math.floor(random() * 900);
  const jobs = 40 + Math.floor(random() * 2000);
  const votes = 5 + Math.floor(random() * 20);
  return [
    `${place} approves ${project} in vote number ${attempt + 1}`,
    '',
    `Councillors in ${place} voted ${votes} to ${Math.floor(votes / 3)} on Tuesday to approve ${project}, a plan expected to cost ${cost} million euros over six years.`,
    `Supporters said the project would create about ${jobs} jobs during construction and protect homes along the river.`,
    `"This is the most important decision this council has taken in a decade," ${pick(OFFICIALS)} said after the vote.`,
    `Opponents argued that the estimate of ${cost} million euros was too optimistic and that residents had not been consulted properly.`,
    `A local business group said it welcomed the decision but warned that delays could raise the final bill.`,
    `Work on ${project} is due to begin next spring, according to ${pick(OFFICIALS)}, with the first phase finished within ${2 + Math.floor(random() * 4)} years.`,
    '',
  ].join('\n');
}

function lastStage(stderr: string): string {
  return [...stderr.matchAll(STAGE_LINE)].map((m) => m[1]).pop() ?? '';
}

/** The findings' CSVs; changes.csv is left out: it compares with whichever run came last, an attempt's included. */
function csvHashes(manifest: ReturnType<typeof checkRunIntact>['manifest']): Record<string, string> {
  return Object.fromEntries(manifest.outputs.filter((o) => o.file.endsWith('.csv') && o.file !== 'changes.csv').map((o) => [o.file, o.sha256]));
}

interface LockInfo {
  pid: number;
  startedAt: string;
}

function readLock(out: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, '.crossframe.lock'), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * Starts a run and resolves when it has taken the output lock (so its work has begun: before that
 * it is only loading code, a few seconds that a kill would spend on nothing of interest), or when
 * it has ended. Returns the time the lock was taken, or undefined if the run ended first.
 */
async function startAndAwaitLock(args: string[], out: string): Promise<{ proc: CliProcess; lockedAt?: number }> {
  const previous = readLock(out);
  const proc = startCli(args);
  let ended = false;
  void proc.result.then(() => (ended = true));
  for (;;) {
    const lock = readLock(out);
    if (lock && (lock.pid !== previous?.pid || lock.startedAt !== previous?.startedAt)) return { proc, lockedAt: performance.now() };
    if (ended) return { proc };
    await sleep(10);
  }
}

/** Throws on the first broken promise: a failed run, a damaged `latest`, a final run that recomputed. */
export async function runKillLoop(opts: KillLoopOptions): Promise<KillLoopSummary> {
  const ws = opts.workspace;
  const log = opts.log ?? (() => undefined);
  const random = seededRandom(opts.seed);

  const first = await startAndAwaitLock(runArgs(ws), ws.out);
  const baseline = await first.proc.result;
  if (baseline.code !== 0) throw new Error(`the baseline run failed (exit ${baseline.code}):\n${baseline.stderr}`);
  const baselineCsvs = csvHashes(checkRunIntact(ws.out).manifest);
  // Kill times are drawn over the working part of a run (from taking the lock to exiting), learnt
  // from the baseline (a cold run, so longer) and then from the attempts that finish first.
  let workMs = first.lockedAt ? performance.now() - first.lockedAt : baseline.ms;
  log(`baseline run: ${(baseline.ms / 1000).toFixed(1)} s, of which ${(workMs / 1000).toFixed(1)} s after taking the lock`);

  const kills: KillRecord[] = [];
  let completed = 0;
  let staleLocksTakenOver = 0;
  for (let attempt = 0; kills.length < opts.kills; attempt++) {
    if (attempt >= opts.kills * 3) throw new Error(`only ${kills.length} of ${opts.kills} kills landed in ${attempt} runs: the runs finish too fast`);
    const input = path.join(ws.dir, `input-${attempt}`);
    fs.mkdirSync(input, { recursive: true });
    for (const f of fs.readdirSync(SEEDS_DIR)) fs.copyFileSync(path.join(SEEDS_DIR, f), path.join(input, f));
    fs.writeFileSync(path.join(input, `loop-${attempt}.txt`), loopArticle(attempt, random));

    const latestBefore = checkRunIntact(ws.out).runId;
    const attemptStarted = Date.now();
    const delayMs = Math.round(random() * 1.1 * workMs);
    const { proc, lockedAt } = await startAndAwaitLock(runArgs(ws, [input]), ws.out);
    const finishedFirst = await Promise.race([proc.result.then(() => true), sleep(delayMs).then(() => false)]);
    if (!finishedFirst) proc.killGroup('SIGKILL');
    const result = await proc.result;
    fs.rmSync(input, { recursive: true, force: true });
    if (/took over a stale lock/.test(result.stderr)) staleLocksTakenOver++;

    // Whatever happened, `latest` must be a whole run: the previous one, or one this attempt finished.
    const now = checkRunIntact(ws.out);
    if (now.runId !== latestBefore && Date.parse(now.manifest.startedAt) < attemptStarted - 1000) {
      throw new Error(`latest moved from ${latestBefore} to ${now.runId}, which is not the run of attempt ${attempt}`);
    }
    if (result.signal === 'SIGKILL') {
      const record = { attempt, delayMs, afterStage: lastStage(result.stderr), latestBefore, latestAfter: now.runId };
      kills.push(record);
      log(`kill ${kills.length}: ${delayMs} ms after the lock (last stage done: ${record.afterStage || 'none'}); latest ${now.runId === latestBefore ? 'unchanged' : `-> ${now.runId}`}, intact`);
    } else if (result.code === 0) {
      completed++;
      if (lockedAt) workMs = performance.now() - lockedAt;
      if (now.runId === latestBefore) throw new Error(`attempt ${attempt} finished but latest still points at ${latestBefore}`);
      log(`run ${attempt} finished before its kill time (${result.ms} ms); latest -> ${now.runId}, intact`);
    } else {
      throw new Error(`attempt ${attempt} failed on its own (exit ${result.code}, signal ${result.signal}):\n${result.stderr}`);
    }
  }
  // The nightly run after a crash: same input as the baseline, so nothing is left to compute.
  const final = await runCli(runArgs(ws));
  if (final.code !== 0) throw new Error(`the run after the kills failed (exit ${final.code}):\n${final.stderr}`);
  if (/took over a stale lock/.test(final.stderr)) staleLocksTakenOver++;
  const { manifest } = checkRunIntact(ws.out);
  const leftovers = fs.readdirSync(ws.out).filter((n) => n.endsWith('.partial') || n === '.crossframe.lock');
  if (leftovers.length) throw new Error(`after the final run ${ws.out} still holds ${leftovers.join(', ')}`);
  const finalCsvs = csvHashes(manifest);
  const summary: KillLoopSummary = {
    seed: opts.seed,
    baselineMs: baseline.ms,
    kills,
    completed,
    staleLocksTakenOver,
    final: {
      ms: final.ms,
      modelCalls: manifest.cache.modelCalls,
      stagesReused: manifest.cache.stagesReused,
      sameCsvsAsBaseline: JSON.stringify(finalCsvs) === JSON.stringify(baselineCsvs),
    },
  };
  log(`final run: ${(final.ms / 1000).toFixed(1)} s, ${manifest.cache.modelCalls} model calls, reused ${manifest.cache.stagesReused.join(', ')}; CSVs ${summary.final.sameCsvsAsBaseline ? 'identical to' : 'DIFFERENT from'} the baseline's`);
  return summary;
}
