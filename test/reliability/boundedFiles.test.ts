/**
 * Files that used to hang or kill a run, through the bin:
 * - `/dev/zero` (and a FIFO) named as each editor file (outlets, entities, lexicons, speakers,
 *   stance, verdicts, the four fitted judges, the config itself) is refused with exit 2, naming the file, before anything is written;
 * - a manifest.yaml that is a YAML alias bomb is skipped as `malformed-manifest`, the run goes on;
 * - a Markdown file with 50,000 nested list markers is read (flattened, with a warning).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, type Workspace } from './cliHarness.js';

afterAll(removeWorkspaces);

const STORY =
  'Officials in the region confirmed on Monday that the harbour would reopen next week after repairs to the quay. ' +
  'A spokesperson said further details would follow after a meeting with the port authority and local fishermen.';

function smallInput(ws: Workspace): string {
  const input = path.join(ws.dir, 'input');
  fs.mkdirSync(input, { recursive: true });
  fs.writeFileSync(path.join(input, 'harbour.txt'), `Harbour to reopen\n\n${STORY}\n`);
  return input;
}

const EDITOR_KEYS: [string, string][] = [
  ['input', 'outletsFile'],
  ['segment', 'entityAliasesFile'],
  ['framing', 'loadedLexicon'],
  ['framing', 'hedgesLexicon'],
  ['framing', 'attributionLexicon'],
  ['framing', 'speakersFile'],
  ['claims', 'stanceLexicon'],
  ['report', 'verdictsFile'],
  // The fitted judges (JSON): read whole by their stages, so a device used to abort the run after a minute.
  ['events', 'judge'],
  ['claims', 'judge'],
  ['claims', 'numericJudge'],
  ['framing', 'toneModel'],
];

test.each(EDITOR_KEYS)('/dev/zero as %s.%s: exit 2 naming the file, nothing written', async (section, key) => {
  const ws = makeWorkspace('devzero');
  fs.appendFileSync(ws.config, `${section}:\n  ${key}: /dev/zero\n`);
  const result = await runCli(runArgs(ws, [smallInput(ws)]));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`/dev/zero:1:1 ${section}.${key}: a device or socket, not a regular file; only regular files are read. Fix: point ${section}.${key} at the intended file.`);
  expect(fs.existsSync(ws.out)).toBe(false);
}, 60_000);

test('/dev/zero as the config and a FIFO as a lexicon: exit 2', async () => {
  const ws = makeWorkspace('fifo');
  const fifo = path.join(ws.dir, 'lexicon.fifo');
  execFileSync('mkfifo', [fifo]);
  fs.appendFileSync(ws.config, `framing:\n  hedgesLexicon: ${JSON.stringify(fifo)}\n`);
  const input = smallInput(ws);
  const viaFifo = await runCli(runArgs(ws, [input]));
  expect(viaFifo.code).toBe(2);
  expect(viaFifo.stderr).toContain(`${fifo}:1:1 framing.hedgesLexicon: a FIFO, not a regular file; only regular files are read. Fix: `);
  const zeroConfig = await runCli(['run', '--config', '/dev/zero', '--output', ws.out, '--input', input]);
  expect(zeroConfig.code).toBe(2);
  expect(zeroConfig.stderr).toMatch(/\/dev\/zero:1:1 --config: the config file is not a regular file \(a device or socket\); only regular files are read\. Fix: /);
}, 60_000);

test('an alias-bomb manifest is skipped as malformed-manifest; a 50,000-deep Markdown list is read; the run succeeds', async () => {
  const ws = makeWorkspace('bomb-manifest');
  const input = smallInput(ws);
  const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  fs.writeFileSync(path.join(input, 'manifest.yaml'), `defaults:\n  outlet: Bomb News\n${levels.join('\n')}\nfiles: []\n`);
  const other =
    'The quay repairs finished two weeks early, the contractor said, and the cranes will be removed by Friday so the ferries can dock again. ' +
    'Fishermen who had moored their boats in the next town said they were glad to be back before the winter season begins.';
  fs.writeFileSync(path.join(input, 'deep.md'), `# Quay repairs finish\n\n${'- '.repeat(50_000)}deep\n\n${other}\n`);
  const result = await runCli(runArgs(ws, [input]));
  expect(result.stderr).not.toMatch(/run failed/);
  expect(result.code).toBe(0);
  const run = checkRunIntact(ws.out);
  expect(run.manifest.skipped).toEqual([expect.objectContaining({ reason: 'malformed-manifest', detail: expect.stringMatching(/alias/i) })]);
  expect(result.stderr).toMatch(/deep\.md: Markdown nested about 50000 levels deep/);
  const rows = parseCsv(fs.readFileSync(path.join(run.runDir, 'articles.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.id, r.title, r.outlet]).sort()).toEqual([
    ['deep', 'Quay repairs finish', 'unknown'],
    ['harbour', 'Harbour to reopen', 'unknown'],
  ]);
}, 300_000);
