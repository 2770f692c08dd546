/**
 * report: writes the run folder's CSVs, report.yaml, report.html and summary.json, and returns
 * what it wrote (names, rows, hashes) for the manifest, which the session writes last. Never
 * cached: a report describes this run. Missing analysis or framing (a run of
 * ingest,segment,enrich,report) gives CSVs with headers only and empty report sections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../src/config/schema.js';
import type { EntityTone, Framing, Sentence, SentenceSentiment, SentenceTone } from '../src/records.js';
import { leadingActors } from '../src/report/reportModel.js';
import type { DatasetStream } from '../src/store/blobCodec.js';
import { writeAtomic } from '../src/report/atomicWrite.js';
import { summariseModelsRun } from '../src/models/profile.js';
import { articlesTable } from '../src/report/rows/articleRows.js';
import { SENTENCE_COLUMNS, sentencesTable } from '../src/report/rows/sentenceRows.js';
import { analysisTables } from '../src/report/rows/analysisRows.js';
import { ENTITY_TONE_COLUMNS, entityToneTable, outletFramingTable } from '../src/report/rows/framingRows.js';
import { changesTable } from '../src/report/rows/changeRows.js';
import { writeReportFiles } from '../src/report/writeReports.js';
import { buildRunSummary, renderRunSummary } from '../src/report/summary.js';
import { openChartMemo } from '../src/report/html/charts.js';
import { openYamlMemo } from '../src/report/yamlReport.js';
import { loadSpeakersFile } from '../src/analysis/framing/resources.js';
import { defineStage, type StageWarning } from './stage.js';
import { joinAnalysis } from './framing.js';
import { digestsById } from '../src/analysis/corpus/articleDigest.js';
import { applyVerdicts, loadVerdicts, manifestVerdicts, orphanWarnings, withVerdictColumn, VERDICTS_DEFAULT } from '../src/report/verdicts.js';
import { previousRunDir } from '../src/report/previousRun.js';
import { csvBlockFormat, openCarriedRows } from '../src/report/csvCarry.js';

const EMPTY_FRAMING: Framing = { outletFraming: [], entityTone: [] };

export function reportParams(config: Config) {
  return { report: config.report, speakersFile: path.resolve(config.framing.speakersFile) };
}

export default defineStage({
  name: 'report',
  description: 'CSV tables, report.yaml, report.html and summary.json in the run folder (the session adds manifest.json).',
  // sentenceDigests: sentences.csv keys an article's rows by its digest (digestBlockKey), so a night
  // copies an unchanged article's rows from the previous file without making them.
  reads: ['articles', 'skipped', 'sentences', 'sentenceDigests', 'enrichment', 'events', 'analysis', 'framing'],
  optionalReads: ['sentences', 'sentenceDigests', 'enrichment', 'events', 'analysis', 'framing'],
  // Only sentences.csv reads the sentences: piece by piece from the store, pass by pass, never whole;
  // on a night with a previous file only the pieces that hold an article whose rows are made.
  streamedReads: ['sentences'],
  // No table shows an article's text; of the framing, all but the sentence tones and the rows of tone
  // towards actors, which are streamed.
  partialReads: { articles: ['-text'], framing: ['outletFraming', 'toneQuality', 'leadingActors'] },
  // Of the enrichment, only the sentence sentiment (sentences.csv), walked beside the sentences; and
  // framing's sentence tones (sentences.csv) likewise; and its actor rows, as entity_tone.csv is
  // written (the ones report.yaml and report.html show are the framing's leadingActors).
  streamedFields: { enrichment: ['sentiment'], framing: ['sentenceTones', 'entityTone'] },
  writes: ['reports'],
  // changes.csv: what is new since the output folder's last completed run (also under --full).
  previousReads: ['events', 'analysis'],
  params: reportParams,
  resources: ({ report, speakersFile }) => [
    { key: 'framing.speakersFile', file: speakersFile, kind: 'speakers' as const },
    ...(report.verdictsFile ? [{ key: 'report.verdictsFile', file: path.resolve(report.verdictsFile), kind: 'verdicts' as const, optional: report.verdictsFile === VERDICTS_DEFAULT }] : []),
  ],
  version: 1,
  cacheable: false,
  async run(inputs, { report, speakersFile }, services) {
    const { runDir, runId, startedAt } = services.run;
    if (!runDir) throw new Error('report: the session gave no run folder (services.run.runDir); createRunFolder must run first.');
    const articles = inputs.articles ?? [];
    const skipped = inputs.skipped ?? [];
    const sentences = inputs.sentences ?? (services.streamed?.('sentences') as DatasetStream<Sentence> | undefined) ?? [];
    const sentiment = inputs.enrichment?.sentiment ?? (services.streamedField?.('enrichment', 'sentiment') as DatasetStream<SentenceSentiment> | undefined) ?? [];
    const analysis = joinAnalysis(inputs.events, inputs.analysis);
    const sentenceTones = inputs.framing?.sentenceTones ?? (services.streamedField?.('framing', 'sentenceTones') as DatasetStream<SentenceTone> | undefined) ?? [];
    const entityTone = inputs.framing?.entityTone ?? (services.streamedField?.('framing', 'entityTone') as DatasetStream<EntityTone> | undefined) ?? [];
    // What report.yaml and report.html show of it (read from every row for a framing stored before it
    // carried them); entity_tone.csv reads every row from the stream.
    const { leadingActors: leading, ...stored } = inputs.framing ?? EMPTY_FRAMING;
    const framing: Framing = { ...stored, entityTone: leading ?? leadingActors(entityTone) };
    const groups = loadSpeakersFile(speakersFile).speakers.order;
    const warnings: StageWarning[] = [];

    // The analyst's verdicts (checked before the run; read again here, where the findings are known).
    const verdictsFile = report.verdictsFile;
    const verdicts = verdictsFile ? applyVerdicts(loadVerdicts(verdictsFile), analysis, verdictsFile, report.wrongFindings) : undefined;
    for (const warning of verdicts ? orphanWarnings(verdicts) : []) warnings.push({ message: warning });

    // The previous run's sentences.csv and entity_tone.csv: the rows of unchanged articles (outlets and
    // events) are copied from them, not formatted again.
    const previousRun = previousRunDir(path.dirname(runDir), runId);
    const previousSentences = openCarriedRows(previousRun, 'sentences.csv', csvBlockFormat(SENTENCE_COLUMNS));
    const previousEntityTone = openCarriedRows(previousRun, 'entity_tone.csv', csvBlockFormat(ENTITY_TONE_COLUMNS));
    const tables = [
      articlesTable(articles, analysis),
      sentencesTable(sentences, sentiment, analysis, sentenceTones, previousSentences, inputs.sentenceDigests ? digestsById(inputs.sentenceDigests) : undefined, new Map(articles.map((a) => [a.id, a.outlet]))),
      ...analysisTables(analysis).map((t) => withVerdictColumn(t, verdicts)),
      outletFramingTable(framing.outletFraming, analysis, groups),
      entityToneTable(entityTone, analysis, previousEntityTone),
      changesTable(analysis.events, analysis, { events: services.previous?.events ?? [], findings: services.previous?.analysis }),
    ];
    const work: Record<string, number> = {};
    const writing = writeReportFiles(
      runDir,
      {
        runId,
        startedAt,
        modelsNote: summariseModelsRun(services.run.models).text,
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
        previousRunDir: previousRun,
        chartMemo: report.html ? openChartMemo(services.modelCache) : undefined,
        yamlMemo: openYamlMemo(services.modelCache),
      },
      work,
    );
    const outputs = await writing.finally(() => {
      previousSentences?.close();
      previousEntityTone?.close();
    });

    // Counts for cron alerts (the warnings of this run so far, this stage's included).
    const summary = renderRunSummary(buildRunSummary({ runId, articles, skipped, analysis, warnings: services.run.warningsSoFar + warnings.length }));
    writeAtomic(path.join(runDir, 'summary.json'), summary);
    outputs.push({ file: 'summary.json', bytes: Buffer.byteLength(summary), sha256: createHash('sha256').update(summary).digest('hex') });
    const files = { files: outputs, ...(verdicts && fs.existsSync(verdicts.file) ? { verdicts: manifestVerdicts(verdicts) } : {}) };
    return { outputs: { reports: files }, counters: {}, warnings, work };
  },
  summarize({ reports }) {
    // manifest.json follows (the session writes it).
    return `${reports.files.length + 1} files`;
  },
});
