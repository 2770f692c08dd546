/**
 * Stage 4: analysable articles -> events (clusters of articles about one real-world event).
 * A learned article-pair judge (config/models/events.json) over content evidence (terms, entities,
 * figures, shared statements, embeddings, dates), events grown by average linkage over its
 * probability inside the date window; see src/analysis/events/build.ts and judge.ts. No model calls: it
 * works on the enrich stage's vectors.
 */
import type { Config } from '../src/config/schema.js';
import { analysisVectors, defineStage, portableParams, type ResourceFile } from './stage.js';
import { clusterEvents, eventScorer, type EventScorer } from '../src/analysis/events/build.js';
import { readEventsJudge, resolveJudgePath } from '../src/analysis/events/judge.js';
import { updateEvents } from '../src/analysis/events/increment.js';
import { articleDigests, articleDigestsOf } from '../src/analysis/corpus/articleDigest.js';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { createHash } from 'node:crypto';
import { readEditorFile } from '../src/config/editorFile.js';
import { openTermsMemo, readArticleTexts, storedTermSource } from '../src/analysis/corpus/termSource.js';
import { releaseClaimUnitIds } from '../src/analysis/corpus/claimUnits.js';
import { withUntitledTexts } from '../src/analysis/events/label.js';
import { latestMentionedDay } from '../src/analysis/events/dates.js';
import { sentenceReaderOf } from '../src/analysis/corpus/sentenceReader.js';
import type { DatasetStream } from '../src/store/datasetStream.js';
import type { Sentence, SentenceDigest } from '../src/records.js';

// 5: by time window; the previous run's events outside the windows new articles touch are kept.
// 6: only the old events a new or changed article links to (or that hold a changed one) are re-opened.
// 7: articles read without their texts (the digests no longer hash them; contentHash does).
// 8: the article digests come from the segment stage's sentence digests (articleDigestsOf), not from
// hashing every sentence and its vector; the index's digests change once.
const VERSION = 8;

/**
 * The events section, and of the claims section only what shared statements are compared with
 * (the sentence similarity weights and the entity prior): a new claims.agreeThreshold keeps the events.
 */
export function eventsParams(config: Config) {
  const { weights, entityPrior } = config.claims;
  return { events: config.events, statements: { weights, entityPrior }, judgeFile: config.events.judge ? resolveJudgePath(config.events.judge) : null };
}

/**
 * The params the previous run's events must have been built under to be the base of this run's:
 * all but events.fullRunArticles, which only decides how a full run is split (a night on events a
 * full run built in other steps is a night like any other).
 */
function basisParams(params: ReturnType<typeof eventsParams>): ReturnType<typeof eventsParams> {
  const { fullRunArticles: _split, ...events } = params.events;
  return { ...params, events: events as Config['events'] };
}

function eventsResources(params: ReturnType<typeof eventsParams>): ResourceFile[] {
  return params.judgeFile ? [{ key: 'events.judge', file: params.judgeFile, kind: 'events-judge' }] : [];
}

export default defineStage({
  name: 'events',
  description: 'Cluster articles into events from content similarity, shared entities and figures, and dates',
  // sentenceDigests: each article's digest and latest mentioned day without a pass over the sentences.
  reads: ['articles', 'sentences', 'sentenceDigests', 'enrichment'],
  // The articles without their texts (85 MB at 10,000 articles): the terms come from the terms memo,
  // and the texts it lacks (and those of untitled articles, for labels) are read from the store. Of the
  // enrichment the article vectors, and the sentence vectors row by row (its claim sentences' rows, a
  // slice at a time: sharedClaims.ts): the run frees the matrix and the reuse digests after enrich.
  // The sentences streamed: the clustering keeps only the sentences of the articles it weighs (a
  // night: its corpus's).
  partialReads: { articles: ['-text'], enrichment: ['articleVectors'] },
  streamedReads: ['articles', 'sentences'],
  rowReads: { enrichment: ['sentenceVectors'] },
  writes: ['events', 'eventsIndex'],
  // The last run's events and how they were built: only the windows that changed are re-clustered.
  previousReads: ['events', 'eventsIndex'],
  incremental: true,
  params: eventsParams,
  // A retrained judge file changes the events.
  resources: eventsResources,
  version: VERSION,
  cacheable: true,
  async run({ articles, sentences, sentenceDigests, enrichment }, params, services) {
    try {
      const judge = params.judgeFile ? readEventsJudge(params.judgeFile) : null;
      // A retrained judge, new params or a new stage version: the previous events are not reused.
      const judgeSha = params.judgeFile ? createHash('sha256').update(readEditorFile(params.judgeFile, 'events judge')).digest('hex') : '';
      const basis = hashConfig({ version: VERSION, code: CODE_VERSION, params: portableParams(basisParams(params), eventsResources(params)), judgeSha });
      const previous = services.previous?.events && services.previous.eventsIndex ? { events: services.previous.events, index: services.previous.eventsIndex } : null;
      const facts = { articles: 0, candidatePairs: 0, pairsScored: 0, weighed: 0 };
      let night: EventScorer | null = null;
      const countNight = (scorer: EventScorer) => {
        const c = scorer.counters();
        facts.weighed += c.articles;
        facts.candidatePairs += c.candidatePairs;
        facts.pairsScored += c.pairsScored;
        facts.articles += c.clustered;
      };
      // Each article's terms are stemmed once and kept by its content: a night stems only its new and
      // changed articles (the claims stage reads the same entries).
      const texts = readArticleTexts(services.streamed?.('articles'));
      // Keyed by the sentences of the articles the clustering reads (a night: its corpus's).
      let terms: ReturnType<typeof storedTermSource> | undefined;
      const termsOf = (read: readonly Sentence[]) => (terms = storedTermSource(openTermsMemo(services.modelCache), read, texts));
      const vectors = analysisVectors(enrichment, services);
      // In a session the sentences are streamed: the clustering reads only the sentences of the articles
      // it weighs (a night: its corpus's). A stage called outside a session gets them whole.
      const stream = services.streamed?.('sentences') as DatasetStream<Sentence> | undefined;
      const readSentences = sentenceReaderOf(sentences as Sentence[] | undefined, stream);
      const { digests, mentioned } = digestsAndDays(articles, sentenceDigests, readSentences, stream, vectors, params.events.useMentionedDates);
      const result = updateEvents({ articles: withUntitledTexts(articles, texts), sentences: readSentences, enrichment: vectors }, { basis, windowDays: params.events.windowDays, useMentionedDates: params.events.useMentionedDates, fullRunArticles: params.events.fullRunArticles, digests, ...(mentioned ? { mentioned } : {}) }, previous, {
        all: (input) => {
          const clustered = clusterEvents(input, params.events, params.statements as Config['claims'], judge, termsOf(input.sentences));
          facts.articles += clustered.counters.articles;
          facts.candidatePairs += clustered.counters.candidatePairs;
          facts.weighed += clustered.counters.articles;
          return clustered.events;
        },
        within: (input) => {
          // A full run in steps scores one night's corpus after another: the last one's work is counted below.
          if (night) countNight(night);
          return (night = eventScorer(input, params.events, params.statements as Config['claims'], judge, termsOf(input.sentences)));
        },
      });
      terms?.save();
      const termCounts = terms?.counters() ?? { reused: 0, computed: 0 };
      if (night) countNight(night);
      const counters: Record<string, number> = {
        'events.events': result.events.length,
        'events.multiOutlet': result.events.filter((e) => e.outlets.length > 1).length,
      };
      // What this call clustered (an incremental run: the new and changed articles and the re-opened events).
      const work: Record<string, number> = {
        'events.articlesClustered': facts.articles,
        'events.candidatePairs': facts.candidatePairs,
        // Articles whose weights and blocking the run used (the night's corpus); an incremental night's
        // first-stage pair scores (candidate partners of the clustered articles, merge pass, cohesion).
        'events.articlesWeighed': facts.weighed,
        'events.pairsScored': facts.pairsScored,
        'events.eventsReopened': result.counters.reopened,
        'events.eventsExtended': result.counters.eventsExtended,
        'events.eventsKept': result.counters.eventsKept,
        'events.eventsUnchanged': result.counters.eventsUnchanged,
        'events.eventsBuilt': result.counters.eventsBuilt,
        'events.articlesAdded': result.counters.added,
        'events.articlesChanged': result.counters.changed,
        'events.articlesRemoved': result.counters.removed,
        'events.incremental': result.mode === 'incremental' ? 1 : 0,
        // Articles whose terms were read from the store, and stemmed by this run.
        'events.termsReused': termCounts.reused,
        'events.termsComputed': termCounts.computed,
      };
      return { outputs: { events: result.events, eventsIndex: result.index }, counters, warnings: [], work };
    } finally {
      // The units are compared only inside this stage: their term and name ids go with them.
      releaseClaimUnitIds();
    }
  },
  summarize({ events }) {
    const multi = events.filter((e) => e.outlets.length > 1).length;
    return `${events.length} events, ${multi} covered by more than one outlet`;
  },
});

/**
 * Each article's digest and latest mentioned day: from the segment stage's sentence digests, read
 * whole (a run); a caller without them (a stage called alone with older datasets) hashes the
 * sentences, in one pass over the stream that also reads the days they mention.
 */
function digestsAndDays(
  articles: Parameters<typeof articleDigests>[0],
  sentenceDigests: readonly SentenceDigest[] | undefined,
  readSentences: ReturnType<typeof sentenceReaderOf>,
  stream: DatasetStream<Sentence> | undefined,
  vectors: ReturnType<typeof analysisVectors>,
  useMentionedDates: boolean,
): { digests: Map<string, string>; mentioned?: Map<string, number | null> } {
  if (sentenceDigests) {
    const mentioned = new Map(sentenceDigests.map((d) => [d.articleId, d.latestMentionedDay]));
    return { digests: articleDigestsOf(articles, sentenceDigests, vectors.articleVectors), mentioned };
  }
  if (Array.isArray(readSentences)) return { digests: articleDigests(articles, readSentences, vectors) };
  const mentioned = new Map<string, number | null>();
  const noteMentioned = (s: Sentence) => {
    const day = latestMentionedDay([s]);
    if (day !== null && day > (mentioned.get(s.articleId) ?? -Infinity)) mentioned.set(s.articleId, day);
  };
  return { digests: articleDigests(articles, stream!, vectors, useMentionedDates ? noteMentioned : undefined), mentioned };
}
