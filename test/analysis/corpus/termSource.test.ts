/**
 * Terms kept between runs (src/analysis/corpus/termSource.ts) are the terms termsOf gives, and a
 * corpus prepared from them is the same to the bit: the seed articles through the real segmenter
 * and compact models, the terms stemmed into an empty memo, then read back from it.
 */
import { storedTermSource, computedTerms, type StoredArticleTerms, type TermMemo } from '../../../src/analysis/corpus/termSource.js';
import { termEntries, termsOf } from '../../../src/analysis/corpus/terms.js';
import { prepareEventCorpus } from '../../../src/analysis/events/pairs.js';
import { clusterEvents } from '../../../src/analysis/events/build.js';
import { readEventsJudge } from '../../../src/analysis/events/judge.js';
import { statementUnits } from '../../../src/analysis/corpus/statements.js';
import { buildArticleProfiles } from '../../../src/analysis/corpus/profiles.js';
import { clusterableArticles } from '../../../src/analysis/corpus/clusterable.js';
import { offlineConfig, prepare, stageContext, type Prepared } from '../pipelineHarness.js';

const config = offlineConfig();
let prepared: Prepared;

/** A memo in memory, counting its reads and writes. */
function memoryMemo(): TermMemo & { entries: Map<string, StoredArticleTerms>; reads: number } {
  const entries = new Map<string, StoredArticleTerms>();
  const memo = {
    entries,
    reads: 0,
    getMany(keys: string[]) {
      memo.reads += keys.length;
      return new Map(keys.flatMap((k) => (entries.has(k) ? [[k, structuredClone(entries.get(k)!)] as const] : [])));
    },
    putMany(values: Iterable<readonly [string, StoredArticleTerms]>) {
      for (const [k, v] of values) entries.set(k, structuredClone(v));
    },
  };
  return memo;
}

beforeAll(async () => {
  prepared = await prepare(stageContext(config));
}, 600_000);

test('stored terms are termsOf\'s, stemmed once per article and read back by the next run', () => {
  const memo = memoryMemo();
  const night1 = storedTermSource(memo, prepared.sentences);
  night1.prefetch(prepared.articles);
  for (const a of prepared.articles) {
    expect(night1.article(a)).toEqual(termsOf(`${a.title}\n${a.text}`));
    expect(night1.title(a)).toEqual(termsOf(a.title));
  }
  for (const s of prepared.sentences) expect(night1.sentence(s)).toEqual(termsOf(s.text));
  expect(night1.counters()).toEqual({ reused: 0, computed: prepared.articles.length });
  night1.save();
  expect(memo.entries.size).toBe(new Set(prepared.articles.map((a) => `${a.title}\n${a.text}`)).size);

  const night2 = storedTermSource(memo, prepared.sentences);
  night2.prefetch(prepared.articles);
  expect(night2.counters()).toEqual({ reused: prepared.articles.length, computed: 0 });
  for (const a of prepared.articles) expect(night2.article(a)).toEqual(termsOf(`${a.title}\n${a.text}`));
  for (const s of prepared.sentences) expect(night2.sentence(s)).toEqual(termsOf(s.text));
});

test('an article segmented otherwise is stemmed again (its entry is keyed by its sentences too)', () => {
  const memo = memoryMemo();
  storedTermSource(memo, prepared.sentences).prefetch(prepared.articles);
  const first = storedTermSource(memo, prepared.sentences);
  first.prefetch(prepared.articles);
  first.save();
  const target = prepared.articles[0].id;
  const resegmented = prepared.sentences.map((s) => (s.articleId === target && s.text.length > 20 ? { ...s, text: s.text.slice(0, -10) } : s));
  const again = storedTermSource(memo, resegmented);
  again.prefetch(prepared.articles);
  expect(again.counters()).toEqual({ reused: prepared.articles.length - 1, computed: 1 });
  for (const s of resegmented.filter((x) => x.articleId === target)) expect(again.sentence(s)).toEqual(termsOf(s.text));
});

test('the events corpus, its statements and its events are the same from stored terms as from termsOf', () => {
  const memo = memoryMemo();
  const cold = storedTermSource(memo, prepared.sentences);
  const articles = clusterableArticles(prepared.articles);
  prepareEventCorpus({ ...prepared, articles }, config.events, config.claims, cold);
  cold.save();
  const warm = storedTermSource(memo, prepared.sentences);
  const fromStore = prepareEventCorpus({ ...prepared, articles }, config.events, config.claims, warm);
  expect(warm.counters().computed).toBe(0);
  const fresh = prepareEventCorpus({ ...prepared, articles }, config.events, config.claims, computedTerms);
  expect(fromStore.profiles).toEqual(fresh.profiles);
  // The profiles' term ids are of two vocabularies: their terms, weights and order are compared too.
  fresh.profiles.forEach((p, k) => expect([...termEntries(fromStore.profiles[k].terms)]).toEqual([...termEntries(p.terms)]));
  expect(fromStore.candidates).toEqual(fresh.candidates);
  expect(fresh.candidates.length).toBeGreaterThan(0);
  const n = fresh.articles.length;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(fromStore.features(i, j)).toEqual(fresh.features(i, j));

  const corpus = buildArticleProfiles(articles, prepared.sentences, prepared.enrichment, config.events.background, new Set(), config.claims.minCorpusDocs, storedTermSource(memo, prepared.sentences));
  const units = statementUnits(articles, prepared, corpus, config.claims.minWords, config.claims, storedTermSource(memo, prepared.sentences));
  const plain = buildArticleProfiles(articles, prepared.sentences, prepared.enrichment, config.events.background, new Set(), config.claims.minCorpusDocs);
  expect(units.units).toEqual(statementUnits(articles, prepared, plain, config.claims.minWords, config.claims).units);
  expect(units.units.length).toBeGreaterThan(10);

  const judge = readEventsJudge(config.events.judge);
  expect(clusterEvents(prepared, config.events, config.claims, judge, storedTermSource(memo, prepared.sentences))).toEqual(clusterEvents(prepared, config.events, config.claims, judge));
});

test('a released article\'s terms are written at once and dropped: asked for again, read back from the memo, counted once', () => {
  const memo = memoryMemo();
  const source = storedTermSource(memo, prepared.sentences);
  const [first, ...rest] = prepared.articles;
  source.prefetch([first]);
  expect(memo.entries.size).toBe(0);
  source.release!([first]);
  // Written without save(): a first run's terms are not held to the end of the stage.
  expect(memo.entries.size).toBe(1);
  const reads = memo.reads;
  expect(source.article(first)).toEqual(termsOf(`${first.title}\n${first.text}`));
  // Not held any more: read again from the memo.
  expect(memo.reads).toBe(reads + 1);
  for (const s of prepared.sentences.filter((x) => x.articleId === first.id)) expect(source.sentence(s)).toEqual(termsOf(s.text));
  source.prefetch(rest);
  expect(source.counters()).toEqual({ reused: 0, computed: prepared.articles.length });
});

test('articles given without their texts: the memo\'s entries are found by contentHash, and only the texts it lacks are read, in one batch', () => {
  const memo = memoryMemo();
  const textless = prepared.articles.map(({ text: _text, ...rest }) => rest as (typeof prepared.articles)[number]);
  const asked: string[][] = [];
  const texts = (ids: readonly string[], visit: (id: string, text: string) => void) => {
    asked.push([...ids]);
    for (const a of prepared.articles) if (ids.includes(a.id)) visit(a.id, a.text);
  };
  const [first, ...rest] = textless;
  const cold = storedTermSource(memo, prepared.sentences, texts);
  cold.prefetch([first]);
  cold.prefetch(rest);
  expect(asked).toEqual([[first.id], rest.map((a) => a.id)]);
  prepared.articles.forEach((a, k) => expect(cold.article(textless[k])).toEqual(termsOf(`${a.title}\n${a.text}`)));
  cold.save();

  // The next run finds every entry without a text, also those a run given whole articles wrote.
  const warm = storedTermSource(memo, prepared.sentences, texts);
  warm.prefetch(textless);
  expect(asked).toHaveLength(2);
  expect(warm.counters()).toEqual({ reused: textless.length, computed: 0 });
  const whole = memoryMemo();
  storedTermSource(whole, prepared.sentences).prefetch(prepared.articles);
  const fromWhole = storedTermSource(whole, prepared.sentences);
  fromWhole.prefetch(prepared.articles);
  fromWhole.save();
  const read = storedTermSource(whole, prepared.sentences);
  read.prefetch(textless);
  expect(read.counters()).toEqual({ reused: textless.length, computed: 0 });

  // No way to read a lacking text: a clear error, not terms of "undefined".
  expect(() => storedTermSource(memoryMemo(), prepared.sentences).prefetch([first])).toThrow(/came without their texts.*Fix: pass `texts`/);
  expect(() => storedTermSource(memoryMemo(), prepared.sentences, () => undefined).prefetch([first])).toThrow(new RegExp(`text of article ${first.id} was not found`));
});
