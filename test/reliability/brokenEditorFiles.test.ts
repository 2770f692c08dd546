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

/**
 * Every broken file but the config goes into one workspace: the pre-flight reads every file and
 * reports each mistake on its own line, so one `run` and one `check` cover them all (a spawn of
 * the bin costs about a second of start-up). The config itself, once broken, names no other file:
 * it gets its own workspace.
 */
interface Setup {
  ws: Workspace;
  input: string;
  /** The broken file of each kind. */
  files: Map<string, string>;
}

function setUp(kinds: BrokenKind[]): Setup {
  const ws = makeWorkspace(`broken-${kinds.length > 1 ? 'files' : kinds[0].kind}`);
  const input = path.join(ws.dir, 'input');
  fs.mkdirSync(input);
  fs.writeFileSync(path.join(input, 'harbour.txt'), `Harbour to reopen\n\n${STORY}\n`);
  const files = new Map<string, string>();
  /** Config lines per top-level section, so kinds that share a section (framing) share one key. */
  const sections = new Map<string, string[]>();
  kinds.forEach((k, i) => {
    if (k.place === 'config') {
      fs.appendFileSync(ws.config, k.text);
      files.set(k.kind, ws.config);
      return;
    }
    const file = k.place === 'manifest' ? path.join(input, 'manifest.yaml') : path.join(ws.dir, `broken-${i}.yaml`);
    fs.writeFileSync(file, k.text);
    files.set(k.kind, file);
    const [section, ...lines] = k.config.replace('FILE', JSON.stringify(file)).split('\n').filter(Boolean);
    if (section) sections.set(section, [...(sections.get(section) ?? []), ...lines]);
  });
  fs.appendFileSync(ws.config, [...sections].map(([section, lines]) => `${section}\n${lines.join('\n')}\n`).join(''));
  return { ws, input, files };
}

interface Outcome {
  code: number | null;
  stderr: string;
  wroteLatest: boolean;
}

async function runBoth(setup: Setup): Promise<Record<'run' | 'check', Outcome>> {
  const { ws, input } = setup;
  const outcome = async (args: string[]): Promise<Outcome> => {
    const result = await runCli(args);
    return { code: result.code, stderr: result.stderr, wroteLatest: fs.existsSync(path.join(ws.out, 'latest')) };
  };
  return {
    run: await outcome(runArgs(ws, [input])),
    check: await outcome(['check', '--config', ws.config, '--output', ws.out, '--input', input]),
  };
}

const ALONE = KINDS.filter((k) => k.place === 'config');
const TOGETHER = KINDS.filter((k) => k.place !== 'config');
let alone: Setup;
let together: Setup;
const outcomes = new Map<Setup, Record<'run' | 'check', Outcome>>();

beforeAll(async () => {
  alone = setUp(ALONE);
  together = setUp(TOGETHER);
  for (const setup of [alone, together]) outcomes.set(setup, await runBoth(setup));
}, 240_000);

describe.each(KINDS)('a broken $kind file', (k) => {
  test.each(['run', 'check'] as const)('%s: exit 2, file:line:col key: message. Fix', (command) => {
    const setup = ALONE.includes(k) ? alone : together;
    const result = outcomes.get(setup)![command];
    const file = setup.files.get(k.kind) as string;
    expect(result.code).toBe(2);
    // Exactly one line for this file's one mistake.
    const lines = result.stderr.split('\n').filter((l) => l.includes(`${file}:`));
    expect(lines).toHaveLength(1);
    expect(lines[0].trim()).toMatch(new RegExp(`^${escape(file)}:${k.at} ${escape(k.key)}: .+\\. Fix: .+`));
    expect(result.stderr).toMatch(/^crossframe: nothing was run/m);
    expect(result.stderr).not.toMatch(/run failed|CROSSFRAME_DEBUG|\n\s+at /);
    expect(result.wroteLatest).toBe(false);
  });
});

test('with every file but the config broken at once, each mistake is one line and nothing else is reported', () => {
  for (const command of ['run', 'check'] as const) {
    const problems = outcomes.get(together)![command].stderr.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(problems).toHaveLength(TOGETHER.length);
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
