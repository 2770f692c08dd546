/**
 * The actor-tone collector (src/analysis/framing/entityTone.ts) past one chunk of rows: every row
 * gets its own interval and strongest sentence, the texts are asked for once, and the collector is
 * used once (rows() releases what it gathered).
 */
import type { Article, Sentence, SentenceSentiment } from '../../../src/records.js';
import { entityToneCollector, type SentenceMentions } from '../../../src/analysis/framing/entityTone.js';
import { bootstrapInterval, type IntervalMemo } from '../../../src/analysis/framing/toneInterval.js';

const article = (id: string, outlet: string) => ({ id, outlet, outletSource: 'record' }) as unknown as Article;
const sentence = (articleId: string, outlet: string, index: number, names: string[]): Sentence => ({
  id: `${articleId}#${index}`, articleId, outlet, index, paragraph: 0, text: `text ${articleId} ${index}`, quotes: [], numbers: [],
  entities: names.map((name) => ({ name, type: 'person' as const, text: name, start: 0, end: 1 })) as unknown as Sentence['entities'], dates: [],
});

test('25,000 rows (past one chunk): each with the interval of its own scores and its strongest sentence; texts asked once; rows() once', () => {
  const entities = Array.from({ length: 25_000 }, (_, k) => `Person ${k}`);
  const articles = [article('a', 'Outlet A'), article('b', 'Outlet B')];
  const scoreOf = (entity: number, s: number) => Math.sin(entity * 7 + s * 3);
  const fill = (collector: ReturnType<typeof entityToneCollector>) => {
   for (const a of articles) {
    // Two sentences, each naming every entity once, with a tone per entity and sentence.
    const ordered = [0, 1].map((s) => sentence(a.id, a.outlet, s, entities));
    const sentiment = new Map<string, SentenceSentiment>(ordered.map((s) => [s.id, { sentenceId: s.id, label: 'neutral', score: 0 }]));
    const mentions: SentenceMentions[] = [0, 1].map((s) => entities.map((e, k) => [e, { tone: { label: scoreOf(k, s) < 0 ? 'negative' : 'positive', score: scoreOf(k, s), confidence: NaN }, role: 'own-voice' }] as const));
    collector.addArticle(a.id, ordered, sentiment, mentions);
   }
  };
  const asked: number[] = [];
  // A memo in memory, counting its reads: the requests go a chunk of 20,000 rows at a time.
  const stored = new Map<string, [number, number]>();
  const reads: number[] = [];
  const intervalMemo: IntervalMemo = {
    getMany: (keys) => (reads.push(keys.length), new Map(keys.filter((k) => stored.has(k)).map((k) => [k, stored.get(k)!]))),
    putMany: (entries) => { for (const [k, v] of entries) stored.set(k, v); },
  };
  const collector = entityToneCollector(articles, new Map(), { minMentions: 2, eventOrder: new Map([['*', -1]]), resamples: 20, intervalMemo });
  fill(collector);
  const rows = collector.rows((ids) => (asked.push(ids.size), new Map([...ids].map((id) => [id, `the text of ${id}`]))));
  expect(reads).toEqual([20_000, 20_000, 10_000]);
  expect(asked).toEqual([4]);
  expect(rows).toHaveLength(50_000);
  for (const k of [0, 1, 19_999, 20_000, 24_999]) {
    for (const outlet of ['Outlet A', 'Outlet B']) {
      const row = rows.find((r) => r.entity === `Person ${k}` && r.outlet === outlet)!;
      const scores = [scoreOf(k, 0), scoreOf(k, 1)];
      expect(row.mentions).toBe(2);
      expect([row.toneLow, row.toneHigh]).toEqual(bootstrapInterval(scores, 20, `${outlet}\u0000*\u0000Person ${k}`));
      const strongest = Math.abs(scores[1]) > Math.abs(scores[0]) ? 1 : 0;
      expect(row.strongest).toEqual({ sentenceId: `${outlet === 'Outlet A' ? 'a' : 'b'}#${strongest}`, articleId: outlet === 'Outlet A' ? 'a' : 'b', outlet, text: `the text of ${outlet === 'Outlet A' ? 'a' : 'b'}#${strongest}`, score: scores[strongest] });
    }
  }
  expect(() => collector.rows(() => new Map())).toThrow(/called twice.*Fix:/);
  expect(() => collector.addArticle('a', [], new Map(), [])).toThrow(/after the rows were made.*Fix:/);
});
