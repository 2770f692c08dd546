/**
 * The pre-flight `run` and `check` share: every file a run will read (config, input paths,
 * manifests, outlets, entities, stance lexicon, framing lexicons, speakers) is parsed and
 * validated before the first stage, so a mistake costs seconds, not a night. Each real mistake
 * gives one line, `file:line:col key: message. Fix: ...`; any mistake stops the command with
 * exit 2. Unknown keys are warnings, errors under --strict.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type LoadedConfig } from '../src/config/load.js';
import { discoverFiles, type Discovery } from '../src/ingest/discoverFiles.js';
import { loadManifests } from '../src/ingest/manifest.js';
import { loadOutlets } from '../src/ingest/outlets.js';
import { checkAliasFile } from '../src/text/entityAliases.js';
import { checkStanceLexicon } from '../src/analysis/claimsStance.js';
import { loadFramingResources } from '../src/analysis/framingResources.js';
import { readEditorText } from '../src/config/editorYaml.js';
import type { UnknownKey } from '../src/config/problems.js';
import { checkVerdictsFile, VERDICTS_DEFAULT } from '../src/report/verdicts.js';

export interface PreflightOptions {
  /** Unknown keys in any file are errors (`--strict`). */
  strict: boolean;
}

export interface PreflightResult {
  /** What was read and found good, one line per kind of file (the `check` table). */
  checks: { name: string; detail: string }[];
  /** Unknown keys (when not strict), with the closest known key. */
  warnings: string[];
  discovery: Discovery;
}

const linesOf = (err: unknown): string[] => (err instanceof ConfigError ? err.problems : String((err as Error)?.message ?? err).split('\n'));

/** Bounded, regular files only (editorYaml.ts): a device or FIFO named as a file cannot hang the pre-flight. */
function readText(file: string, what: string, key: string): { text: string } | { problem: string } {
  try {
    return { text: readEditorText(file, { role: what, key }) };
  } catch (err) {
    if (err instanceof ConfigError) return { problem: err.problems.join('\n') };
    throw err;
  }
}

/** Validates every file the run reads; throws ConfigError (exit 2) listing one line per mistake. */
export function preflight(loaded: LoadedConfig, opts: PreflightOptions): PreflightResult {
  const { config } = loaded;
  const problems: string[] = [];
  const warnings: string[] = [];
  const checks: PreflightResult['checks'] = [];
  const unknown = (keys: UnknownKey[]) => (opts.strict ? problems : warnings).push(...keys.map((u) => u.problem));
  const step = (name: string, fn: () => string) => {
    const before = problems.length;
    try {
      const detail = fn();
      if (problems.length === before) checks.push({ name, detail });
    } catch (err) {
      problems.push(...linesOf(err));
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
  step('outlets', () => `${loadOutlets(config.input.outletsFile).outlets.length} outlets in ${config.input.outletsFile}`);
  step('entities', () => {
    const read = readText(config.segment.entityAliasesFile, 'entity alias file', 'segment.entityAliasesFile');
    if ('problem' in read) throw new ConfigError(read.problem.split('\n'));
    const checked = checkAliasFile(read.text, config.segment.entityAliasesFile);
    problems.push(...checked.problems);
    unknown(checked.unknownKeys);
    return `${checked.entries.length} entities in ${config.segment.entityAliasesFile}`;
  });
  step('stance', () => {
    const read = readText(config.claims.stanceLexicon, 'stance lexicon', 'claims.stanceLexicon');
    if ('problem' in read) throw new ConfigError(read.problem.split('\n'));
    const checked = checkStanceLexicon(read.text, config.claims.stanceLexicon);
    problems.push(...checked.problems);
    unknown(checked.unknownKeys);
    return config.claims.stanceLexicon;
  });
  step('lexicons', () => {
    const resources = loadFramingResources(config.framing);
    return resources.files.map((f) => f.file).join(', ');
  });
  step('verdicts', () => {
    const file = config.report.verdictsFile;
    if (!file) return 'none (report.verdictsFile is empty)';
    if (!fs.existsSync(file) && file === VERDICTS_DEFAULT) return `none (no ${file})`;
    const read = readText(file, 'verdicts file', 'report.verdictsFile');
    if ('problem' in read) throw new ConfigError(read.problem.split('\n'));
    const checked = checkVerdictsFile(read.text, file);
    problems.push(...checked.problems);
    unknown(checked.unknownKeys);
    return `${checked.verdicts?.length ?? 0} verdicts in ${file}`;
  });
  if (problems.length) throw new ConfigError(problems);
  return { checks, warnings, discovery };
}
