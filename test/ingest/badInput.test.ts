/**
 * Hostile and broken input: every bad item is skipped with a reason naming the file (and line),
 * the good files beside it still become articles, and nothing hangs or crashes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { cleanup, ingest, paragraph, tempDir } from './ingestHelpers.js';
import type { SkippedInput } from '../../src/records.js';
import { normalizeText } from '../../src/ingest/normalizeText.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../src/ingest/readText.js';

let dir: string;

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => cleanup(dir));

const write = (rel: string, content: string | Buffer) => {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};

function skipOf(skipped: SkippedInput[], name: string): SkippedInput {
  const found = skipped.filter((s) => path.basename(s.file) === name);
  if (found.length !== 1) throw new Error(`expected one skipped entry for ${name}, got ${JSON.stringify(skipped)}`);
  return found[0];
}

const GOOD = `Harbour reopens after repairs\n\n${paragraph('harbour reopening')}\n`;

test('empty, whitespace-only, binary, non-UTF-8 and UTF-16 files are skipped with reasons; the good file is read', async () => {
  write('good.txt', GOOD);
  write('empty.txt', '');
  write('blank.md', '  \n\n \t\n');
  write('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  write('nul.html', Buffer.concat([Buffer.from('<p>text</p>'), Buffer.from([0, 1, 2, 3])]));
  write('latin1.txt', Buffer.concat([Buffer.from('Line one\nLine two\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
  write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello', 'utf16le')]));
  const r = await ingest([dir]);
  expect(r.articles.map((a) => a.id)).toEqual(['good']);
  expect(skipOf(r.skipped, 'empty.txt')).toMatchObject({ reason: 'empty' });
  expect(skipOf(r.skipped, 'blank.md')).toMatchObject({ reason: 'empty' });
  expect(skipOf(r.skipped, 'image.txt')).toMatchObject({ reason: 'binary', detail: expect.stringContaining('PNG') });
  expect(skipOf(r.skipped, 'nul.html')).toMatchObject({ reason: 'binary', line: 1 });
  expect(skipOf(r.skipped, 'latin1.txt')).toMatchObject({ reason: 'not-utf8', line: 3, detail: expect.stringContaining('0xe9') });
  expect(skipOf(r.skipped, 'utf16.txt')).toMatchObject({ reason: 'not-utf8', detail: expect.stringContaining('UTF-16') });
  for (const s of r.skipped) expect(s.detail.length).toBeGreaterThan(5);
});

test('invalid UTF-8 is found at the right byte: overlong forms, surrogates and truncated sequences', () => {
  expect(firstInvalidUtf8(Buffer.from('plain ascii and é ✓ 😀', 'utf8'))).toBe(-1);
  expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
  expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
  expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
  expect(decodeUtf8(Buffer.from([0x61, 0x0a, 0x62, 0xf8]))).toMatchObject({ ok: false, reason: 'not-utf8', line: 2 });
});

test('a 50 MB file is skipped as too-large without being read; the limit is configurable', async () => {
  const big = path.join(os.tmpdir(), `crossframe-50mb-${process.pid}.txt`);
  const fd = fs.openSync(big, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024, 'word ');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  try {
    write('good.txt', GOOD);
    const r = await ingest([dir, big]);
    expect(r.articles).toHaveLength(1);
    expect(skipOf(r.skipped, path.basename(big))).toMatchObject({ reason: 'too-large', detail: expect.stringContaining('52428800 bytes') });
    const small = await ingest([dir], { maxFileBytes: 100 });
    expect(small.articles).toHaveLength(0);
    expect(skipOf(small.skipped, 'good.txt')).toMatchObject({ reason: 'too-large', detail: expect.stringContaining('input.maxFileBytes') });
  } finally {
    fs.rmSync(big, { force: true });
  }
});

test('JSONL: malformed lines, missing text, oversize and non-UTF-8 lines are skipped by line; the rest is read', async () => {
  const rec = (id: string) => JSON.stringify({ id, outlet: 'Reuters', text: paragraph(`plan ${id}`) });
  const lines = [
    rec('a'),
    '{"id": "b", "text": "unterminated',
    '',
    '[1, 2, 3]',
    JSON.stringify({ id: 'c', title: 'no text here' }),
    JSON.stringify({ id: 'd', text: 'x'.repeat(5000) }),
    rec('e'),
  ];
  const file = write('feed.jsonl', Buffer.concat([Buffer.from(lines.join('\n') + '\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(rec('f'))]));
  const r = await ingest([dir], { maxFileBytes: 2000 });
  expect(r.articles.map((a) => [a.id, a.sourceLine])).toEqual([
    ['feed:a', 1],
    ['feed:e', 7],
    ['feed:f', 9],
  ]);
  const byLine = Object.fromEntries(r.skipped.map((s) => [s.line, s.reason]));
  expect(byLine).toEqual({ 2: 'malformed-json', 4: 'malformed-json', 5: 'missing-text', 6: 'too-large', 8: 'not-utf8' });
  expect(r.skipped.every((s) => s.file === file || s.file.endsWith('feed.jsonl'))).toBe(true);
  expect(r.inputs).toEqual([expect.objectContaining({ bytes: fs.statSync(file).size })]);
});

test('a binary file named .jsonl is skipped once, not line by line', async () => {
  write('fake.jsonl', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), Buffer.alloc(3000, 0x0a)]));
  const r = await ingest([dir]);
  expect(r.skipped).toEqual([expect.objectContaining({ reason: 'binary', detail: expect.stringContaining('gzip') })]);
});

test('JSON files without records are listed as empty', async () => {
  write('blank.jsonl', '\n  \n\n');
  write('none.json', '[]');
  const r = await ingest([dir]);
  expect(skipOf(r.skipped, 'blank.jsonl')).toMatchObject({ reason: 'empty' });
  expect(skipOf(r.skipped, 'none.json')).toMatchObject({ reason: 'empty' });
});

test('articles with too few words after cleaning are skipped as empty', async () => {
  write('stub.txt', 'Breaking news\n\nMore soon.\n\nSubscribe\n');
  const r = await ingest([dir]);
  expect(skipOf(r.skipped, 'stub.txt')).toMatchObject({ reason: 'empty', detail: expect.stringContaining('input.minWords') });
});

test('unsupported, hidden and special files are listed, not read; a missing input path is reported', async () => {
  write('good.txt', GOOD);
  write('report.pdf', '%PDF-1.4');
  write('.DS_Store', 'x');
  execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
  const r = await ingest([dir, path.join(dir, 'no-such-folder')]);
  expect(r.articles).toHaveLength(1);
  expect(skipOf(r.skipped, 'report.pdf')).toMatchObject({ reason: 'unsupported-extension' });
  expect(skipOf(r.skipped, '.DS_Store')).toMatchObject({ reason: 'unsupported-extension', detail: expect.stringContaining('hidden') });
  expect(skipOf(r.skipped, 'pipe.txt')).toMatchObject({ reason: 'unreadable', detail: expect.stringContaining('not a regular file') });
  expect(skipOf(r.skipped, 'no-such-folder')).toMatchObject({ reason: 'unreadable', detail: expect.stringContaining('ENOENT') });
});

test('symlinks: inside the input they are followed, outside they are refused, loops end', async () => {
  const outside = tempDir('crossframe-outside-');
  try {
    fs.writeFileSync(path.join(outside, 'secret.txt'), GOOD.replace('Harbour', 'Secret'));
    fs.mkdirSync(path.join(outside, 'folder'));
    fs.writeFileSync(path.join(outside, 'folder', 'more.txt'), GOOD);
    write('real/good.txt', GOOD);
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'leak.txt'));
    fs.symlinkSync(path.join(outside, 'folder'), path.join(dir, 'leakdir'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'alias'));
    fs.symlinkSync(dir, path.join(dir, 'real', 'loop'));
    fs.symlinkSync(path.join(dir, 'gone.txt'), path.join(dir, 'broken.txt'));
    const r = await ingest([dir]);
    expect(r.articles.map((a) => a.sourceFile.slice(dir.length + 1))).toEqual(['alias/good.txt']);
    expect(skipOf(r.skipped, 'leak.txt')).toMatchObject({ reason: 'symlink-outside-input' });
    expect(skipOf(r.skipped, 'leakdir')).toMatchObject({ reason: 'symlink-outside-input' });
    expect(skipOf(r.skipped, 'broken.txt')).toMatchObject({ reason: 'unreadable' });
    // real/good.txt is the same file as alias/good.txt: read once, and said so.
    expect(skipOf(r.skipped, 'good.txt')).toMatchObject({ reason: 'duplicate', detail: expect.stringContaining('alias/good.txt') });
    const loops = r.skipped.filter((s) => s.file.endsWith('/loop'));
    expect(loops.length).toBeGreaterThan(0);
    for (const s of loops) expect(s).toMatchObject({ reason: 'unreadable', detail: expect.stringContaining('symlink loop') });
    expect(JSON.stringify(r)).not.toContain('Secret reopens');
  } finally {
    cleanup(outside);
  }
});

test('manifest entries: missing file, "..", absolute paths and links leading outside are refused with the manifest line', async () => {
  const outside = tempDir('crossframe-outside-');
  try {
    fs.writeFileSync(path.join(outside, 'x.txt'), GOOD);
    write('a.txt', GOOD);
    write('sub/b.txt', GOOD.replace('Harbour reopens', 'Bridge closes'));
    fs.symlinkSync(outside, path.join(dir, 'out'));
    write(
      'manifest.yaml',
      [
        'files:',
        '  - file: a.txt',
        '    outlet: Reuters',
        '  - file: missing.txt',
        '    outlet: Reuters',
        '  - file: ../escape.txt',
        `  - file: ${path.join(outside, 'x.txt')}`,
        '  - file: out/x.txt',
        '  - file: sub/b.txt',
        '    outlet: BBC',
        '    wrong: key',
        '  - file: sub/b.txt',
        '    published: 2024-02-30',
        '',
      ].join('\n'),
    );
    const r = await ingest([dir]);
    const manifestSkips = r.skipped.filter((s) => s.file.endsWith('manifest.yaml')).map((s) => [s.line, s.reason]);
    expect(manifestSkips).toEqual([
      [4, 'manifest-missing-file'],
      [6, 'outside-input'],
      [7, 'outside-input'],
      [8, 'outside-input'],
      [9, 'malformed-manifest'],
      [12, 'malformed-manifest'],
    ]);
    expect(r.articles.find((a) => a.id === 'a')).toMatchObject({ outlet: 'Reuters', outletSource: 'manifest' });
    expect(r.articles.find((a) => a.id === 'sub/b')).toMatchObject({ outlet: 'unknown' });
  } finally {
    cleanup(outside);
  }
});

test('a manifest that is not valid YAML is reported with its line and the articles are still read', async () => {
  write('a.txt', GOOD);
  write('manifest.yaml', 'files:\n  - file: a.txt\n    outlet: [unclosed\n');
  const r = await ingest([dir]);
  expect(r.articles).toHaveLength(1);
  expect(skipOf(r.skipped, 'manifest.yaml')).toMatchObject({ reason: 'malformed-manifest', line: expect.any(Number) });
});

test('file names with spaces, quotes and non-ASCII letters work and give safe, stable ids', async () => {
  write('Zürich "flood" report #1.txt', GOOD);
  write("l'été en Provence.md", GOOD);
  const r = await ingest([dir]);
  expect(r.articles.map((a) => a.id)).toEqual(['Zürich_flood_report_1', 'l_été_en_Provence']);
  expect(r.articles.map((a) => path.basename(a.sourceFile))).toEqual(['Zürich "flood" report #1.txt', "l'été en Provence.md"]);
});

test('two inputs with the same id base both get a hash suffix; ids stay the same across runs', async () => {
  write('story.txt', GOOD);
  write('story.md', GOOD.replace('Harbour reopens', 'Museum reopens').replace('harbour reopening', 'museum reopening'));
  const first = await ingest([dir]);
  const ids = first.articles.map((a) => a.id);
  expect(ids).toHaveLength(2);
  for (const id of ids) expect(id).toMatch(/^story~[0-9a-f]{8}$/);
  expect(new Set(ids).size).toBe(2);
  expect((await ingest([dir])).articles.map((a) => a.id)).toEqual(ids);
});

test('zero-width, direction-control and other invisible characters are stripped from the text', async () => {
  const sneaky = `Harbour\u200B reopens after repairs\n\n\u202EOfficials\u202C in the region\u200F confirmed\u2066 on\u2069 Monday\u00AD that the harbour\uFEFF would reopen as planned.\u0007 ${paragraph('harbour')}\n`;
  write('sneaky.txt', sneaky);
  const r = await ingest([dir]);
  const a = r.articles[0];
  expect(a.title).toBe('Harbour reopens after repairs');
  expect(a.text).toMatch(/^Officials in the region confirmed on Monday that the harbour would reopen as planned\. /);
  expect(a.text).not.toMatch(/[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\u00AD\uFEFF\u0007]/);
  expect(normalizeText('a\r\nb\u00A0c\u2028d')).toBe('a\nb c\nd');
});
