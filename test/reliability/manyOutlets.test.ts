/**
 * 5,000 distinct outlets through the bin, as a growing folder of plain files without bylines gives
 * (every article its own outlet): the run ends with exit 0, every report is written and intact,
 * the inputs it skipped are listed with their reasons, and the per-outlet lists stay bounded (the
 * tone separation lists were quadratic in the number of outlets; the report charts overflowed Vega).
 *
 * The stories are one short sentence each, over 400 stories with three distinct sentences apiece,
 * so the models run on few texts: what this test exercises is the number of outlets, not model
 * throughput (400 stories rather than 500: fewer texts for the models, the same 5,000 outlets, some
 * outlets still under the 25-name list cap and every outlet's counts far over it).
 * `framing.minToneSentences: 1` lets every outlet take part in the tone comparisons.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, type IntactRun } from './cliHarness.js';
import { manyOutletsJsonl } from './manyOutletsCorpus.js';
import { MAX_SEPARATED_LISTED } from '../../src/analysis/framing/toneInterval.js';

afterAll(removeWorkspaces);

const OUTLETS = 5000;

// The rows checkRunIntact parsed (12 MB of claim_matches.csv among them): parsing them again cost seconds.
const csv = (run: IntactRun, file: string) => {
  const rows = run.csvRows.get(file);
  if (!rows) throw new Error(`${run.runDir}: checkRunIntact parsed no ${file}; is it in manifest.json's outputs?`);
  return rows;
};

test('5,000 articles from 5,000 outlets: exit 0, every report intact, skipped inputs listed with reasons, lists bounded', async () => {
  const ws = makeWorkspace('many-outlets', 'input:\n  minWords: 10\nframing:\n  minToneSentences: 1\n');
  const input = path.join(ws.dir, 'input');
  fs.mkdirSync(input);
  const corpus = manyOutletsJsonl(OUTLETS, 400, OUTLETS, 1);
  // The first record again, same outlet and text: skipped as a duplicate; a file too short to analyse: skipped as empty.
  fs.writeFileSync(path.join(input, 'stories.jsonl'), `${corpus}${corpus.slice(0, corpus.indexOf('\n') + 1).replace('"id":"a0"', '"id":"again"')}`);
  fs.writeFileSync(path.join(input, 'note.txt'), 'Three words only.\n');

  const result = await runCli(runArgs(ws, [input]));
  expect(result.stderr).not.toMatch(/run failed|\n\s+at /);
  expect(result.code).toBe(0);
  const run = checkRunIntact(ws.out);
  expect(run.manifest.skipped).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ reason: 'duplicate', file: expect.stringContaining('stories.jsonl') }),
      expect.objectContaining({ reason: 'empty', file: expect.stringContaining('note.txt') }),
    ]),
  );
  expect(run.manifest.skipped).toHaveLength(2);

  const articles = csv(run, 'articles.csv');
  expect(new Set(articles.filter((a) => a.analysable === 'true' && !a.duplicate_of).map((a) => a.outlet)).size).toBe(OUTLETS);

  // One overall row per outlet, and one per outlet and story.
  const framing = csv(run, 'outlet_framing.csv');
  const overall = framing.filter((f) => f.event_id === '*');
  expect(overall).toHaveLength(OUTLETS);
  expect(framing.length).toBeGreaterThanOrEqual(2 * OUTLETS);
  // Thousands of outlets are apart in tone; each row lists at most MAX_SEPARATED_LISTED of them and counts them all.
  const names = (cell: string) => (cell ? cell.split('; ') : []);
  for (const f of overall) {
    expect(names(f.tone_higher_than).length).toBe(Math.min(MAX_SEPARATED_LISTED, Number(f.tone_higher_than_count)));
    expect(names(f.tone_lower_than).length).toBe(Math.min(MAX_SEPARATED_LISTED, Number(f.tone_lower_than_count)));
  }
  expect(Math.max(...overall.map((f) => Number(f.tone_higher_than_count) + Number(f.tone_lower_than_count)))).toBeGreaterThan(1000);

  // Stories told by several outlets, with agreeing claims and disagreeing figures.
  expect(csv(run, 'events.csv').length).toBeGreaterThan(100);
  expect(csv(run, 'claim_matches.csv').some((m) => m.relation === 'agree')).toBe(true);
  expect(csv(run, 'numeric_comparisons.csv').length).toBeGreaterThan(0);

  // The page pools the outlets past the charted ones instead of drawing 5,000 bars.
  expect(fs.readFileSync(path.join(run.runDir, 'report.html'), 'utf8')).toMatch(/other outlets \(pooled\)/);
}, 900_000);
