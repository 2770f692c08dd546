/**
 * `check` walks the resource files the stages declare, reading each with its stage's loader: a
 * broken file of every kind a stage reads stops `check` with exit 2 and a `file:line:col` line,
 * and `run` stops the same way before any stage. The judge files are broken here, the YAML kinds
 * in test/reliability/brokenEditorFiles.test.ts; the last test fails when a stage declares a kind
 * neither covers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { STAGES, stageResources } from '../../pipeline/runner.js';
import { configSchema } from '../../src/config/schema.js';
import type { ResourceKind } from '../../src/check/resourceKinds.js';
import { makeWorkspace, removeWorkspaces, runArgs, runCli, SEEDS_DIR } from '../reliability/cliHarness.js';

afterAll(removeWorkspaces);

/**
 * The judge files, one broken file each. The YAML kinds (outlets, entities, stance, lexicons,
 * speakers, verdicts) are covered line by line, with the exact line, column and key, by
 * test/reliability/brokenEditorFiles.test.ts; both lists together must cover every declared kind.
 */
const BROKEN_JUDGES: Partial<Record<ResourceKind, { section: string; key: string; name: string; text: string }>> = {
  'events-judge': { section: 'events', key: 'judge', name: 'events.json', text: '{"kind": "events-judge", "version": }' },
  'relations-judge': { section: 'claims', key: 'judge', name: 'relations.json', text: '{"kind": "relations"}' },
  'numeric-judge': { section: 'claims', key: 'numericJudge', name: 'numeric.json', text: '[1,2' },
  'tone-judge': { section: 'framing', key: 'toneModel', name: 'tone.json', text: '{}' },
};
/** The kinds brokenEditorFiles.test.ts breaks. */
const YAML_KINDS_TESTED_ELSEWHERE: ResourceKind[] = ['outlets', 'entities', 'stance', 'lexicon', 'speakers', 'verdicts'];

const located = (stderr: string, file: string) => stderr.split('\n').filter((l) => l.trim().startsWith(`${file}:`) && /^\s*\S+:\d+:\d+ .+: .*Fix: /.test(l));

describe.each(Object.entries(BROKEN_JUDGES))('a broken %s file', (kind, broken) => {
  test('stops check and run with exit 2 and file:line:col', async () => {
    const ws = makeWorkspace(`broken-${kind}`);
    if (!broken) throw new Error(`no broken file for ${kind}`);
    const file = path.join(ws.dir, broken.name);
    fs.writeFileSync(file, broken.text);
    fs.appendFileSync(ws.config, `${broken.section}:\n  ${broken.key}: ${JSON.stringify(file)}\n`);
    const check = await runCli(['check', '--config', ws.config, '--output', ws.out, '--input', SEEDS_DIR]);
    expect([check.code, located(check.stderr, file).length > 0]).toEqual([2, true]);
    const run = await runCli(runArgs(ws));
    expect([run.code, located(run.stderr, file).length > 0]).toEqual([2, true]);
    expect(fs.existsSync(path.join(ws.out, 'latest'))).toBe(false);
  });
});

test('every kind of file a stage declares is covered above', () => {
  const kinds = new Set(stageResources(STAGES, configSchema.parse({ report: { verdictsFile: 'config/verdicts.yaml' } })).map((r) => r.kind));
  for (const kind of kinds) expect([...Object.keys(BROKEN_JUDGES), ...YAML_KINDS_TESTED_ELSEWHERE]).toContain(kind);
});
