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
