/**
 * Stage 4: analysable articles -> events (clusters of articles about one real-world event).
 * A learned article-pair judge (config/models/events.json) over content evidence (terms, entities,
 * figures, shared statements, embeddings, dates), events grown by average linkage over its
 * probability inside the date window; see src/analysis/eventsBuild.ts and eventsJudge.ts. No model calls: it
 * works on the enrich stage's vectors.
 */
import { defineStage } from './stage.js';
import { clusterEvents } from '../src/analysis/eventsBuild.js';
import { readEventsJudge, resolveJudgePath } from '../src/analysis/eventsJudge.js';

export default defineStage({
  name: 'events',
  description: 'Cluster articles into events from content similarity, shared entities and figures, and dates',
  reads: ['articles', 'sentences', 'enrichment'],
  writes: ['events'],
  // Shared statements are compared with the claims section's sentence similarity weights.
  configSections: ['events', 'claims'],
  // A retrained judge file changes the events.
  resourceFiles: (config) => (config.events.judge ? [resolveJudgePath(config.events.judge)] : []),
  version: 4,
  cacheable: true,
  async run({ articles, sentences, enrichment }, ctx) {
    const judge = ctx.config.events.judge ? readEventsJudge(ctx.config.events.judge) : null;
    const result = clusterEvents({ articles, sentences, enrichment }, ctx.config.events, ctx.config.claims, judge);
    for (const [key, value] of Object.entries(result.counters)) ctx.notes.counters[`events.${key}`] = value;
    ctx.notes.counters['events.multiOutlet'] = result.events.filter((e) => e.outlets.length > 1).length;
    return { events: result.events };
  },
  summarize({ events }) {
    const multi = events.filter((e) => e.outlets.length > 1).length;
    return `${events.length} events, ${multi} covered by more than one outlet`;
  },
});
