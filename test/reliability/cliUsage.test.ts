/**
 * The command line refuses mistakes before doing anything: a bare `crossframe`, an unknown
 * command, excess arguments and a missing input folder exit 2 with the usage or the fix; it runs
 * the same from any folder (the installed bin, started in a temp folder); `dir=$(crossframe run ...)`
 * gets the run folder; every --json-log line parses as JSON, failures included.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeWorkspace, MODELS_DIR, REPO_ROOT, removeWorkspaces, SEEDS_DIR } from './cliHarness.js';

afterAll(removeWorkspaces);

const BIN = path.join(REPO_ROOT, 'bin/crossframe.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/crossframe.js ARGS` (or a bash line) started in `cwd`, as cron or a shell would. */
function crossframe(args: string[], cwd = os.tmpdir(), shell?: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, CROSSFRAME_MODELS_DIR: MODELS_DIR };
  delete env.NODE_OPTIONS;
  const [cmd, argv] = shell ? ['bash', ['-c', shell, 'bash', BIN, ...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolve) => {
    execFile(cmd, argv, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const jsonLines = (text: string) => text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);

test('a bare `crossframe` prints the help and exits 2 (a cron line that lost its command is not a success)', async () => {
  const r = await crossframe([]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('no command given');
  expect(r.stderr).toContain('Usage: crossframe [options] [command]');
  expect(r.stdout).toBe('');
});

test('`crossframe chek` is an unknown command: exit 2, the suggestion and the usage, nothing run', async () => {
  const r = await crossframe(['chek', '--offline']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/unknown command 'chek'/);
  expect(r.stderr).toContain('Did you mean check?');
  expect(r.stderr).toContain('Usage: crossframe');
  expect(r.stdout).toBe('');
});

test('excess arguments exit 2 with the usage; `crossframe run extra` reads extra, which must exist', async () => {
  const tooMany = await crossframe(['config', 'extra']);
  expect(tooMany.code).toBe(2);
  expect(tooMany.stderr).toMatch(/too many arguments for 'config'/);
  expect(tooMany.stderr).toContain('Usage: crossframe config');
  const ws = makeWorkspace('usage-extra');
  const r = await crossframe(['run', 'extra', '--config', ws.config, '--output', ws.out], ws.dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`extra: input path does not exist (looked for ${path.join(fs.realpathSync(ws.dir), 'extra')})`);
  expect(fs.existsSync(ws.out)).toBe(false);
});

test('failing commands with --json-log print only JSON lines, with the usage and the problems as fields', async () => {
  const ws = makeWorkspace('usage-json');
  const failures = [
    await crossframe(['--json-log']),
    await crossframe(['chek', '--json-log']),
    await crossframe(['run', '--json-log', '--bogus']),
    await crossframe(['run', 'extra', '--json-log', '--config', ws.config, '--output', ws.out], ws.dir),
  ];
  for (const r of failures) {
    expect(r.code).toBe(2);
    const lines = [...jsonLines(r.stderr), ...jsonLines(r.stdout)];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[lines.length - 1]).toMatchObject({ level: 50, exitCode: 2 });
  }
  expect(jsonLines(failures[1].stderr)[0]).toMatchObject({ code: 'commander.unknownCommand', usage: expect.stringContaining('Usage: crossframe') });
  expect(jsonLines(failures[3].stderr)[0].problems).toEqual([expect.stringContaining('extra: input path does not exist')]);
});

test('from another folder with --config /abs/profile.yaml: `dir=$(crossframe run DIR)` is the run folder; --json-log lines all parse', async () => {
  const ws = makeWorkspace('usage-anywhere');
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-cwd-'));
  try {
    const shell = 'dir=$(node "$1" run --config "$2" --output "$3" "$4" 2>/dev/null) && test -f "$dir/summary.json" && echo "$dir"';
    const plain = await crossframe([ws.config, ws.out, SEEDS_DIR], elsewhere, shell);
    expect(plain.code).toBe(0);
    const runDir = plain.stdout.trim();
    expect(path.dirname(runDir)).toBe(ws.out);
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ tool: 'crossframe', exitStatus: 0, articles: fs.readdirSync(SEEDS_DIR).length, skipped: 0 });
    for (const key of ['events', 'contradictions', 'discrepancies', 'omissions', 'warnings']) expect(typeof summary[key]).toBe('number');
    // Nothing was written where the command was started: data paths came from the command line.
    expect(fs.readdirSync(elsewhere)).toEqual([]);

    const json = await crossframe(['run', '--json-log', '--config', ws.config, '--output', ws.out, SEEDS_DIR], elsewhere);
    expect(json.code).toBe(0);
    const log = jsonLines(json.stderr);
    expect(log.length).toBeGreaterThan(5);
    expect(log[log.length - 1]).toMatchObject({ runDir: expect.any(String), summary: expect.objectContaining({ articles: summary.articles }) });
    // Each stage's line says what the process held when it ended (the memory bench reads them).
    const stageLines = log.filter((l) => typeof l.stage === 'string' && typeof l.ms === 'number');
    expect(stageLines.map((l) => l.stage)).toEqual(['ingest', 'segment', 'enrich', 'events', 'claims', 'framing', 'report']);
    for (const l of stageLines) expect(l).toMatchObject({ rssMB: expect.any(Number), heapUsedMB: expect.any(Number), heapTotalMB: expect.any(Number), externalMB: expect.any(Number) });
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ runDir: expect.stringContaining(ws.out), summary: expect.any(Object) })]);

    const check = await crossframe(['check', '--config', ws.config, '--output', ws.out, SEEDS_DIR], elsewhere);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ok +lexicons /m);
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
}, 600_000);

test('`npx --prefix <package> crossframe check` from another folder finds the shipped profile and lexicons', async () => {
  const ws = makeWorkspace('usage-npx');
  const shell = 'npx --prefix "$2" crossframe check --config "$3" --output "$4" "$5"';
  const r = await crossframe([REPO_ROOT, ws.config, ws.out, SEEDS_DIR], ws.dir, shell);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^ok +lexicons +${REPO_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/config/lexicons/loaded\\.yaml`, 'm'));
}, 300_000);
