/**
 * One error family: a broken file of each kind the stages read (config, outlets, entities, stance,
 * the three framing lexicons, speakers, a manifest, verdicts) makes `crossframe run` and
 * `crossframe check` fail the same way through the bin: exit 2, nothing written, and one line per
 * mistake `file:line:col key: message. Fix: ...`, never "run failed" or a stack-trace hint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeWorkspace, removeWorkspaces, runArgs, runCli, type Workspace } from './cliHarness.js';

afterAll(removeWorkspaces);

const STORY = 'Officials confirmed on Monday that the harbour would reopen next week after repairs to the quay, a spokesperson said.';

interface BrokenKind {
  kind: string;
  /** Config lines pointing at the broken file (`FILE` is replaced by its path); none for the config itself. */
  config: string;
  /** The broken file's text. */
  text: string;
  /** Where the file goes: a config-named file, the config itself, or a manifest in the input folder. */
  place?: 'config' | 'manifest';
  /** The line and column of the mistake, and the key named. */
  at: string;
  key: string;
}

const KINDS: BrokenKind[] = [
  { kind: 'config', config: '', place: 'config', text: 'events:\n  windowDays: many\n', at: '5:15', key: 'events.windowDays' },
  { kind: 'outlets', config: 'input:\n  outletsFile: FILE\n', text: 'outlets:\n  - name: Daily\n    domain: daily.example\n', at: '3:5', key: 'outlets #1.domain' },
  { kind: 'entities', config: 'segment:\n  entityAliasesFile: FILE\n', text: 'entities:\n  - name: Harbour Board\n    type: company\n', at: '3:11', key: 'entities #1.type' },
  { kind: 'stance', config: 'claims:\n  stanceLexicon: FILE\n', text: 'refuse: [reject]\naccept: agree\nnegations: [not]\n', at: '2:9', key: 'accept' },
  { kind: 'loaded lexicon', config: 'framing:\n  loadedLexicon: FILE\n', text: 'terms:\n  - slammed\n  - [a, b\n', at: '4:1', key: 'YAML syntax' },
  { kind: 'hedges lexicon', config: 'framing:\n  hedgesLexicon: FILE\n', text: 'term: [reportedly]\n', at: '1:1', key: 'term' },
  { kind: 'attribution lexicon', config: 'framing:\n  attributionLexicon: FILE\n', text: 'terms: said\n', at: '1:8', key: 'terms' },
  { kind: 'speakers', config: 'framing:\n  speakersFile: FILE\n', text: 'groups:\n  - name: Officials\n    patterns: ["(a)\\\\1"]\n', at: '3:16', key: 'groups #1.patterns #1' },
  { kind: 'manifest', config: '', place: 'manifest', text: 'files:\n  - file: harbour.txt\n    published: next week\n', at: '2:1', key: 'manifest' },
  { kind: 'verdicts', config: 'report:\n  verdictsFile: FILE\n', text: 'verdicts:\n  - id: cm-0123456789ab\n    verdict: maybe\n', at: '3:14', key: 'verdicts #1.verdict' },
];

function setUp(k: BrokenKind): { ws: Workspace; input: string; file: string } {
  const ws = makeWorkspace(`broken-${k.kind.replace(/\s+/g, '-')}`);
  const input = path.join(ws.dir, 'input');
  fs.mkdirSync(input);
  fs.writeFileSync(path.join(input, 'harbour.txt'), `Harbour to reopen\n\n${STORY}\n`);
  if (k.place === 'config') {
    fs.appendFileSync(ws.config, k.text);
    return { ws, input, file: ws.config };
  }
  const file = k.place === 'manifest' ? path.join(input, 'manifest.yaml') : path.join(ws.dir, 'broken.yaml');
  fs.writeFileSync(file, k.text);
  fs.appendFileSync(ws.config, k.config.replace('FILE', JSON.stringify(file)));
  return { ws, input, file };
}

describe.each(KINDS)('a broken $kind file', (k) => {
  test.each(['run', 'check'])('%s: exit 2, file:line:col key: message. Fix', async (command) => {
    const { ws, input, file } = setUp(k);
    const args = command === 'run' ? runArgs(ws, [input]) : ['check', '--config', ws.config, '--output', ws.out, '--input', input];
    const result = await runCli(args);
    expect(result.code).toBe(2);
    const line = result.stderr.split('\n').find((l) => l.includes(`${file}:`)) ?? '';
    expect(line.trim()).toMatch(new RegExp(`^${escape(file)}:${k.at} ${escape(k.key)}: .+\\. Fix: .+`));
    expect(result.stderr).toMatch(/^crossframe: nothing was run/m);
    expect(result.stderr).not.toMatch(/run failed|CROSSFRAME_DEBUG|\n\s+at /);
    expect(fs.existsSync(path.join(ws.out, 'latest'))).toBe(false);
  }, 60_000);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
