/**
 * Stage 5: events -> cross-outlet claim matches (agree / contradict / related), numeric
 * comparisons, claim clusters and omissions, written as the `analysis` dataset (which also
 * carries the events). NLI runs on candidate pairs only; see src/analysis/claimsAnalyse.ts.
 */
import path from 'node:path';
import { defineStage } from './stage.js';
import { analyseClaims } from '../src/analysis/claimsAnalyse.js';
import { loadStanceLexicon } from '../src/analysis/claimsStance.js';
import { loadNumericJudge } from '../src/analysis/numericFeatures.js';
import { loadRelationsJudge } from '../src/analysis/claimsJudge.js';

export default defineStage({
  name: 'claims',
  description: 'Match claims across outlets inside each event, compare figures, find omissions',
  reads: ['events', 'articles', 'sentences', 'enrichment'],
  writes: ['analysis'],
  modelRoles: ['nli'],
  configSections: ['events', 'claims'],
  // An edited stance lexicon changes which pairs contradict; a retrained relations judge every label;
  // a refitted numeric judge which figures pair.
  resourceFiles: (config) => [config.claims.stanceLexicon, config.claims.judge, ...(config.claims.numericJudge ? [config.claims.numericJudge] : [])],
  // 5: numeric verdicts read rounded and hedged figures as the labelling guide does (issue 13).
  version: 5,
  cacheable: true,
  async run({ events, articles, sentences, enrichment }, ctx) {
    const lexiconFile = path.resolve(ctx.config.claims.stanceLexicon);
    const stance = loadStanceLexicon(lexiconFile);
    const judge = loadRelationsJudge(path.resolve(ctx.config.claims.judge));
    const numericJudge = ctx.config.claims.numericJudge ? loadNumericJudge(path.resolve(ctx.config.claims.numericJudge)) : undefined;
    let hub: Awaited<ReturnType<typeof ctx.models>> | undefined;
    const nli = async (pairs: [string, string][]) => (hub ??= await ctx.models()).nli(pairs);
    const bar = ctx.progress('claims', events.length);
    const { analysis, counters } = await analyseClaims({ events, articles, sentences, enrichment }, ctx.config, nli, stance, judge, numericJudge);
    bar.tick(events.length);
    bar.done();
    Object.assign(ctx.notes.counters, counters);
    if (hub) {
      // NLI cost of this run (the hub's totals since it was created; only this stage uses NLI).
      ctx.notes.counters['claims.modelCalls'] = hub.counters.modelCalls.nli;
      ctx.notes.counters['claims.computed'] = hub.counters.computed.nli;
      ctx.notes.counters['claims.cacheHits'] = hub.counters.cacheHits.nli;
      ctx.notes.counters['claims.truncated'] = hub.counters.truncated.nli;
    }
    return { analysis };
  },
  summarize({ analysis }) {
    const count = (r: string) => analysis.claimMatches.filter((m) => m.relation === r).length;
    return (
      `${analysis.claimMatches.length} claim matches (${count('agree')} agree, ${count('contradict')} contradict), ` +
      `${analysis.numericComparisons.length} numeric comparisons, ${analysis.omissions.length} omissions`
    );
  },
});
