/**
 * Exact and near-duplicate articles of the same outlet (the same story ingested twice, a page
 * saved again after a typo fix). Exact copies share a content hash; near copies are found with
 * MinHash signatures over 5-word shingles and locality-sensitive hashing (bands), then confirmed
 * with the true shingle Jaccard similarity. Cost grows with the corpus, not with its square.
 * Different outlets running the same wire story are not duplicates: that is coverage.
 */

export interface DedupeItem {
  id: string;
  outlet: string;
  contentHash: string;
  text: string;
}

export interface DuplicateLink {
  id: string;
  /** The earliest article (by id) of its duplicate group. */
  duplicateOf: string;
  /** Shingle Jaccard similarity to the article it was matched with (1 for exact copies). */
  similarity: number;
  exact: boolean;
}

const SHINGLE = 5;
const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;
/**
 * Templated stories (weather, markets, sports results) fill one bucket with thousands of similar
 * texts. Each article is compared with at most this many earlier bucket-mates, and a bucket keeps
 * only its earliest members, so the cost stays linear; the first match found marks the duplicate.
 */
const MAX_COMPARISONS = 16;
const MAX_BUCKET = 16;

/**
 * Bound once: a global lookup per call is slow inside vm contexts (the Jest test realm), and
 * these run tens of millions of times on a large corpus.
 */
const imul = Math.imul;

/** 32-bit FNV-1a: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit integer mixer (murmur3 finaliser) that turns one hash into HASHES independent ones. */
function mix(h: number, seed: number): number {
  let x = (h ^ imul(seed, 0x9e3779b1)) >>> 0;
  x = imul(x ^ (x >>> 16), 0x85ebca6b);
  x = imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes of every run of SHINGLE consecutive words (all words for shorter texts). */
export function shingles(text: string): Set<number> {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(fnv1a);
  const out = new Set<number>();
  const width = Math.min(SHINGLE, words.length);
  for (let i = 0; i + width <= words.length && width > 0; i++) {
    let h = 0x2545f491;
    for (let k = i; k < i + width; k++) h = mix(words[k], h);
    out.add(h);
  }
  return out;
}

/** MinHash signature. A plain array, not a Uint32Array: typed arrays shared across realms (as
 * in the test environment) are many times slower to index. */
function signature(set: Set<number>): number[] {
  const sig: number[] = new Array<number>(HASHES).fill(0xffffffff);
  for (const h of set) {
    for (let k = 0; k < HASHES; k++) {
      const v = mix(h, k + 1);
      if (v < sig[k]) sig[k] = v;
    }
  }
  return sig;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (!a.size && !b.size) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const h of small) if (large.has(h)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Bump when shingles, signatures or their constants change: memoised signatures (`MinHashMemo`) are keyed by it. */
export const MINHASH_VERSION = 1;

/**
 * Signatures by content hash, known from earlier runs (a signature depends on the text alone): a
 * nightly run computes the new texts' signatures only, and a text's shingles only when it is
 * compared with a bucket-mate. `computed` receives the signatures this call made.
 */
export interface MinHashMemo {
  known: ReadonlyMap<string, readonly number[]>;
  computed: Map<string, number[]>;
}

/**
 * Links every duplicate to the earliest id of its group. Groups are formed within one outlet
 * (articles of unknown outlet form one group too: an identical text twice is one article).
 */
export function findDuplicates(items: DedupeItem[], threshold: number, memo?: MinHashMemo): DuplicateLink[] {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    // Ids are compared as strings: the smaller one stays the group's representative.
    if (ra < rb) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const similarity = new Map<string, { value: number; exact: boolean }>();
  for (const it of sorted) parent.set(it.id, it.id);

  const byOutlet = new Map<string, DedupeItem[]>();
  for (const it of sorted) {
    const key = it.outlet.toLowerCase();
    const group = byOutlet.get(key);
    if (group) group.push(it);
    else byOutlet.set(key, [it]);
  }
  for (const group of byOutlet.values()) {
    const firstByHash = new Map<string, string>();
    const distinct: DedupeItem[] = [];
    for (const it of group) {
      const first = firstByHash.get(it.contentHash);
      if (first) {
        union(first, it.id);
        similarity.set(it.id, { value: 1, exact: true });
      } else {
        firstByHash.set(it.contentHash, it.id);
        distinct.push(it);
      }
    }
    if (threshold > 1 || distinct.length < 2) continue;
    // Shingles are made when first needed: for a signature not in the memo, or a comparison.
    const byId = new Map(distinct.map((it) => [it.id, it]));
    const sets = new Map<string, Set<number>>();
    const setOf = (id: string) => {
      let set = sets.get(id);
      if (!set) sets.set(id, (set = shingles(byId.get(id)!.text)));
      return set;
    };
    const signatureOf = (it: DedupeItem): readonly number[] => {
      const known = memo?.known.get(it.contentHash) ?? memo?.computed.get(it.contentHash);
      if (known && known.length === HASHES) return known;
      const sig = signature(setOf(it.id));
      memo?.computed.set(it.contentHash, sig);
      return sig;
    };
    const buckets = new Map<number, string[]>();
    for (const it of distinct) {
      const sig = signatureOf(it);
      const compared = new Set<string>();
      let matched = false;
      for (let b = 0; b < BANDS; b++) {
        let bandHash = b + 1;
        for (let r = b * ROWS; r < (b + 1) * ROWS; r++) bandHash = mix(sig[r], bandHash);
        // A numeric key: 32-bit band hash times the band count, plus the band (exact in a double).
        const bucketKey = bandHash * BANDS + b;
        const members = buckets.get(bucketKey);
        if (!members) {
          buckets.set(bucketKey, [it.id]);
          continue;
        }
        for (const other of matched ? [] : members) {
          if (compared.size >= MAX_COMPARISONS) break;
          if (compared.has(other)) continue;
          compared.add(other);
          const sim = jaccard(setOf(other), setOf(it.id));
          if (sim >= threshold) {
            union(other, it.id);
            similarity.set(it.id, { value: sim, exact: false });
            matched = true;
          }
        }
        if (members.length < MAX_BUCKET) members.push(it.id);
      }
    }
  }

  const links: DuplicateLink[] = [];
  for (const it of sorted) {
    const root = find(it.id);
    if (root === it.id) continue;
    const sim = similarity.get(it.id) ?? { value: threshold, exact: false };
    links.push({ id: it.id, duplicateOf: root, similarity: Math.round(sim.value * 1000) / 1000, exact: sim.exact });
  }
  return links;
}
