/** The `crossframe eval` summary: one row per metric, what it was measured on, and the file. */
import { renderTable } from './harness.js';
import type { EvalResult } from './runEval.js';
import type { RelationScores as RelationsScoresRow } from './relations.js';

export function printEvalSummary(result: EvalResult): string {
  const rows: (string | number)[][] = [];
  const t = result.tasks;
  if (t.events) {
    const e = t.events;
    const on = `${e.articles} BASIL articles, ${e.goldEvents} gold events`;
    rows.push(['events', 'B-cubed precision', e.bcubedPrecision, on]);
    rows.push(['events', 'B-cubed recall', e.bcubedRecall, on]);
    rows.push(['events', 'B-cubed F1', e.bcubedF1, on]);
    rows.push(['events', 'ARI', e.ari, on]);
    rows.push(['events', 'clusters (gold 50 x 3)', e.predictedClusters, `${e.multiArticleEvents} with 2+ articles`]);
  }
  if (t.loaded) {
    const l = t.loaded;
    const on = `${l.goldSpans} lexical spans, ${l.sentences} sentences`;
    rows.push(['loaded', 'span precision (overlap)', l.spans.precision, on]);
    rows.push(['loaded', 'span recall (overlap)', l.spans.recall, on]);
    rows.push(['loaded', 'span F1 (exact offsets)', l.spansExact.f1, on]);
    rows.push(['loaded', 'sentence P / R / F1', `${l.sentencesLevel.precision} / ${l.sentencesLevel.recall} / ${l.sentencesLevel.f1}`, on]);
  }
  if (t.stsb) {
    const s = t.stsb;
    rows.push(['stsb', `Spearman (${s.model})`, s.spearman, `${s.pairs} pairs`]);
    rows.push(['stsb', 'Spearman (TF-IDF baseline)', s.baseline.spearman, `${s.pairs} pairs`]);
  }
  if (t.claims) {
    for (const set of t.claims.sets) {
      const on = `${set.name}: ${set.pairs} pairs`;
      rows.push(['claims', `P / R / F1 @ configured ${set.configuredThreshold}`, `${set.atConfigured.precision} / ${set.atConfigured.recall} / ${set.atConfigured.f1}`, on]);
      rows.push(['claims', `P / R / F1 @ best ${set.best.threshold}`, `${set.best.precision} / ${set.best.recall} / ${set.best.f1}`, on]);
      if (set.hardNegativeAccuracy !== null) rows.push(['claims', 'hard-negative accuracy @ configured', set.hardNegativeAccuracy, on]);
    }
  }
  if (t.sst2) {
    rows.push(['sst2', `accuracy (${t.sst2.model})`, t.sst2.accuracy, `${t.sst2.sentences} sentences`]);
    rows.push(['sst2', 'macro-F1', t.sst2.macroF1, `${t.sst2.sentences} sentences`]);
  }
  if (t.numbers) {
    const n = t.numbers;
    const on = `${n.claims} QuanTemp claims, ${n.goldNumbers} gold numbers`;
    rows.push(['numbers', 'claims with all numbers right', n.claimsAllRight, on]);
    rows.push(['numbers', 'number P / R / F1', `${n.numbers.precision} / ${n.numbers.recall} / ${n.numbers.f1}`, on]);
    rows.push(['numbers', 'kind agreement', n.kindAgreement, on]);
  }
  if (t.relations) {
    const r = t.relations;
    const on = `${r.events} events, ${r.pairs} pairs (${r.goldSame} same)`;
    const add = (name: string, x: RelationsScoresRow) => {
      rows.push(['relations', `${name}: agree P / R / F1`, `${x.agree.precision} / ${x.agree.recall} / ${x.agree.f1}`, on]);
      rows.push(['relations', `${name}: contradict P / R, false per 1,000`, `${x.contradict.precision} / ${x.contradict.recall}, ${x.contradict.falsePer1000}`, on]);
      rows.push(['relations', `${name}: any match P / R`, `${x.anyMatch.precision} / ${x.anyMatch.recall}`, on]);
      rows.push(['relations', `${name}: omission P / R`, `${x.omissions.precision} / ${x.omissions.recall} (${x.omissions.predicted} of gold ${x.omissions.gold})`, on]);
      if (x.candidateRecall !== null) rows.push(['relations', `${name}: candidate recall`, x.candidateRecall, on]);
    };
    add(`judge (cv ${r.folds} folds)`, r);
    add(`TF-IDF @ ${r.reference.tfidf.threshold}`, r.reference.tfidf);
    add('previous rules', r.reference.previousRules);
  }
  if (t.retrieval) {
    const r = t.retrieval;
    const on = `${r.queries} CLEF2020 queries, ${r.claims} verified claims`;
    rows.push(['retrieval', 'MAP@5 BM25 (reference)', r.bm25.mapAt5, `${on}; top-1 hub ${r.bm25.hubTop1}`]);
    rows.push(['retrieval', 'MAP@5 claim pair score', r.pairScore.mapAt5, `${on}; top-1 hub ${r.pairScore.hubTop1}`]);
    rows.push(['retrieval', `MAP@5 judge reranking top ${r.depth} + ${r.depth}`, r.judge.mapAt5, `${on}; top-1 hub ${r.judge.hubTop1}`]);
  }
  for (const f of result.failures) rows.push([f.task, 'FAILED', '', f.error.slice(0, 100)]);
  const head = `crossframe eval (${result.config.files[0] ?? 'defaults'}, ${result.config.offline ? 'offline' : 'hub allowed'}; models ${Object.values(result.config.models).join(', ')})`;
  return `${head}\n${renderTable(['task', 'metric', 'value', 'measured on'], rows)}\n\nwritten to ${result.file}\n`;
}
