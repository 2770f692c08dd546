/**
 * Agglomerative clustering over a sparse similarity graph, with merge constraints.
 *
 * Single-link connected components chain false merges (A~B and B~C puts A with C however unlike
 * they are); average linkage asks a newcomer to be close to the cluster as a whole, and complete
 * linkage to every member. Pairs that were never scored (not candidates) count as similarity 0,
 * which only ever keeps clusters apart: precision first. Cost is O(E log E) for E scored pairs,
 * never the n x n matrix that library implementations (e.g. ml-hclust) need.
 */

export type Linkage = 'average' | 'complete' | 'single';

export interface ScoredPair {
  a: number;
  b: number;
  score: number;
}

export interface AgglomerateInput {
  /** Items are 0..size-1. */
  size: number;
  pairs: readonly ScoredPair[];
  threshold: number;
  linkage: Linkage;
  /** Whether two clusters may become one (e.g. their dates fit one window). */
  canMerge?: (a: readonly number[], b: readonly number[]) => boolean;
}

interface LinkStats {
  sum: number;
  count: number;
  min: number;
  max: number;
}

interface HeapEntry {
  value: number;
  a: number;
  b: number;
  versionA: number;
  versionB: number;
}

/** Max-heap by value; ties broken by the smaller cluster ids so results are deterministic. */
class MaxHeap {
  private items: HeapEntry[] = [];
  get size(): number {
    return this.items.length;
  }
  private before(x: HeapEntry, y: HeapEntry): boolean {
    if (x.value !== y.value) return x.value > y.value;
    if (x.a !== y.a) return x.a < y.a;
    return x.b < y.b;
  }
  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop(): HeapEntry | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(items[left], items[best])) best = left;
        if (right < items.length && this.before(items[right], items[best])) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best], items[i]];
        i = best;
      }
    }
    return top;
  }
}

function linkValue(stats: LinkStats, sizeA: number, sizeB: number, linkage: Linkage): number {
  const possible = sizeA * sizeB;
  if (linkage === 'single') return stats.max;
  if (linkage === 'complete') return stats.count === possible ? stats.min : 0;
  return stats.sum / possible;
}

/** Clusters as sorted member lists, ordered by their smallest member. */
export function agglomerate(input: AgglomerateInput): number[][] {
  const members = new Map<number, number[]>();
  const version = new Map<number, number>();
  const links = new Map<number, Map<number, LinkStats>>();
  for (let i = 0; i < input.size; i++) {
    members.set(i, [i]);
    version.set(i, 0);
    links.set(i, new Map());
  }
  for (const { a, b, score } of input.pairs) {
    if (a === b || a < 0 || b < 0 || a >= input.size || b >= input.size) continue;
    const existing = links.get(a)!.get(b);
    if (existing) continue; // first score wins; callers pass each pair once
    const stats = { sum: score, count: 1, min: score, max: score };
    links.get(a)!.set(b, stats);
    links.get(b)!.set(a, stats);
  }
  const heap = new MaxHeap();
  const offer = (a: number, b: number): void => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const stats = links.get(x)!.get(y)!;
    const value = linkValue(stats, members.get(x)!.length, members.get(y)!.length, input.linkage);
    if (value >= input.threshold) heap.push({ value, a: x, b: y, versionA: version.get(x)!, versionB: version.get(y)! });
  };
  for (const [a, neighbours] of links) for (const b of neighbours.keys()) if (a < b) offer(a, b);

  for (let entry = heap.pop(); entry; entry = heap.pop()) {
    const { a, b } = entry;
    if (!members.has(a) || !members.has(b)) continue;
    if (version.get(a) !== entry.versionA || version.get(b) !== entry.versionB) continue;
    const membersA = members.get(a)!;
    const membersB = members.get(b)!;
    if (input.canMerge && !input.canMerge(membersA, membersB)) continue;

    // Merge b into a: members, then link statistics towards every neighbour of either.
    const merged = [...membersA, ...membersB].sort((x, y) => x - y);
    members.set(a, merged);
    members.delete(b);
    version.set(a, version.get(a)! + 1);
    const linksA = links.get(a)!;
    const linksB = links.get(b)!;
    linksA.delete(b);
    linksB.delete(a);
    for (const [c, statsB] of linksB) {
      const statsA = linksA.get(c);
      const combined: LinkStats = statsA
        ? {
            sum: statsA.sum + statsB.sum,
            count: statsA.count + statsB.count,
            min: Math.min(statsA.min, statsB.min),
            max: Math.max(statsA.max, statsB.max),
          }
        : { ...statsB };
      linksA.set(c, combined);
      const linksC = links.get(c)!;
      linksC.delete(b);
      linksC.set(a, combined);
    }
    links.delete(b);
    for (const c of linksA.keys()) offer(a, c);
  }
  return [...members.values()].sort((x, y) => x[0] - y[0]);
}

export interface MergePassInput {
  /** Clusters from a first pass (member lists over items 0..n-1). */
  clusters: readonly (readonly number[])[];
  /** Scored item pairs: two clusters are compared only when such a pair joins them. */
  pairs: readonly { a: number; b: number }[];
  /** Score of any item pair, scored or not in the first pass (callers memoise). */
  score: (a: number, b: number) => number;
  threshold: number;
  canMerge?: (a: readonly number[], b: readonly number[]) => boolean;
  /** Member pairs read per cluster pair at most; beyond that a strided sample of them. */
  maxPairs?: number;
}

/** Mean score over every member pair of two clusters (a strided sample above `maxPairs`). */
export function meanPairScore(a: readonly number[], b: readonly number[], score: (x: number, y: number) => number, maxPairs = 400): number {
  const total = a.length * b.length;
  const stride = total <= maxPairs ? 1 : Math.ceil(total / maxPairs);
  let sum = 0;
  let count = 0;
  for (let k = 0; k < total; k += stride) {
    const x = a[Math.floor(k / b.length)];
    const y = b[k % b.length];
    sum += score(Math.min(x, y), Math.max(x, y));
    count++;
  }
  return count ? sum / count : 0;
}

/**
 * Second pass: average linkage between whole clusters, every member pair scored. The first pass
 * counts an unscored (non-candidate) pair as 0, which keeps a large event's pieces apart once they
 * have more member pairs than candidate links; here two pieces joined by at least one scored pair
 * merge when the mean over all their member pairs reaches the threshold, best first.
 */
export function mergeNeighbourClusters(input: MergePassInput): number[][] {
  const members = new Map<number, number[]>();
  const version = new Map<number, number>();
  const clusterOf = new Map<number, number>();
  input.clusters.forEach((m, c) => {
    members.set(c, [...m].sort((x, y) => x - y));
    version.set(c, 0);
    for (const k of m) clusterOf.set(k, c);
  });
  const neighbours = new Map<number, Set<number>>([...members.keys()].map((c) => [c, new Set<number>()]));
  for (const { a, b } of input.pairs) {
    const x = clusterOf.get(a);
    const y = clusterOf.get(b);
    if (x === undefined || y === undefined || x === y) continue;
    neighbours.get(x)!.add(y);
    neighbours.get(y)!.add(x);
  }
  const heap = new MaxHeap();
  const offer = (a: number, b: number): void => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const value = meanPairScore(members.get(x)!, members.get(y)!, input.score, input.maxPairs);
    if (value >= input.threshold) heap.push({ value, a: x, b: y, versionA: version.get(x)!, versionB: version.get(y)! });
  };
  for (const [a, set] of neighbours) for (const b of set) if (a < b) offer(a, b);
  for (let entry = heap.pop(); entry; entry = heap.pop()) {
    const { a, b } = entry;
    if (!members.has(a) || !members.has(b)) continue;
    if (version.get(a) !== entry.versionA || version.get(b) !== entry.versionB) continue;
    if (input.canMerge && !input.canMerge(members.get(a)!, members.get(b)!)) continue;
    members.set(a, [...members.get(a)!, ...members.get(b)!].sort((x, y) => x - y));
    members.delete(b);
    version.set(a, version.get(a)! + 1);
    const around = neighbours.get(a)!;
    for (const c of neighbours.get(b)!) {
      if (c === a) continue;
      around.add(c);
      neighbours.get(c)!.delete(b);
      neighbours.get(c)!.add(a);
    }
    around.delete(b);
    neighbours.delete(b);
    for (const c of around) offer(a, c);
  }
  return [...members.values()].sort((x, y) => x[0] - y[0]);
}
