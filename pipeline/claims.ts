/**
 * Stage 5: events -> cross-outlet claim matches (agree / contradict / related), numeric
 * comparisons, claim clusters and omissions, written as the `analysis` dataset (the events stay
 * the events stage's dataset). NLI runs on candidate pairs only; see src/analysis/claimsAnalyse.ts.
 */
import path from 'node:path';
import type { Config } from '../src/config/schema.js';
import type { ModelHub } from '../src/models/hub.js';
import { defineStage } from './stage.js';
import { analyseClaims } from '../src/analysis/claims/analyse.js';
import { loadStanceLexicon } from '../src/analysis/claims/stance.js';
import { loadNumericJudge } from '../src/analysis/claims/numericFeatures.js';
import { loadRelationsJudge } from '../src/analysis/claims/judge.js';

export function claimsParams(config: Config) {
  return {
    claims: config.claims,
    events: config.events,
    stanceFile: path.resolve(config.claims.stanceLexicon),
    judgeFile: path.resolve(config.claims.judge),
    numericJudgeFile: config.claims.numericJudge ? path.resolve(config.claims.numericJudge) : null,
  };
}

export default defineStage({
  name: 'claims',
  description: 'Match claims across outlets inside each event, compare figures, find omissions',
  reads: ['events', 'articles', 'sentences', 'enrichment'],
  writes: ['analysis'],
  modelRoles: ['nli'],
  params: claimsParams,
  // An edited stance lexicon changes which pairs contradict; a retrained relations judge every label;
  // a refitted numeric judge which figures pair.
  resources: (params) => [
    { key: 'claims.stanceLexicon', file: params.stanceFile, kind: 'stance' as const },
    { key: 'claims.judge', file: params.judgeFile, kind: 'relations-judge' as const },
    ...(params.numericJudgeFile ? [{ key: 'claims.numericJudge', file: params.numericJudgeFile, kind: 'numeric-judge' as const }] : []),
  ],
  // 5: numeric verdicts read rounded and hedged figures as the labelling guide does (issue 13).
  // 6: relations judge v3: lemma and proper-noun overlap features, agree chosen at precision 0.75 (issue 12).
  version: 6,
  cacheable: true,
  async run({ events, articles, sentences, enrichment }, params, services) {
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
    const { analysis, counters } = await analyseClaims({ events, articles, sentences, enrichment }, { claims: params.claims, events: params.events }, nli, stance, judge, numericJudge);
    bar.tick(events.length);
    bar.done();
    const work: Record<string, number> = {};
    if (hub && before) {
      // NLI cost of this stage (differences: the hub may be shared with other stages).
      const c = hub.counters;
      work['claims.modelCalls'] = c.modelCalls.nli - before.modelCalls;
      work['claims.computed'] = c.computed.nli - before.computed;
      work['claims.cacheHits'] = c.cacheHits.nli - before.cacheHits;
      counters['claims.truncated'] = c.truncated.nli - before.truncated;
    }
    const { events: _stored, ...findings } = analysis;
    return { outputs: { analysis: findings }, counters, warnings: [], work };
  },
  summarize({ analysis }) {
    const count = (r: string) => analysis.claimMatches.filter((m) => m.relation === r).length;
    return (
      `${analysis.claimMatches.length} claim matches (${count('agree')} agree, ${count('contradict')} contradict), ` +
      `${analysis.numericComparisons.length} numeric comparisons, ${analysis.omissions.length} omissions`
    );
  },
});
