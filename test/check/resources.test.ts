/**
 * `check` walks the resource files the stages declare, reading each with its stage's loader: a
 * broken file of every kind a stage reads stops `check` with exit 2 and a `file:line:col` line,
 * and `run` stops the same way before any stage. Every kind the stages declare is covered here
 * (the last test fails when a stage declares a kind this list lacks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { STAGES, stageResources } from '../../pipeline/runner.js';
import { configSchema } from '../../src/config/schema.js';
import type { ResourceKind } from '../../src/check/resourceKinds.js';
import { makeWorkspace, removeWorkspaces, runArgs, runCli, SEEDS_DIR } from '../reliability/cliHarness.js';

afterAll(removeWorkspaces);

/** One broken file per kind: the config key that names it, a file name and its content. */
const BROKEN: Record<ResourceKind, { section: string; key: string; name: string; text: string }> = {
  outlets: { section: 'input', key: 'outletsFile', name: 'outlets.yaml', text: 'outlets:\n  - name: X\n    ownership: goverment\n' },
  entities: { section: 'segment', key: 'entityAliasesFile', name: 'entities.yaml', text: 'entities:\n  - name: 5\n    aliases: nope\n' },
  stance: { section: 'claims', key: 'stanceLexicon', name: 'stance.yaml', text: 'refuse: [deny]\naccept: [confirm]\nnegations: [not]\nnegationWindow: 0\n' },
  lexicon: { section: 'framing', key: 'hedgesLexicon', name: 'hedges.yaml', text: 'terms: 5\n' },
  speakers: { section: 'framing', key: 'speakersFile', name: 'speakers.yaml', text: 'groups: nope\n' },
  verdicts: { section: 'report', key: 'verdictsFile', name: 'verdicts.yaml', text: 'verdicts:\n  - id: x\n    verdict: maybe\n' },
  'events-judge': { section: 'events', key: 'judge', name: 'events.json', text: '{"kind": "events-judge", "version": }' },
  'relations-judge': { section: 'claims', key: 'judge', name: 'relations.json', text: '{"kind": "relations"}' },
  'numeric-judge': { section: 'claims', key: 'numericJudge', name: 'numeric.json', text: '[1,2' },
  'tone-judge': { section: 'framing', key: 'toneModel', name: 'tone.json', text: '{}' },
};

const located = (stderr: string, file: string) => stderr.split('\n').filter((l) => l.trim().startsWith(`${file}:`) && /^\s*\S+:\d+:\d+ .+: .*Fix: /.test(l));

describe.each(Object.entries(BROKEN))('a broken %s file', (kind, broken) => {
  test('stops check and run with exit 2 and file:line:col', async () => {
    const ws = makeWorkspace(`broken-${kind}`);
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
  for (const kind of kinds) expect(Object.keys(BROKEN)).toContain(kind);
});
