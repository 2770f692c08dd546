/**
 * Claim clusters (one fact, as reported by several outlets) and omissions (an outlet that covers
 * the event but not the fact).
 *
 * Clusters are the connected groups of sentences joined by `agree` or `contradict` matches (a
 * contradiction is a disputed version of the same fact, so the outlet did not leave it out);
 * `related` matches are too loose to join facts. A cluster reported by at least `minOutlets`
 * outlets is an omission for every other outlet of the event, unless one of that outlet's
 * sentences comes close to the cluster: at least `coverage` times as similar to one of its
 * sentences as the weakest match that holds the cluster together. Precision first: a paraphrase
 * a little below the match bar still counts as reporting the fact. The bar is relative because
 * absolute similarities shift with corpus size and wording. A sentence whose figure was compared
 * with a figure of the cluster (numeric_comparisons.csv) also reports the fact, even with a
 * different number: a disputed death toll is not a missing one.
 */
import { createHash } from 'node:crypto';
import type { ClaimCluster, ClaimMatch, Event, NumericComparison, Omission, SentenceRef } from '../../records.js';
import type { ClaimUnit } from '../corpus/claimUnits.js';
import { claimSimilarity, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function buildClaimClusters(eventId: string, matches: readonly ClaimMatch[]): ClaimCluster[] {
  const parent = new Map<string, string>();
  const refs = new Map<string, SentenceRef>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const strength = new Map<string, number>();
  for (const m of matches) {
    if (m.eventId !== eventId || m.relation === 'related') continue;
    for (const ref of [m.a, m.b]) {
      if (!parent.has(ref.sentenceId)) parent.set(ref.sentenceId, ref.sentenceId);
      refs.set(ref.sentenceId, ref);
      strength.set(ref.sentenceId, (strength.get(ref.sentenceId) ?? 0) + m.similarity);
    }
    const [ra, rb] = [find(m.a.sentenceId), find(m.b.sentenceId)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) (groups.get(find(id)) ?? groups.set(find(id), []).get(find(id))!).push(id);
  const clusters = [...groups.values()].map((ids): ClaimCluster => {
    ids.sort();
    const central = [...ids].sort((x, y) => strength.get(y)! - strength.get(x)! || x.localeCompare(y))[0];
    const sentences = ids.map((id) => refs.get(id)!);
    return {
      id: `cc-${hash(ids.join('\n'))}`,
      eventId,
      label: refs.get(central)!.text,
      sentences,
      outlets: [...new Set(sentences.map((s) => s.outlet))].sort(),
    };
  });
  return clusters.sort((x, y) => x.sentences[0].sentenceId.localeCompare(y.sentences[0].sentenceId));
}

export interface OmissionOptions {
  minOutlets: number;
  coverage: number;
}

export function findOmissions(
  event: Event,
  clusters: readonly ClaimCluster[],
  matches: readonly ClaimMatch[],
  figures: readonly NumericComparison[],
  units: readonly ClaimUnit[],
  outletOfArticle: ReadonlyMap<string, string>,
  ctx: ClaimSimilarityContext,
  options: OmissionOptions,
): Omission[] {
  const unitById = new Map(units.map((u) => [u.sentence.id, u]));
  const unitsByOutlet = new Map<string, ClaimUnit[]>();
  const articlesByOutlet = new Map<string, Set<string>>();
  for (const u of units) (unitsByOutlet.get(u.outletKey) ?? unitsByOutlet.set(u.outletKey, []).get(u.outletKey)!).push(u);
  for (const id of event.articleIds) {
    const outlet = outletOfArticle.get(id);
    if (outlet) (articlesByOutlet.get(outlet) ?? articlesByOutlet.set(outlet, new Set()).get(outlet)!).add(id);
  }
  // Weakest agree/contradict match inside each cluster (the bar an outlet must come close to).
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const s of c.sentences) clusterOf.set(s.sentenceId, c.id);
  const weakest = new Map<string, number>();
  for (const m of matches) {
    const id = m.relation === 'related' ? undefined : clusterOf.get(m.a.sentenceId);
    if (id) weakest.set(id, Math.min(weakest.get(id) ?? Infinity, m.similarity));
  }
  const comparedWith = new Map<string, Set<string>>();
  for (const f of figures) {
    (comparedWith.get(f.a.sentenceId) ?? comparedWith.set(f.a.sentenceId, new Set()).get(f.a.sentenceId)!).add(f.b.sentenceId);
    (comparedWith.get(f.b.sentenceId) ?? comparedWith.set(f.b.sentenceId, new Set()).get(f.b.sentenceId)!).add(f.a.sentenceId);
  }
  const omissions: Omission[] = [];
  for (const cluster of clusters) {
    if (cluster.outlets.length < options.minOutlets) continue;
    const bar = options.coverage * (weakest.get(cluster.id) ?? 0);
    const clusterUnits = cluster.sentences.flatMap((s) => unitById.get(s.sentenceId) ?? []);
    const evidence = cluster.sentences.find((s) => s.text === cluster.label) ?? cluster.sentences[0];
    for (const outlet of event.outlets) {
      if (cluster.outlets.includes(outlet)) continue;
      const own = unitsByOutlet.get(outlet) ?? [];
      const covered = own.some((u) =>
        clusterUnits.some((c) => comparedWith.get(c.sentence.id)?.has(u.sentence.id) || claimSimilarity(u, c, ctx).score >= bar),
      );
      if (covered) continue;
      omissions.push({
        id: `om-${hash(`${cluster.id}\n${outlet}`)}`,
        eventId: event.id,
        claimClusterId: cluster.id,
        outlet,
        articleIds: [...(articlesByOutlet.get(outlet) ?? [])].sort(),
        reportedBy: cluster.outlets,
        evidence,
      });
    }
  }
  return omissions;
}

export interface SolidOmissionOptions {
  minOutlets: number;
  /** Without event.mayMixStories, an event below this cohesion may mix stories: no omissions in it. */
  minCohesion: number;
  /** The judge's operating points: `fact` for the links of a fact, `covered` for the missing outlet's best sentence. */
  thresholds: { fact: number; covered: number };
}

export interface OmissionPlan {
  /** (missing outlet's sentence, fact sentence) pairs whose judge probability decides. */
  checks: [ClaimUnit, ClaimUnit][];
  decide(probability: (unit: ClaimUnit, factUnit: ClaimUnit) => number): Omission[];
}

/** Whether an event may join two stories: the events stage says so, else its cohesion is low. */
export function mayMixStories(event: Event, minCohesion: number): boolean {
  return event.mayMixStories ?? event.cohesion < minCohesion;
}

/**
 * Omissions from solid facts only (the learned-judge path): a fact is a connected group of
 * sentences joined by `agree` links whose judge P(same) is at least `thresholds.fact`; it is
 * omitted by an outlet of the event when at least `minOutlets` other outlets report it and none
 * of the outlet's sentences reaches `thresholds.covered` against any sentence of the fact (or had
 * a figure compared with one). Two steps, so the caller can score all checks in one model call.
 */
export function planSolidOmissions(
  event: Event,
  clusters: readonly ClaimCluster[],
  matches: readonly ClaimMatch[],
  figures: readonly NumericComparison[],
  units: readonly ClaimUnit[],
  outletOfArticle: ReadonlyMap<string, string>,
  options: SolidOmissionOptions,
): OmissionPlan {
  if (mayMixStories(event, options.minCohesion)) return { checks: [], decide: () => [] };
  const links = matches.filter((m) => m.eventId === event.id && m.relation === 'agree' && m.confidence >= options.thresholds.fact);
  const facts = buildClaimClusters(event.id, links);
  const unitById = new Map(units.map((u) => [u.sentence.id, u]));
  const unitsByOutlet = new Map<string, ClaimUnit[]>();
  for (const u of units) (unitsByOutlet.get(u.outletKey) ?? unitsByOutlet.set(u.outletKey, []).get(u.outletKey)!).push(u);
  const articlesByOutlet = new Map<string, Set<string>>();
  for (const id of event.articleIds) {
    const outlet = outletOfArticle.get(id);
    if (outlet) (articlesByOutlet.get(outlet) ?? articlesByOutlet.set(outlet, new Set()).get(outlet)!).add(id);
  }
  const comparedWith = new Map<string, Set<string>>();
  for (const f of figures) {
    (comparedWith.get(f.a.sentenceId) ?? comparedWith.set(f.a.sentenceId, new Set()).get(f.a.sentenceId)!).add(f.b.sentenceId);
    (comparedWith.get(f.b.sentenceId) ?? comparedWith.set(f.b.sentenceId, new Set()).get(f.b.sentenceId)!).add(f.a.sentenceId);
  }
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const s of c.sentences) clusterOf.set(s.sentenceId, c.id);
  const pending: { fact: ClaimCluster; outlet: string; own: ClaimUnit[]; factUnits: ClaimUnit[]; weakest: number }[] = [];
  const checks: [ClaimUnit, ClaimUnit][] = [];
  for (const fact of facts) {
    if (fact.outlets.length < options.minOutlets) continue;
    const ids = new Set(fact.sentences.map((s) => s.sentenceId));
    const weakest = Math.min(...links.filter((m) => ids.has(m.a.sentenceId)).map((m) => m.confidence));
    const factUnits = fact.sentences.flatMap((s) => unitById.get(s.sentenceId) ?? []);
    for (const outlet of event.outlets) {
      if (fact.outlets.includes(outlet)) continue;
      const own = unitsByOutlet.get(outlet) ?? [];
      if (own.length === 0) continue;
      if (own.some((u) => factUnits.some((c) => comparedWith.get(c.sentence.id)?.has(u.sentence.id)))) continue;
      pending.push({ fact, outlet, own, factUnits, weakest });
      for (const u of own) for (const c of factUnits) checks.push([u, c]);
    }
  }
  return {
    checks,
    decide(probability) {
      const omissions: Omission[] = [];
      for (const { fact, outlet, own, factUnits, weakest } of pending) {
        let closest = 0;
        for (const u of own) for (const c of factUnits) closest = Math.max(closest, probability(u, c));
        if (closest >= options.thresholds.covered) continue;
        const claimClusterId = clusterOf.get(fact.sentences[0].sentenceId) ?? fact.id;
        omissions.push({
          id: `om-${hash(`${claimClusterId}\n${outlet}`)}`,
          eventId: event.id,
          claimClusterId,
          outlet,
          articleIds: [...(articlesByOutlet.get(outlet) ?? [])].sort(),
          reportedBy: fact.outlets,
          evidence: fact.sentences.find((s) => s.text === fact.label) ?? fact.sentences[0],
          confidence: Number(weakest.toFixed(4)),
          closestMatch: Number(closest.toFixed(4)),
        });
      }
      return omissions;
    },
  };
}
