/**
 * toneRowsWriter: the sentence tones of a framing article by article, the unchanged articles at the
 * corpus's start taken from the previous value's stored pieces; with a real stage store (its record
 * spill and stored pieces), checked against the tones pushed whole.
 */
import { createHash } from 'node:crypto';
import { toneRowsWriter } from '../../../src/analysis/framing/toneRows.js';
import { openStageStore } from '../../../src/store/stageStore.js';
import type { ArticleToneRows, SentenceTone } from '../../../src/records.js';
import { tempDir } from '../../tempDir.js';

const NAMESPACE = 'a'.repeat(64);
const keyOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** 60 articles of 0 to 80 toned sentences (about 2,400 rows: pieces of 1,000), each with its key. */
function corpus(edit = new Map<string, string>()) {
  return Array.from({ length: 60 }, (_, k) => {
    const id = `a${String(k).padStart(2, '0')}`;
    const count = (k * 37) % 81;
    const tones: SentenceTone[] = Array.from({ length: count }, (_, i) => ({ sentenceId: `${id}#${i}`, label: i % 3 ? 'neutral' : 'negative', score: (k - i) / 100 }));
    return { id, key: keyOf(edit.get(id) ?? id), tones };
  });
}

type Article = ReturnType<typeof corpus>[number];

function write(articles: Article[], spill: ReturnType<ReturnType<typeof openStageStore>['spillRecords']>, previous?: { rows: ArticleToneRows; pieces: NonNullable<ReturnType<ReturnType<typeof openStageStore>['storedPieces']>> }, namespace = NAMESPACE) {
  const writer = toneRowsWriter(namespace, spill as never, previous);
  const pushed: string[] = [];
  for (const a of articles) writer.add(a.id, a.key, a.tones.length, () => (pushed.push(a.id), a.tones.forEach((t) => spill!.push(t))));
  return { ...writer.finish(), pushed, value: { sentenceTones: spill!.finish() } };
}

test('a night borrows the tone rows of the unchanged articles at the start; the stored value is the same as the rows pushed whole', () => {
  const dir = tempDir('cf-tone-rows-');
  const store = openStageStore(dir);
  const first = write(corpus(), store.spillRecords<SentenceTone>());
  expect(first.borrowed).toBe(0);
  const firstHash = store.saveDataset(first.value);
  const pieces = store.storedPieces(firstHash, 'sentenceTones')!;
  expect(pieces.length).toBeGreaterThan(2);
  const previous = { rows: first.toneRows, pieces };
  const plain = (articles: Article[]) => store.hashOf({ sentenceTones: articles.flatMap((a) => a.tones) });

  // The same articles and one more after them: every previous row borrowed, only the new one pushed.
  const added = { id: 'z-new', key: keyOf('z-new'), tones: [{ sentenceId: 'z-new#0', label: 'positive', score: 0.5 } as SentenceTone] };
  const night = [...corpus(), added];
  const grown = write(night, store.spillRecords<SentenceTone>(), previous);
  expect(grown.borrowed).toBe(corpus().reduce((n, a) => n + a.tones.length, 0));
  expect(grown.pushed).toEqual(['z-new']);
  const grownHash = store.saveDataset(grown.value);
  expect(openStageStore(dir).loadDataset(grownHash)).toEqual(openStageStore(dir).loadDataset(store.saveDataset({ sentenceTones: night.flatMap((a) => a.tones) })));
  expect(store.hashOf({ sentenceTones: night.flatMap((a) => a.tones) })).toBe(plain(night));
  expect(Array.from(grown.toneRows.firstRows)).toEqual(Array.from(first.toneRows.firstRows).concat(grown.borrowed));

  // Article a20's key changed (its title or sentiment): the twenty before it borrowed, it and the rest pushed.
  const edited = corpus(new Map([['a20', 'a20 edited']]));
  const partly = write(edited, store.spillRecords<SentenceTone>(), previous);
  expect(partly.borrowed).toBe(edited.slice(0, 20).reduce((n, a) => n + a.tones.length, 0));
  expect(partly.pushed[0]).toBe('a20');
  expect(openStageStore(dir).loadDataset(store.saveDataset(partly.value))).toEqual({ sentenceTones: edited.flatMap((a) => a.tones) });

  // A new article before the others, another namespace, or an article with another count: nothing borrowed.
  expect(write([added, ...corpus()], store.spillRecords<SentenceTone>(), previous).borrowed).toBe(0);
  expect(write(corpus(), store.spillRecords<SentenceTone>(), previous, 'b'.repeat(64)).borrowed).toBe(0);
  const recounted = corpus().map((a, k) => (k === 1 ? { ...a, tones: a.tones.slice(1) } : a));
  expect(write(recounted, store.spillRecords<SentenceTone>(), previous).borrowed).toBe(0);
  // A key that is not a sha256 is refused, naming the article.
  expect(() => write([{ ...added, key: 'not-a-digest' }], store.spillRecords<SentenceTone>())).toThrow(/article z-new .*not a sha256/u);
});
