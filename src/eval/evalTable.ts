/** The `crossframe eval` summary: one row per metric, what it was measured on, and the file. */
import { renderTable } from '../measure/harness.js';
import type { EvalResult } from './evalTypes.js';
import type { RelationScores as RelationsScoresRow } from './relations.js';

export function printEvalSummary(result: EvalResult): string {
  const rows: (string | number)[][] = [];
  const t = result.tasks;
  if (t.events) {
    for (const set of t.events.sets) {
      const on = `${set.name}: ${set.articles} articles, ${set.goldEvents} gold events`;
      const prf = (f: { bcubedPrecision: number; bcubedRecall: number; bcubedF1: number; mixedEvents: number; splitGoldEvents: number }) =>
        `${f.bcubedPrecision} / ${f.bcubedRecall} / ${f.bcubedF1} (mixed ${f.mixedEvents}, split ${f.splitGoldEvents})`;
      rows.push(['events', 'B3 P / R / F1 crossframe (cross-validated)', prf(set), on]);
      for (const [name, ref] of Object.entries(set.reference)) rows.push(['events', `B3 P / R / F1 reference ${name} @ ${ref.threshold}`, prf(ref), on]);
    }
    const j = t.events.judge;
    rows.push(['events', `judge: ${j.linkage} linkage @ ${j.threshold}`, `pair P ${j.pairPrecision} / R ${j.pairRecall}`, `${j.pairRows} candidate pairs, ${j.folds} folds`]);
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
  if (t.nli) {
    const n = t.nli;
    const on = `${n.pairs} SNLI test pairs`;
    rows.push(['nli', `accuracy (${n.model})`, n.accuracy, on]);
    rows.push(['nli', `accuracy (majority class: ${n.majorityBaseline.label})`, n.majorityBaseline.accuracy, on]);
    rows.push(['nli', 'macro-F1', n.macroF1, on]);
    rows.push(['nli', 'contradiction recall', n.contradictionRecall, on]);
  }
  if (t.tone) {
    const on = `${t.tone.sentences} news-tone sentences, ${t.tone.folds} folds by event`;
    rows.push(['tone', 'accuracy / macro-F1 (tone model, cross-validated)', `${t.tone.accuracy} / ${t.tone.macroF1}`, on]);
    for (const [name, r] of Object.entries(t.tone.reference)) rows.push(['tone', `reference ${name}`, `${r.accuracy} / ${r.macroF1}`, on]);
  }
  if (t.actorTone) {
    const a = t.actorTone;
    const on = `${a.n} of ${a.pairs} BASIL targets named (${a.negative} neg, ${a.positive} pos)`;
    rows.push(['actor-tone', 'sign / balanced accuracy (actor tone)', `${a.signAccuracy} / ${a.balancedAccuracy}`, on]);
    for (const [name, r] of Object.entries(a.reference)) rows.push(['actor-tone', `reference ${name}`, `${r.signAccuracy} / ${r.balancedAccuracy}`, on]);
  }
  if (t.numericPairs) {
    const n = t.numericPairs;
    const on = `${n.goldPairs.consistent + n.goldPairs.discrepancy + n.goldPairs.update} gold pairs, ${n.events} given events`;
    for (const [which, p] of [['values meet', n.judge.valuesMeet], ['values disagree', n.judge.valuesDisagree]] as const) {
      rows.push(['numeric-pairs', `same-quantity judge, ${which} (CV)`, `@${p.threshold}: P ${p.precision} / R ${p.recall}`, `${n.judge.rows} candidate pairs, ${n.judge.folds} folds by event`]);
    }
    const k = n.judge.disagreeingRanking;
    rows.push(['numeric-pairs', 'same quantity among the judge\'s top 10 / 20 / 50 disagreeing (CV)', `${k.top10} / ${k.top20} / ${k.top50}`, `${k.positives} of ${k.candidates} disagreeing candidates are the same quantity`]);
    for (const [name, s] of [['numeric-pairs (judge, CV)', n], ['numeric-pairs (hand rules)', n.handRules], ['numeric-pairs (reference)', n.reference], ['numeric-pairs (perfect identity)', n.perfectIdentity]] as const) {
      rows.push([name, 'discrepancy P / R', `${s.discrepancy.precision} / ${s.discrepancy.recall}`, on]);
      rows.push([name, 'update P / R', `${s.update.precision} / ${s.update.recall}`, `${s.updatesAsDiscrepancies} updates called discrepancies`]);
      rows.push([name, 'false comparisons', `${s.falseComparisons} (${s.falseComparisonShare})`, `${s.comparedPairs} compared sentence pairs`]);
      rows.push([name, 'right-verdict share', s.rightVerdictShare, on]);
    }
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
  const salted = result.options.foldSalt ? `; folds dealt with salt ${JSON.stringify(result.options.foldSalt)}` : '';
  const head = `crossframe eval (${result.config.files[0] ?? 'defaults'}, ${result.config.offline ? 'offline' : 'hub allowed'}; models ${Object.values(result.config.models).join(', ')}${salted})`;
  return `${head}\n${renderTable(['task', 'metric', 'value', 'measured on'], rows)}\n\nwritten to ${result.file}\n`;
}
