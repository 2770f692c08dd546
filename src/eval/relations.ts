/**
 * `crossframe eval --only relations`: the claims stage's relations against human labels
 * (claim-relations/, see its GUIDE). The real segment -> enrich -> claims path runs on each gold
 * event (given, not re-clustered); gold sentences are mapped to pipeline sentences by text; every
 * gold pair is scored. The learned judge is cross-validated by event: for each fold a judge is fit
 * on the other events (its thresholds from an inner grouped cross-validation, exactly as
 * `crossframe train relations` does) and labels the held-out events; the shipped judge file, fit
 * on all events, is never used for the reported figure. Two reference rows in the same run: a
 * TF-IDF cosine with one threshold chosen on this set (best agree F1), and the previous rules.
 */
import path from 'node:path';
import type { ClaimMatch, Omission } from '../records.js';
import { labelClaims, prepareClaims, type PreparedClaims } from '../analysis/claims/analyse.js';
import { fitRelationsJudge } from '../analysis/claims/judge.js';
import { loadStanceLexicon } from '../analysis/claims/stance.js';
import { contentWords } from '../analysis/corpus/terms.js';
import { groupedFolds } from '../learn/groupedFolds.js';
import { CODE_VERSION } from '../runtime/version.js';
import { bestThreshold, prf, round } from './metrics.js';
import type { EvalContext } from './context.js';
import { impliedOmissions, omissionScores, readRelationsGold, type ImpliedOmission } from './relationsGold.js';
import { pairOf, predictedRelations, relationRows, runRelationsPipeline, type RelationsRun } from './relationsRun.js';

export interface RelationScores {
  agree: { precision: number; recall: number; f1: number; predicted: number };
  contradict: { precision: number; recall: number; falsePer1000: number; predicted: number; falseContradictions: number };
  anyMatch: { precision: number; recall: number };
  omissions: { precision: number; recall: number; predicted: number; gold: number };
  /** Share of gold `same` pairs that reach the judge at all (null when every pair is scored). */
  candidateRecall: number | null;
}

export interface RelationsEvalResult extends RelationScores {
  dir: string;
  events: number;
  pairs: number;
  goldSame: number;
  goldContradict: number;
  unmappedGoldSentences: number;
  folds: number;
  /** Cross-validated agree threshold per outer fold (each chosen on that fold's training events). */
  foldThresholds: number[];
  /** Every predicted contradiction's reason (an analyst can check the evidence). */
  contradictionReasons: string[];
  reference: { tfidf: RelationScores & { threshold: number }; previousRules: RelationScores };
}

/** P/R/F1 and friends of one system's relations over every gold pair. */
export function scoreRelations(
  run: RelationsRun,
  predicted: ReadonlyMap<string, ClaimMatch['relation']>,
  omissions: readonly ImpliedOmission[],
  goldOmissions: readonly ImpliedOmission[],
  reached: ReadonlySet<string> | null,
): RelationScores {
  let agree = [0, 0, 0];
  let contra = [0, 0, 0];
  let any = [0, 0, 0];
  let sameReached = 0;
  let same = 0;
  const count = (c: number[], p: boolean, g: boolean) => (p && g ? [c[0] + 1, c[1], c[2]] : p ? [c[0], c[1] + 1, c[2]] : g ? [c[0], c[1], c[2] + 1] : c);
  for (const [key, label] of run.labels) {
    const p = predicted.get(key);
    agree = count(agree, p === 'agree', label === 'same');
    contra = count(contra, p === 'contradict', label === 'contradict');
    any = count(any, p !== undefined, label !== 'unrelated');
    if (label === 'same') {
      same++;
      if (reached?.has(key)) sameReached++;
    }
  }
  const a = prf(agree[0], agree[1], agree[2]);
  const c = prf(contra[0], contra[1], contra[2]);
  const m = prf(any[0], any[1], any[2]);
  const o = omissionScores(omissions, goldOmissions);
  return {
    agree: { precision: round(a.precision), recall: round(a.recall), f1: round(a.f1), predicted: agree[0] + agree[1] },
    contradict: { precision: round(c.precision), recall: round(c.recall), falsePer1000: round((1000 * contra[1]) / Math.max(1, run.labels.size), 3), predicted: contra[0] + contra[1], falseContradictions: contra[1] },
    anyMatch: { precision: round(m.precision), recall: round(m.recall) },
    omissions: { precision: round(o.precision), recall: round(o.recall), predicted: o.predicted, gold: o.gold },
    candidateRecall: reached ? round(same ? sameReached / same : 0) : null,
  };
}

function asImplied(run: RelationsRun, omissions: readonly Omission[]): ImpliedOmission[] {
  return omissions.map((o) => ({
    eventId: o.eventId,
    outlet: run.outletOf.get(`${run.goldArticleOf.get(o.articleIds[0]) ?? ''}:0`) ?? o.outlet,
    fact: new Set(run.goldOf.get(o.evidence.sentenceId) ?? []),
  }));
}

function reachedPairs(run: RelationsRun, prepared: PreparedClaims): Set<string> {
  const out = new Set<string>();
  for (const { candidates } of prepared.perEvent) {
    for (const { candidate } of candidates) {
      for (const x of run.goldOf.get(candidate.a.sentence.id) ?? []) for (const y of run.goldOf.get(candidate.b.sentence.id) ?? []) out.add(pairOf(x, y));
    }
  }
  return out;
}

/** TF-IDF cosine of the gold sentence texts (IDF over the set's sentences), one threshold: the best agree F1 on this set. */
function tfidfReference(run: RelationsRun, texts: ReadonlyMap<string, string>, goldOmissions: readonly ImpliedOmission[], eventOf: ReadonlyMap<string, string>): RelationScores & { threshold: number } {
  const terms = new Map([...texts].map(([k, t]) => [k, contentWords(t)]));
  const df = new Map<string, number>();
  for (const words of terms.values()) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = terms.size;
  const vectors = new Map<string, Map<string, number>>();
  for (const [k, words] of terms) {
    const v = new Map<string, number>();
    for (const w of words) v.set(w, (v.get(w) ?? 0) + 1);
    let norm = 0;
    for (const [w, tf] of v) {
      const x = tf * Math.log((1 + n) / (1 + df.get(w)!)) + 0;
      v.set(w, x);
      norm += x * x;
    }
    for (const [w, x] of v) v.set(w, x / (Math.sqrt(norm) || 1));
    vectors.set(k, v);
  }
  const keys = [...run.labels.keys()];
  const scores = keys.map((key) => {
    const [x, y] = key.split('|');
    const [a, b] = [vectors.get(x)!, vectors.get(y)!];
    let dot = 0;
    for (const [w, v] of a) dot += v * (b.get(w) ?? 0);
    return dot;
  });
  const best = bestThreshold(scores, keys.map((k) => run.labels.get(k) === 'same'));
  const predicted = new Map<string, ClaimMatch['relation']>();
  keys.forEach((k, i) => scores[i] >= best.threshold && predicted.set(k, 'agree'));
  const links = [...predicted.keys()].map((k) => {
    const [a, b] = k.split('|');
    return { eventId: eventOf.get(a)!, a, b };
  });
  const omissions = impliedOmissions(links, run.outletOf, run.eventOutlets);
  return { ...scoreRelations(run, predicted, omissions, goldOmissions, null), threshold: round(best.threshold) };
}

export async function evalRelations(ctx: EvalContext, dir: string, folds = 5): Promise<RelationsEvalResult> {
  const gold = readRelationsGold(dir, ctx.basilEvents ?? ctx.limit);
  const config = ctx.loaded.config;
  const run = await runRelationsPipeline(ctx.pipeline, ctx.loaded, ctx.offline, ctx.log, gold);
  const hub = await ctx.hub();
  const nli = (pairs: [string, string][]) => hub.nli(pairs);
  const stance = loadStanceLexicon(path.resolve(config.claims.stanceLexicon));
  const texts = new Map<string, string>();
  const eventOf = new Map<string, string>();
  for (const a of gold.articles) a.sentences.forEach((t, i) => (texts.set(`${a.articleId}:${i}`, t), eventOf.set(`${a.articleId}:${i}`, a.eventId)));
  const goldLinks = gold.pairs.filter((p) => p.label === 'same').map((p) => ({ eventId: p.eventId, a: p.a, b: p.b }));
  const goldOmissions = impliedOmissions(goldLinks, run.outletOf, run.eventOutlets);

  // Previous rules: the old candidates and labels, as the pipeline had them.
  const rulesPrepared = await prepareClaims(run.input, config, nli, true);
  const rules = await labelClaims(rulesPrepared, config, nli, stance, 'rules');
  const previousRules = scoreRelations(run, predictedRelations(run, rules.analysis.claimMatches), asImplied(run, rules.analysis.omissions), goldOmissions, reachedPairs(run, rulesPrepared));

  // The learned judge, cross-validated by event.
  const prepared = await prepareClaims(run.input, config, nli, false);
  const rows = relationRows(run, prepared);
  const fold = groupedFolds(rows, folds, ctx.foldSalt);
  const foldOfEvent = new Map(rows.map((r, i) => [r.group, fold[i]]));
  const k = Math.max(...fold) + 1;
  const matches: ClaimMatch[] = [];
  const omissions: Omission[] = [];
  const foldThresholds: number[] = [];
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    const { judge } = fitRelationsJudge(train, folds, { dataSha256: '', dataFiles: gold.files, trainedAt: new Date().toISOString(), codeVersion: CODE_VERSION }, ctx.foldSalt);
    foldThresholds.push(round(judge.thresholds.agree));
    const held = new Set(run.input.events.map((e) => e.id).filter((id) => (foldOfEvent.get(id) ?? 0) === f));
    const labelled = await labelClaims(prepared, config, nli, stance, judge, held);
    matches.push(...labelled.analysis.claimMatches);
    omissions.push(...labelled.analysis.omissions);
    ctx.log.debug(`relations fold ${f + 1}/${k}: ${held.size} events, agree threshold ${judge.thresholds.agree.toFixed(3)}`);
  }
  const learned = scoreRelations(run, predictedRelations(run, matches), asImplied(run, omissions), goldOmissions, reachedPairs(run, prepared));
  return {
    dir,
    events: run.input.events.length,
    pairs: run.labels.size,
    goldSame: [...run.labels.values()].filter((l) => l === 'same').length,
    goldContradict: [...run.labels.values()].filter((l) => l === 'contradict').length,
    unmappedGoldSentences: run.unmappedGoldSentences,
    folds: k,
    foldThresholds,
    ...learned,
    contradictionReasons: matches.filter((m) => m.relation === 'contradict').map((m) => m.reason),
    reference: { tfidf: tfidfReference(run, texts, goldOmissions, eventOf), previousRules },
  };
}
