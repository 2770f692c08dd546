/**
 * The claim-relations gold through the real pipeline: every article becomes a JSONL record, the
 * pipeline runs ingest -> segment -> enrich on it in this process, each gold event becomes one
 * Event (given, not re-clustered), and every gold sentence is mapped to the pipeline's sentence(s)
 * by text. Shared by `crossframe eval --only relations` and `crossframe train relations`; the
 * pipeline is handed in (src/runtime/pipelineApp.ts), never imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashConfig, type LoadedConfig } from '../config/load.js';
import type { PipelineApp } from '../runtime/pipelineApp.js';
import type { Logger } from '../runtime/logger.js';
import type { ClaimMatch, Event } from '../records.js';
import type { ClaimsInput, PreparedClaims } from '../analysis/claims/analyse.js';
import { outletKey } from '../records.js';
import type { RelationClass, RelationRow } from '../analysis/claims/judge.js';
import { goldSentenceKey, type GoldLabel, type RelationsGold } from './relationsGold.js';

export interface RelationsRun {
  input: ClaimsInput;
  /** Pipeline sentence id -> gold sentence keys it overlaps. */
  goldOf: Map<string, string[]>;
  /** Gold sentence key -> gold outlet; gold event -> its outlets. */
  outletOf: Map<string, string>;
  eventOutlets: Map<string, string[]>;
  /** Pipeline article id -> gold article id. */
  goldArticleOf: Map<string, string>;
  /** Unordered gold pair key -> label. */
  labels: Map<string, GoldLabel>;
  /** Gold sentences no pipeline sentence maps to. */
  unmappedGoldSentences: number;
}

export const pairOf = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

const quietProgress = () => ({ tick: () => undefined, done: () => undefined });
const quiet = (log: Logger): Logger => ({ ...log, info: log.debug });
const norm = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export async function runRelationsPipeline(pipeline: PipelineApp, loaded: LoadedConfig, offline: boolean, log: Logger, gold: RelationsGold): Promise<RelationsRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-relations-'));
  try {
    const input = path.join(tmp, 'relations.jsonl');
    const records = gold.articles.map((a) => ({ id: a.articleId, title: a.title, text: a.sentences.join(' '), outlet: a.outlet, published: a.date, url: a.url }));
    fs.writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const config = structuredClone(loaded.config);
    config.input.paths = [input];
    config.report.dir = path.join(tmp, 'out');
    config.models.cacheDir = path.join(tmp, 'cache');
    const run = await pipeline.runPipeline({ loaded: { ...loaded, config, hash: hashConfig(config) }, stages: ['ingest', 'segment', 'enrich'], offline, log: quiet(log), progress: quietProgress });
    const articles = run.datasets.articles ?? [];
    const sentences = run.datasets.sentences ?? [];
    const goldArticleOf = new Map<string, string>();
    for (const a of articles) if (a.sourceLine !== undefined && gold.articles[a.sourceLine - 1]) goldArticleOf.set(a.id, gold.articles[a.sourceLine - 1].articleId);
    const goldArticles = new Map(gold.articles.map((a) => [a.articleId, a]));
    const goldOf = new Map<string, string[]>();
    const mapped = new Set<string>();
    for (const s of sentences) {
      const g = goldArticles.get(goldArticleOf.get(s.articleId) ?? '');
      if (!g) continue;
      const text = norm(s.text);
      if (!text) continue;
      const keys = g.sentences.flatMap((gs, i) => {
        const gt = norm(gs);
        return gt && (gt.includes(text) || text.includes(gt)) ? [goldSentenceKey(g.articleId, i)] : [];
      });
      if (keys.length) goldOf.set(s.id, keys);
      keys.forEach((k) => mapped.add(k));
    }
    const outletOf = new Map<string, string>();
    const eventOutlets = new Map<string, string[]>();
    for (const a of gold.articles) {
      a.sentences.forEach((_, i) => outletOf.set(goldSentenceKey(a.articleId, i), a.outlet));
      const list = eventOutlets.get(a.eventId) ?? eventOutlets.set(a.eventId, []).get(a.eventId)!;
      if (!list.includes(a.outlet)) list.push(a.outlet);
    }
    // One Event per gold event: given, not re-clustered; a gold event is one story by construction.
    const pipelineIds = new Map<string, string[]>();
    for (const a of articles) {
      const g = goldArticles.get(goldArticleOf.get(a.id) ?? '');
      if (g) (pipelineIds.get(g.eventId) ?? pipelineIds.set(g.eventId, []).get(g.eventId)!).push(a.id);
    }
    const byId = new Map(articles.map((a) => [a.id, a]));
    const events: Event[] = [...pipelineIds].map(([id, ids]) => ({
      id,
      label: goldArticles.get(goldArticleOf.get(ids[0])!)!.title,
      dateFrom: '',
      dateTo: '',
      articleIds: [...ids].sort(),
      outlets: [...new Set(ids.map((x) => outletKey(byId.get(x)!)))].sort(),
      cohesion: 1,
      mayMixStories: false,
    }));
    const labels = new Map(gold.pairs.map((p) => [pairOf(p.a, p.b), p.label]));
    let total = 0;
    for (const a of gold.articles) total += a.sentences.length;
    return {
      input: { events, articles, sentences, enrichment: run.datasets.enrichment ?? null },
      goldOf,
      outletOf,
      eventOutlets,
      goldArticleOf,
      labels,
      unmappedGoldSentences: total - mapped.size,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const STRENGTH: Record<GoldLabel, number> = { unrelated: 0, related: 1, contradict: 2, same: 3 };

/** The gold label of a pipeline sentence pair (the strongest over the gold sentences each maps to), or null when unmapped. */
export function goldLabelOf(run: RelationsRun, a: string, b: string): GoldLabel | null {
  const ga = run.goldOf.get(a);
  const gb = run.goldOf.get(b);
  if (!ga || !gb) return null;
  let best: GoldLabel | null = null;
  for (const x of ga) for (const y of gb) {
    const label = run.labels.get(pairOf(x, y));
    if (label && (!best || STRENGTH[label] > STRENGTH[best])) best = label;
  }
  return best;
}

const CLASS_OF: Record<GoldLabel, RelationClass> = { same: 'same', related: 'related', contradict: 'related', unrelated: 'unrelated' };

/** Training rows: every prepared candidate pair whose sentences map to gold sentences. */
export function relationRows(run: RelationsRun, prepared: PreparedClaims): RelationRow[] {
  return prepared.perEvent.flatMap(({ event, candidates }) =>
    candidates.flatMap(({ candidate, features }) => {
      const label = goldLabelOf(run, candidate.a.sentence.id, candidate.b.sentence.id);
      if (label === null) return [];
      const labelledPairs: { key: string; same: boolean }[] = [];
      for (const x of run.goldOf.get(candidate.a.sentence.id) ?? []) {
        for (const y of run.goldOf.get(candidate.b.sentence.id) ?? []) {
          const key = pairOf(x, y);
          labelledPairs.push({ key, same: run.labels.get(key) === 'same' });
        }
      }
      return [{ group: event.id, features: features.values, label: CLASS_OF[label], labelledPairs }];
    }),
  );
}

const RANK: Record<ClaimMatch['relation'], number> = { related: 1, agree: 2, contradict: 3 };

/** Gold pair key -> the strongest relation the pipeline reports between the pair's sentences. */
export function predictedRelations(run: RelationsRun, matches: readonly ClaimMatch[]): Map<string, ClaimMatch['relation']> {
  const out = new Map<string, ClaimMatch['relation']>();
  for (const m of matches) {
    for (const x of run.goldOf.get(m.a.sentenceId) ?? []) {
      for (const y of run.goldOf.get(m.b.sentenceId) ?? []) {
        const key = pairOf(x, y);
        const current = out.get(key);
        if (!current || RANK[m.relation] > RANK[current]) out.set(key, m.relation);
      }
    }
  }
  return out;
}
