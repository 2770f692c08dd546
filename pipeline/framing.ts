/**
 * framing: per outlet and event (and per outlet across all events) tone, tone towards actors,
 * loaded language, hedging, attribution, who is quoted and coverage.
 *
 * The lexicons and speaker groups are YAML files editors tune between runs: they are the stage's
 * resource files, so an edit to any of them makes the next run recompute the framing.
 */
import path from 'node:path';
import type { Config } from '../src/config/schema.js';
import type { Analysis, ClaimFindings, EntityTone, Framing, Sentence, SentenceSentiment, SentenceTone } from '../src/records.js';
import { digestsById } from '../src/analysis/corpus/articleDigest.js';
import type { DatasetStream } from '../src/store/blobCodec.js';
import { loadFramingResources } from '../src/analysis/framing/resources.js';
import { loadToneJudge } from '../src/analysis/framing/toneModel.js';
import { wordVectorsIdentity } from '../src/analysis/corpus/wordVectors.js';
import { defineStage, portableParams, type ResourceFile, type StageWarning } from './stage.js';
import { createHash } from 'node:crypto';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { openItemCache } from '../src/store/itemCache.js';
import { readEditorFile } from '../src/config/editorFile.js';
import type { ArticleFraming } from '../src/analysis/framing/articleFraming.js';
import type { FramingWork } from '../src/analysis/framing/framing.js';
import { INTERVAL_VERSION, carriedIntervals } from '../src/analysis/framing/toneInterval.js';
import { leadingActors, leadingActorsCollector } from '../src/analysis/framing/leadingActors.js';

// 7: the per-article part (sentence tone, tallies, actor tone) memoised per article (issue 20).
// 8: the tone model reads softLoaded (the loaded lexicon made soft through word vectors, issue 15).
// 9: the framing carries its leadingActors (the report no longer reads every actor row for them).
// 10: the framing carries its tone intervals by their inputs (intervals), which the next run looks up first.
// 11: the framing records where each article's tone rows start (toneRows): the next run borrows the unchanged ones.
const VERSION = 11;
/** The version of the per-article part (ArticleFraming): its memo's namespace, which changes only when that part does. */
const ARTICLE_FRAMING_VERSION = 8;

export const EMPTY_FINDINGS: ClaimFindings = { claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };

/** The claims stage's findings with the events they are about (the one Analysis the reports and framing read). */
export function joinAnalysis(events: Analysis['events'] | undefined, findings: ClaimFindings | undefined): Analysis {
  return { events: events ?? [], ...(findings ?? EMPTY_FINDINGS) };
}

export function framingParams(config: Config) {
  const f = config.framing;
  return { framing: f, files: [f.loadedLexicon, f.hedgesLexicon, f.attributionLexicon, f.speakersFile, f.toneModel].map((file) => path.resolve(file)) };
}

function framingResources({ files: [loaded, hedges, attribution, speakers, tone] }: ReturnType<typeof framingParams>): ResourceFile[] {
  return [
    { key: 'framing.loadedLexicon', file: loaded, kind: 'lexicon' },
    { key: 'framing.hedgesLexicon', file: hedges, kind: 'lexicon' },
    { key: 'framing.attributionLexicon', file: attribution, kind: 'lexicon' },
    { key: 'framing.speakersFile', file: speakers, kind: 'speakers' },
    { key: 'framing.toneModel', file: tone, kind: 'tone-judge' },
  ];
}

export default defineStage({
  name: 'framing',
  description: 'Tone, tone towards actors, loaded language, hedging, attribution and sources quoted, per outlet and event.',
  // sentenceDigests: the per-article memo keys on them instead of hashing every sentence.
  reads: ['articles', 'sentences', 'sentenceDigests', 'enrichment', 'events', 'analysis'],
  // The articles without their texts (framing reads titles and sentences): the texts are freed after
  // the claims stage.
  partialReads: { articles: ['-text'] },
  // Of the enrichment only the sentence sentiment, walked beside the sentences a piece at a time: a
  // run holds neither the vector matrices nor the sentiment rows (111 MB at 20,000 articles) for it.
  streamedFields: { enrichment: ['sentiment'] },
  // The sentences a piece at a time from the store, an article's together (computeFraming): no stage
  // holds them whole after segment (at 20,000 articles they were most of this stage's heap).
  streamedReads: ['sentences'],
  writes: ['framing'],
  // The previous run's intervals (only they: not its rows), looked up before the model cache's
  // interval memo, and where its articles' tone rows lie: the unchanged articles at the corpus's start
  // take theirs from its pieces. The same framing either way, so the previous value only saves work.
  previousReads: ['framing'],
  previousParts: { framing: ['intervals', 'toneRows'] },
  previousPieceFields: { framing: ['sentenceTones'] },
  previousOnlySavesWork: true,
  params: framingParams,
  resources: framingResources,
  version: VERSION,
  cacheable: true,
  async run({ articles, sentences: given, sentenceDigests, enrichment, events, analysis }, params, services) {
    const { framing: settings, files } = params;
    const sentences = given ?? (services.streamed?.('sentences') as DatasetStream<Sentence> | undefined) ?? [];
    const resources = loadFramingResources(settings);
    const toneJudge = loadToneJudge(files[4]);
    // The tone feature softLoaded reads the soft lexicon's scores from their file beside the word
    // vectors' copy (under 1 s), fitting them on the vectors (several seconds, ~170 MB) only when that
    // file is missing, damaged or for another lexicon; the first article computed reads them
    // (toneFeatures' softLoadedOf), so a run whose articles all come from the memo reads nothing. The
    // namespace names the vectors by package and version.
    // The per-article memo's namespace changes with anything else an article's framing depends on:
    // stage and code version, params, and the lexicons, speaker groups and tone model (files).
    const sha = (file: string) => createHash('sha256').update(readEditorFile(file, 'framing resource')).digest('hex');
    const namespace = `framing|${ARTICLE_FRAMING_VERSION}|${CODE_VERSION}|${hashConfig(portableParams(params, framingResources(params)))}|${files.map(sha).join(',')}|vectors:${wordVectorsIdentity()}`;
    const memo = openItemCache<ArticleFraming>(services.modelCache, namespace);
    const done: FramingWork = { articlesReused: 0, articlesComputed: 0 };
    // Tone intervals by their inputs (values, resamples, seed): a pure function, so the memo needs no
    // params or resources in its namespace; a nightly run bootstraps only the scopes whose values changed.
    const previousFraming = services.previous?.framing as Partial<Framing> | undefined;
    const intervals = carriedIntervals(previousFraming?.intervals, openItemCache<[number, number]>(services.modelCache, `framing-interval|${INTERVAL_VERSION}|${CODE_VERSION}`));
    // Imported here, not at the top: it pulls in compromise (~0.9 s CPU at every CLI start), which a
    // run whose framing comes from the cache, or a report stage reading joinAnalysis, never needs.
    const { computeFraming } = await import('../src/analysis/framing/framing.js');
    // The sentence tones (this stage's largest output) go to a file as they are made, in a session.
    const toneSpill = services.spillRecords?.<SentenceTone>();
    const previousTones = previousFraming?.toneRows && services.previousPieces?.('framing', 'sentenceTones');
    const toneRows = { namespace: createHash('sha256').update(namespace).digest('hex'), ...(previousTones ? { previous: { rows: previousFraming!.toneRows!, pieces: previousTones } } : {}) };
    // And the rows of tone towards actors (the report streams them: entity_tone.csv row by row), the
    // ones the reports show collected as they pass.
    const leading = leadingActorsCollector();
    const spilled = services.spillRecords?.<EntityTone>();
    const actorSpill = spilled && { ...spilled, push: (row: EntityTone) => (leading.add(row), spilled.push(row)) };
    let framing: Framing;
    try {
      framing = computeFraming(
        { articles, sentences, sentiment: enrichment?.sentiment ?? (services.streamedField?.('enrichment', 'sentiment') as DatasetStream<SentenceSentiment> | undefined) ?? [], analysis: joinAnalysis(events, analysis), toneJudge, ...(sentenceDigests ? { sentenceDigests: digestsById(sentenceDigests) } : {}), toneRows, ...(toneSpill ? { toneSpill } : {}), ...(actorSpill ? { actorSpill } : {}) },
        resources,
        settings,
        memo,
        done,
        intervals,
      );
    } catch (err) {
      toneSpill?.discard();
      actorSpill?.discard();
      throw err;
    }
    // Rows kept in memory (no spill) never passed the collector.
    framing.leadingActors = actorSpill ? leading.rows() : leadingActors(framing.entityTone);
    framing.intervals = intervals.carried();
    const warnings: StageWarning[] = [];
    if (!framing.toneQuality?.sentenceIsFinding) warnings.push({ message: `framing: sentence tone is not shown as a finding (${framing.toneQuality?.sentenceEvidence})` });
    const counters = { 'framing.outletRows': framing.outletFraming.length, 'framing.entityRows': framing.entityTone.length, 'framing.outlets': new Set(framing.outletFraming.map((f) => f.outlet)).size };
    // Tone intervals taken from the previous run's framing, and from the model cache's memo (the rest were bootstrapped).
    const found = intervals.counts();
    const work = { 'framing.articlesReused': done.articlesReused, 'framing.articlesComputed': done.articlesComputed, 'framing.intervalsCarried': found.carried, 'framing.intervalsRemembered': found.remembered, ...(done.toneRowsBorrowed !== undefined ? { 'framing.toneRowsBorrowed': done.toneRowsBorrowed } : {}) };
    return { outputs: { framing }, counters, warnings, work };
  },
  summarize(outputs, counters) {
    // From the counters (a reused result's framing is then never loaded); older results read the framing.
    if (counters['framing.outlets'] !== undefined) return `${counters['framing.outlets']} outlets, ${counters['framing.outletRows']} outlet/event rows, ${counters['framing.entityRows']} entity rows`;
    const { framing } = outputs;
    const outlets = new Set(framing.outletFraming.map((f) => f.outlet)).size;
    return `${outlets} outlets, ${framing.outletFraming.length} outlet/event rows, ${framing.entityTone.length} entity rows`;
  },
});
