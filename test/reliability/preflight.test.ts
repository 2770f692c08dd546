/**
 * One pre-flight for `check` and `run`: a mistake in any file a run reads (config, outlets,
 * entities, stance lexicon, framing lexicons, speakers, manifests) stops the command with exit 2
 * before any stage, as one line `file:line:col key: message. Fix: ...` at the mistake's own line.
 * The copies of the shipped files live beside the workspace config, which names them with paths
 * relative to itself (so this also checks that config paths resolve against the config's folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeWorkspace, REPO_ROOT, removeWorkspaces, runCli, SEEDS_DIR, type Workspace } from './cliHarness.js';

afterAll(removeWorkspaces);

const RESOURCES = {
  outlets: 'config/outlets.yaml',
  entities: 'config/entities.yaml',
  stance: 'config/lexicons/stance.yaml',
  loaded: 'config/lexicons/loaded.yaml',
  hedges: 'config/lexicons/hedges.yaml',
  attribution: 'config/lexicons/attribution.yaml',
  speakers: 'config/speakers.yaml',
} as const;
type Resource = keyof typeof RESOURCES;

const PROFILE = [
  'input:\n  outletsFile: res/outlets.yaml',
  'segment:\n  entityAliasesFile: res/entities.yaml',
  'claims:\n  stanceLexicon: res/stance.yaml',
  'framing:\n  loadedLexicon: res/loaded.yaml\n  hedgesLexicon: res/hedges.yaml\n  attributionLexicon: res/attribution.yaml\n  speakersFile: res/speakers.yaml',
].join('\n');

interface Broken {
  ws: Workspace;
  /** The file with the mistake and the 1-based line where it is. */
  file: string;
  line: number;
  inputs: string[];
  extraArgs?: string[];
  message: RegExp;
}

/** One mistake made in a given workspace: its file, line and message, and the inputs it needs (if any). */
type Mistake = Omit<Broken, 'ws' | 'inputs'> & { inputs?: string[] };

/** A workspace with copies of every resource; the cases below break lines of them. */
function workspace(name: string, extraYaml = ''): Workspace {
  const ws = makeWorkspace(`preflight-${name}`, `${PROFILE}\n${extraYaml}`);
  fs.mkdirSync(path.join(ws.dir, 'res'));
  for (const [key, rel] of Object.entries(RESOURCES)) fs.copyFileSync(path.join(REPO_ROOT, rel), path.join(ws.dir, 'res', `${key}.yaml`));
  return ws;
}

function breakResource(resource: Resource, edit: (lines: string[]) => number, message: RegExp): (ws: Workspace) => Mistake {
  return (ws) => {
    const file = path.join(ws.dir, 'res', `${resource}.yaml`);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const line = edit(lines) + 1;
    fs.writeFileSync(file, lines.join('\n'));
    return { file, line, message };
  };
}

const indexOf = (lines: string[], re: RegExp) => {
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`no line matches ${re}`);
  return i;
};

/** The config of the shared workspace names the verdicts file the 'verdicts entry' case breaks. */
const SHARED_YAML = 'report:\n  verdictsFile: verdicts.yaml\n';

/**
 * Mistakes in different files, made together in one workspace: the pre-flight reads every file
 * and reports each mistake on its own line, so one `check` and one `run` cover them all (each
 * spawn of the bin costs about a second of start-up). Two mistakes in the same file cannot share
 * a workspace (a YAML syntax error hides the rest of its file): 'speakers bad pattern' has its own.
 */
const SHARED: Record<string, (ws: Workspace) => Mistake> = {
  'outlets key misspelt': breakResource('outlets', (l) => (l.splice(indexOf(l, /^ {2}- name: Sputnik/) + 1, 0, '    aliasses: [Sputnik International]'), indexOf(l, /aliasses/)), /outlets #\d+\.aliasses: unknown key \(did you mean "aliases"\?\)/),
  'entities type': breakResource('entities', (l) => {
    const i = indexOf(l, /^ {4}type: place/);
    l[i] = '    type: country';
    return i;
  }, /entities #\d+\.type: must be one of person, organization, place/),
  'stance window': breakResource('stance', (l) => {
    const i = indexOf(l, /^actWindow:/);
    l[i] = 'actWindow: six';
    return i;
  }, /actWindow: Expected number/),
  'loaded lexicon tab': breakResource('loaded', (l) => {
    const i = indexOf(l, /^terms:/) + 3;
    l[i] = `\t${l[i].trimStart()}`;
    return i;
  }, /YAML syntax: Tabs are not allowed/),
  'hedges entry': breakResource('hedges', (l) => {
    const i = indexOf(l, /^terms:/) + 1 + indexOf(l.slice(indexOf(l, /^terms:/) + 1), /^ {2}- /);
    l[i] = '  - [nested, list]';
    return i;
  }, /terms #\d+: Expected string, received array/),
  'attribution key misspelt': breakResource('attribution', (l) => {
    const i = indexOf(l, /^terms:/);
    l[i] = 'term:';
    return i;
  }, /term: unknown key \(did you mean "terms"\?\)/),
  'speakers stray line': breakResource('speakers', (l) => (l.splice(indexOf(l, /speaking anonymously/) + 1, 0, '   stray indented line'), indexOf(l, /stray indented/)), /YAML syntax: /),
  'manifest entry': (ws) => {
    const input = path.join(ws.dir, 'articles');
    fs.mkdirSync(input);
    const seed = fs.readdirSync(SEEDS_DIR)[0];
    fs.copyFileSync(path.join(SEEDS_DIR, seed), path.join(input, seed));
    const file = path.join(input, 'manifest.yaml');
    fs.writeFileSync(file, `files:\n  - file: ${seed}\n    outlet: BBC News\n  - file: ${seed}\n    publisehd: 2024-01-02\n`);
    return { file, line: 4, inputs: [input], message: /unknown key "publisehd" \(did you mean "published"\?\)/ };
  },
  'verdicts entry': (ws) => {
    const file = path.join(ws.dir, 'verdicts.yaml');
    fs.writeFileSync(file, 'verdicts:\n  - id: cm-88ff20cf7842\n    verdict: right\n  - id: om-0123456789ab\n    verdict: wrongish\n');
    return { file, line: 5, message: /verdicts #2\.verdict: must be wrong or right/ };
  },
};

/** Cases with a workspace of their own (a broken config names no other file; --strict changes the rules). */
const ALONE: Record<string, () => Broken> = {
  'config value': () => {
    const ws = workspace('config', 'events:\n  threshold: 2\n');
    const line = fs.readFileSync(ws.config, 'utf8').split('\n').indexOf('  threshold: 2') + 1;
    return { ws, file: ws.config, line, inputs: [SEEDS_DIR], message: /events\.threshold: / };
  },
  'config key misspelt, --strict': () => {
    const ws = workspace('strict', 'events:\n  treshold: 0.5\n');
    const line = fs.readFileSync(ws.config, 'utf8').split('\n').indexOf('  treshold: 0.5') + 1;
    return { ws, file: ws.config, line, inputs: [SEEDS_DIR], extraArgs: ['--strict'], message: /events\.treshold: unknown key \(did you mean "events\.threshold"\?\)/ };
  },
  'speakers bad pattern': () => {
    const ws = workspace('speakers-pattern');
    const mistake = breakResource('speakers', (l) => (l.push('  - name: Broken', '    patterns: ["(unclosed"]'), l.length - 1), /groups #\d+\.patterns #1: speaker pattern "\(unclosed":? (is )?not a valid regular expression/)(ws);
    return { ws, inputs: [SEEDS_DIR], ...mistake };
  },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The problem lines (two-space indented) of stderr. */
  problems: string[];
  outputExists: boolean;
}

/** `check` and `run` on a workspace, once each. */
async function runBoth(ws: Workspace, inputs: string[], extraArgs: string[] = []): Promise<Record<string, Outcome>> {
  const outcomes: Record<string, Outcome> = {};
  for (const command of ['check', 'run']) {
    const r = await runCli([command, '--config', ws.config, '--output', ws.out, ...extraArgs, ...inputs]);
    outcomes[command] = { code: r.code, stdout: r.stdout, stderr: r.stderr, problems: r.stderr.split('\n').filter((l) => /^ {2}\S/.test(l)), outputExists: fs.existsSync(ws.out) };
  }
  return outcomes;
}

const cases = new Map<string, { broken: Broken; outcomes: Record<string, Outcome> }>();

beforeAll(async () => {
  const shared = workspace('shared', SHARED_YAML);
  const mistakes = Object.entries(SHARED).map(([name, make]) => [name, make(shared)] as const);
  const inputs = mistakes.flatMap(([, m]) => m.inputs ?? []);
  const sharedOutcomes = await runBoth(shared, inputs);
  for (const [name, m] of mistakes) cases.set(name, { broken: { ws: shared, inputs, ...m }, outcomes: sharedOutcomes });
  for (const [name, make] of Object.entries(ALONE)) {
    const broken = make();
    cases.set(name, { broken, outcomes: await runBoth(broken.ws, broken.inputs, broken.extraArgs) });
  }
}, 300_000);

describe.each([...Object.keys(SHARED), ...Object.keys(ALONE)])('%s', (name) => {
  test.each(['check', 'run'])('%s exits 2 before any stage with one located message', (command) => {
    const { broken, outcomes } = cases.get(name)!;
    const r = outcomes[command];
    const made = [...cases.values()].filter((c) => c.broken.ws === broken.ws).length;
    const header = made === 1 ? 'nothing was run; fix this first:' : `nothing was run; fix these ${made} first:`;
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringContaining(header) });
    // One line for this mistake, at its own file and line.
    const own = r.problems.filter((p) => p.startsWith(`  ${broken.file}:`));
    expect(own).toEqual([expect.stringMatching(new RegExp(`^  ${escape(broken.file)}:${broken.line}:\\d+ .*Fix: `))]);
    expect(own[0]).toMatch(broken.message);
    // Every problem line is one of the mistakes made in this workspace, one each.
    expect(r.problems).toHaveLength(made);
    // Before any stage and any check: no stage line, no table, no output folder.
    expect(r.stderr).not.toMatch(/^ingest /m);
    expect(r.stdout).toBe('');
    expect(r.outputExists).toBe(false);
  });
});
