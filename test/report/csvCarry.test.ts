/**
 * sentences.csv carried over from the previous run (src/report/csvCarry.ts): an article whose rows
 * have the same values is copied from the previous run's file, any other is formatted, and the file
 * is byte for byte the one formatting every row gives, BOM or not. A previous file that is not the
 * one indexed (edited, cut short) or an index of another format gives nothing to copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Analysis, EntityTone, Sentence, SentenceSentiment, SentenceTone } from '../../src/records.js';
import { defineTable, renderCsv, rowCount, type LazyTable, type Row } from '../../src/report/csv.js';
import { writeCsvFile } from '../../src/report/csvFile.js';
import { csvBlockFormat, openCarriedRows, rowsIndexFile, writeRowsIndex } from '../../src/report/csvCarry.js';
import { SENTENCE_COLUMNS, sentencesTable } from '../../src/report/rows/sentenceRows.js';
import { ENTITY_TONE_COLUMNS, entityToneTable } from '../../src/report/rows/framingRows.js';
import * as fx from './fixtureRecords.js';
import { tempDir } from '../tempDir.js';
import { sha256Hex } from '../../src/runtime/sha256.js';
import { openStageStore } from '../../src/store/stageStore.js';
import type { DatasetStream } from '../../src/store/datasetStream.js';

// Cells that need quoting, guarding or wrapping, and one longer than a spreadsheet cell holds.
const TEXTS = ['Plain words.', 'Has, a comma and "quotes".', 'Two\nlines', '=SUM(1+1)', '0042', 'Заголовок “curly”', 'x'.repeat(40_000)];

function corpus(articles: number): Sentence[] {
  return Array.from({ length: articles }, (_, a) => `b${String(a).padStart(3, '0')}`).flatMap((articleId, a) =>
    Array.from({ length: 1 + (a % 4) }, (_, index) => ({
      ...fx.sentences[1],
      id: `${articleId}#${index}`,
      articleId,
      outlet: a % 3 ? 'Wire One' : 'Outlet, "Two"',
      index,
      text: `${TEXTS[(a + index) % TEXTS.length]} ${a}`,
    })),
  );
}
// A sentence's values follow from its id, so an article's rows stay the same when others come or go.
const numberOf = (s: Sentence) => Number(s.articleId.slice(1)) * 4 + s.index;
const sentimentOf = (sentences: Sentence[]): SentenceSentiment[] =>
  sentences.map((s) => ({ sentenceId: s.id, label: numberOf(s) % 2 ? 'negative' : 'neutral', score: numberOf(s) % 5 === 0 ? -0.25 : numberOf(s) / 700 }));
const tonesOf = (sentences: Sentence[]): SentenceTone[] => sentences.map((s) => ({ sentenceId: s.id, label: numberOf(s) % 3 ? 'neutral' : 'positive', score: numberOf(s) / 1100 }));
const noEvents = { ...fx.analysis, events: [] } as Analysis;

/** What formatting every row gives: the table's rows rendered whole. */
function expectedBytes(table: LazyTable, bom: boolean): Buffer {
  return Buffer.from(renderCsv(defineTable(table.name, table.columns, [...table.rows()] as Row[]), { bom }), 'utf8');
}

async function writeSentences(dir: string, sentences: Sentence[], options: { bom: boolean; previousDir?: string; sentiment?: SentenceSentiment[]; digests?: Map<string, string> }) {
  fs.mkdirSync(dir, { recursive: true });
  const format = csvBlockFormat(SENTENCE_COLUMNS);
  const previous = openCarriedRows(options.previousDir, 'sentences.csv', format);
  const table = sentencesTable(sentences, options.sentiment ?? sentimentOf(sentences), noEvents, tonesOf(sentences), previous, options.digests);
  const file = path.join(dir, 'sentences.csv');
  try {
    const { blocks, ...written } = await writeCsvFile(file, table, { bom: options.bom });
    writeRowsIndex(file, format, written, blocks!.places);
    return { table, bytes: fs.readFileSync(file), blocks: blocks!, carried: previous !== undefined };
  } finally {
    previous?.close();
  }
}

describe('sentences.csv an article at a time', () => {
  const sentences = corpus(50);

  it('gives the bytes of every row formatted, BOM or not, and an index of each article\'s bytes', async () => {
    for (const bom of [true, false]) {
      const first = await writeSentences(tempDir('carry-first-'), sentences, { bom });
      expect(first.carried).toBe(false);
      expect(first.bytes.equals(expectedBytes(first.table, bom))).toBe(true);
      expect(first.blocks.formattedRows).toBe(sentences.length);
      expect(first.blocks.places).toHaveLength(50);
      // Each place holds exactly its article's rows.
      const [group, , offset, length] = first.blocks.places[7];
      const rows = sentences.filter((s) => s.articleId === group);
      expect(first.bytes.subarray(offset, offset + length).toString('utf8')).toContain(rows[rows.length - 1].text.slice(0, 20));
      expect(first.blocks.places.reduce((sum, p) => sum + p[3], 0) + first.blocks.places[0][2]).toBe(first.bytes.length);
      expect(rowCount(first.table)).toBe(sentences.length);
    }
  });

  it('copies the unchanged articles from the previous run and formats the changed ones, with the same bytes', async () => {
    const base = tempDir('carry-nights-');
    const night1 = await writeSentences(path.join(base, 'r1'), sentences, { bom: true });
    // The same rows: every article copied.
    const same = await writeSentences(path.join(base, 'r2'), sentences, { bom: true, previousDir: path.join(base, 'r1') });
    expect(same.carried).toBe(true);
    expect(same.blocks).toMatchObject({ copiedRows: sentences.length, formattedRows: 0 });
    expect(same.bytes.equals(night1.bytes)).toBe(true);
    // The next night: one article's sentiment changed, one article's text, one article new, one gone, no BOM.
    const next = corpus(52)
      .filter((s) => s.articleId !== 'b010')
      .map((s) => (s.id === 'b021#0' ? { ...s, text: `${s.text} (updated)` } : s));
    const sentiment = sentimentOf(next).map((r) => (r.sentenceId === 'b033#1' ? { ...r, score: r.score + 0.5 } : r));
    const changed = await writeSentences(path.join(base, 'r3'), next, { bom: false, previousDir: path.join(base, 'r2'), sentiment });
    const rowsOf = (ids: string[]) => next.filter((s) => ids.includes(s.articleId)).length;
    // Positions shifted in the file make no difference, only the key does: the two new articles and the
    // two changed ones are formatted, the other 47 copied.
    const formatted = rowsOf(['b021', 'b033', 'b050', 'b051']);
    expect(changed.blocks).toMatchObject({ formattedRows: formatted, copiedRows: next.length - formatted });
    expect(changed.bytes.equals(expectedBytes(changed.table, false))).toBe(true);
  });

  it('keys an article by its sentence digest where it has one: copied without its rows, formatted when the digest, its outlet or a sentiment changes', async () => {
    // As the segment stage digests an article: every cell it makes, none of the ids or the outlet.
    const digestsOf = (all: Sentence[]) => {
      const byArticle = new Map<string, Sentence[]>();
      for (const s of all) byArticle.set(s.articleId, [...(byArticle.get(s.articleId) ?? []), s]);
      return new Map([...byArticle].map(([id, own]) => [id, sha256Hex(JSON.stringify(own.map(({ id: _id, articleId: _a, outlet: _o, ...made }) => made)))]));
    };
    const base = tempDir('carry-digests-');
    const night1 = await writeSentences(path.join(base, 'r1'), sentences, { bom: true, digests: digestsOf(sentences) });
    expect(night1.bytes.equals(expectedBytes(night1.table, true))).toBe(true);
    expect(night1.blocks.formattedRows).toBe(sentences.length);
    // The same night: every article copied but b007, which has no digest this time (keyed by its values).
    const digests = digestsOf(sentences);
    digests.delete('b007');
    const same = await writeSentences(path.join(base, 'r2'), sentences, { bom: true, previousDir: path.join(base, 'r1'), digests });
    const b007 = sentences.filter((s) => s.articleId === 'b007').length;
    expect(same.blocks).toMatchObject({ copiedRows: sentences.length - b007, formattedRows: b007 });
    expect(same.bytes.equals(night1.bytes)).toBe(true);
    // A text changed (new digest), a sentiment changed, an outlet changed (same digest), a new article: formatted.
    const next = corpus(51).map((s) => (s.id === 'b021#0' ? { ...s, text: `${s.text} (updated)` } : s.articleId === 'b044' ? { ...s, outlet: 'Wire Three' } : s));
    const sentiment = sentimentOf(next).map((r) => (r.sentenceId === 'b033#1' ? { ...r, score: r.score + 0.5 } : r));
    const changed = await writeSentences(path.join(base, 'r3'), next, { bom: true, previousDir: path.join(base, 'r2'), sentiment, digests: digestsOf(next) });
    const rowsOf = (ids: string[]) => next.filter((s) => ids.includes(s.articleId)).length;
    // b007 was keyed by its values in r2: by its digest now, so formatted once more.
    const formatted = rowsOf(['b007', 'b021', 'b033', 'b044', 'b050']);
    expect(changed.blocks).toMatchObject({ formattedRows: formatted, copiedRows: next.length - formatted });
    expect(changed.bytes.equals(expectedBytes(changed.table, true))).toBe(true);
  });

  it('copies nothing from a previous file that is not the one indexed, or from an index of another format', async () => {
    const base = tempDir('carry-damaged-');
    const night1 = await writeSentences(path.join(base, 'r1'), sentences, { bom: true });
    const csv = path.join(base, 'r1', 'sentences.csv');
    // An analyst's edit that keeps the size: one letter changed.
    const edited = Buffer.from(night1.bytes);
    edited[edited.indexOf('Plain')] = 'p'.charCodeAt(0);
    fs.writeFileSync(csv, edited);
    const afterEdit = await writeSentences(path.join(base, 'r2'), sentences, { bom: true, previousDir: path.join(base, 'r1') });
    expect(afterEdit.carried).toBe(false);
    expect(afterEdit.blocks.copiedRows).toBe(0);
    expect(afterEdit.bytes.equals(night1.bytes)).toBe(true);
    // Cut short.
    fs.writeFileSync(path.join(base, 'r2', 'sentences.csv'), afterEdit.bytes.subarray(0, 1000));
    expect(openCarriedRows(path.join(base, 'r2'), 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS))).toBeUndefined();
    // Intact, but indexed under other columns (or by another release): not trusted.
    const fresh = await writeSentences(path.join(base, 'r3'), sentences, { bom: true });
    expect(openCarriedRows(path.join(base, 'r3'), 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS))).toBeDefined();
    expect(openCarriedRows(path.join(base, 'r3'), 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS.slice(1)))).toBeUndefined();
    // No index, a damaged index, no previous run.
    fs.writeFileSync(path.join(base, 'r3', rowsIndexFile('sentences.csv')), '{"format":');
    expect(openCarriedRows(path.join(base, 'r3'), 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS))).toBeUndefined();
    fs.rmSync(path.join(base, 'r3', rowsIndexFile('sentences.csv')));
    expect(openCarriedRows(path.join(base, 'r3'), 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS))).toBeUndefined();
    expect(openCarriedRows(null, 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS))).toBeUndefined();
    expect(fresh.bytes.equals(night1.bytes)).toBe(true);
  });
});

describe('sentences.csv on a night, from the stored sentences', () => {
  // Long enough for several stored pieces (1,000 sentences each), in article order as segment stores them.
  const articleId = (a: number) => `n${String(a).padStart(5, '0')}`;
  const stored = (articles: number, edit: (s: Sentence) => Sentence = (s) => s): Sentence[] =>
    Array.from({ length: articles }, (_, a) =>
      Array.from({ length: 1 + (a % 4) }, (_, index) => edit({ ...fx.sentences[1], id: `${articleId(a)}#${index}`, articleId: articleId(a), outlet: `Outlet ${a % 5}`, index, text: `${TEXTS[(a + index) % 5]} ${a}` })),
    ).flat();
  const digestsOf = (all: Sentence[]) => {
    const byArticle = new Map<string, Sentence[]>();
    for (const s of all) byArticle.set(s.articleId, [...(byArticle.get(s.articleId) ?? []), s]);
    return new Map([...byArticle].map(([id, own]) => [id, sha256Hex(JSON.stringify(own.map(({ id: _id, articleId: _a, outlet: _o, ...made }) => made)))]));
  };
  const outletsOf = (all: Sentence[]) => new Map(all.map((s) => [s.articleId, s.outlet]));
  /** The stream of the sentences saved in a store, with the pieces each kind of pass read counted. */
  const storedStream = (dir: string, sentences: Sentence[]) => {
    const store = openStageStore(dir, { pieceKeys: ['articleId'] });
    const stream = store.streamDataset(store.saveDataset(sentences)) as DatasetStream<Sentence>;
    const read = { whole: 0, holding: 0 };
    const counted: DatasetStream<Sentence> = {
      length: stream.length,
      *pieces() {
        for (const piece of stream.pieces()) yield (read.whole++, piece);
      },
      *piecesHolding(key, wanted) {
        for (const piece of stream.piecesHolding!(key, wanted)) yield (read.holding++, piece);
      },
    };
    // A run's earlier stages (enrich, framing) have read them whole: the store knows each piece's articles.
    expect([...counted.pieces()].flat()).toHaveLength(sentences.length);
    read.whole = 0;
    return { stream: counted, read };
  };
  const write = async (dir: string, sentences: Sentence[], options: { previousDir?: string; sentiment?: SentenceSentiment[]; outlets?: Map<string, string> }) => {
    fs.mkdirSync(dir, { recursive: true });
    const { stream, read } = storedStream(path.join(dir, 'store'), sentences);
    const format = csvBlockFormat(SENTENCE_COLUMNS);
    const previous = openCarriedRows(options.previousDir, 'sentences.csv', format);
    const table = sentencesTable(stream, options.sentiment ?? sentimentOf(sentences), noEvents, tonesOf(sentences), previous, digestsOf(sentences), options.outlets ?? outletsOf(sentences));
    const file = path.join(dir, 'sentences.csv');
    try {
      const { blocks, ...written } = await writeCsvFile(file, table, { bom: true });
      writeRowsIndex(file, format, written, blocks!.places);
      const csvRead = { ...read };
      return { bytes: fs.readFileSync(file), blocks: blocks!, read: csvRead, expected: expectedBytes(table, true) };
    } finally {
      previous?.close();
    }
  };
  // numberOf (sentiment, tones) reads ids of the form b<number>: these ids give the same values.
  const sentimentOfStored = (all: Sentence[]) => sentimentOf(all.map((s) => ({ ...s, articleId: `b${Number(s.articleId.slice(1))}` })));

  it('keys the articles from their sentiment rows and reads only the pieces that hold an article whose rows are made', async () => {
    const base = tempDir('carry-stored-');
    const first = stored(1600);
    expect(first.length).toBeGreaterThan(3000);
    const night1 = await write(path.join(base, 'r1'), first, { sentiment: sentimentOfStored(first) });
    expect(night1.bytes.equals(night1.expected)).toBe(true);
    // No previous file: the sentences are read whole, as before.
    expect(night1.read.whole).toBeGreaterThan(0);
    // The night: 20 new articles after the others (their ids sort last, as a new file's do), one
    // article's text changed and one's sentiment, both in the first piece.
    const next = stored(1620, (s) => (s.id === `${articleId(3)}#1` ? { ...s, text: `${s.text} (updated)` } : s));
    const sentiment = sentimentOfStored(next).map((r) => (r.sentenceId === `${articleId(5)}#0` ? { ...r, score: r.score + 0.5 } : r));
    const night2 = await write(path.join(base, 'r2'), next, { previousDir: path.join(base, 'r1'), sentiment });
    expect(night2.bytes.equals(night2.expected)).toBe(true);
    const rowsOf = (ids: string[]) => next.filter((s) => ids.includes(s.articleId)).length;
    const formatted = rowsOf([articleId(3), articleId(5), ...Array.from({ length: 20 }, (_, k) => articleId(1600 + k))]);
    expect(night2.blocks).toMatchObject({ formattedRows: formatted, copiedRows: next.length - formatted });
    // Of the five pieces, the first (articles 3 and 5) and the last (the new ones); no whole pass.
    expect(Math.ceil(next.length / 1000)).toBe(5);
    expect(night2.read).toEqual({ whole: 0, holding: 2 });

    // An article without an outlet: the sentences are read whole, as without the keys; the same bytes.
    const outlets = outletsOf(next);
    outlets.delete(articleId(7));
    const unkeyed = await write(path.join(base, 'r3'), next, { previousDir: path.join(base, 'r2'), sentiment, outlets });
    expect(unkeyed.bytes.equals(night2.bytes)).toBe(true);
    expect(unkeyed.read.whole).toBe(5);
  });

  it('throws when the stored sentences of an article to format are not those its sentiment rows name', async () => {
    const base = tempDir('carry-stored-bad-');
    const first = stored(1200);
    await write(path.join(base, 'r1'), first, { sentiment: sentimentOfStored(first) });
    // The sentiment names a third sentence of article 1 (stored with two) and one fewer of article 2 (with three).
    const sentiment = sentimentOfStored(first)
      .filter((r) => r.sentenceId !== `${articleId(2)}#2`)
      .flatMap((r) => (r.sentenceId === `${articleId(1)}#1` ? [r, { ...r, sentenceId: `${articleId(1)}#2` }] : [r]));
    await expect(write(path.join(base, 'r2'), first, { previousDir: path.join(base, 'r1'), sentiment })).rejects.toThrow(/not those the enrichment's sentiment rows name/);
  });
});

describe('entity_tone.csv an outlet and event at a time', () => {
  const rowsOf = (outlets: number, events: number, shift = ''): EntityTone[] =>
    Array.from({ length: outlets }, (_, o) => `Outlet ${o}`).flatMap((outlet) =>
      ['*', ...Array.from({ length: events }, (_, e) => `ev-${e}`)].flatMap((eventId, e) =>
        ['Hamas', 'Israel', '=Blinken'].map((entity, k) => ({
          outlet,
          eventId,
          entity,
          entityType: 'organization' as const,
          mentions: 3 + k,
          toneMean: (e - k) / 10,
          negativeShare: 0.5,
          positiveShare: 0.25,
          toneLow: -0.5,
          toneHigh: NaN,
          ownVoiceMentions: 1,
          quotedMentions: 1,
          speakerMentions: k,
          sentenceIds: [`${outlet}#1`, `${outlet}#2`],
          strongest: { sentenceId: `${outlet}#1`, articleId: outlet, outlet, text: `"${entity}" said, ${eventId === shift ? 'now' : 'then'}`, score: -0.5 },
        })),
      ),
    );

  it('copies the groups whose rows are the same and formats the others, with the bytes of every row formatted', async () => {
    const base = tempDir('carry-entity-');
    const format = csvBlockFormat(ENTITY_TONE_COLUMNS);
    const write = async (dir: string, rows: EntityTone[], previousDir?: string) => {
      fs.mkdirSync(dir, { recursive: true });
      const previous = openCarriedRows(previousDir, 'entity_tone.csv', format);
      const table = entityToneTable(rows, noEvents, previous);
      const file = path.join(dir, 'entity_tone.csv');
      const { blocks, ...written } = await writeCsvFile(file, table, { bom: true });
      writeRowsIndex(file, format, written, blocks!.places);
      previous?.close();
      return { bytes: fs.readFileSync(file), blocks: blocks!, expected: expectedBytes(table, true) };
    };
    const first = await write(path.join(base, 'r1'), rowsOf(4, 3));
    expect(first.bytes.equals(first.expected)).toBe(true);
    expect(first.blocks.places).toHaveLength(4 * 4);
    // One event's rows changed (their strongest sentence) in every outlet, and a fifth outlet: 4 + 4 groups formatted.
    const night = await write(path.join(base, 'r2'), rowsOf(5, 3, 'ev-1'), path.join(base, 'r1'));
    expect(night.bytes.equals(night.expected)).toBe(true);
    expect(night.blocks).toMatchObject({ formattedRows: (4 + 4) * 3, copiedRows: (16 - 4) * 3 });
  });
});
