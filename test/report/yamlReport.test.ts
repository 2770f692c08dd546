import { parse } from 'yaml';
import { computeFraming } from '../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../src/analysis/framing/resources.js';
import { configSchema } from '../../src/config/schema.js';
import { buildReportTree, renderYamlReport } from '../../src/report/yamlReport.js';
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
});
