/**
 * The pre-flight `run` and `check` share: the input paths, the manifests under them and every
 * resource file the stages declare (pipeline/stage.ts `resources`: outlet directory, entity
 * aliases, stance lexicon, framing lexicons, speaker groups, verdicts, fitted judges) are read
 * with the loaders the stages use and validated before the first stage, so a mistake costs
 * seconds, not a night. Each real mistake gives one line, `file:line:col key: message. Fix: ...`;
 * any mistake stops the command with exit 2. Unknown keys are warnings, errors under --strict.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type LoadedConfig } from '../config/load.js';
import { discoverFiles, type Discovery } from '../ingest/discoverFiles.js';
import { loadManifests } from '../ingest/manifest.js';
import { CHECK_ROW, checkResource, type ResourceFile } from './resourceKinds.js';

export interface PreflightOptions {
  /** Unknown keys in any file are errors (`--strict`). */
  strict: boolean;
  /** The resource files the stages declare (pipeline/session.ts `stageResources`). */
  resources: ResourceFile[];
}

export interface PreflightResult {
  /** What was read and found good, one line per kind of file (the `check` table). */
  checks: { name: string; detail: string }[];
  /** Unknown keys (when not strict), with the closest known key. */
  warnings: string[];
  discovery: Discovery;
}

/** Validates every file the run reads; throws ConfigError (exit 2) listing one line per mistake. */
export function preflight(loaded: LoadedConfig, opts: PreflightOptions): PreflightResult {
  const { config } = loaded;
  const problems: string[] = [];
  const warnings: string[] = [];
  const checks: PreflightResult['checks'] = [];
  const step = (name: string, fn: () => string) => {
    const before = problems.length;
    try {
      const detail = fn();
      if (problems.length === before) checks.push({ name, detail });
    } catch (err) {
      problems.push(...(err instanceof ConfigError ? err.problems : String((err as Error)?.message ?? err).split('\n')));
    }
  };

  for (const given of config.input.paths) {
    if (!fs.existsSync(given)) {
      problems.push(`${given}: input path does not exist (looked for ${path.resolve(given)}). Fix: pass an existing folder or file (crossframe run DIR...) or set input.paths.`);
    }
  }
  const discovery = discoverFiles(config.input.paths, { maxFileBytes: config.input.maxFileBytes });
  step('manifests', () => {
    const { skipped } = loadManifests(discovery.manifests, discovery.files);
    for (const s of skipped.filter((k) => k.reason === 'malformed-manifest')) {
      const line = `${s.file}:${s.line ?? 1}:1 manifest: ${s.detail.replace(/^entry ignored: /, 'entry: ')}`;
      // An unknown top-level key is ignored and loses nothing; a bad entry would drop that file's facts.
      // An alias bomb is hostile input, not an editor's slip: like any hostile input it is skipped and
      // listed (malformed-manifest) and the night goes on.
      if (/YAML aliases are limited/.test(s.detail)) warnings.push(`${line}: skipped as malformed-manifest`);
      else if (/^unknown key "[^"]*" \([^)]*\): ignored$/.test(s.detail)) (opts.strict ? problems : warnings).push(`${line}. Fix: correct or remove it.`);
      else problems.push(`${line}. Fix: correct the entry (see the manifest section of the README).`);
    }
    return `${discovery.manifests.length} manifest${discovery.manifests.length === 1 ? '' : 's'}`;
  });
  // Each file once (the speaker groups are read by framing and report), shown in its kind's row.
  const seen = new Set<string>();
  const rows = new Map<string, string[]>();
  const failedRows = new Set<string>();
  for (const res of opts.resources) {
    if (seen.has(`${res.kind}\0${res.file}`)) continue;
    seen.add(`${res.kind}\0${res.file}`);
    const row = CHECK_ROW[res.kind];
    const checked = checkResource(res);
    problems.push(...checked.problems);
    (opts.strict ? problems : warnings).push(...checked.unknownKeys);
    if (checked.problems.length || (opts.strict && checked.unknownKeys.length)) failedRows.add(row);
    rows.set(row, [...(rows.get(row) ?? []), checked.detail]);
  }
  for (const [name, details] of rows) if (!failedRows.has(name)) checks.push({ name, detail: details.join(', ') });
  if (problems.length) throw new ConfigError(problems);
  return { checks, warnings, discovery };
}
