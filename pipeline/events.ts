/**
 * Stage 4: analysable articles -> events (clusters of articles about one real-world event).
 * Content similarity (terms, entities, figures, shared statements, embeddings) with a date
 * window, clustered by average linkage; see src/analysis/eventsBuild.ts. No model calls: it
 * works on the enrich stage's vectors.
 */
import { defineStage } from './stage.js';
import { clusterEvents } from '../src/analysis/eventsBuild.js';

export default defineStage({
  name: 'events',
  description: 'Cluster articles into events from content similarity, shared entities and figures, and dates',
  reads: ['articles', 'sentences', 'enrichment'],
  writes: ['events'],
  // Shared statements are compared with the claims section's sentence similarity weights.
  configSections: ['events', 'claims'],
  version: 2,
  cacheable: true,
  async run({ articles, sentences, enrichment }, ctx) {
    const result = clusterEvents({ articles, sentences, enrichment }, ctx.config.events, ctx.config.claims);
    for (const [key, value] of Object.entries(result.counters)) ctx.notes.counters[`events.${key}`] = value;
    ctx.notes.counters['events.multiOutlet'] = result.events.filter((e) => e.outlets.length > 1).length;
    return { events: result.events };
  },
  summarize({ events }) {
    const multi = events.filter((e) => e.outlets.length > 1).length;
    return `${events.length} events, ${multi} covered by more than one outlet`;
  },
});
