/**
 * The content terms (termsOf) of articles, their titles and their sentences, read once per text.
 *
 * Stemming every word is most of what preparing a corpus for events or claims costs (about 3 s per
 * thousand articles on this machine, done for the article text, again for each of its sentences,
 * and again by the claims stage), and it does not depend on the corpus: the weights that turn the
 * terms into vectors do. A nightly run prepares the night's corpus again (its weights change), but
 * the terms of every old article in it are the ones the last night computed. So the terms are kept
 * between runs, keyed by the article's content (title, text and the texts of its sentences in
 * order): a night stems only its new and changed articles. The terms are the same strings in the
 * same order as termsOf gives, so everything built from them is the same to the bit.
 *
 * Example:
 *   const terms = storedTermSource(openItemCache<StoredArticleTerms>(cache, TERMS_NAMESPACE), sentences);
 *   const corpus = prepareEventCorpus(input, events, claims, terms);
 *   terms.save();   // writes the entries computed in this run
 */
import type { Article, Sentence } from '../../records.js';
import { itemKey, openItemCache } from '../../store/itemCache.js';
import type { ModelCache } from '../../store/modelCache.js';
import { CODE_VERSION } from '../../runtime/version.js';
import { termsOf } from './terms.js';
import type { DatasetStream } from '../../store/blobCodec.js';

/** termsOf of an article's `${title}\n${text}`, of its title, and of one of its sentences' text. */
export interface TermSource {
  article(article: Article): readonly string[];
  title(article: Article): readonly string[];
  sentence(sentence: Sentence): readonly string[];
  /** Reads at once what is stored for these articles (a batch instead of one read per article). */
  prefetch(articles: readonly Article[]): void;
  /**
   * The caller needs these articles' terms no more (a range is done): a source that holds terms may
   * drop them. Asked for again, they are read again (or computed again), the same strings.
   */
  release?(articles: readonly Article[]): void;
}

/** termsOf on every call: what a caller without a store gets. */
export const computedTerms: TermSource = {
  article: (a) => termsOf(`${a.title}\n${a.text}`),
  title: (a) => termsOf(a.title),
  sentence: (s) => termsOf(s.text),
  prefetch: () => undefined,
};

/**
 * One article's terms as stored: each list joined by single spaces (a term never holds one: it is a
 * stem of [a-z'-] or two joined by `_`), the sentences in the article's sentence order.
 */
export interface StoredArticleTerms {
  article: string;
  title: string;
  sentences: string[];
}

export interface TermMemo {
  getMany(keys: string[]): Map<string, StoredArticleTerms>;
  putMany(entries: Iterable<readonly [string, StoredArticleTerms]>): void;
}

/** Calls `visit` with the text of each of these articles (by id), for a caller that holds the articles without them. */
export type ArticleTexts = (ids: readonly string[], visit: (id: string, text: string) => void) => void;

/**
 * Reads the texts of the asked-for articles from the stored articles, piece by piece, in one pass
 * (a stage's `services.streamed('articles')`); no text outlives its piece.
 */
export function readArticleTexts(stream: DatasetStream | undefined): ArticleTexts | undefined {
  if (!stream) return undefined;
  return (ids, visit) => {
    const wanted = new Set(ids);
    for (const piece of stream.pieces()) {
      for (const a of piece as Article[]) if (wanted.delete(a.id)) visit(a.id, a.text);
      if (wanted.size === 0) break;
    }
  };
}

/** Bump when termsOf gives other terms for the same text (stopwords, stemmer, bigrams). */
export const TERMS_VERSION = 1;

/** The terms memo in the run's model cache: one namespace, so the events and claims stages share its entries. */
export function openTermsMemo(cache: ModelCache): TermMemo {
  return openItemCache<StoredArticleTerms>(cache, `terms|${TERMS_VERSION}|${CODE_VERSION}`);
}

const split = (joined: string): string[] => (joined === '' ? [] : joined.split(' '));

/**
 * Terms kept in `memo` between runs (see the file comment). `sentences` are the run's sentences: an
 * article's entry is keyed by its title, text (by its contentHash) and its sentences' texts, so a
 * re-segmented article gets a new entry. Articles may come without their texts (a stage's
 * partialReads '-text'): `texts` then reads those the memo lacks. `save()` writes the entries this
 * run computed; `counters()` says how many articles were read from the memo and how many were computed.
 */
export function storedTermSource(
  memo: TermMemo,
  sentences: readonly Sentence[],
  texts?: ArticleTexts,
): TermSource & { save(): void; counters(): { reused: number; computed: number } } {
  const sentencesOf = new Map<string, Sentence[]>();
  for (const s of sentences) (sentencesOf.get(s.articleId) ?? sentencesOf.set(s.articleId, []).get(s.articleId)!).push(s);
  // Held joined, as stored, and split when asked for: a corpus's terms as arrays of strings would take
  // several times the memory of its texts.
  const held = new Map<string, StoredArticleTerms>();
  const fresh = new Map<string, StoredArticleTerms>();
  // Counted once per article, however often a released article is read again.
  const counted = new Set<string>();
  let reused = 0;
  let position: Map<string, number> | undefined;
  // contentHash is the sha256 of the text: the key does not need the text, so a stage that reads the
  // articles without their texts (partialReads '-text') finds the entries all the same.
  const keyOf = (a: Article) => itemKey('terms', a.title, a.contentHash, ...(sentencesOf.get(a.id) ?? []).map((s) => s.text));
  const load = (articles: readonly Article[]) => {
    const wanted = articles.filter((a) => !held.has(a.id));
    if (wanted.length === 0) return;
    const keys = wanted.map(keyOf);
    const found = memo.getMany([...new Set(keys)]);
    const missing: [Article, string][] = [];
    wanted.forEach((a, k) => {
      const stored = found.get(keys[k]) ?? fresh.get(keys[k]);
      const first = !counted.has(a.id);
      counted.add(a.id);
      if (stored && stored.sentences.length === (sentencesOf.get(a.id)?.length ?? 0)) {
        if (first) reused++;
        held.set(a.id, stored);
      } else missing.push([a, keys[k]]);
    });
    const compute = (a: Article, key: string, text: string) => {
      const own = sentencesOf.get(a.id) ?? [];
      const computed = { article: termsOf(`${a.title}\n${text}`).join(' '), title: termsOf(a.title).join(' '), sentences: own.map((s) => termsOf(s.text).join(' ')) };
      held.set(a.id, computed);
      fresh.set(key, computed);
    };
    const textless = new Map<string, [Article, string]>();
    for (const [a, key] of missing) {
      if (a.text === undefined) textless.set(a.id, [a, key]);
      else compute(a, key, a.text);
    }
    if (textless.size === 0) return;
    // The texts the caller left out, read in one pass and each dropped once its terms are computed
    // (a first run lacks every article's terms: their texts are never all held at once).
    if (!texts) throw new Error(`storedTermSource: ${textless.size} articles (${textless.keys().next().value}, ...) came without their texts and the caller gave no way to read them. Fix: pass \`texts\` (readArticleTexts) or give the articles whole.`);
    const seen = new Set<string>();
    texts([...textless.keys()], (id, text) => {
      const [a, key] = textless.get(id)!;
      seen.add(id);
      compute(a, key, text);
    });
    const lacking = [...textless.keys()].find((id) => !seen.has(id));
    if (lacking !== undefined) throw new Error(`storedTermSource: the text of article ${lacking} was not found where the articles are stored. Fix: run the pipeline from ingest again (\`crossframe run --full\`).`);
  };
  const of = (a: Article) => {
    if (!held.has(a.id)) load([a]);
    return held.get(a.id)!;
  };
  return {
    article: (a) => split(of(a).article),
    title: (a) => split(of(a).title),
    sentence: (s) => {
      const stored = held.get(s.articleId);
      if (!position) {
        position = new Map();
        for (const own of sentencesOf.values()) own.forEach((x, k) => position!.set(x.id, k));
      }
      const k = position.get(s.id);
      // A sentence of an article not read yet (or not among this run's sentences) is stemmed on the spot.
      return stored && k !== undefined && sentencesOf.get(s.articleId)![k].text === s.text ? split(stored.sentences[k]) : termsOf(s.text);
    },
    prefetch: load,
    release(articles) {
      for (const a of articles) held.delete(a.id);
      // Written now, not held to save(): on a first run they are every article's terms.
      memo.putMany(fresh);
      fresh.clear();
    },
    save() {
      memo.putMany(fresh);
      fresh.clear();
    },
    counters: () => ({ reused, computed: counted.size - reused }),
  };
}
