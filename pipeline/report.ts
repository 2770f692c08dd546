/**
 * report: writes the run folder's CSVs, report.yaml, report.html, summary.json and, last, manifest.json.
 * Never cached: a report describes this run. Missing analysis or framing (a run of
 * ingest,segment,enrich,report) gives CSVs with headers only and empty report sections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Analysis, Framing } from '../src/records.js';
import { writeAtomic } from '../src/report/atomicWrite.js';
import { buildManifest, renderManifest } from '../src/report/manifest.js';
import { summariseModelsRun } from '../src/models/profile.js';
import { articlesTable } from '../src/report/rows/articleRows.js';
import { sentencesTable } from '../src/report/rows/sentenceRows.js';
import { analysisTables } from '../src/report/rows/analysisRows.js';
import { entityToneTable, outletFramingTable } from '../src/report/rows/framingRows.js';
import { writeReportFiles } from '../src/report/writeReports.js';
import { buildRunSummary, renderRunSummary } from '../src/report/summary.js';
import { openChartMemo } from '../src/report/html/charts.js';
import { loadSpeakersFile } from '../src/analysis/framing/resources.js';
import { CODE_VERSION, packageVersions } from '../src/runtime/version.js';
import { defineStage } from './stage.js';
import { applyVerdicts, loadVerdicts, manifestVerdicts, orphanWarnings, withVerdictColumn } from '../src/report/verdicts.js';
import { previousRunDir } from '../src/report/previousRun.js';

const EMPTY_ANALYSIS: Analysis = { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };
const EMPTY_FRAMING: Framing = { outletFraming: [], entityTone: [] };

export default defineStage({
  name: 'report',
  description: 'CSV tables, report.yaml, report.html and manifest.json in the run folder.',
  reads: ['articles', 'skipped', 'sentences', 'enrichment', 'analysis', 'framing'],
  optionalReads: ['sentences', 'enrichment', 'analysis', 'framing'],
  writes: ['reports'],
  configSections: ['report'],
  version: 1,
  cacheable: false,
  async run(inputs, ctx) {
    const began = performance.now();
    if (!ctx.runDir) throw new Error('report: the runner gave no run folder (ctx.runDir); createRunFolder must run first.');
    const articles = inputs.articles ?? [];
    const skipped = inputs.skipped ?? [];
    const sentences = inputs.sentences ?? [];
    const sentiment = inputs.enrichment?.sentiment ?? [];
    const analysis = inputs.analysis ?? EMPTY_ANALYSIS;
    const framing = inputs.framing ?? EMPTY_FRAMING;
    const { report } = ctx.config;
    const groups = loadSpeakersFile(path.resolve(ctx.config.framing.speakersFile)).speakers.order;

    // The analyst's verdicts (checked in preflight; read again here, where the findings are known).
    const verdictsFile = report.verdictsFile;
    const verdicts = verdictsFile ? applyVerdicts(loadVerdicts(verdictsFile), analysis, verdictsFile, report.wrongFindings) : undefined;
    for (const warning of verdicts ? orphanWarnings(verdicts) : []) ctx.log.warn(warning);

    const tables = [
      articlesTable(articles, analysis),
      sentencesTable(sentences, sentiment, analysis, framing.sentenceTones),
      ...analysisTables(analysis).map((t) => withVerdictColumn(t, verdicts)),
      outletFramingTable(framing.outletFraming, analysis, groups),
      entityToneTable(framing.entityTone, analysis),
    ];
    const outputs = await writeReportFiles(ctx.runDir, {
      runId: ctx.runId,
      startedAt: ctx.startedAt,
      modelsNote: summariseModelsRun(ctx.notes.models).text,
      articles,
      skipped,
      analysis,
      framing,
      tables,
      bom: report.bom,
      html: report.html,
      htmlMaxEvents: report.htmlMaxEvents,
      htmlMaxClaimsPerEvent: report.htmlMaxClaimsPerEvent,
      verdicts,
      minConfidence: report.minConfidence,
      lowConfidence: report.lowConfidence,
      chartMinArticles: report.chartMinArticles,
      xlsx: report.xlsx,
      previousRunDir: previousRunDir(path.dirname(ctx.runDir), ctx.runId),
      chartMemo: report.html ? openChartMemo(ctx.modelCache) : undefined,
    });

    // Counts for cron alerts; written before manifest.json so the manifest lists and hashes it.
    const summary = renderRunSummary(buildRunSummary({ runId: ctx.runId, articles, skipped, analysis, warnings: ctx.log.warningCount?.() ?? 0 }));
    writeAtomic(path.join(ctx.runDir, 'summary.json'), summary);
    outputs.push({ file: 'summary.json', bytes: Buffer.byteLength(summary), sha256: createHash('sha256').update(summary).digest('hex') });

    const finishedAt = new Date();
    const manifest = buildManifest({
      version: CODE_VERSION,
      runId: ctx.runId,
      startedAt: ctx.startedAt,
      finishedAt,
      config: ctx.config,
      configHash: ctx.configHash,
      notes: ctx.notes,
      skipped,
      packages: packageVersions(),
      outputs,
      verdicts: verdicts && fs.existsSync(verdicts.file) ? manifestVerdicts(verdicts) : undefined,
      reportStage: { name: 'report', ms: Math.round(performance.now() - began), cached: false, summary: `${outputs.length + 1} files` },
    });
    writeAtomic(path.join(ctx.runDir, 'manifest.json'), renderManifest(manifest));
    // Names relative to the run folder: the folder is renamed when the runner publishes it.
    return { reports: [...outputs.map((o) => o.file), 'manifest.json'] };
  },
  summarize({ reports }) {
    return `${reports.length} files`;
  },
});
