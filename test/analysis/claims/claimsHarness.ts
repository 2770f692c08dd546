/** Runs analyseClaims on a fixture file as one event, with the real compact NLI model. */
import { analyseClaims, type ClaimsResult } from '../../../src/analysis/claims/analyse.js';
import { loadStanceLexicon } from '../../../src/analysis/claims/stance.js';
import { loadRelationsJudge } from '../../../src/analysis/claims/judge.js';
import { eventId } from '../../../src/analysis/events/build.js';
import { outletKey } from '../../../src/records.js';
import type { Config } from '../../../src/config/schema.js';
import type { Event } from '../../../src/records.js';
import { fixtureArticles, offlineConfig, prepareArticles, stageContext } from '../pipelineHarness.js';

export async function claimsOnFixture(file: string, override: Partial<Config['claims']> = {}): Promise<ClaimsResult> {
  const config = offlineConfig();
  const ctx = stageContext(config);
  const prepared = await prepareArticles(ctx, fixtureArticles(file));
  const ids = prepared.articles.map((a) => a.id).sort();
  const event: Event = {
    id: eventId(ids),
    label: 'fixture event',
    dateFrom: '',
    dateTo: '',
    articleIds: ids,
    outlets: [...new Set(prepared.articles.map(outletKey))].sort(),
    cohesion: 1,
  };
  const hub = await ctx.models();
  return analyseClaims(
    { events: [event], ...prepared },
    { claims: { ...config.claims, ...override }, events: config.events },
    (pairs) => hub.nli(pairs),
    loadStanceLexicon(config.claims.stanceLexicon),
    loadRelationsJudge(config.claims.judge),
  );
}
