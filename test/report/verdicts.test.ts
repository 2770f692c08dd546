/**
 * The verdicts file: located problems for malformed entries, verdicts matched to this run's
 * findings (counts per type, orphans), the analyst_verdict column, and what report.html does
 * with a finding marked wrong (hide | flag) or right (confirmed).
 */
import { applyVerdicts, checkVerdictsFile, orphanWarnings, verdictSentences, withVerdictColumn } from '../../src/report/verdicts.js';
import { analysisTables } from '../../src/report/rows/analysisRows.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import * as fx from './fixtureRecords.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCsv } from '../../src/report/csv.js';
import { verdictPairs } from '../../src/report/verdictPairs.js';

// The fixture's short ids made to look like the pipeline's (cm-, num-, om- and 12 hex digits).
const hex = (i: number) => (i + 1).toString(16).padStart(12, '0');
const analysis = {
  ...fx.analysis,
  claimMatches: fx.analysis.claimMatches.map((m, i) => ({ ...m, id: `cm-${hex(i)}` })),
  numericComparisons: fx.analysis.numericComparisons.map((n, i) => ({ ...n, id: `num-${hex(i)}` })),
  omissions: fx.analysis.omissions.map((o, i) => ({ ...o, id: `om-${hex(i)}` })),
};
const contradiction = analysis.claimMatches.find((m) => m.relation === 'contradict')!;
const omission = analysis.omissions[0];

describe('checkVerdictsFile', () => {
  it('reads verdicts with their lines', () => {
    const checked = checkVerdictsFile('verdicts:\n  - id: cm-88ff20cf7842\n    verdict: wrong\n    note: same quote\n  - id: ev-0123456789ab\n    verdict: right\n', 'v.yaml');
    expect(checked.problems).toEqual([]);
    expect(checked.verdicts).toEqual([
      { id: 'cm-88ff20cf7842', kind: 'claim_match', verdict: 'wrong', note: 'same quote', line: 2 },
      { id: 'ev-0123456789ab', kind: 'event', verdict: 'right', note: '', line: 5 },
    ]);
  });

  it('gives one file:line:col problem per malformed entry', () => {
    const text = 'verdicts:\n  - id: cm-88ff20cf7842\n    verdict: maybe\n  - id: row 12\n    verdict: wrong\n  - id: cm-88ff20cf7842\n    verdict: right\n';
    const checked = checkVerdictsFile(text, 'v.yaml');
    expect(checked.verdicts).toBeUndefined();
    expect(checked.problems).toEqual([
      expect.stringMatching(/^v\.yaml:3:14 verdicts #1\.verdict: must be wrong or right\. Fix: /),
      expect.stringMatching(/^v\.yaml:4:9 verdicts #2\.id: not a finding id\. Fix: copy a match_id/),
    ]);
    const dup = checkVerdictsFile('verdicts:\n  - id: cm-88ff20cf7842\n    verdict: wrong\n  - id: cm-88ff20cf7842\n    verdict: right\n', 'v.yaml');
    expect(dup.problems).toEqual([expect.stringMatching(/^v\.yaml:4:1 verdicts #2\.id: cm-88ff20cf7842 was already given a verdict at line 2\. Fix: /)]);
    expect(checkVerdictsFile('verdicts:\n\t- id: x\n', 'v.yaml').problems[0]).toMatch(/^v\.yaml:2:1 YAML syntax: /);
  });

  it('reports unknown keys apart (warnings, errors under --strict) and still reads the verdicts', () => {
    const checked = checkVerdictsFile('verdicts:\n  - id: cm-88ff20cf7842\n    verdict: wrong\n    nots: typo\n', 'v.yaml');
    expect(checked.problems).toEqual([]);
    expect(checked.unknownKeys.map((u) => u.problem)).toEqual([expect.stringMatching(/^v\.yaml:4:5 verdicts #1\.nots: unknown key \(did you mean "note"\?\)/)]);
    expect(checked.verdicts).toHaveLength(1);
  });
});

describe('applying verdicts', () => {
  const verdicts = checkVerdictsFile(
    `verdicts:\n  - id: ${contradiction.id}\n    verdict: wrong\n    note: same quote, not a contradiction\n  - id: ${omission.id}\n    verdict: right\n  - id: cm-0000000000ff\n    verdict: right\n`,
    'v.yaml',
  ).verdicts!;
  const flag = applyVerdicts(verdicts, analysis, 'v.yaml', 'flag');

  it('counts verdicts per finding type and warns about verdicts whose finding is gone', () => {
    expect(flag.counts.claim_match).toEqual({ right: 0, wrong: 1, findings: analysis.claimMatches.length });
    expect(flag.counts.omission).toEqual({ right: 1, wrong: 0, findings: analysis.omissions.length });
    expect(flag.orphans.map((v) => v.id)).toEqual(['cm-0000000000ff']);
    expect(orphanWarnings(flag)).toEqual([expect.stringMatching(/^v\.yaml:7:1 verdicts: cm-0000000000ff \(right\) matches no finding in this run/)]);
    expect(verdictSentences(flag)).toContain(`analysts confirmed 0 and marked 1 wrong of ${analysis.claimMatches.length} claim matches`);
  });

  it('adds analyst_verdict after the id column of every finding table', () => {
    const tables = analysisTables(analysis).map((t) => withVerdictColumn(t, flag));
    const matches = tables.find((t) => t.name === 'claim_matches')!;
    expect(matches.columns.map((c) => c.name).slice(0, 2)).toEqual(['match_id', 'analyst_verdict']);
    expect(matches.rows.find((r) => r.match_id === contradiction.id)!.analyst_verdict).toBe('wrong');
    const omissions = tables.find((t) => t.name === 'omissions')!;
    expect(omissions.rows.find((r) => r.omission_id === omission.id)!.analyst_verdict).toBe('right');
    expect(tables.find((t) => t.name === 'events')!.columns[1].name).toBe('analyst_verdict');
  });

  const base = { runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', articles: fx.articles, skipped: [], analysis, framing: fx.emptyFraming, maxEvents: 60, maxClaimsPerEvent: 25 };

  it('flags a wrong finding and confirms a right one in report.html', async () => {
    const page = await renderHtmlReport({ ...base, verdicts: flag });
    expect(page).toContain(`<tr class="finding wrong" data-finding-id="${contradiction.id}">`);
    expect(page).toContain('marked wrong by an analyst: same quote, not a contradiction');
    expect(page).toContain(`<tr class="finding right" data-finding-id="${omission.id}">`);
    expect(page).toContain('confirmed by an analyst');
  });

  it('hides a wrong finding under wrongFindings: hide and says how many rows it hid', async () => {
    const page = await renderHtmlReport({ ...base, verdicts: applyVerdicts(verdicts, analysis, 'v.yaml', 'hide') });
    expect(page).not.toContain(`data-finding-id="${contradiction.id}"`);
    expect(page).toContain('1 row marked wrong by an analyst is hidden');
  });
});

describe('verdicts as labelled pairs', () => {
  it('labels right verdicts with crossframe\'s call, wrong ones only with their label:, and reads the run\'s CSVs', () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-vpairs-'));
    for (const t of analysisTables(analysis)) fs.writeFileSync(path.join(runDir, `${t.name}.csv`), renderCsv(t, { bom: true }));
    const agree = analysis.claimMatches.find((m) => m.relation === 'agree')!;
    const checked = checkVerdictsFile(
      `verdicts:\n  - id: ${agree.id}\n    verdict: right\n  - id: ${contradiction.id}\n    verdict: wrong\n    label: related\n  - id: ${analysis.numericComparisons[0].id}\n    verdict: wrong\n  - id: ${omission.id}\n    verdict: right\n`,
      'v.yaml',
    );
    const out = verdictPairs(checked.verdicts!, runDir);
    expect(out.claimPairs.map((p) => [p.id, p.label])).toEqual([
      [agree.id, 'same'],
      [contradiction.id, 'related'],
    ]);
    expect(out.claimPairs[1]).toMatchObject({ a_article_id: contradiction.a.articleId, a_sentence_index: 1, a: contradiction.a.text, b: contradiction.b.text });
    expect(out.numericPairs).toEqual([]);
    expect(out.skipped.map((s) => s.id)).toEqual([analysis.numericComparisons[0].id, omission.id]);
    expect(checkVerdictsFile(`verdicts:\n  - id: ${omission.id}\n    verdict: wrong\n    label: same\n`, 'v.yaml').problems).toEqual([
      expect.stringMatching(/^v\.yaml:4:1 verdicts #1\.label: "same" is not a label for om-/),
    ]);
    fs.rmSync(runDir, { recursive: true, force: true });
  });
});
