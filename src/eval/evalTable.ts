/** The `crossframe eval` summary: one row per metric, what it was measured on, and the file. */
import { renderTable } from './harness.js';
import type { EvalResult } from './runEval.js';

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
  for (const f of result.failures) rows.push([f.task, 'FAILED', '', f.error.slice(0, 100)]);
  const head = `crossframe eval (${result.config.files[0] ?? 'defaults'}, ${result.config.offline ? 'offline' : 'hub allowed'}; models ${Object.values(result.config.models).join(', ')})`;
  return `${head}\n${renderTable(['task', 'metric', 'value', 'measured on'], rows)}\n\nwritten to ${result.file}\n`;
}
