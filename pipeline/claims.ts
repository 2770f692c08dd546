/**
 * Stage 5: events -> cross-outlet claim matches (agree / contradict / related), numeric
 * comparisons, claim clusters and omissions, written as the `analysis` dataset (the events stay
 * the events stage's dataset). NLI runs on candidate pairs only; see src/analysis/claimsAnalyse.ts.
 */
import path from 'node:path';
import type { Config } from '../src/config/schema.js';
import type { ModelHub } from '../src/models/hub.js';
import { analysisVectors, defineStage, portableParams, type ResourceFile } from './stage.js';
import { createHash } from 'node:crypto';
import { claimsByEvent, type EventClaims } from '../src/analysis/claims/byEvent.js';
import { sentenceReaderOf } from '../src/analysis/corpus/sentenceReader.js';
import type { Sentence } from '../src/records.js';
import type { DatasetStream } from '../src/store/blobCodec.js';
import { articleDigests, digestsOfIndex } from '../src/analysis/corpus/articleDigest.js';
import { hashConfig } from '../src/config/load.js';
import { CODE_VERSION } from '../src/runtime/version.js';
import { openItemCache } from '../src/store/itemCache.js';
import { readEditorFile } from '../src/config/editorFile.js';
import { loadStanceLexicon } from '../src/analysis/claims/stance.js';
import { loadNumericJudge } from '../src/analysis/claims/numericFeatures.js';
import { loadRelationsJudge } from '../src/analysis/claims/judge.js';
import { openTermsMemo, readArticleTexts, storedTermSource } from '../src/analysis/corpus/termSource.js';
import { releaseClaimUnitIds } from '../src/analysis/corpus/claimUnits.js';
import { releaseClaimTextMemos } from '../src/analysis/claims/features.js';

// 9: tallies come from the number reader (kind 'tally'); a figure is located in its sentence as a whole number.
// 10: "nearly X" at most claims.aboutSlack below X; owners from the whole clause and a bracketed figure's name; "N-star" is a rank; rate and tally-side conflicts never compared.
// 11: no shared-quotation rule: a pair sharing a quotation is agree only when the judge says so (the quotation is one of its features).
// 12: a duration's quantity is named "duration" (was its unit, "days"), a quantity named by its role alone ("percent");
// contradictions only when the negation or stance verb is about a shared actor, and not when both sentences deny.
// 13: "nobody's" read as "nobody"; a one-sided negation across a shift in time ("previously", "again", "no longer")
// is a change: related, neither a contradiction nor agree.
// 14: the judge's lemma, proper-noun and verb features read possessives apart ("Trump ’s"): wink-nlp kept
// "Trump’s" whole once it had read it before a comma, so a pair's features depended on the run's history.
// 15: no match with a sentence about the article itself ("This report was featured in the July 9 episode of ..."):
// two outlets' footers were called a contradiction (a different date for the same predicate and actor).
// 16: a duration that places something in time ("three years ago", "two years later", "Fifteen years after the
// invasion, ...") is never compared: two such figures were compared as one length of time.
const VERSION = 16;

export function claimsParams(config: Config) {
  return {
    claims: config.claims,
    // The events judge reaches claims through the events (their hash is one of its inputs): its path is
    // left out, so a config in another folder keeps the claims results and memo.
    events: { ...config.events, judge: config.events.judge ? 'events.judge' : '' },
    stanceFile: path.resolve(config.claims.stanceLexicon),
    judgeFile: path.resolve(config.claims.judge),
    numericJudgeFile: config.claims.numericJudge ? path.resolve(config.claims.numericJudge) : null,
  };
}

/**
 * The params without events.fullRunArticles: in claims it only sets how many articles' sentences are
 * read at once when several ranges are computed (a full run), which changes no finding, so it stays
 * out of the memo's namespace (a store's memo survives the setting and the release that added it).
 */
function findingParams(params: ReturnType<typeof claimsParams>) {
  const { fullRunArticles: _readBatch, ...events } = params.events;
  return { ...params, events };
}

function claimsResources(params: ReturnType<typeof claimsParams>): ResourceFile[] {
  return [
    { key: 'claims.stanceLexicon', file: params.stanceFile, kind: 'stance' },
    { key: 'claims.judge', file: params.judgeFile, kind: 'relations-judge' },
    ...(params.numericJudgeFile ? [{ key: 'claims.numericJudge', file: params.numericJudgeFile, kind: 'numeric-judge' as const }] : []),
  ];
}

export default defineStage({
  name: 'claims',
  description: 'Match claims across outlets inside each event, compare figures, find omissions',
  // eventsIndex: each event's range, whose articles its statements are weighed over.
  reads: ['events', 'eventsIndex', 'articles', 'sentences', 'enrichment'],
  // The articles without their texts, as the events stage reads them (see there); of the enrichment,
  // the article vectors, and the sentence vectors row by row: an event's rows each time it is visited
  // (src/analysis/claims/eventByEvent.ts).
  partialReads: { articles: ['-text'], enrichment: ['articleVectors'] },
  // The sentences streamed, keeping only those of the ranges it computes (a night: its touched events';
  // none when every event comes from the memo). No stage reads them whole, so the stream reads the blob
  // and the stage holds only those.
  streamedReads: ['articles', 'sentences'],
  rowReads: { enrichment: ['sentenceVectors'] },
  writes: ['analysis'],
  modelRoles: ['nli'],
  params: claimsParams,
  // An edited stance lexicon changes which pairs contradict; a retrained relations judge every label;
  // a refitted numeric judge which figures pair.
  resources: claimsResources,
  // 5: numeric verdicts read rounded and hedged figures as the labelling guide does (issue 13).
  // 6: relations judge v3: lemma and proper-noun overlap features, agree chosen at precision 0.75 (issue 12).
  // 7: memoised per event; statements weighed over the event's range (the whole corpus after a full events run).
  version: VERSION,
  cacheable: true,
  async run({ events, eventsIndex, articles, sentences, enrichment }, params, services) {
    try {
      const stance = loadStanceLexicon(params.stanceFile);
      const judge = loadRelationsJudge(params.judgeFile);
      const numericJudge = params.numericJudgeFile ? loadNumericJudge(params.numericJudgeFile) : undefined;
      let hub: ModelHub | undefined;
      let before: { modelCalls: number; computed: number; cacheHits: number; truncated: number } | undefined;
      const nli = async (pairs: [string, string][]) => {
        if (!hub) {
          hub = await services.models();
          const c = hub.counters;
          before = { modelCalls: c.modelCalls.nli, computed: c.computed.nli, cacheHits: c.cacheHits.nli, truncated: c.truncated.nli };
        }
        return hub.nli(pairs);
      };
      const bar = services.progress('claims', events.length);
      // The memo's namespace changes with anything else a finding depends on: stage and code version,
      // params, the resource files and the NLI model.
      const sha = (file: string) => createHash('sha256').update(readEditorFile(file, 'claims resource')).digest('hex');
      const nliModel = (await (await services.models()).identify('nli')).sha256;
      const namespace = `claims|${VERSION}|${CODE_VERSION}|${hashConfig(portableParams(findingParams(params), claimsResources(params)))}|${[params.stanceFile, params.judgeFile, ...(params.numericJudgeFile ? [params.numericJudgeFile] : [])].map(sha).join(',')}|${nliModel}`;
      const memo = openItemCache<EventClaims>(services.modelCache, namespace);
      const vectors = analysisVectors(enrichment, services);
      // In a session the sentences come from the stream; a stage called outside one gets them in its inputs.
      const readSentences = sentenceReaderOf(sentences as Sentence[] | undefined, services.streamed?.('sentences') as DatasetStream<Sentence> | undefined);
      // The events stage's, from its index (the same inputs); computed only for an index without them.
      const digests = digestsOfIndex(eventsIndex, articles) ?? articleDigests(articles, typeof readSentences === 'function' ? readSentences(new Set(articles.map((a) => a.id))) : readSentences, vectors);
      // The events stage's entries (src/analysis/corpus/termSource.ts): the articles' terms, stemmed once.
      let terms: ReturnType<typeof storedTermSource> | undefined;
      // One source per batch of ranges claimsByEvent reads; each is saved and counted before the next.
      const termCounts = { reused: 0, computed: 0 };
      const closeTerms = () => {
        if (!terms) return;
        terms.save();
        const c = terms.counters();
        termCounts.reused += c.reused;
        termCounts.computed += c.computed;
        terms = undefined;
      };
      const termsOf = (read: readonly Sentence[]) => {
        closeTerms();
        return (terms = storedTermSource(openTermsMemo(services.modelCache), read, readArticleTexts(services.streamed?.('articles'))));
      };
      const byEvent = await claimsByEvent({ events, index: eventsIndex, articles, sentences: readSentences, enrichment: vectors, digests }, { claims: params.claims, events: params.events }, nli, stance, judge, numericJudge, memo, termsOf).finally(
        releaseClaimTextMemos,
      );
      closeTerms();
      const counters = byEvent.counters;
      bar.tick(events.length);
      bar.done();
      const work: Record<string, number> = { 'claims.eventsReused': byEvent.eventsReused, 'claims.eventsComputed': byEvent.eventsComputed, 'claims.termsReused': termCounts.reused, 'claims.termsComputed': termCounts.computed };
      if (hub && before) {
        // NLI cost of this stage (differences: the hub may be shared with other stages).
        const c = hub.counters;
        work['claims.modelCalls'] = c.modelCalls.nli - before.modelCalls;
        work['claims.computed'] = c.computed.nli - before.computed;
        work['claims.cacheHits'] = c.cacheHits.nli - before.cacheHits;
        // Work, not a counter: a run that reuses every event's findings calls no model.
        work['claims.truncated'] = c.truncated.nli - before.truncated;
      }
      return { outputs: { analysis: byEvent.findings }, counters, warnings: [], work };
    } finally {
      // The units are compared only inside this stage: their term and name ids go with them.
      releaseClaimUnitIds();
    }
  },
  summarize({ analysis }) {
    const count = (r: string) => analysis.claimMatches.filter((m) => m.relation === r).length;
    return (
      `${analysis.claimMatches.length} claim matches (${count('agree')} agree, ${count('contradict')} contradict), ` +
      `${analysis.numericComparisons.length} numeric comparisons, ${analysis.omissions.length} omissions`
    );
  },
});

