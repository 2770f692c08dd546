import { parse } from 'yaml';
import { computeFraming } from '../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { configSchema } from '../../src/config/schema.js';
import { buildReportTree, renderYamlReport, renderYamlReportWhole, yamlReportPieces } from '../../src/report/yamlReport.js';
import type { ItemCache } from '../../src/store/itemCache.js';
import * as fx from './fixtureRecords.js';

const config = configSchema.parse({}).framing;
const framing = computeFraming(
  { articles: fx.articles, sentences: fx.sentences, sentiment: fx.sentiment, analysis: fx.analysis },
  loadFramingResources(config),
  config,
);
const input = { runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', articles: fx.articles, skipped: fx.skipped, analysis: fx.analysis, framing };

describe('report.yaml', () => {
  it('round-trips through the yaml package', () => {
    expect(parse(renderYamlReport(input))).toEqual(buildReportTree(input));
  });

  it('lists per event its outlets, shared claims, contradictions, numbers, omissions and framing', () => {
    const tree = parse(renderYamlReport(input));
    const ev = tree.events[0];
    expect(ev.id).toBe('ev1');
    expect(ev.label).toBe('=Blinken visit');
    expect(ev.outlets.map((o: { outlet: string }) => o.outlet)).toEqual(['<script>alert("outlet")</script>', 'Wire One']);
    expect(ev.shared_claims).toHaveLength(1);
    expect(ev.contradictions[0].a.sentence_id).toBe('a1#1');
    expect(ev.numeric_discrepancies[0]).toMatchObject({ quantity: 'deaths', a: { number: 'At least 9,488' }, b: { number: 'Over nine thousand' } });
    expect(ev.omissions[0]).toMatchObject({ outlet: 'Wire One', leaves_out: 'Blinken met Netanyahu in Tel Aviv.' });
    expect(ev.framing.map((f: { outlet: string }) => f.outlet)).toEqual(['<script>alert("outlet")</script>', 'Wire One']);
    expect(ev.framing[0].loaded_language.terms).toEqual({ fiasco: 2 });
    expect(tree.outlets.map((o: { outlet: string }) => o.outlet)).toEqual(['<script>alert("outlet")</script>', 'Wire One']);
    expect(tree.outlets[1].country).toBe('US');
    expect(tree.skipped).toEqual([{ file: 'fixtures/empty.txt', reason: 'empty', detail: '0 words after cleaning' }]);
  });

  it('writes an empty but valid tree without analysis or framing', () => {
    const empty = { ...input, analysis: { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] }, framing: fx.emptyFraming };
    const tree = parse(renderYamlReport(empty));
    expect(tree.events).toEqual([]);
    expect(tree.outlets).toEqual([]);
    expect(tree.run.articles_read).toBe(3);
  });

  it('written item by item (and from the memo) is byte-identical to the whole tree written at once', () => {
    // Titles and sentences that make the yaml package quote, escape, or write block scalars (with
    // empty lines, leading spaces and trailing newlines), and a -0 (a key that JSON cannot tell from 0).
    const odd = ['line one\nline two', 'blank\n\nbetween', '  leading spaces\nand more', 'trailing newline\n', 'a: colon', '- dash', '#hash', "quote's \"double\"", 'tab\there', 'yes', '0042', ''];
    const articles = fx.articles.map((a, i) => ({ ...a, title: odd[i % odd.length] + a.title, sourceFile: odd[(i + 3) % odd.length] }));
    const events = fx.analysis.events.map((e, i) => ({ ...e, label: odd[(i + 5) % odd.length], cohesion: i === 0 ? -0.00001 : e.cohesion }));
    const oddInput = { ...input, articles, analysis: { ...fx.analysis, events } };
    const stored = new Map<string, string>();
    const memo: ItemCache<string> = {
      getMany: (keys) => new Map(keys.filter((k) => stored.has(k)).map((k) => [k, stored.get(k)!])),
      putMany: (entries) => {
        for (const [k, v] of entries) stored.set(k, v);
      },
    };
    for (const tried of [input, oddInput]) {
      const whole = renderYamlReportWhole(tried);
      expect(renderYamlReport(tried)).toBe(whole);
      expect(renderYamlReport(tried, memo)).toBe(whole);
      // The second time every item comes from the memo.
      expect(renderYamlReport(tried, memo)).toBe(whole);
    }
    expect(stored.size).toBeGreaterThan(0);
    // An empty list is written as the whole document writes it.
    const empty = { ...input, analysis: { events: [], claimMatches: [], numericComparisons: [], claimClusters: [], omissions: [] }, framing: fx.emptyFraming };
    expect(renderYamlReport(empty, memo)).toBe(renderYamlReportWhole(empty));
  });

  it('is written a batch of items at a time, and the pieces join to the whole document across batches', () => {
    // 600 events (three batches of at most 256, the last one short), each a copy of a fixture event
    // under its own id and label; every other one repeats the one before's tree but for its id.
    const events = Array.from({ length: 600 }, (_, i) => {
      const e = fx.analysis.events[i % fx.analysis.events.length];
      return { ...e, id: `ev-${String(i).padStart(3, '0')}`, label: `${e.label} ${Math.floor(i / 2)}` };
    });
    const many = { ...input, analysis: { ...fx.analysis, events } };
    const stored = new Map<string, string>();
    const memo: ItemCache<string> = {
      getMany: (keys) => new Map(keys.filter((k) => stored.has(k)).map((k) => [k, stored.get(k)!])),
      putMany: (entries) => {
        for (const [k, v] of entries) stored.set(k, v);
      },
    };
    const whole = renderYamlReportWhole(many);
    for (const tried of [undefined, memo, memo]) {
      const pieces = [...yamlReportPieces(many, tried)];
      // The head, the events key, three batches of events, then the outlets key and one batch of outlets.
      expect(pieces).toHaveLength(7);
      expect(pieces.join('')).toBe(whole);
    }
    expect(parse(whole).events).toHaveLength(600);
    expect(stored.size).toBe(600 + input.framing.outletFraming.filter((f) => f.eventId === '*').length);
  });
});
