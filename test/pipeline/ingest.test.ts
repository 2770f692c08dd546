/** The pipeline stage: datasets, run-manifest notes, one warning per skipped item naming file and line. */
import fs from 'node:fs';
import path from 'node:path';
import ingestStage, { SKIPS_LOGGED_PER_FILE } from '../../pipeline/ingest.js';
import { callStage, emptyNotes, type TestStageContext } from '../pipeline/stageHarness.js';
import { createMemoryLogger } from '../../src/runtime/logger.js';
import { configSchema } from '../../src/config/schema.js';
import { cleanup, paragraph, tempDir } from '../ingest/ingestHelpers.js';

function context(paths: string[]) {
  const log = createMemoryLogger();
  const notes = emptyNotes();
  const ticks: number[] = [];
  const ctx = {
    config: configSchema.parse({ input: { paths } }),
    warnings: [],
    log,
    progress: (_label: string, total: number) => {
      ticks.push(total);
      return { tick: () => ticks.push(-1), done: () => undefined };
    },
    models: () => Promise.reject(new Error('ingest must not load models')),
    modelCache: undefined as never,
    notes,
  } as unknown as TestStageContext;
  return { ctx, log, notes, ticks };
}

test('declares its contract', () => {
  expect(ingestStage).toMatchObject({ name: 'ingest', reads: [], writes: ['articles', 'skipped'], version: 1, cacheable: false });
});

test('returns sorted articles and skipped items, fills the run notes and warns once per skipped item', async () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'b.txt'), `Second story\n\n${paragraph('second plan')}\n`);
    fs.writeFileSync(path.join(dir, 'a.txt'), `First story\n\n${paragraph('first plan')}\n`);
    fs.writeFileSync(path.join(dir, 'feed.jsonl'), `${JSON.stringify({ id: 'x', text: paragraph('feed plan') })}\nnot json\n`);
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const { ctx, log, notes, ticks } = context([dir]);
    const out = await callStage(ingestStage, {}, ctx);
    expect(out.articles.map((a) => a.id)).toEqual(['a', 'b', 'feed:x']);
    expect(out.skipped.map((s) => [path.basename(s.file), s.line, s.reason])).toEqual([
      ['empty.txt', undefined, 'empty'],
      ['feed.jsonl', 2, 'malformed-json'],
    ]);
    const warnings = log.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/empty\.txt: skipped \(empty\): /);
    expect(warnings[1]).toMatch(/feed\.jsonl:2: skipped \(malformed-json\): /);
    expect(notes.inputs.map((i) => path.basename(i.file))).toEqual(['a.txt', 'b.txt', 'feed.jsonl']);
    expect(notes.counters).toMatchObject({ 'ingest.articles': 3, 'ingest.analysable': 3, 'ingest.skipped': 2 });
    expect(ticks).toEqual([3, -1, -1, -1]);
    expect(ingestStage.summarize!(out, {})).toBe('3 articles (3 analysable), 2 skipped');
  } finally {
    cleanup(dir);
  }
});

test('a broken outlet directory stops the run with the file and position', async () => {
  const dir = tempDir();
  try {
    const bad = path.join(dir, 'outlets.yaml');
    fs.writeFileSync(bad, 'outlets:\n  - name: X\n    ownership: goverment\n');
    const { ctx } = context(['seeds']);
    ctx.config.input.outletsFile = bad;
    await expect(callStage(ingestStage, {}, ctx)).rejects.toThrow(/outlets\.yaml:3:\d+ outlets #1\.ownership/);
  } finally {
    cleanup(dir);
  }
});

test('a feed with many broken lines logs the first 20 per file and reason and one line for the rest; all are returned', async () => {
  const dir = tempDir();
  try {
    const lines = [JSON.stringify({ id: 'ok', text: paragraph('good record') }), ...Array.from({ length: 25 }, (_, i) => `{broken ${i}`)];
    fs.writeFileSync(path.join(dir, 'feed.jsonl'), `${lines.join('\n')}\n`);
    const { ctx, log } = context([dir]);
    const out = await callStage(ingestStage, {}, ctx);
    expect(out.skipped).toHaveLength(25);
    const warnings = log.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toHaveLength(SKIPS_LOGGED_PER_FILE + 1);
    expect(warnings.slice(0, SKIPS_LOGGED_PER_FILE).every((w) => /feed\.jsonl:\d+: skipped \(malformed-json\)/.test(w))).toBe(true);
    expect(warnings[SKIPS_LOGGED_PER_FILE]).toMatch(/feed\.jsonl: 5 more items skipped \(malformed-json\), not logged one by one; manifest\.json lists all 25/);
  } finally {
    cleanup(dir);
  }
});
