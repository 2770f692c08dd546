/**
 * What `crossframe eval` and `crossframe bench` share: where the repository and the shared data
 * are, the machine facts every result carries, the dated JSON file, and the printed table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { writeAtomic } from '../report/atomicWrite.js';
import { CODE_VERSION } from '../runtime/version.js';
import { heapFlagsInEffect } from '../runtime/heapLimit.js';
import { UsageError } from '../runtime/errors.js';

/** The repository root (two levels above src/eval). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared/eval next to the repository: the evaluation sets, read in place, never copied. */
export const DEFAULT_EVAL_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'eval');

export const OFFLINE_PROFILE = path.join('config', 'offline.yaml');

/**
 * ../shared/models next to the repository: the fp32 originals of the bundled models and the
 * MiniLM-size speed model. Only `crossframe bench` falls back to it (for fp32 and perf models the
 * bundled folder does not have); runs, eval and tests use the bundled models.
 */
export const DEV_MODELS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'models');

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the command started (other jobs skew timings). */
  loadAverage: number[];
  /** V8 heap flags the measuring process runs with (--max-semi-space-size, --max-old-space-size); [] for V8's own. */
  v8HeapFlags: string[];
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? '',
    memoryGB: Math.round(os.totalmem() / 1e8) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    v8HeapFlags: heapFlagsInEffect(),
  };
}

export interface ResultHeader {
  tool: 'crossframe';
  command: 'eval' | 'bench';
  version: string;
  startedAt: string;
  machine: MachineFacts;
}

export function resultHeader(command: ResultHeader['command'], startedAt: Date): ResultHeader {
  return { tool: 'crossframe', command, version: CODE_VERSION, startedAt: startedAt.toISOString(), machine: machineFacts() };
}

/** output/<command>/<YYYY-MM-DD>.json under the working directory (a same-day re-run replaces it). */
export function defaultResultFile(command: ResultHeader['command'], startedAt: Date): string {
  const day = startedAt.toISOString().slice(0, 10);
  return path.resolve('output', command, `${day}.json`);
}

/** JSON cannot hold NaN or Infinity; they become null so a failed measurement stays visible. */
export function writeResult(file: string, result: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomic(file, `${JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

/** A plain aligned text table (numbers right-aligned), for stdout. */
export function renderTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === ''));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 0.001 || abs === 0) return x.toFixed(3);
  return x.toExponential(1);
}

/** "a,b , c" -> ["a","b","c"]. */
export function splitList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : undefined;
}

/** Positive integers from "1,8,32"; throws a usage error naming the option. */
export function parseIntList(value: string | string[] | undefined, option: string): number[] | undefined {
  const parts = splitList(value);
  if (!parts) return undefined;
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option}: "${p}" is not a positive whole number (example: ${option} 1,8,32).`);
    return n;
  });
}

export function parsePositiveInt(value: string | number | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option}: "${value}" is not a positive whole number.`);
  return n;
}

/** Bad command-line values: the CLI prints the message and exits 2 (defined with the error family). */
export { UsageError } from '../runtime/errors.js';

/** The config and offline flag the harness runs with: the offline profile unless --config says otherwise. */
export function loadEvalConfig(config: string | undefined, offline: boolean | undefined): { loaded: LoadedConfig; offline: boolean } {
  const file = config ?? (fs.existsSync(OFFLINE_PROFILE) ? OFFLINE_PROFILE : path.join(REPO_ROOT, OFFLINE_PROFILE));
  const loaded = loadConfig(file);
  const isOffline = offline ?? config === undefined;
  if (isOffline) loaded.config.models.allowRemote = false;
  return { loaded, offline: isOffline };
}

/** One command-line option of `crossframe eval` or `crossframe bench`, declared once for commander. */
export interface CliOption {
  flags: string;
  description: string;
}
