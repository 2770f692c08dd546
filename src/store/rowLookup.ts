/**
 * Where an id's row is in a vector table, without holding the table's ids: a stored sentence table
 * has a row per sentence of the corpus (2.2 million at 50,000 articles), and a `Map` over its ids
 * held them all (~125 MB of id strings and a ~117 MB hash table in the claims stage at that size,
 * growing with the corpus, not the window the stage works on).
 *
 * Sentence ids are `<article id>#<n>` (src/text/segmentArticle.ts) and enrich writes an article's
 * sentences in consecutive rows, so an id of that form whose article's first run of rows holds its
 * `n` is found from the run alone: the article's first row, first `n` and count. Any other id (an
 * article vector's, a second run of one article, a non-canonical number) is kept as it is.
 *
 *   const lookup = compactRowLookup(['a#0', 'a#1', 'b#0', 'x']);
 *   lookup.get('a#1'); // 1
 *   lookup.get('x');   // 3
 *   lookup.get('a#2'); // undefined
 */

/** The reads a caller makes of a `Map` from id to row. */
export interface RowLookup {
  get(id: string): number | undefined;
  has(id: string): boolean;
}

/** A lookup over these ids (the row of an id is its index) that keeps runs, not ids. */
export function compactRowLookup(ids: Iterable<string>): RowLookup & { count: number } {
  const slotOf = new Map<string, number>();
  // Per slot: the run's first row, its first n, its count.
  let runs = new Int32Array(3 * 1024);
  let slots = 0;
  const others = new Map<string, number>();
  let open = -1;
  let row = 0;
  for (const id of ids) {
    const parsed = parseSentenceId(id);
    if (parsed && open >= 0 && slotOf.get(parsed.prefix) === open && parsed.n === runs[3 * open + 1] + runs[3 * open + 2] && runs[3 * open] + runs[3 * open + 2] === row) {
      runs[3 * open + 2]++;
    } else if (parsed && !slotOf.has(parsed.prefix)) {
      if (3 * (slots + 1) > runs.length) {
        const grown = new Int32Array(2 * runs.length);
        grown.set(runs);
        runs = grown;
      }
      runs.set([row, parsed.n, 1], 3 * slots);
      slotOf.set(parsed.prefix, slots);
      open = slots++;
    } else {
      // The first row of an id wins, as nowhere else: ids are unique in a table.
      if (!others.has(id)) others.set(id, row);
      open = -1;
    }
    row++;
  }
  const get = (id: string): number | undefined => {
    const parsed = parseSentenceId(id);
    const slot = parsed ? slotOf.get(parsed.prefix) : undefined;
    if (parsed && slot !== undefined) {
      const offset = parsed.n - runs[3 * slot + 1];
      if (offset >= 0 && offset < runs[3 * slot + 2]) return runs[3 * slot] + offset;
    }
    return others.get(id);
  };
  return { count: row, get, has: (id) => get(id) !== undefined };
}

const MAX_N = 2 ** 31 - 1;

/** `<prefix>#<n>` with n written as String(n) does, else undefined. */
function parseSentenceId(id: string): { prefix: string; n: number } | undefined {
  const hash = id.lastIndexOf('#');
  if (hash <= 0 || hash === id.length - 1) return undefined;
  const digits = id.length - hash - 1;
  if (digits > 10 || (digits > 1 && id.charCodeAt(hash + 1) === 48)) return undefined;
  let n = 0;
  for (let i = hash + 1; i < id.length; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  if (n > MAX_N) return undefined;
  return { prefix: id.slice(0, hash), n };
}
