/**
 * `crossframe check`: what a cron job runs before the real run. The caller has loaded the config
 * and passed the pre-flight (the inputs and every resource file the stages declare, read with the
 * stages' own loaders; a mistake there exits 2 before this runs); this adds the inputs, the output
 * folder and the models the stages declare (`modelRoles`), found and hashed without running any model.
 * The table goes to stdout, one line per check (a JSON object per line with --json-log); the
 * result is true only when every check passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writingTo } from '../store/outputError.js';
import type { LoadedConfig } from '../config/load.js';
import { createModelHub, type ModelRole } from '../models/hub.js';
import { openModelCache } from '../store/modelCache.js';
import { inspectLock } from '../store/lock.js';
import type { Logger } from '../runtime/logger.js';
import type { PreflightResult } from './preflight.js';

export interface CheckOptions {
  offline: boolean;
  log: Logger;
  /** The table as JSON lines on stdout (--json-log). */
  json?: boolean;
  preflight: PreflightResult;
  /** The models the stages declare, in pipeline order. */
  modelRoles: readonly ModelRole[];
}

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

async function attempt(name: string, fn: () => string | Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (err) {
    return { name, ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

function checkInputs(loaded: LoadedConfig, found: PreflightResult['discovery']): string {
  const { input } = loaded.config;
  if (found.files.length === 0) {
    throw new Error(`no readable article files under ${input.paths.join(', ')}. Fix: pass --input DIR or set input.paths.`);
  }
  const reasons = new Map<string, number>();
  for (const s of found.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const skipped = [...reasons].map(([r, n]) => `${n} ${r}`).join(', ');
  return `${found.files.length} files${found.manifests.length ? `, ${found.manifests.length} manifests` : ''}${skipped ? `; would skip ${skipped}` : ''}`;
}

function checkOutput(loaded: LoadedConfig): string {
  const dir = path.resolve(loaded.config.report.dir);
  // The same explanation and fix a run would give (a file in the way, no permission, disk full).
  writingTo(dir, '--output', () => {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.check-${process.pid}.tmp`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  });
  const holder = inspectLock(dir);
  if (holder?.alive) throw new Error(`${dir} is writable but locked by a running crossframe (pid ${holder.pid}, started ${holder.startedAt}).`);
  return `${dir} writable${holder ? ` (stale lock of pid ${holder.pid} will be taken over)` : ''}`;
}

async function checkModels(loaded: LoadedConfig, opts: CheckOptions): Promise<CheckResult[]> {
  const cache = openModelCache(path.resolve(loaded.config.models.cacheDir), { warn: (m: string) => opts.log.warn(m), info: (m: string) => opts.log.info(m) });
  try {
    const hub = await createModelHub(loaded.config.models, { offline: opts.offline, cache, log: opts.log });
    const results: CheckResult[] = [];
    for (const role of opts.modelRoles) {
      results.push(
        await attempt(`model ${role}`, async () => {
          const m = await hub.identify(role);
          return `${m.id} (${m.source}, sha256 ${m.sha256.slice(0, 12)}…)`;
        }),
      );
    }
    return results;
  } finally {
    cache.close();
  }
}

export async function runChecks(loaded: LoadedConfig, opts: CheckOptions): Promise<boolean> {
  const results: CheckResult[] = [
    { name: 'config', ok: true, detail: `${loaded.files.join(' <- ') || '(defaults)'}; ${loaded.warnings.length} warnings` },
    await attempt('inputs', () => checkInputs(loaded, opts.preflight.discovery)),
    ...opts.preflight.checks.map((c) => ({ name: c.name, ok: true, detail: c.detail })),
    await attempt('output', () => checkOutput(loaded)),
    ...(await checkModels(loaded, opts)),
  ];
  for (const r of results) {
    process.stdout.write(opts.json ? `${JSON.stringify({ check: r.name, ok: r.ok, detail: r.detail })}\n` : `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(16)} ${r.detail}\n`);
    if (!r.ok) opts.log.error(`check ${r.name} failed: ${r.detail}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  const warnings = opts.log.warningCount?.() ?? 0;
  opts.log.info(
    failed ? `${failed} check${failed > 1 ? 's' : ''} failed` : `all checks passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''} above; --strict makes unknown keys errors)` : ''}`,
    { checks: results.length, failed, warnings },
  );
  return failed === 0;
}
