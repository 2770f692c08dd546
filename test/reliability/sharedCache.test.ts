/**
 * One cache folder shared by runs on two output folders: `--stages report` (or framing,report)
 * on output A starts from A's last run, never from the last run on B; the report alone warns that it
 * runs without the inputs no stage of the run produced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runCli, type Workspace } from './cliHarness.js';

afterAll(removeWorkspaces);

const story = (topic: string) =>
  `Officials in the region confirmed on Monday that the ${topic} would go ahead as planned, despite objections from several local groups. ` +
  `A spokesperson said further details about the ${topic} would be published later this week, after a meeting with community representatives.`;

function corpus(ws: Workspace, name: string, topics: string[]): string {
  const dir = path.join(ws.dir, name);
  fs.mkdirSync(dir);
  for (const t of topics) fs.writeFileSync(path.join(dir, `${t.replace(/\s+/g, '-')}.txt`), `${t} goes ahead\n\n${story(t)}\n`);
  return dir;
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const articleIds = (out: string) =>
  (parseCsv(fs.readFileSync(path.join(checkRunIntact(out).runDir, 'articles.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[])
    .map((r) => r.id)
    .sort();

test('--stages report on output A after a run on output B publishes A\'s articles; an output that never ran is refused', async () => {
  const ws = makeWorkspace('shared-cache');
  const outA = path.join(ws.dir, 'out-a');
  const outB = path.join(ws.dir, 'out-b');
  const outC = path.join(ws.dir, 'out-c');
  const run = (out: string, extra: string[]) => runCli(['run', '--config', ws.config, '--output', out, ...extra]);
  const first = await run(outA, ['--input', corpus(ws, 'a', ['harbour repair', 'bridge closure'])]);
  expect(first.code).toBe(0);
  // A fresh store: nothing to say about starting over.
  expect(first.stderr).not.toMatch(/no previous run/);
  const other = await run(outB, ['--input', corpus(ws, 'b', ['tram line', 'stadium sale', 'school reopening'])]);
  expect(other.code).toBe(0);
  // The store keeps A's last run, none of B's: B starts over, and is told which folder has one.
  expect(other.stderr).toMatch(new RegExp(`no previous run on output folder ${literal(outB)} .*: ${literal(outA)} \\(last run .*Fix: .*--output`));
  expect(articleIds(outA)).toEqual(['bridge-closure', 'harbour-repair']);

  const again = await run(outA, ['--stages', 'framing,report']);
  expect(again.stderr).not.toMatch(/run failed/);
  expect(again.code).toBe(0);
  expect(articleIds(outA)).toEqual(['bridge-closure', 'harbour-repair']);
  // Framing took the last run's events and findings as its inputs, so the report has them too.
  expect(again.stderr).not.toMatch(/runs without/);
  expect(again.stderr).not.toMatch(/no previous run/);
  // The report alone takes its optional inputs only from this run, and says which stages would give them.
  const alone = await run(outA, ['--stages', 'report']);
  expect(alone.code).toBe(0);
  expect(alone.stderr).toMatch(/report: runs without sentences, sentenceDigests, enrichment, events, analysis, framing: .*Fix: add segment,enrich,events,claims,framing to --stages/);
  expect(articleIds(outA)).toEqual(['bridge-closure', 'harbour-repair']);

  const never = await run(outC, ['--stages', 'report']);
  expect(never.code).toBe(1);
  expect(never.stderr).toMatch(/Fix: run the stages that produce it first/);
  expect(fs.existsSync(path.join(outC, 'latest'))).toBe(false);
}, 300_000);
