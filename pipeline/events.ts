/**
 * Stage 4: analysable articles -> events (clusters of articles about one real-world event).
 * A learned article-pair judge (config/models/events.json) over content evidence (terms, entities,
 * figures, shared statements, embeddings, dates), events grown by average linkage over its
 * probability inside the date window; see src/analysis/events/build.ts and judge.ts. No model calls: it
 * works on the enrich stage's vectors.
 */
import type { Config } from '../src/config/schema.js';
import { defineStage } from './stage.js';
import { clusterEvents } from '../src/analysis/events/build.js';
import { readEventsJudge, resolveJudgePath } from '../src/analysis/events/judge.js';

/**
 * The events section, and of the claims section only what shared statements are compared with
 * (the sentence similarity weights and the entity prior): a new claims.agreeThreshold keeps the events.
 */
export function eventsParams(config: Config) {
  const { weights, entityPrior } = config.claims;
  return { events: config.events, statements: { weights, entityPrior }, judgeFile: config.events.judge ? resolveJudgePath(config.events.judge) : null };
}

export default defineStage({
  name: 'events',
  description: 'Cluster articles into events from content similarity, shared entities and figures, and dates',
  reads: ['articles', 'sentences', 'enrichment'],
  writes: ['events'],
  params: eventsParams,
  // A retrained judge file changes the events.
  resources: (params) => (params.judgeFile ? [{ key: 'events.judge', file: params.judgeFile, kind: 'events-judge' as const }] : []),
  version: 4,
  cacheable: true,
  async run({ articles, sentences, enrichment }, params) {
    const judge = params.judgeFile ? readEventsJudge(params.judgeFile) : null;
    const result = clusterEvents({ articles, sentences, enrichment }, params.events, params.statements as Config['claims'], judge);
    const counters: Record<string, number> = {};
    for (const [key, value] of Object.entries(result.counters)) counters[`events.${key}`] = value;
    counters['events.multiOutlet'] = result.events.filter((e) => e.outlets.length > 1).length;
    return { outputs: { events: result.events }, counters, warnings: [] };
  },
  summarize({ events }) {
    const multi = events.filter((e) => e.outlets.length > 1).length;
    return `${events.length} events, ${multi} covered by more than one outlet`;
  },
});
