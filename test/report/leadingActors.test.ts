/**
 * The report stage reads framing's actor rows from the store a piece at a time and keeps, for
 * report.yaml and report.html, only each outlet and scope's first rows (leadingActors): both
 * renderers must give the same bytes as from every row held.
 */
import { computeFraming } from '../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { configSchema } from '../../src/config/schema.js';
import type { EntityTone, Framing } from '../../src/records.js';
import { ACTORS_SHOWN_PER_SCOPE, leadingActors } from '../../src/report/reportModel.js';
import { renderYamlReportWhole } from '../../src/report/yamlReport.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import type { DatasetStream } from '../../src/store/datasetStream.js';
import * as fx from './fixtureRecords.js';

const config = configSchema.parse({}).framing;
const computed = computeFraming({ articles: fx.articles, sentences: fx.sentences, sentiment: fx.sentiment, analysis: fx.analysis }, loadFramingResources(config), config);

// The fixture's one actor row, copied to 14 actors of Wire One over all events and 3 in ev1, each
// with its own sentence ids; the copies of a scope share their strongest sentence's text by value.
const [seed] = computed.entityTone;
const copy = (eventId: string, k: number): EntityTone => ({
  ...seed,
  eventId,
  entity: `Actor ${eventId} ${k}`,
  mentions: 20 - k,
  toneMean: (k % 5) / 5 - 0.4,
  sentenceIds: [`a1#${k}`, `a3#${k}`],
  strongest: { ...seed.strongest, text: `${seed.strongest.text}` },
});
const rows = [...Array.from({ length: 14 }, (_, k) => copy('*', k)), ...Array.from({ length: 3 }, (_, k) => copy('ev1', k)), ...computed.entityTone];
// Actor tone shown as a finding, so report.html lists the actors.
const framing: Framing = { ...computed, entityTone: rows, toneQuality: { sentenceIsFinding: true, sentenceEvidence: 'fixture', actorIsFinding: true, minToneSentences: 1 } };
const input = { runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', articles: fx.articles, skipped: fx.skipped, analysis: fx.analysis, framing };
const streamOf = <T>(items: T[], size: number): DatasetStream<T> => ({
  length: items.length,
  *pieces() {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  },
});

test('keeps the first rows of each outlet and scope, in order, without their sentence ids', () => {
  expect(seed).toBeDefined();
  const kept = leadingActors(rows);
  expect(kept.map((e) => `${e.eventId}|${e.entity}`)).toEqual([
    ...Array.from({ length: ACTORS_SHOWN_PER_SCOPE }, (_, k) => `*|Actor * ${k}`),
    ...Array.from({ length: 3 }, (_, k) => `ev1|Actor ev1 ${k}`),
  ]);
  // The fixture's own row is Wire One's fifteenth over all events: not shown, so not kept.
  expect(seed.eventId).toBe('*');
  expect(kept.every((e) => e.sentenceIds.length === 0)).toBe(true);
  const { sentenceIds: _ids, ...rest } = rows[3];
  expect(kept[3]).toMatchObject(rest);
  // One copy of a text quoted by several rows.
  expect(new Set(kept.map((e) => e.strongest.text)).size).toBe(1);
  expect(rows[0].sentenceIds).toEqual(['a1#0', 'a3#0']);
  // From the store's pieces (any piece size), the same rows.
  expect(leadingActors(streamOf(rows, 4))).toEqual(kept);
  expect(leadingActors(streamOf(rows, 1), 2).map((e) => e.entity)).toEqual(['Actor * 0', 'Actor * 1', 'Actor ev1 0', 'Actor ev1 1']);
});

test('report.yaml and report.html from the leading rows are byte-identical to those from every row', async () => {
  const kept = { ...input, framing: { ...framing, entityTone: leadingActors(streamOf(rows, 5)) } };
  const yaml = renderYamlReportWhole(input);
  expect(yaml).toContain('Actor * 9');
  expect(yaml).not.toContain('Actor * 10');
  expect(renderYamlReportWhole(kept)).toBe(yaml);
  const page = { maxEvents: 10, maxClaimsPerEvent: 10 };
  const html = await renderHtmlReport({ ...input, ...page });
  expect(html).toContain('Actor ev1 2');
  expect(await renderHtmlReport({ ...kept, ...page })).toBe(html);
}, 60_000);
