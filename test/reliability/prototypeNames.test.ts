/**
 * Property test: strings that are names of `Object.prototype` members ("constructor", "toString",
 * "__proto__", ...) or that contain the delimiters the code joins keys with (`|`, `>`, `~`, `:`,
 * `#`, `_`, newline) are ordinary data. A corpus whose article ids (file names and record ids),
 * outlets, titles, entities, speakers and speaker groups are made of them runs through the bin to
 * exit 0, and every report has the rows those inputs call for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, type CliResult, type IntactRun, type Workspace } from './cliHarness.js';
import { fileIdBase, recordIdBase } from '../../src/ingest/articleId.js';

/** Every own property name of Object.prototype, as the running Node has them. */
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);
/** Outlet names with the delimiters used in keys anywhere in the code. */
const DELIMITED = ['Daily News > World', 'Left|Right', 'Tilde~Post', 'Colon: Times', 'Hash #1 News', 'under_score', 'Back\\slash'];
const OUTLETS = [...PROTO_NAMES, ...DELIMITED];

/** A file name (and so an article id) for an outlet: the name itself where the file system allows it. */
const fileBase = (name: string) => name.replace(/[/\\]/g, '_');

/** One bridge story per outlet: shared facts, a number that differs between outlets, a quote, entities. */
function bridgeStory(outlet: string, i: number): string {
  const injured = i % 2 === 0 ? 12 : 15;
  return [
    `The constructor said the Harbour Bridge would stay closed after the collapse on Monday.`,
    `At least ${injured} people were injured when a section of the Harbour Bridge collapsed during the morning rush hour, officials said.`,
    `"We will rebuild the bridge as fast as we safely can," said valueOf, the city's chief engineer.`,
    `Engineers from hasOwnProperty and toString inspected the damaged span, and ${outlet} reporters saw cranes arrive at the site.`,
    `The constructor standings of the firm behind the bridge were questioned by critics, who said the repair bill had doubled.`,
  ].join(' ');
}

/** One wildfire story per outlet, as a JSONL record. */
function fireStory(outlet: string, i: number): string {
  const homes = i % 2 === 0 ? 40 : 55;
  return [
    `A wildfire destroyed ${homes} homes near the northern hills overnight, the fire service said on Tuesday.`,
    `"The wind turned and the fire jumped the road within minutes," said propertyIsEnumerable, a fire service official.`,
    `Residents were evacuated to a school gym while crews from isPrototypeOf battled the flames, and ${outlet} crews filmed the smoke.`,
    `The fire service said the blaze was contained by Tuesday evening and the cause was under investigation.`,
  ].join(' ');
}

let ws: Workspace;
let input: string;
let run: CliResult;
let published: IntactRun;

const csv = (file: string) => parseCsv(fs.readFileSync(path.join(published.runDir, file), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
/** CSV cells starting with a formula character get a leading apostrophe; compare the data. */
const cell = (v: string) => v.replace(/^'(?=[=+\-@\t\r])/, '');

beforeAll(async () => {
  const entities = [
    'entities:',
    ...PROTO_NAMES.map((n) => `  - name: ${JSON.stringify(n)}\n    type: organization`),
    '  - name: Harbour Bridge\n    type: place',
  ].join('\n');
  const speakers = [
    'unattributed: Unattributed',
    'fallback: Other',
    'groups:',
    '  - name: constructor',
    '    names: [valueOf]',
    '  - name: toString',
    '    names: [propertyIsEnumerable]',
  ].join('\n');
  ws = makeWorkspace('proto', '');
  fs.writeFileSync(path.join(ws.dir, 'entities.yaml'), `${entities}\n`);
  fs.writeFileSync(path.join(ws.dir, 'speakers.yaml'), `${speakers}\n`);
  fs.appendFileSync(
    ws.config,
    `segment:\n  entityAliasesFile: ${JSON.stringify(path.join(ws.dir, 'entities.yaml'))}\nframing:\n  speakersFile: ${JSON.stringify(path.join(ws.dir, 'speakers.yaml'))}\n`,
  );
  input = path.join(ws.dir, 'input');
  fs.mkdirSync(input);
  const manifest = ['files:'];
  OUTLETS.forEach((outlet, i) => {
    const file = `${fileBase(outlet)}.txt`;
    fs.writeFileSync(path.join(input, file), `${bridgeStory(outlet, i)}\n`);
    manifest.push(`  - file: ${JSON.stringify(file)}`, `    outlet: ${JSON.stringify(outlet)}`, `    title: ${JSON.stringify(outlet)}`, `    published: 2024-03-0${1 + (i % 3)}`);
  });
  fs.writeFileSync(path.join(input, 'manifest.yaml'), `${manifest.join('\n')}\n`);
  const records = OUTLETS.map((outlet, i) => JSON.stringify({ id: outlet, outlet, title: outlet, published: `2024-05-1${i % 3}`, text: fireStory(outlet, i) }));
  fs.writeFileSync(path.join(input, 'feed.jsonl'), `${records.join('\n')}\n`);
  run = await runCli(runArgs(ws, [input]));
  if (run.code === 0) published = checkRunIntact(ws.out);
}, 600_000);

afterAll(() => { if (!process.env.KEEP) removeWorkspaces(); else console.log(ws.dir); });

test('the run completes (exit 0) and publishes intact reports', () => {
  expect(run.stderr).not.toMatch(/run failed|\n\s+at /);
  expect(run.code).toBe(0);
});

test('articles.csv: one row per input with its own id, outlet and title', () => {
  const rows = csv('articles.csv');
  const expected = OUTLETS.flatMap((o) => [
    { id: fileIdBase(fileBase(o)), outlet: o, title: o },
    { id: recordIdBase('feed', o, {}), outlet: o, title: o },
  ]);
  const got = rows.map((r) => ({ id: cell(r.id), outlet: cell(r.outlet), title: cell(r.title) }));
  const key = (r: { id: string }) => r.id;
  expect(got.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  for (const r of rows) expect(r.analysable).toBe('true');
});

test('outlet_framing.csv: every outlet has its all-events row, with its quotes and speaker groups', () => {
  const rows = csv('outlet_framing.csv').filter((r) => r.event_id === '*');
  expect(rows.map((r) => cell(r.outlet)).sort()).toEqual([...OUTLETS].sort());
  for (const r of rows) {
    expect(Number(r.articles)).toBe(2);
    expect(Number(r.quotes)).toBe(2);
    expect(Number(r.quotes_constructor)).toBe(1);
    expect(Number(r.quotes_tostring)).toBe(1);
    expect(r.speakers).toMatch(/^(propertyIsEnumerable \(1\); valueOf \(1\)|valueOf \(1\); propertyIsEnumerable \(1\))$/);
  }
});

test('events: two events, each covered by every outlet', () => {
  const events = csv('events.csv').filter((e) => Number(e.outlets) > 1);
  expect(events.map((e) => Number(e.outlets))).toEqual([OUTLETS.length, OUTLETS.length]);
});

test('sentences and entity tone name the prototype-named entities; numbers are numbers', () => {
  const sentences = csv('sentences.csv');
  const entityCells = sentences.map((s) => s.entities).join('; ');
  for (const name of ['hasOwnProperty', 'toString', 'isPrototypeOf']) expect(entityCells).toContain(`${name} (organization)`);
  // "constructor" is a word here, never a number.
  for (const s of sentences) if (/constructor/i.test(s.text)) expect(s.numbers).not.toMatch(/constructor/i);
  const tone = csv('entity_tone.csv');
  expect(tone.some((t) => t.entity === 'hasOwnProperty')).toBe(true);
});

test('numeric comparisons pair figures of the outlets with delimiters in their names', () => {
  const rows = csv('numeric_comparisons.csv');
  const outlets = new Set(rows.flatMap((r) => [cell(r.a_outlet), cell(r.b_outlet)]));
  // Which verdict the figures get is the numeric judge's business (it shows no discrepancy below
  // precision 0.5); here the figures must be compared across the outlets whatever their names.
  expect(rows.length).toBeGreaterThan(0);
  expect(outlets.has('Daily News > World')).toBe(true);
  for (const o of outlets) expect(OUTLETS).toContain(o);
});
