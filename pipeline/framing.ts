/**
 * framing: per outlet and event (and per outlet across all events) tone, tone towards actors,
 * loaded language, hedging, attribution, who is quoted and coverage.
 *
 * Not cached: the lexicons and speaker groups are YAML files editors tune between runs, and their
 * contents are not part of the config section hash. The stage is pure counting (no models), so
 * recomputing it costs far less than reading a stale answer.
 */
import type { Analysis, Framing } from '../src/records.js';
import { computeFraming } from '../src/analysis/framing.js';
import { loadFramingResources } from '../src/analysis/framingResources.js';
import { defineStage } from './stage.js';

export const EMPTY_ANALYSIS: Analysis = { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };

export default defineStage({
  name: 'framing',
  description: 'Tone, tone towards actors, loaded language, hedging, attribution and sources quoted, per outlet and event.',
  reads: ['articles', 'sentences', 'enrichment', 'analysis'],
  writes: ['framing'],
  configSections: ['framing'],
  version: 1,
  cacheable: false,
  async run({ articles, sentences, enrichment, analysis }, ctx) {
    const resources = loadFramingResources(ctx.config.framing);
    const framing: Framing = computeFraming(
      { articles, sentences, sentiment: enrichment?.sentiment ?? [], analysis: analysis ?? EMPTY_ANALYSIS },
      resources,
      ctx.config.framing,
    );
    ctx.notes.counters['framing.outletRows'] = framing.outletFraming.length;
    ctx.notes.counters['framing.entityRows'] = framing.entityTone.length;
    return { framing };
  },
  summarize({ framing }) {
    const outlets = new Set(framing.outletFraming.map((f) => f.outlet)).size;
    return `${outlets} outlets, ${framing.outletFraming.length} outlet/event rows, ${framing.entityTone.length} entity rows`;
  },
});

