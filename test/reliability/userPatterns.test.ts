/**
 * User-written regular expressions run in linear time (re2js): the catastrophic byline
 * `^(\s*\w+)*\s*-\s*Reuters$`, which stalls V8's backtracking engine for minutes on one line of
 * words, finishes a run through the bin, in input.boilerplate as well as in outlets.yaml. A pattern
 * that needs backtracking (backreference, lookahead) is refused by `check` and `run` with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, type Workspace } from './cliHarness.js';
import { compileUserPattern } from '../../src/config/userPattern.js';

const REDOS = String.raw`^(\s*\w+)*\s*-\s*Reuters$`;
afterAll(removeWorkspaces);

/** An outlets file: the shipped one plus an outlet with `bylines`. */
function outletsFile(ws: Workspace, byline: string): string {
  const file = path.join(ws.dir, 'outlets.yaml');
  const shipped = fs.readFileSync(path.resolve('config/outlets.yaml'), 'utf8');
  fs.writeFileSync(file, `${shipped.trimEnd()}\n  - name: Wire Test\n    bylines: [${JSON.stringify(byline)}]\n`);
  return file;
}

function writeInput(ws: Workspace): string {
  const input = path.join(ws.dir, 'input');
  fs.mkdirSync(input, { recursive: true });
  const story =
    'Officials in the region confirmed on Monday that the harbour would reopen next week after repairs to the quay. ' +
    'A spokesperson said further details would follow after a meeting with the port authority and local fishermen.';
  // The line that makes the backtracking engine explode: many words, then no "- Reuters" at the end.
  const evilLine = `${'word '.repeat(40)}and more words that never end in the agency name`;
  fs.writeFileSync(path.join(input, 'harbour.txt'), `Harbour to reopen\n\n${story}\n\n${evilLine}\n`);
  fs.writeFileSync(path.join(input, 'wire.txt'), `Quay repairs finish\n\n${story}\n\nBy Jane Doe - Reuters\n`);
  return input;
}

test('the engine: linear on the catastrophic pattern, JS syntax and flags, match positions', () => {
  const re = compileUserPattern(REDOS);
  expect(re.test(`${'a '.repeat(20_000)}!`)).toBe(false);
  expect(re.test('By Jane Doe - reuters')).toBe(true);
  expect(compileUserPattern('^Why it matters:').exec('Why it matters: costs')).toEqual({ index: 0, 0: 'Why it matters:' });
  expect(compileUserPattern(String.raw`\p{Lu}{2,}`, '').exec('Ёж СССР')).toEqual({ index: 3, 0: 'СССР' });
  expect(compileUserPattern(String.raw`\bWHO\b`, '').test('who said')).toBe(false);
  expect(() => compileUserPattern(String.raw`(a)\1`)).toThrow(/cannot run in linear time/);
  expect(() => compileUserPattern('foo(?=bar)')).toThrow(/cannot run in linear time/);
  expect(() => compileUserPattern('(')).toThrow(/not a valid regular expression/);
});

test('a ReDoS byline in outlets.yaml and input.boilerplate: the run finishes (exit 0) and the byline still works', async () => {
  const ws = makeWorkspace('redos');
  fs.appendFileSync(ws.config, `input:\n  outletsFile: ${JSON.stringify(outletsFile(ws, REDOS))}\n  boilerplate: [${JSON.stringify(REDOS)}]\n`);
  const result = await runCli(runArgs(ws, [writeInput(ws)]));
  expect(result.stderr).not.toMatch(/run failed/);
  expect(result.code).toBe(0);
  const run = checkRunIntact(ws.out);
  const rows = parseCsv(fs.readFileSync(path.join(run.runDir, 'articles.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.id, r.outlet]).sort()).toEqual([
    ['harbour', 'unknown'],
    ['wire', 'Wire Test'],
  ]);
}, 300_000);

test('a pattern that needs backtracking is refused by check and run, naming the file and the reason (exit 2 for the config)', async () => {
  const ws = makeWorkspace('regex-refused');
  const outlets = outletsFile(ws, String.raw`^(\w+) \1 - Reuters$`);
  fs.appendFileSync(ws.config, `input:\n  outletsFile: ${JSON.stringify(outlets)}\n`);
  const input = writeInput(ws);
  for (const command of ['check', 'run']) {
    const result = await runCli([command, '--config', ws.config, '--output', ws.out, '--input', input]);
    expect(`${command}: ${result.code}`).not.toBe(`${command}: 0`);
    expect(result.stderr).toContain(outlets);
    expect(result.stderr).toMatch(/cannot run in linear time/);
  }
  const boiler = makeWorkspace('regex-refused-config');
  fs.appendFileSync(boiler.config, `input:\n  boilerplate: ['(?<=Reuters) staff']\n`);
  const result = await runCli(['check', '--config', boiler.config, '--output', boiler.out, '--input', input]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`${boiler.config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ .*cannot run in linear time`));
}, 300_000);
