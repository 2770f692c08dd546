import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SentenceTone } from '../../src/records.js';
import { parse } from 'csv-parse/sync';
import { computeFraming } from '../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { configSchema } from '../../src/config/schema.js';
import { buildManifest, renderManifest } from '../../src/report/manifest.js';
import { articlesTable } from '../../src/report/rows/articleRows.js';
import { entityToneTable, outletFramingTable } from '../../src/report/rows/framingRows.js';
import { sentencesTable } from '../../src/report/rows/sentenceRows.js';
import { writeReportFiles } from '../../src/report/writeReports.js';
import type { RunNotes } from '../../pipeline/stage.js';
import * as fx from './fixtureRecords.js';
import { tempDir } from '../tempDir.js';

const config = configSchema.parse({});
const resources = loadFramingResources(config.framing);
const framing = computeFraming(
  { articles: fx.articles, sentences: fx.sentences, sentiment: fx.sentiment, analysis: fx.analysis },
  resources,
  config.framing,
);

async function writeFixtureRun(bom: boolean) {
  const dir = tempDir('cf-write-');
  const tables = [
    articlesTable(fx.articles, fx.analysis),
    sentencesTable(fx.sentences, fx.sentiment, fx.analysis),
    outletFramingTable(framing.outletFraming, fx.analysis, resources.speakers.order),
    entityToneTable(framing.entityTone, fx.analysis),
  ];
  const outputs = await writeReportFiles(dir, {
    runId: 'r1',
    startedAt: '2024-01-01T00:00:00.000Z',
    articles: fx.articles,
    skipped: fx.skipped,
    analysis: fx.analysis,
    framing,
    tables,
    bom,
    html: true,
    htmlMaxEvents: 10,
    htmlMaxClaimsPerEvent: 10,
  });
  const notes: RunNotes = { counters: { 'enrich.truncated': 0 }, warnings: [], work: { 'enrich.cacheHits': 7, 'enrich.cacheHits.embedding': 4, 'enrich.modelCalls': 2 }, inputs: [], models: [], stages: [{ name: 'ingest', ms: 5, cached: false, summary: '' }, { name: 'report', ms: 3, cached: false, summary: '' }], configFiles: [], configWarnings: [] };
  const manifest = buildManifest({
    version: '0.1.0',
    runId: 'r1',
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: new Date('2024-01-01T00:00:02.000Z'),
    config,
    configHash: 'h',
    notes,
    skipped: fx.skipped,
    packages: { node: process.version },
    outputs,
  });
  fs.writeFileSync(path.join(dir, 'manifest.json'), renderManifest(manifest));
  return { dir, outputs, manifest };
}

const read = (dir: string, file: string) => parse(fs.readFileSync(path.join(dir, file)), { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];

describe('report files', () => {
  it('writes every table with a BOM, a header and as many rows as the manifest says', async () => {
    const { dir, manifest } = await writeFixtureRun(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['.entity_tone.csv.rows', '.sentences.csv.rows', 'articles.csv', 'entity_tone.csv', 'manifest.json', 'outlet_framing.csv', 'report.html', 'report.yaml', 'sentences.csv']);
    for (const [file, rows] of Object.entries(manifest.rowCounts)) {
      const bytes = fs.readFileSync(path.join(dir, file));
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(read(dir, file)).toHaveLength(rows);
    }
    expect(manifest.rowCounts).toEqual({ 'articles.csv': 3, 'sentences.csv': 6, 'outlet_framing.csv': 5, 'entity_tone.csv': 1 });
  });

  it('keeps formula-like headlines as text and negative numbers as numbers', async () => {
    const { dir } = await writeFixtureRun(false);
    const articles = read(dir, 'articles.csv');
    expect(articles.map((a) => a.title)).toEqual([
      `'=HYPERLINK("http://x","Blinken") talks`,
      "'+Blinken <script>alert(1)</script> visit a fiasco",
      'Заголовок “curly” -5 update',
    ]);
    expect(articles.map((a) => a.analysable)).toEqual(['true', 'true', 'true']);
    expect(articles[0].event_id).toBe('ev1');
    const framingRows = read(dir, 'outlet_framing.csv');
    expect(framingRows.map((r) => r.tone_mean).every((v) => /^-?\d+(\.\d+)?$/.test(v))).toBe(true);
    expect(framingRows.some((r) => r.tone_mean.startsWith('-'))).toBe(true);
    const sentences = read(dir, 'sentences.csv');
    expect(sentences.find((s) => s.id === 'a2#2')!.text).toBe("'=SUM(1+1) is not a formula here.");
    expect(sentences.find((s) => s.id === 'a1#1')!.sentiment_score).toBe('-0.75');
  });

  it('documents its columns in a fixed order', async () => {
    const { dir } = await writeFixtureRun(true);
    const header = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '').split('\n')[0];
    expect(header('articles.csv')).toBe(
      'id,outlet,outlet_source,outlet_evidence,outlet_country,outlet_ownership,published,published_source,published_evidence,title,url,words,language,analysable,duplicate_of,event_id,source_file,source_line,format,content_hash',
    );
    expect(header('sentences.csv')).toBe('id,article_id,outlet,event_id,index,paragraph,text,sentiment_label,sentiment_score,tone_label,tone_score,quotes,speakers,numbers,entities,dates');
    expect(header('outlet_framing.csv')).toContain(
      'quotes,quotes_anonymous_sources,quotes_us_officials,quotes_israeli_officials,quotes_palestinian_arab_officials,quotes_un_ngo,quotes_other,quotes_unattributed,speakers',
    );
    expect(header('entity_tone.csv')).toBe(
      'outlet,event_id,event_label,entity,entity_type,mentions,tone_mean,negative_share,positive_share,tone_ci_low,tone_ci_high,own_voice_mentions,quoted_mentions,speaker_mentions,strongest_sentence_id,strongest_score,strongest_sentence,sentence_ids',
    );
  });

  it('writes a manifest with hashes, row counts, stage timings and cache hits', async () => {
    const { dir, manifest } = await writeFixtureRun(true);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(json.tool).toBe('crossframe');
    expect(json.outputs.map((o: { file: string }) => o.file)).toEqual(['articles.csv', 'sentences.csv', 'outlet_framing.csv', 'entity_tone.csv', 'report.yaml', 'report.html']);
    // Each file's size and hash as written (report.yaml and the CSVs are hashed piece by piece as they are written).
    for (const o of json.outputs) {
      const bytes = fs.readFileSync(path.join(dir, o.file));
      expect({ file: o.file, bytes: o.bytes, sha256: o.sha256 }).toEqual({ file: o.file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    expect(json.stages.map((s: { name: string }) => s.name)).toEqual(['ingest', 'report']);
    expect(json.cache).toEqual({ stagesReused: [], modelCacheHits: 7, modelCalls: 2, work: { 'enrich.cacheHits': 7, 'enrich.cacheHits.embedding': 4, 'enrich.modelCalls': 2 } });
    expect(json.counters).toEqual({ 'enrich.truncated': 0 });
    expect(json.warnings).toEqual([]);
    expect(json.durationMs).toBe(2000);
    expect(json.resources.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['framing.loadedLexicon', 'framing.speakersFile']));
    expect(json.resources.find((r: { key: string }) => r.key === 'framing.loadedLexicon').sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.config).toEqual(JSON.parse(JSON.stringify(manifest.config)));
  });

  it('gives byte-identical CSVs for the same records', async () => {
    const a = await writeFixtureRun(true);
    const b = await writeFixtureRun(true);
    for (const file of Object.keys(a.manifest.rowCounts)) {
      expect(fs.readFileSync(path.join(a.dir, file)).equals(fs.readFileSync(path.join(b.dir, file)))).toBe(true);
    }
  });
});

describe('sentencesTable over a stream (the report stage reads the sentences piece by piece from the store)', () => {
  const streamOf = (items: typeof fx.sentences, pieceSize: number) => ({
    length: items.length,
    *pieces() {
      for (let i = 0; i < items.length; i += pieceSize) yield items.slice(i, i + pieceSize);
    },
  });
  const rows = (t: ReturnType<typeof sentencesTable>) => [...t.rows()];
  const stored = [...fx.sentences].sort((a, b) => (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : a.index - b.index));

  it('gives the rows the array gives, in stored (table) order and in any other order, pass after pass', () => {
    const fromArray = sentencesTable(fx.sentences, fx.sentiment, fx.analysis);
    expect(stored.length).toBeGreaterThan(2);
    for (const items of [stored, [...stored].reverse()]) {
      const table = sentencesTable(streamOf(items, 2), fx.sentiment, fx.analysis);
      expect(table.size).toBe(fromArray.size);
      expect(rows(table)).toEqual(rows(fromArray));
      expect(rows(table)).toEqual(rows(fromArray));
    }
  });

  it('finds each sentence its sentiment and tone whatever their order, and none where a sentence has no row', () => {
    const byStored = (rowsOf: { sentenceId: string }[]) => stored.map((s) => rowsOf.find((r) => r.sentenceId === s.id)).filter((r) => r !== undefined);
    const sentiment = byStored(fx.sentiment) as typeof fx.sentiment;
    const tones: SentenceTone[] = sentiment.map((r, i) => ({ sentenceId: r.sentenceId, label: i % 2 ? 'negative' : 'neutral', score: i / 10 }));
    expect(sentiment.length).toBe(stored.length);
    const cells = (t: ReturnType<typeof sentencesTable>) => rows(t).map((r) => [r.id, r.sentiment_label, r.sentiment_score, r.tone_label, r.tone_score]);
    const aligned = cells(sentencesTable(streamOf(stored, 2), sentiment, fx.analysis, tones));
    expect(aligned).toEqual(stored.map((s, i) => [s.id, sentiment[i].label, sentiment[i].score, tones[i].label, tones[i].score]));
    // Reversed rows, rows in stored order, and rows with the second sentence's missing: the same cells (an empty one for the missing).
    expect(cells(sentencesTable(streamOf(stored, 2), [...sentiment].reverse(), fx.analysis, [...tones].reverse()))).toEqual(aligned);
    const gap = cells(sentencesTable(streamOf(stored, 2), sentiment.filter((_, i) => i !== 1), fx.analysis, tones.filter((_, i) => i !== 1)));
    expect(gap).toEqual(aligned.map((c, i) => (i === 1 ? [c[0], '', undefined, '', undefined] : c)));
  });

  it('fails before any row when the stream gives fewer sentences than its header says', () => {
    expect(() => sentencesTable({ ...streamOf(stored, 2), length: stored.length + 1 }, fx.sentiment, fx.analysis)).toThrow(/header says/);
  });

  it('with the segment stage\'s digests in article order, reads the stream once per pass (no pass of its own to check it) and checks it as it goes', () => {
    const digests = new Map([...new Set(stored.map((s) => s.articleId))].map((id) => [id, `digest of ${id}`]));
    let passes = 0;
    const counted = (items: typeof stored, length = items.length) => ({
      length,
      *pieces() {
        passes++;
        yield* streamOf(items, 2).pieces();
      },
    });
    const table = sentencesTable(counted(stored), fx.sentiment, fx.analysis, [], undefined, digests);
    expect(passes).toBe(0);
    expect(rows(table)).toEqual(rows(sentencesTable(fx.sentences, fx.sentiment, fx.analysis)));
    expect(passes).toBe(1);
    // Out of order, or fewer than the header says: the pass throws (the CSV writer then writes nothing).
    expect(() => rows(sentencesTable(counted([...stored].reverse()), fx.sentiment, fx.analysis, [], undefined, digests))).toThrow(/not in article order/);
    expect(() => rows(sentencesTable(counted(stored, stored.length + 1), fx.sentiment, fx.analysis, [], undefined, digests))).toThrow(/header says/);
    // Digests out of table order: the stream is checked first, as without digests (then read whole to sort it).
    const reversed = new Map([...digests].reverse());
    passes = 0;
    const sortedTable = sentencesTable(counted([...stored].reverse()), fx.sentiment, fx.analysis, [], undefined, reversed);
    expect(passes).toBe(2);
    expect(rows(sortedTable)).toEqual(rows(sentencesTable(fx.sentences, fx.sentiment, fx.analysis)));
  });
});
