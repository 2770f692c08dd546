/** The `crossframe bench` summary tables. */
import { formatNumber, renderTable } from '../measure/harness.js';
import type { BenchResult } from './benchOptions.js';
import { median } from './queueScale.js';

const r1 = (x: number) => Math.round(x * 10) / 10;

export function printBenchSummary(result: BenchResult): string {
  const out: string[] = [];
  const m = result.machine;
  out.push(`crossframe bench (${result.config.files[0] ?? 'defaults'}; ${m.cpus} CPUs ${m.cpuModel}; load average at start ${m.loadAverage.join(' ')}${m.v8HeapFlags?.length ? `; V8 ${m.v8HeapFlags.join(' ')}` : ''}${result.config.modelThreads ? `; onnxruntime ${result.config.modelThreads} thread${result.config.modelThreads === 1 ? '' : 's'} per model session` : ''})`);
  if (result.throughput?.length) {
    out.push('', 'Model throughput, sentences/s (hub/direct: crossframe overhead, target >= 0.9; max |diff| hub vs direct)');
    out.push(
      renderTable(
        ['model', 'batch', 'onnx direct', 'tjs pipeline', 'crossframe hub', 'hub/direct', 'max |diff|'],
        result.throughput.map((t) => [t.model, t.batch, r1(t.direct), r1(t.pipeline), r1(t.hub), Math.round(t.hubToDirect * 100) / 100, t.maxAbsDiff]),
      ),
    );
  }
  if (result.e2e?.length) {
    out.push('', 'End to end (crossframe run, child process): articles/min and peak RSS, cold and warm cache (target warm >= 20x)');
    out.push(
      renderTable(
        ['articles', 'cold s', 'cold art/min', 'cold peak MB', 'warm s', 'warm art/min', 'warm peak MB', 'warm speed-up', 'exit'],
        result.e2e.map((e) => [e.articles, r1(e.cold.seconds), r1(e.cold.articlesPerMinute), e.cold.peakRssMB, r1(e.warm.seconds), r1(e.warm.articlesPerMinute), e.warm.peakRssMB, r1(e.warmSpeedup), `${e.cold.exitCode}/${e.warm.exitCode}`]),
      ),
    );
  }
  if (result.scaling) {
    const s = result.scaling;
    out.push('', `Scaling of events + claims (growth exponent ${formatNumber(s.exponent)} over all sizes, ${formatNumber(s.exponentReal)} over real sizes; must stay well below 2)`);
    out.push(
      renderTable(
        ['articles', 'synthetic', 'sentences', 'events s', 'claims s', 'total s', 'step exponent', 'events', 'claim matches', 'NLI computed', 'RSS MB'],
        s.points.map((p) => [p.articles, p.synthetic ? 'yes' : 'no', p.sentences, r1(p.eventsSeconds), r1(p.claimsSeconds), r1(p.totalSeconds), p.stepExponent === null ? '' : Math.round(p.stepExponent * 100) / 100, p.events, p.claimMatches, p.nliComputed, p.rssMB]),
      ),
    );
  }
  if (result.runtime) {
    const rt = result.runtime;
    if (rt.status === 'ok') {
      out.push('', `Runtime: ${rt.xenova.package} ${rt.xenova.version} vs ${rt.hf4.package} ${rt.hf4.version} (onnxruntime-node ${rt.hf4.onnxruntimeNode}), fp32, sentences/s`);
      out.push(
        renderTable(
          ['model', 'batch', 'xenova 2.17', 'hf 4.x', 'hf/xenova', 'max |diff|'],
          rt.rows.map((r) => [r.model, r.batch, r1(r.xenovaSentencesPerSecond), r1(r.hf4SentencesPerSecond), Math.round(r.speedup * 100) / 100, rt.maxAbsDiff[r.model] ?? Number.NaN]),
        ),
      );
    } else {
      out.push('', `Runtime comparison not available (${rt.status}): ${rt.reason}`);
    }
  }
  if (result.scale) {
    const sc = result.scale;
    const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
    const spread = (x: { median: number; min: number; max: number }) => `${r1(x.median)} (${r1(x.min)}-${r1(x.max)})`;
    out.push(
      '',
      `Scaling out: ${sc.articles} articles, in process vs run --queue with N worker processes on this machine, cold caches, ${sc.summaries[0]?.rounds ?? 0} interleaved rounds, median (min-max). ` +
        `Queue overhead at 1 worker, median of per-round ratios: ${pct(sc.overheadAtOneWorker)} (${pct(sc.overheadAtOneWorkerRange[0])} to ${pct(sc.overheadAtOneWorkerRange[1])}) on segment + enrich, target <= 10%; ` +
        `${pct(sc.wholeRunOverheadAtOneWorker)} on the run (ingest, segment, enrich, report); ${pct(sc.cpuOverheadAtOneWorker)} in CPU seconds; Redis peak memory ${r1(sc.redisPeakMB)} MB`,
    );
    out.push(
      renderTable(
        ['runner', 'segment+enrich s', 'segment+enrich art/min', 'run s', 'CPU s (runner + workers)', 'exit'],
        sc.summaries.map((r) => [r.workers ? `queue, ${r.workers} worker${r.workers > 1 ? 's' : ''}` : 'in process', spread(r.queueStagesSeconds), r1(r.queueStagesArticlesPerMinute), spread(r.seconds), spread(r.cpuSeconds), r.exitCodes.join('/')]),
      ),
    );
  }
  if (result.increment) {
    const inc = result.increment;
    const nm = inc.newModels;
    const nightFrom = inc.night === 'other-sets' ? 'texts the corpus does not hold (basil-dev, ecbplus)' : 'copies of corpus texts';
    out.push('', `Nightly increment: ${inc.newArticles} new articles (${nightFrom}) on a ${inc.corpusArticles}-article corpus (${inc.perDay} a day) vs the same ${inc.newArticles} alone, two readings: all model outputs cached, and the new articles' model outputs computed by both runs`);
    out.push(
      renderTable(
        ['run', 'articles', 'wall s', 'events s', 'claims s', 'peak RSS MB'],
        [
          ['corpus (before the night)', inc.base.articles, r1(inc.base.seconds), r1(inc.base.eventsSeconds), r1(inc.base.claimsSeconds), inc.base.peakRssMB ?? '-'],
          ['night (corpus + new), models cached', inc.increment.articles, r1(inc.increment.seconds), r1(inc.increment.eventsSeconds), r1(inc.increment.claimsSeconds), inc.increment.peakRssMB ?? '-'],
          ['new articles alone, models cached', inc.alone.articles, r1(inc.alone.seconds), r1(inc.alone.eventsSeconds), r1(inc.alone.claimsSeconds), inc.alone.peakRssMB ?? '-'],
          ...(nm
            ? [
                ['night, new articles\' models computed', nm.increment.articles, r1(nm.increment.seconds), r1(nm.increment.eventsSeconds), r1(nm.increment.claimsSeconds), nm.increment.peakRssMB ?? '-'],
                ['new articles alone, their models computed', nm.alone.articles, r1(nm.alone.seconds), r1(nm.alone.eventsSeconds), r1(nm.alone.claimsSeconds), nm.alone.peakRssMB ?? '-'],
              ]
            : []),
        ],
      ),
    );
    out.push(
      `ratio night/alone: new articles' models computed ${nm ? `${nm.ratio} (wall), ${nm.eventsClaimsRatio} (events + claims)${computedReadingCaveat(nm)}` : 'not measured'}; all models cached ${inc.ratio} (wall), ${inc.eventsClaimsRatio} (events + claims); target <= 1.5. ` +
        `Events kept: ${inc.eventsKept} of ${inc.baseEvents}, rows byte-identical: ${inc.keptRowsIdentical} (${inc.identical ? 'all' : 'NOT all'}); articles re-clustered: ${inc.articlesReclustered}` +
        `${inc.increment.work['events.articlesWeighed'] !== undefined ? `, weighed (the night's corpus): ${inc.increment.work['events.articlesWeighed']}, old events re-opened: ${inc.increment.work['events.eventsReopened']}, pairs scored: ${inc.increment.work['events.pairsScored']}` : ''}; ` +
        `${nm ? `the two nights' events ${nm.sameEventsAsFirstNight ? 'are' : 'are NOT'} the same (${inc.night === 'other-sets' ? `${inc.modelEntriesMerged ?? 0} model outputs of the first reading's runs merged into the cached reading's cache` : `${nm.modelEntriesDropped} model cache entries dropped`}); ` : ''}` +
        'each run a `crossframe run` process of its own (wall time and peak RSS the process\'s)',
    );
    if (inc.cachedRepeats?.length) {
      const all = [{ ratio: inc.ratio, eventsClaimsRatio: inc.eventsClaimsRatio, increment: inc.increment, alone: inc.alone }, ...inc.cachedRepeats];
      out.push(
        `All models cached, every reading (each pair from the same store state${inc.cachedRepeats.some((r) => r.aloneFirst) ? '; "alone first": that pair ran the alone run before the night' : ''}): ` +
          `${all.map((r) => `${r.ratio} (${r1(r.increment.seconds)} / ${r1(r.alone.seconds)} s${'aloneFirst' in r && r.aloneFirst ? ', alone first' : ''}; events + claims ${r.eventsClaimsRatio}; CPU ${r1(r.increment.cpuSeconds)} / ${r1(r.alone.cpuSeconds)} s)`).join(', ')}; ` +
          `largest ${Math.max(...all.map((r) => r.ratio))}, median ${median(all.map((r) => r.ratio))}`,
      );
      const m = inc.cachedMedians;
      if (m)
        out.push(
          `All models cached, the ${m.pairs} pairs together: median night ${r1(m.nightSeconds)} s over median alone ${r1(m.aloneSeconds)} s, **ratio ${m.ratio}** (target <= 1.5; median of the pairs' ratios ${m.medianPairRatio}); ` +
            `CPU time (user + system), median night ${r1(m.nightCpuSeconds)} s over median alone ${r1(m.aloneCpuSeconds)} s, ratio ${m.cpuRatio}`,
        );
    }
    out.push(`What the nights reused: models cached, ${reuseOf(inc.increment.work)}${nm ? `; models computed, ${reuseOf(nm.increment.work)}` : ''}`);
    if (inc.full) {
      const f = inc.full;
      out.push(
        `Night vs \`run --full\` (events stage, ${f.articles} articles): B3 P ${f.bcubedPrecision} R ${f.bcubedRecall} F1 ${f.bcubedF1}, ARI ${f.ari}; ${f.sameEvents} of the night's ${f.nightEvents} events are also full-run events (the full run has ${f.fullEvents}); full events stage ${r1(f.eventsSeconds)} s`,
      );
    }
    if (inc.previousRule) {
      const p = inc.previousRule;
      const f = p.vsFull;
      out.push(
        `The rule before (every event in the touched days re-opened), replayed in process on the night's datasets: B3 against the same full run P ${f.bcubedPrecision} R ${f.bcubedRecall} F1 ${f.bcubedF1}, ARI ${f.ari}, ${f.sameEvents} of ${f.nightEvents} events also full-run events; ` +
          `events computation ${r1(p.seconds)} s, ${p.articlesClustered} articles clustered, ${p.eventsKept} events kept; the rule, same replay: ${r1(p.ruleSeconds)} s, ${p.ruleArticlesClustered} clustered, ${p.ruleEventsKept} kept (replay ${p.sameAsStage ? 'matches' : 'does NOT match'} the stage's events)`,
      );
    }
    const runs: [string, typeof inc.base][] = [['corpus', inc.base], ['night, models cached', inc.increment], ['alone, models cached', inc.alone], ...(nm ? ([['night, models computed', nm.increment], ['alone, models computed', nm.alone]] as [string, typeof inc.base][]) : [])];
    const stageNames = [...new Set(runs.flatMap(([, r]) => r.stages.map((st) => st.name)))];
    const stageSeconds = (r: typeof inc.base) => stageNames.map((n) => r1((r.stages.find((st) => st.name === n)?.ms ?? 0) / 1000));
    out.push(renderTable(['run (stage seconds)', ...stageNames], runs.map(([name, r]) => [name, ...stageSeconds(r)])));
  }
  if (result.memory) {
    const mem = result.memory;
    out.push('', `Peak memory: crossframe run (child process) on synthetic corpora (${mem.perDay} articles a day), model cache warmed on ${mem.warmupArticles} articles; growth ${mem.growthPerThousandMB} MB per 1,000 articles (target: peak <= 1,536 MB, not growing with the corpus)`);
    const names = [...new Set(mem.rows.flatMap((r) => r.stages.map((s) => s.name)))];
    out.push(
      renderTable(
        ['articles', 'wall s', 'peak RSS MB', ...names.map((n) => `${n} s / peak RSS / heap used, held after`), 'exit'],
        mem.rows.map((r) => [
          r.articles,
          r1(r.seconds),
          r.peakRssMB,
          ...names.map((n) => {
            const s = r.stages.find((x) => x.name === n);
            return s ? `${r1(s.ms / 1000)} / ${Number.isFinite(s.peakRssMB) ? s.peakRssMB : '-'} / ${s.heapAfterMB}, ${Number.isFinite(s.heapHeldAfterMB) ? s.heapHeldAfterMB : '-'}` : '';
          }),
          r.exitCode,
        ]),
      ),
    );
    for (const r of mem.rows) out.push(`${r.articles} articles, stored datasets MB: ${Object.entries(r.datasetsMB).map(([n, mb]) => `${n} ${mb}`).join(', ')}`);
    for (const r of mem.rows) if (r.errorTail) out.push(`${r.articles} articles failed: ${r.errorTail}`);
  }
  for (const f of result.failures) out.push('', `FAILED ${f.part}: ${f.error}`);
  out.push('', `written to ${result.file}`, '');
  return out.join('\n');
}

/** A night's reuse counters, stage by stage (absent ones left out: a store from an older version lacks some). */
function reuseOf(work: Record<string, number>): string {
  const pairs: [string, string][] = [
    ['ingest.articlesReused', 'ingest articles reused'],
    ['ingest.jsonlFilesReused', 'JSON Lines files reused'],
    ['segment.articlesReused', 'segment articles reused'],
    ['enrich.sentencesReused', 'enrich sentences reused'],
    ['enrich.sentencesReusedByArticle', 'by article'],
    ['claims.eventsReused', 'claims events reused'],
    ['framing.articlesReused', 'framing articles reused'],
    ['framing.articlesComputed', 'computed'],
    ['framing.intervalsCarried', 'intervals carried'],
    ['framing.intervalsRemembered', 'remembered'],
    ['report.rowsCopied.sentences', 'sentences.csv rows copied'],
    ['report.rowsFormatted.sentences', 'formatted'],
  ];
  return pairs.filter(([key]) => work[key] !== undefined).map(([key, label]) => `${label} ${work[key]}`).join(', ') || 'no counters';
}

/**
 * The "models computed" night is only a measurement when the night computed its new sentences'
 * outputs: enrich takes a sentence's outputs from the previous run by its text, so a night whose
 * articles repeat texts of the corpus (`--increment-night copies`) computes almost nothing there
 * while the alone run computes them all. Valid: the night computed at least 95% of what the alone run did.
 */
function computedReadingCaveat(nm: NonNullable<BenchResult['increment']>['newModels']): string {
  if (!nm) return '';
  const { night, alone } = nm.computed ?? { night: 0, alone: 0 };
  // The NLI pairs the claims stage computed: the night's extra model work (new articles against the old ones of the events they join).
  const nli = (run: typeof nm.increment) => run.work['claims.computed'] ?? 0;
  const counts = `sentence model outputs computed: night ${night}, alone ${alone}; NLI pairs computed: night ${nli(nm.increment)}, alone ${nli(nm.alone)}`;
  return night >= 0.95 * alone ? ` (${counts})` : ` [NOT a valid reading: ${counts}; the night took the new articles' outputs from the corpus by text, its new texts are not new]`;
}
