/**
 * One real CLI run over a folder of hostile input built at test time, beside a few normal articles:
 * the run succeeds, every bad item is listed in manifest.json `skipped` with its reason, nothing in
 * a page runs or is fetched, invisible characters are gone, and a formula/HTML/YAML payload in a
 * title stays inert text in every report. A YAML alias bomb as config is refused (exit 2).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkRunIntact, makeWorkspace, removeWorkspaces, runArgs, runCli, type CliResult, type IntactRun, type Workspace } from './cliHarness.js';
import type { SkippedInput } from '../../src/records.js';

const PAYLOAD_TITLE = `=HYPERLINK("http://example.invalid","open") <script>alert(1)</script> &a *b: [c] # d`;
const MARKERS = ['SCRIPT-RAN-MARKER', 'ONLOAD-RAN-MARKER', 'ONERROR-RAN-MARKER', 'IFRAME-SRCDOC-MARKER', 'SECRET-OUTSIDE-TEXT'];
const JSONL_LINES = 100_000;

const story = (topic: string) =>
  `Officials in the region confirmed on Monday that the ${topic} would go ahead as planned, despite objections from several local groups. ` +
  `A spokesperson said further details about the ${topic} would be published later this week, after a meeting with community representatives. ` +
  `Critics said the cost of the ${topic} had doubled since the first estimate, while supporters pointed to the jobs it would bring.`;

let ws: Workspace;
let input: string;
let run: CliResult;
let published: IntactRun;
let requests: string[];
let server: http.Server;

function buildHostileInput(port: number): void {
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(input, rel)), { recursive: true });
    fs.writeFileSync(path.join(input, rel), content);
  };
  const remote = (name: string) => `http://127.0.0.1:${port}/${name}`;
  write('harbour.txt', `Harbour reopens after repairs\n\n${story('harbour reopening')}\n`);
  write('bridge.md', `# Bridge closes for a month\n\n${story('bridge closure')}\n`);

  // Scripts (inline, remote, event handlers, inside an iframe), remote frames and images, and
  // 3.5 MB of inline data. Any script that ran would leave its marker in the text; any fetch hits
  // the local server.
  const hugeImage = Buffer.alloc(2_500_000, 7).toString('base64');
  write(
    'page with scripts.html',
    `<!doctype html><html><head><title>Tram line approved</title>
<meta property="og:site_name" content="Tram Gazette">
<script>document.body && document.body.append('SCRIPT-RAN-MARKER'); document.title = 'SCRIPT-RAN-MARKER';</script>
<script src="${remote('evil.js')}"></script>
<link rel="stylesheet" href="${remote('style.css')}">
<script>var blob = "${'x'.repeat(500_000)}";</script>
</head><body onload="document.body.append('ONLOAD-RAN-MARKER')">
<article><h1>Tram line approved</h1>
<p>${story('tram line')}</p>
<iframe src="${remote('frame.html')}"></iframe>
<iframe srcdoc="<p>IFRAME-SRCDOC-MARKER</p><script>parent.document.body.append('SCRIPT-RAN-MARKER')</script>"></iframe>
<img src="${remote('pixel.png')}" onerror="document.body.append('ONERROR-RAN-MARKER')">
<img src="data:image/png;base64,${hugeImage}">
<p>The council will publish the timetable for the tram line next month.</p>
</article></body></html>\n`,
  );

  // 50 MB, sparse so the test costs no disk: refused by its size before any byte is read.
  const big = path.join(input, 'huge.txt');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, 50 * 1024 * 1024);

  // A record with 100,000 levels of nesting beside its text, and 100,000 JSON lines: three
  // articles (first, middle and last line) among records without text.
  write('deep.json', `{"title":"Dam inspection finds cracks","text":${JSON.stringify(story('dam inspection'))},"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  const lines: string[] = [];
  for (let i = 1; i <= JSONL_LINES; i++) {
    const article = i === 1 || i === JSONL_LINES / 2 || i === JSONL_LINES;
    lines.push(JSON.stringify(article ? { id: `story-${i}`, title: `Record ${i}`, text: story(`ferry route ${i}`) } : { n: i }));
  }
  write('feed.jsonl', `${lines.join('\n')}\n`);

  write('bad-utf8.txt', Buffer.concat([Buffer.from(`Mill fire\n\n${story('mill repair')}\nCaf`), Buffer.from([0xc3, 0x28]), Buffer.from(' closed\n')]));
  write('invisible.txt', `Sch\u200Bool\u202E reopens after\u202C the floods\n\n\u2066Officials\u2069 in the\u200F region\uFEFF said the school would reopen.\u00AD ${story('school reopening')}\n`);
  write(`Zürich "flood" report #1 l'été.txt`, `Flood defences hold in Zürich\n\n${story('flood defence')}\n`);
  write('injection.txt', `${PAYLOAD_TITLE}\n\n${story('stadium sale')}\n`);

  // Outside the input folder: reachable only through a symlink and a manifest "..", both refused.
  const outside = path.join(ws.dir, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), `SECRET-OUTSIDE-TEXT\n\n${story('secret plan')}\n`);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(input, 'leak.txt'));
  write('manifest.yaml', ['files:', '  - file: injection.txt', "    outlet: '+Evil <b>Outlet</b>'", '  - file: ../outside/secret.txt', '    outlet: Leak', ''].join('\n'));
}

beforeAll(async () => {
  requests = [];
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('document.body.append("SCRIPT-RAN-MARKER")');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ws = makeWorkspace('hostile');
  input = path.join(ws.dir, 'input');
  buildHostileInput((server.address() as AddressInfo).port);
  run = await runCli(runArgs(ws, [input]));
  if (run.code === 0) published = checkRunIntact(ws.out);
}, 240_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  removeWorkspaces();
});

const skippedAs = (name: string): SkippedInput[] => published.manifest.skipped.filter((s) => path.basename(s.file) === name);
const readReport = (file: string) => fs.readFileSync(path.join(published.runDir, file), 'utf8');
const articlesCsv = () => parseCsv(readReport('articles.csv'), { bom: true, columns: true }) as Record<string, string>[];

test('the run succeeds and publishes intact reports', () => {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.code).toBe(0);
  expect(published.manifest.tool).toBe('crossframe');
});

test('each bad item is in manifest.json skipped with its reason', () => {
  expect(skippedAs('huge.txt')).toEqual([expect.objectContaining({ reason: 'too-large', detail: expect.stringContaining('52428800 bytes') })]);
  expect(skippedAs('bad-utf8.txt')).toEqual([expect.objectContaining({ reason: 'not-utf8', line: 4 })]);
  expect(skippedAs('leak.txt')).toEqual([expect.objectContaining({ reason: 'symlink-outside-input' })]);
  expect(skippedAs('manifest.yaml')).toEqual([expect.objectContaining({ reason: 'outside-input', line: 4 })]);
  const feed = skippedAs('feed.jsonl');
  expect(feed).toHaveLength(JSONL_LINES - 3);
  expect(new Set(feed.map((s) => s.reason))).toEqual(new Set(['missing-text']));
});

test('the good files among them become articles: deep JSON, 100k-line JSONL, odd file names, invisible characters', () => {
  const rows = articlesCsv();
  const byFile = (name: string) => rows.filter((r) => path.basename(r.source_file) === name);
  expect(byFile('deep.json')).toEqual([expect.objectContaining({ title: 'Dam inspection finds cracks' })]);
  expect(byFile('feed.jsonl').map((r) => Number(r.source_line)).sort((a, b) => a - b)).toEqual([1, JSONL_LINES / 2, JSONL_LINES]);
  expect(byFile(`Zürich "flood" report #1 l'été.txt`)).toEqual([expect.objectContaining({ title: 'Flood defences hold in Zürich' })]);
  expect(byFile('invisible.txt')).toEqual([expect.objectContaining({ title: 'School reopens after the floods' })]);
  const invisible = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u00AD\uFEFF]/;
  for (const file of ['articles.csv', 'sentences.csv', 'report.yaml']) expect(readReport(file).replace(/^\uFEFF/, '')).not.toMatch(invisible);
});

test('no script in the HTML page ran and nothing was fetched; its text was extracted', () => {
  expect(requests).toEqual([]);
  const page = articlesCsv().find((r) => r.source_file.endsWith('page with scripts.html'));
  expect(page).toMatchObject({ title: 'Tram line approved', outlet: 'Tram Gazette' });
  const sentences = parseCsv(readReport('sentences.csv'), { bom: true, columns: true }) as Record<string, string>[];
  const text = sentences.filter((s) => s.article_id === page!.id).map((s) => s.text).join(' ');
  expect(text).toContain('The council will publish the timetable for the tram line next month.');
  expect(text).not.toMatch(/xxxxxxxxxx|base64/);
  for (const o of published.manifest.outputs) {
    const content = readReport(o.file);
    for (const marker of MARKERS) expect(`${o.file}: ${content.includes(marker) ? marker : 'clean'}`).toBe(`${o.file}: clean`);
  }
});

test('a formula, HTML and YAML payload in a title is neutralised in CSV, text in HTML, exact in YAML', () => {
  const row = articlesCsv().find((r) => r.id === 'injection')!;
  expect(row.title).toBe(`'${PAYLOAD_TITLE}`);
  expect(row.outlet).toBe(`'+Evil <b>Outlet</b>`);
  const html = readReport('report.html');
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).not.toContain('<b>Outlet</b>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  const titles: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.id === 'injection' && typeof o.title === 'string') titles.push(o.title);
      Object.values(o).forEach(walk);
    }
  };
  // checkRunIntact parsed report.yaml already (with the same options); parsing it again cost seconds.
  expect(published.reportYaml).toBeDefined();
  walk(published.reportYaml);
  expect(titles.length).toBeGreaterThan(0);
  for (const t of titles) expect(t).toBe(PAYLOAD_TITLE);
});

test('a config that is a YAML alias bomb is refused: exit 2, file:line:col, nothing run', async () => {
  const bomb = path.join(ws.dir, 'bomb.yaml');
  const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  fs.writeFileSync(bomb, `${levels.join('\n')}\n`);
  const out = path.join(ws.dir, 'bomb-out');
  const result = await runCli(['run', '--config', bomb, '--output', out]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('nothing was run; fix this first');
  expect(result.stderr).toMatch(new RegExp(`${bomb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ .*alias`, 'i'));
  expect(fs.existsSync(out)).toBe(false);
}, 60_000);
