/**
 * framing: per outlet and event (and per outlet across all events) tone, tone towards actors,
 * loaded language, hedging, attribution, who is quoted and coverage.
 *
 * The lexicons and speaker groups are YAML files editors tune between runs: they are the stage's
 * resource files, so an edit to any of them makes the next run recompute the framing.
 */
import type { Analysis, Framing } from '../src/records.js';
import { computeFraming } from '../src/analysis/framing.js';
import path from 'node:path';
import { loadFramingResources } from '../src/analysis/framingResources.js';
import { loadToneJudge } from '../src/analysis/toneModel.js';
import { defineStage } from './stage.js';

export const EMPTY_ANALYSIS: Analysis = { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] };

export default defineStage({
  name: 'framing',
  description: 'Tone, tone towards actors, loaded language, hedging, attribution and sources quoted, per outlet and event.',
  reads: ['articles', 'sentences', 'enrichment', 'analysis'],
  writes: ['framing'],
  configSections: ['framing'],
  resourceFiles: (config) => [
    config.framing.loadedLexicon,
    config.framing.hedgesLexicon,
    config.framing.attributionLexicon,
    config.framing.speakersFile,
    config.framing.toneModel,
  ],
  version: 5,
  cacheable: true,
  async run({ articles, sentences, enrichment, analysis }, ctx) {
    const resources = loadFramingResources(ctx.config.framing);
    const toneJudge = loadToneJudge(path.resolve(ctx.config.framing.toneModel));
    const framing: Framing = computeFraming(
      { articles, sentences, sentiment: enrichment?.sentiment ?? [], analysis: analysis ?? EMPTY_ANALYSIS, toneJudge },
      resources,
      ctx.config.framing,
    );
    if (!framing.toneQuality?.sentenceIsFinding) ctx.log.warn(`framing: sentence tone is not shown as a finding (${framing.toneQuality?.sentenceEvidence})`);
    ctx.notes.counters['framing.outletRows'] = framing.outletFraming.length;
    ctx.notes.counters['framing.entityRows'] = framing.entityTone.length;
    return { framing };
  },
  summarize({ framing }) {
    const outlets = new Set(framing.outletFraming.map((f) => f.outlet)).size;
    return `${outlets} outlets, ${framing.outletFraming.length} outlet/event rows, ${framing.entityTone.length} entity rows`;
  },
});

