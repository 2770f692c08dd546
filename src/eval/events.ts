/**
 * Event clustering on every labelled events set, in one run: BASIL dev with its dates, BASIL dev
 * with dates hidden, and ECB+ (look-alike events, no dates). Each set goes through the real
 * pipeline (ingest -> segment -> enrich, see eventSets.ts); the article-pair judge is
 * cross-validated (events/crossValidate.ts: every pair scored by a judge that never saw either
 * article's event or topic) and the sets are clustered whole with the events stage's own linkage.
 * Beside it, on the same articles, the TF-IDF reference (eventsReference.ts) with one threshold
 * fixed on BASIL dev. Every article is scored: one the run could not cluster counts as its own
 * cluster, an exact duplicate counts where its original is.
 *
 * The top-level fields describe BASIL dev with dates (as before); `sets` holds every set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateClustering } from '../measure/evaluateClustering.js';
import { crossValidateEvents } from '../analysis/events/crossValidate.js';
import { EVENTS_MIXED_BELOW, EVENTS_TARGET_PAIR_PRECISION } from '../analysis/events/trainer.js';
import { round } from './metrics.js';
import type { EvalContext } from './context.js';
import { buildEventSets, type EventSet } from './eventSets.js';
import { REFERENCE_THRESHOLDS, referenceClusters, referencePairs, type ReferenceDoc } from './eventsReference.js';


export interface ClusteringFigures {
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  ari: number;
  predictedClusters: number;
  /** Predicted events holding articles of more than one gold event. */
  mixedEvents: number;
  /** Gold events spread over more than one predicted event. */
  splitGoldEvents: number;
}

export interface EventsSetResult extends ClusteringFigures {
  name: string;
  articles: number;
  goldEvents: number;
  multiArticleEvents: number;
  /** Articles the run left out of clustering (each then counts as its own cluster). */
  skippedArticles: number;
  /** Exact or near duplicates placed with their original. */
  duplicatesAttached: number;
  /** How well `mayMixStories` flags the events that do mix gold events. */
  mayMixStories: { flagged: number; flaggedAndMixed: number; mixed: number };
  reference: Record<string, ClusteringFigures & { threshold: number }>;
}

export interface EventsEvalResult extends ClusteringFigures {
  dir: string;
  articles: number;
  goldEvents: number;
  multiArticleEvents: number;
  skippedArticles: number;
  /** Same as mixedEvents (kept for older readers of the eval JSON). */
  mixedPredictedEvents: number;
  reference: Record<string, ClusteringFigures & { threshold: number }>;
  sets: EventsSetResult[];
  judge: { folds: number; linkage: string; threshold: number; pairPrecision: number; pairRecall: number; pairRows: number };
}

function figures(predicted: Map<string, string>, gold: Map<string, string>): ClusteringFigures {
  const score = evaluateClustering(predicted, gold);
  const members = new Map<string, string[]>();
  for (const [id, p] of predicted) (members.get(p) ?? members.set(p, []).get(p)!).push(id);
  const predictedOfGold = new Map<string, Set<string>>();
  for (const [id, g] of gold) (predictedOfGold.get(g) ?? predictedOfGold.set(g, new Set()).get(g)!).add(predicted.get(id)!);
  return {
    bcubedPrecision: round(score.bcubedPrecision),
    bcubedRecall: round(score.bcubedRecall),
    bcubedF1: round(score.bcubedF1),
    ari: round(score.ari),
    predictedClusters: score.predictedClusters,
    mixedEvents: [...members.values()].filter((m) => new Set(m.map((id) => gold.get(id))).size > 1).length,
    splitGoldEvents: [...predictedOfGold.values()].filter((s) => s.size > 1).length,
  };
}

const isDated = (name: string) => name.endsWith('(dates)');

function referenceDocs(set: EventSet): ReferenceDoc[] {
  return set.articles.map((a) => ({ id: a.articleId, title: a.title, body: a.body, date: isDated(set.name) ? a.date : '' }));
}

function labelsOf(docs: readonly ReferenceDoc[], clusters: number[][]): Map<string, string> {
  const labels = new Map<string, string>();
  clusters.forEach((members, c) => members.forEach((k) => labels.set(docs[k].id, `ref${c}`)));
  return labels;
}

export async function evalEvents(ctx: EvalContext, basilDir: string, ecbplusDir: string | null): Promise<EventsEvalResult> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-eval-events-'));
  try {
    const config = ctx.loaded.config;
    const sets = await buildEventSets(
      [{ dir: basilDir, name: 'basil-dev', basilEvents: ctx.basilEvents }, ...(ecbplusDir ? [{ dir: ecbplusDir, name: 'ecbplus', limit: ctx.limit }] : [])],
      { pipeline: ctx.pipeline, loaded: ctx.loaded, offline: ctx.offline, log: ctx.log, cacheDir },
    );
    const cv = crossValidateEvents(sets, {
      folds: 5,
      foldSalt: ctx.foldSalt,
      linkage: config.events.judgeLinkage,
      windowDays: config.events.windowDays,
      targetPrecision: EVENTS_TARGET_PAIR_PRECISION,
      mixedBelow: EVENTS_MIXED_BELOW,
    });

    // The reference: pairs once per set; thresholds fixed on BASIL dev (without and with dates).
    const docs = sets.map(referenceDocs);
    const refPairs = docs.map(referencePairs);
    const goldOf = sets.map((s) => new Map(s.articles.map((a) => [a.articleId, a.eventId])));
    const fixOn = (name: string, windowDays: number | null): number => {
      const s = sets.findIndex((x) => x.name === name);
      if (s < 0) return 0.2;
      let best = { threshold: REFERENCE_THRESHOLDS[0], f1: -1 };
      for (const t of REFERENCE_THRESHOLDS) {
        const f1 = evaluateClustering(labelsOf(docs[s], referenceClusters(docs[s], refPairs[s], t, windowDays)), goldOf[s]).bcubedF1;
        if (f1 > best.f1) best = { threshold: t, f1 };
      }
      return best.threshold;
    };
    const tfidfThreshold = fixOn('basil-dev (dates hidden)', null);
    const windowThreshold = fixOn('basil-dev (dates)', config.events.windowDays);

    const results: EventsSetResult[] = sets.map((set, s) => {
      const clusters = cv.sets[s].clusters;
      const predicted = new Map<string, string>();
      const labelOfCorpus = new Map<string, string>();
      clusters.forEach((members, c) => members.forEach((k) => labelOfCorpus.set(set.corpus.articles[k].id, `ev${c}`)));
      for (const [pipelineId, label] of labelOfCorpus) predicted.set(set.labelledIdOf.get(pipelineId)!, label);
      // A duplicate counts where its original is (the events stage attaches it the same way).
      let duplicatesAttached = 0;
      const byId = new Map(set.pipelineArticles.map((a) => [a.id, a]));
      for (const a of set.pipelineArticles) {
        if (!a.duplicateOf) continue;
        let root = a.duplicateOf;
        for (let hops = 0; hops < 10 && byId.get(root)?.duplicateOf; hops++) root = byId.get(root)!.duplicateOf;
        const label = labelOfCorpus.get(root);
        const id = set.labelledIdOf.get(a.id);
        if (label && id && !predicted.has(id)) {
          predicted.set(id, label);
          duplicatesAttached++;
        }
      }
      let skipped = 0;
      for (const a of set.articles) {
        if (predicted.has(a.articleId)) continue;
        predicted.set(a.articleId, `unclustered:${a.articleId}`);
        skipped++;
      }
      const gold = goldOf[s];
      const members = new Map<string, string[]>();
      for (const [id, p] of predicted) (members.get(p) ?? members.set(p, []).get(p)!).push(id);
      const mixedLabels = new Set([...members.entries()].filter(([, m]) => new Set(m.map((id) => gold.get(id))).size > 1).map(([p]) => p));
      const flaggedLabels = new Set(clusters.flatMap((_, c) => (cv.sets[s].cohesion[c] < EVENTS_MIXED_BELOW ? [`ev${c}`] : [])));
      const dated = isDated(set.name);
      const reference: EventsSetResult['reference'] = {
        tfidf: { threshold: tfidfThreshold, ...figures(labelsOf(docs[s], referenceClusters(docs[s], refPairs[s], tfidfThreshold, null)), gold) },
      };
      if (dated) reference.tfidfWindow = { threshold: windowThreshold, ...figures(labelsOf(docs[s], referenceClusters(docs[s], refPairs[s], windowThreshold, config.events.windowDays)), gold) };
      return {
        name: set.name,
        articles: set.articles.length,
        goldEvents: new Set(gold.values()).size,
        multiArticleEvents: [...members.values()].filter((m) => m.length > 1).length,
        skippedArticles: skipped,
        duplicatesAttached,
        ...figures(predicted, gold),
        mayMixStories: { flagged: flaggedLabels.size, flaggedAndMixed: [...flaggedLabels].filter((l) => mixedLabels.has(l)).length, mixed: mixedLabels.size },
        reference,
      };
    });
    const main = results.find((r) => isDated(r.name)) ?? results[0];
    return {
      dir: basilDir,
      articles: main.articles,
      goldEvents: main.goldEvents,
      multiArticleEvents: main.multiArticleEvents,
      skippedArticles: main.skippedArticles,
      bcubedPrecision: main.bcubedPrecision,
      bcubedRecall: main.bcubedRecall,
      bcubedF1: main.bcubedF1,
      ari: main.ari,
      predictedClusters: main.predictedClusters,
      mixedEvents: main.mixedEvents,
      mixedPredictedEvents: main.mixedEvents,
      splitGoldEvents: main.splitGoldEvents,
      reference: main.reference,
      sets: results,
      judge: {
        folds: cv.folds,
        linkage: config.events.judgeLinkage,
        threshold: cv.threshold,
        pairPrecision: round(cv.pairPrecision),
        pairRecall: round(cv.pairRecall),
        pairRows: cv.sets.reduce((n, s) => n + s.rows.length, 0),
      },
    };
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}
