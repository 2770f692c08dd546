/**
 * `crossframe check`: what a cron job runs before the real run. It validates the config (already
 * loaded by the caller), the inputs, every resource file the config names, the output folder and
 * the models, without running any model. Each check prints one line; the result is true only when
 * every check passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writingTo } from '../src/store/outputError.js';
import type { LoadedConfig } from '../src/config/load.js';
import { discoverFiles } from '../src/ingest/discoverFiles.js';
import { loadOutlets } from '../src/ingest/outlets.js';
import { loadAliasTable } from '../src/text/entityAliases.js';
import { loadFramingResources } from '../src/analysis/framingResources.js';
import { loadToneJudge } from '../src/analysis/toneModel.js';
import { createModelHub, MODEL_ROLES } from '../src/models/hub.js';
import { openModelCache } from '../src/store/modelCache.js';
import { inspectLock } from '../src/store/lock.js';
import type { Logger } from './stage.js';

export interface CheckOptions {
  offline: boolean;
  log: Logger;
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

function checkInputs(loaded: LoadedConfig): string {
  const { input } = loaded.config;
  const found = discoverFiles(input.paths, { maxFileBytes: input.maxFileBytes });
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
  const cache = openModelCache(path.resolve(loaded.config.models.cacheDir), { warn: (m: string) => opts.log.warn(m) });
  try {
    const hub = await createModelHub(loaded.config.models, { offline: opts.offline, cache, log: opts.log });
    const results: CheckResult[] = [];
    for (const role of MODEL_ROLES) {
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
  const { config } = loaded;
  const results: CheckResult[] = [
    { name: 'config', ok: true, detail: `${loaded.files.join(' <- ') || '(defaults)'}; ${loaded.warnings.length} warnings` },
    await attempt('inputs', () => checkInputs(loaded)),
    await attempt('outlets', () => `${loadOutlets(config.input.outletsFile).outlets.length} outlets in ${config.input.outletsFile}`),
    await attempt('entities', () => {
      loadAliasTable(config.segment.entityAliasesFile);
      return config.segment.entityAliasesFile;
    }),
    await attempt('lexicons', () => {
      loadFramingResources(config.framing);
      return [config.framing.loadedLexicon, config.framing.hedgesLexicon, config.framing.attributionLexicon, config.framing.speakersFile].join(', ');
    }),
    await attempt('tone model', () => {
      const judge = loadToneJudge(config.framing.toneModel);
      return `${config.framing.toneModel} (fit ${judge.training.trainedAt.slice(0, 10)} on ${judge.training.rows} sentences)`;
    }),
    await attempt('output', () => checkOutput(loaded)),
    ...(await checkModels(loaded, opts)),
  ];
  for (const r of results) {
    const line = `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(16)} ${r.detail}`;
    if (r.ok) opts.log.info(line);
    else opts.log.error(line);
  }
  const failed = results.filter((r) => !r.ok).length;
  opts.log.info(failed ? `${failed} check${failed > 1 ? 's' : ''} failed` : 'all checks passed');
  return failed === 0;
}
