/**
 * The relations judge's parts without models: pair features, the contradiction evidence rules,
 * and fitting / loading a judge file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NliResult } from '../../../src/models/hub.js';
import type { Entity } from '../../../src/records.js';
import type { ClaimUnit } from '../../../src/analysis/corpus/claimUnits.js';
import { lexicalProfile, longestSharedRun, pairFeatures, sharedQuotation, entityMismatch, RELATION_FEATURES } from '../../../src/analysis/claims/features.js';
import { changeOverTime, contradictionEvidence, negatedPredicates, pairNegation } from '../../../src/analysis/claims/contradiction.js';
import { loadStanceLexicon, stanceMarks } from '../../../src/analysis/claims/stance.js';
import { agreePointOverPairs, fitRelationsJudge, judgeProbabilities, loadRelationsJudge, type RelationRow } from '../../../src/analysis/claims/judge.js';
import { writeJudgeFile } from '../../../src/learn/modelFile.js';
import { termsOf } from '../../../src/analysis/corpus/terms.js';
import { possessivesApart } from '../../../src/text/possessivesApart.js';
import { REPO_ROOT } from '../pipelineHarness.js';

const lexicon = loadStanceLexicon(path.join(REPO_ROOT, 'config/lexicons/stance.yaml'));
const ctx = { weights: { embedding: 0.2, lexical: 0.5, entities: 0.3, numbers: 0.05 }, embeddingBaseline: 0, entityPrior: 1 };
const neutral: NliResult = { entailment: 0.2, neutral: 0.6, contradiction: 0.2 };
const nli = { ab: neutral, ba: neutral };

function unit(id: string, outlet: string, text: string, entities: Entity[] = [], index = 0): ClaimUnit {
  return {
    sentence: { id, articleId: id.split('#')[0], outlet, index, paragraph: 0, text, quotes: [], numbers: [], entities, dates: [] },
    outletKey: outlet,
    terms: new Map(termsOf(text).map((t) => [t, 1])),
    entities: new Map(entities.map((e) => [e.name, 1])),
    numbers: new Set(),
    figureCategories: new Set(),
    vector: null,
  };
}

const biden: Entity = { text: 'Biden', name: 'Joe Biden', type: 'person' };
const trump: Entity = { text: 'Trump', name: 'Donald Trump', type: 'person' };
const features = (a: ClaimUnit, b: ClaimUnit) => pairFeatures(a, b, nli, ctx);

describe('pair features', () => {
  it('reads a sentence whose token wink-nlp gives no lemma ("cannot," before a comma)', () => {
    const profile = lexicalProfile('Mitch McConnell and Senate Republicans cannot, as it happens, repeal Obamacare with 51 votes.');
    expect([...profile.lemmas]).toEqual(expect.arrayContaining(['repeal', 'vote', 'happen']));
    expect(profile.properNouns.has('mcconnell')).toBe(true);
  });

  test('a sentence is read the same whatever the process read before it', () => {
    const before = lexicalProfile('Mexico will not pay for Donald Trump’s proposed wall.');
    // wink-nlp takes "Trump’s" before a comma for one word, learns it, and would keep it whole from then on.
    lexicalProfile('Further resurgence among Trump’s, may cause concern in the Clinton camp.');
    const after = lexicalProfile('Mexico will not pay for Donald Trump’s proposed wall!');
    expect([...after.lemmas]).toEqual([...before.lemmas]);
    expect(after.lemmas.has('trump')).toBe(true);
    // Possessives apart; the contractions wink-nlp knows stay as written.
    expect(possessivesApart("Obama’s plan, the president's veto, U.S.'s role; it's late and that's that")).toBe("Obama ’s plan, the president 's veto, U.S. 's role; it's late and that's that");
  });

  test('symmetric: the order of a pair never matters', () => {
    const a = unit('a#0', 'A', 'Biden said the bridge will stay closed for six months, officials confirmed on Monday.', [biden], 0);
    const b = unit('b#3', 'B', 'The bridge stays closed for six months, Biden said.', [biden], 3);
    const [ab, ba] = [features(a, b).values, features(b, a).values];
    ab.forEach((v, i) => expect(v).toBeCloseTo(ba[i], 10));
    expect(features(a, b).values).toHaveLength(RELATION_FEATURES.length);
  });

  test('a shared quotation is seen even when the rest differs', () => {
    const a = unit('a#0', 'A', 'Biden told reporters: "We will never give up on the hostages held in Gaza."');
    const b = unit('b#0', 'B', 'In a speech, the president vowed, "We will never give up on the hostages held in Gaza."');
    expect(sharedQuotation(a, b)).toBe(1);
    expect(longestSharedRun(a.sentence.text, b.sentence.text)).toBeGreaterThanOrEqual(10);
    expect(sharedQuotation(a, unit('c#0', 'C', 'Officials said the talks on a deal continue.'))).toBe(0);
  });

  test('entity mismatch: the same role filled by different people', () => {
    expect(entityMismatch(unit('a#0', 'A', 'Biden spoke.', [biden]), unit('b#0', 'B', 'Trump spoke.', [trump]))).toBeGreaterThan(0);
    expect(entityMismatch(unit('a#0', 'A', 'Biden spoke.', [biden]), unit('b#0', 'B', 'Biden spoke.', [biden]))).toBe(0);
  });

  test('lemmas meet where stems and words differ; proper nouns meet across full name and surname', () => {
    const a = unit('a#0', 'A', 'Senators were choosing new leaders as Harry Reid left.');
    const b = unit('b#0', 'B', 'The senators chose a new leader after Reid left.');
    expect(features(a, b).named.lemmaContainmentMax).toBeGreaterThan(0.5);
    expect(features(a, b).named.properNounShared).toBeGreaterThan(0);
    expect(features(a, b).named.properNounDisjoint).toBe(0);
    const c = unit('c#0', 'C', 'Mitch McConnell praised the farm bill.');
    expect(features(a, c).named.lemmaShared).toBe(0);
    expect(features(a, c).named.properNounDisjoint).toBe(1);
  });

  test('containment does not grow with length alone', () => {
    const short = unit('a#0', 'A', 'The senate passed the budget bill.');
    const long = unit('b#0', 'B', 'After weeks of talks between party leaders, governors, mayors, unions and lobbyists, the senate passed the budget bill late at night.');
    const other = unit('c#0', 'C', 'The senate passed the budget bill on Friday.');
    expect(features(short, long).named.idfContainmentMin).toBeLessThan(features(short, other).named.idfContainmentMin);
  });
});

describe('contradiction evidence', () => {
  const evidence = (a: ClaimUnit, b: ClaimUnit) =>
    contradictionEvidence(a, b, { a: stanceMarks(a.sentence.text, a.sentence.entities, lexicon), b: stanceMarks(b.sentence.text, b.sentence.entities, lexicon) }, features(a, b), lexicon);

  test('negated same predicate with a shared actor', () => {
    expect(negatedPredicates('Biden did not sign the order.', lexicon)).toEqual([{ negation: 'did not', word: 'sign', before: 'biden' }]);
    expect(negatedPredicates('He rejected any pause without the hostages released.', lexicon)).toEqual([]);
    const reason = evidence(unit('a#0', 'A', 'Biden did not sign the executive order.', [biden]), unit('b#0', 'B', 'Biden will sign the executive order on Friday.', [biden]));
    expect(reason).toMatch(/^negation: "did not" before "sign"/);
    const cracks = evidence(unit('c#0', 'C', 'Inspectors found no cracks in the piers.'), unit('d#0', 'D', 'Inspectors found cracks in the piers.'));
    expect(cracks).toMatch(/^negation: "no" before "crack" in one sentence only \(actor inspector\)/);
  });

  test('opposed stance of the same actor on the same act', () => {
    const netanyahu: Entity = { text: 'Netanyahu', name: 'Benjamin Netanyahu', type: 'person' };
    const reason = evidence(unit('a#0', 'A', 'Netanyahu rejected any pause in the fighting.', [netanyahu]), unit('b#0', 'B', 'Netanyahu agreed to a pause in the fighting.', [netanyahu]));
    expect(reason).toMatch(/^stance: rejected vs agreed/);
  });

  test('a sentence with both a refusal and an acceptance has no stance', () => {
    const obama: Entity = { text: 'Obama', name: 'Barack Obama', type: 'person' };
    expect(evidence(unit('a#0', 'A', 'Obama vetoed a bill allowing families to sue Saudi Arabia.', [obama]), unit('b#0', 'B', 'Obama is allowing families to sue Saudi Arabia.', [obama]))).toBeNull();
  });

  test('a different explicit date in the same slot; weekdays alone are not evidence', () => {
    const a = unit('a#0', 'A', 'Biden visited the flooded town on 12 May 2021.', [biden]);
    const b = unit('b#0', 'B', 'Biden visited the flooded town on 14 May 2021.', [biden]);
    a.sentence.dates = ['2021-05-12'];
    b.sentence.dates = ['2021-05-14'];
    expect(evidence(a, b)).toMatch(/^different date: 2021-05-12 vs 2021-05-14/);
    expect(evidence(unit('c#0', 'C', 'Biden visited the flooded town on Saturday.', [biden]), unit('d#0', 'D', 'Biden visited the flooded town on Sunday.', [biden]))).toBeNull();
  });

  test('never on a shared quotation', () => {
    const a = unit('a#0', 'A', 'Biden said: "We did not start this war and we will not stop until it ends."', [biden]);
    const b = unit('b#0', 'B', 'Biden said "we will not stop until it ends" and stood firm.', [biden]);
    expect(sharedQuotation(a, b)).toBeGreaterThanOrEqual(0.6);
    expect(evidence(a, b)).toBeNull();
  });

  test('a negation about another actor than the shared ones is no contradiction', () => {
    const people = (...names: string[]) => names.map((n): Entity => ({ text: n, name: n, type: 'person' }));
    const guilty = unit('a#0', 'A', 'Rick Gates and Michael Flynn have all pleaded guilty.', people('Rick Gates', 'Michael Flynn'));
    const stone = unit('b#0', 'B', 'Rick Gates and Michael Flynn have pleaded guilty, while Roger Stone has pleaded not guilty.', people('Rick Gates', 'Michael Flynn', 'Roger Stone'));
    expect(evidence(guilty, stone)).toBeNull();
    // The same negation about a shared actor still is one.
    const flynn = unit('c#0', 'C', 'Rick Gates has pleaded guilty, while Michael Flynn has pleaded not guilty.', people('Rick Gates', 'Michael Flynn'));
    expect(evidence(guilty, flynn)).toMatch(/^negation: "not" before "guilti"/);
    // Likewise a stance verb: its nearest actor must be shared.
    const stars = people('Jennifer Lawrence', 'Liam Hemsworth');
    const signed = unit('d#0', 'D', 'Jennifer Lawrence and Liam Hemsworth are already signed on to appear in the sequel.', stars);
    const ross = unit('e#0', 'E', 'Unlike stars Jennifer Lawrence and Liam Hemsworth, Ross is not signed for a sequel.', [...stars, ...people('Ross')]);
    expect(evidence(signed, ross)).toBeNull();
  });

  test('both sentences negate: "no one" and "nobody", "had yet to" and "had not", a verb left out, "doesn ’ t" spaced', () => {
    const church: Entity = { text: 'Wasilla Bible Church', name: 'Wasilla Bible Church', type: 'organization' };
    expect(evidence(unit('a#0', 'A', 'No one was injured when the blaze hit the Wasilla Bible Church.', [church]), unit('b#0', 'B', 'Nobody was injured, but a fire did damage at Wasilla Bible Church.', [church]))).toBeNull();
    const riva: Entity = { text: 'Riva', name: 'Paul Riva', type: 'person' };
    expect(evidence(unit('c#0', 'C', 'Riva had not yet regained consciousness and was on a ventilator.', [riva]), unit('d#0', 'D', 'Riva had yet to regain consciousness Wednesday, police said.', [riva]))).toBeNull();
    const us: Entity = { text: 'U.S.', name: 'United States', type: 'place' };
    expect(evidence(unit('e#0', 'E', 'The U.S. will recognize the marriages even if the state where they live does not recognize their union.', [us]), unit('f#0', 'F', 'The U.S. will recognize the marriages even if they live in a state that does not.', [us]))).toBeNull();
    const gary: Entity = { text: 'Ross', name: 'Gary Ross', type: 'person' };
    expect(evidence(unit('g#0', 'G', 'Ross doesn ’ t have a deal to sign for the sequel.', [gary]), unit('h#0', 'H', 'Ross is not signed for a sequel.', [gary]))).toBeNull();
    expect(negatedPredicates('Ross doesn ’ t have a deal.', lexicon)).toEqual([{ negation: 'does not', word: 'deal', before: 'ross' }]);
  });

  test('"Nobody\'s" is "nobody has"; a rule that changed over time is no contradiction', () => {
    const sekulow: Entity = { text: 'Sekulow', name: 'Jay Sekulow', type: 'person' };
    expect(evidence(unit('a#0', 'A', 'Nobody has pointed to one," Sekulow said to ABC This Week.', [sekulow]), unit('b#0', 'B', 'Nobody\'s pointed to one," Mr Sekulow told ABC News.', [sekulow]))).toBeNull();
    const fws: Entity = { text: 'Wildlife Service', name: 'Wildlife Service', type: 'organization' };
    const now = unit('c#0', 'C', 'The regulations do n\'t require federal agencies to consult the Wildlife Service before approving projects.', [fws]);
    expect(evidence(now, unit('d#0', 'D', 'Previously, federal agencies were required to consult the Wildlife Service before approving projects.', [fws]))).toBeNull();
    expect(evidence(now, unit('e#0', 'E', 'Federal agencies again will be required to consult the Wildlife Service before approving projects.', [fws]))).toBeNull();
    // Nor the same claim: a change over time (the claims stage labels such a pair related, never agree).
    expect(changeOverTime(now, unit('d#1', 'D', 'Previously, federal agencies were required to consult the Wildlife Service before approving projects.', [fws]), lexicon)).toMatch(/^a change over time: "do not" before "requir"/);
    // Without the shift in time it stays a contradiction, and is no change.
    const plain = unit('f#0', 'F', 'Federal agencies are required to consult the Wildlife Service before approving projects.', [fws]);
    expect(evidence(now, plain)).toMatch(/^negation: "do not" before "requir"/);
    expect(changeOverTime(now, plain, lexicon)).toBeNull();
    // One reading of the pair serves both questions (the claims stage asks both of a pair the judge calls agree).
    const previously = unit('d#2', 'D', 'Previously, federal agencies were required to consult the Wildlife Service before approving projects.', [fws]);
    const negation = pairNegation(now, previously, lexicon);
    const first = negation();
    expect(first).toEqual({ text: expect.stringMatching(/^"do not" before "requir"/), overTime: true });
    expect(negation()).toBe(first);
    expect(changeOverTime(now, previously, lexicon, negation)).toBe(changeOverTime(now, previously, lexicon));
  });

  test('no actor in common, no contradiction', () => {
    expect(evidence(unit('a#0', 'A', 'Biden did not sign the order.', [biden]), unit('b#0', 'B', 'Trump will sign the order.', [trump]))).toBeNull();
  });
});

describe('judge', () => {
  // Rows where `same` follows the first feature (with noise from the row number): a judge must find it.
  const rows: RelationRow[] = Array.from({ length: 400 }, (_, i) => {
    const signal = ((i * 37) % 100) / 100;
    const features = RELATION_FEATURES.map((_, j) => (j === 0 ? signal : ((i * (j + 3)) % 17) / 17));
    const label = signal > 0.7 ? 'same' : signal > 0.5 ? 'related' : 'unrelated';
    return { group: `ev${i % 20}`, features, label };
  });
  const report = { dataSha256: 'x', dataFiles: ['synthetic'], trainedAt: '2026-01-01T00:00:00Z', codeVersion: 'test' };

  test('fit: thresholds from cross-validated predictions, higher P(same) for the signal', () => {
    const { judge, outOfFold, crossValidated } = fitRelationsJudge(rows, 4, report);
    expect(outOfFold).toHaveLength(rows.length);
    expect(judge.training.folds).toBe(4);
    expect(judge.thresholds.agree).toBeGreaterThan(0);
    expect(judge.thresholds.covered).toBeLessThanOrEqual(judge.thresholds.agree);
    expect(judge.thresholds.about).toBeGreaterThanOrEqual(judge.thresholds.match);
    expect((crossValidated.agree as Record<string, number>).precision).toBeGreaterThanOrEqual(0.75);
    const hi = judgeProbabilities(judge.model, rows.find((r) => r.label === 'same')!.features).same;
    const lo = judgeProbabilities(judge.model, rows.find((r) => r.label === 'unrelated')!.features).same;
    expect(hi).toBeGreaterThan(lo);
  });

  test('a judge file round-trips; a file fit on other features is refused with the fix', () => {
    const { judge } = fitRelationsJudge(rows, 4, report);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-'));
    const file = path.join(dir, 'relations.json');
    writeJudgeFile(file, judge);
    expect(loadRelationsJudge(file).thresholds).toEqual(judge.thresholds);
    writeJudgeFile(file, { ...judge, model: { ...judge.model, featureNames: judge.model.featureNames.map((n, i) => (i === 0 ? 'other' : n)) } });
    expect(() => loadRelationsJudge(file)).toThrow(/crossframe train relations/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('agree point over labelled pairs: a joined sentence is one right and one wrong agree; a pair reached twice counts once', () => {
    const row = (label: RelationRow['label'], pairs: [string, boolean][]): RelationRow => ({ group: 'ev', features: [], label, labelledPairs: pairs.map(([key, same]) => ({ key, same })) });
    const rows = [row('same', [['p1', true], ['p2', false]]), row('same', [['p1', true]]), row('same', [['p3', true]]), row('unrelated', [['p4', false]])];
    const scores = [0.9, 0.8, 0.7, 0.6];
    // Counted over rows, the top three are all `same` (precision 1 at 0.7); over pairs they are p1, p2, p3: 2 of 3,
    // so no cut reaches 0.75 and the best-F1 cut is returned, marked as missing the target.
    const point = agreePointOverPairs(scores, rows, 0.75, 1);
    expect(point).toMatchObject({ threshold: 0.7, recall: 1, metTarget: false });
    expect(point.precision).toBeCloseTo(2 / 3);
    expect(agreePointOverPairs(scores, rows, 0.6, 1)).toMatchObject({ threshold: 0.7, recall: 1, metTarget: true });
    // Rows without labelled pairs count as one pair each, as before.
    const plain = rows.map(({ labelledPairs: _, ...r }) => r);
    expect(agreePointOverPairs(scores, plain, 0.75, 1)).toMatchObject({ threshold: 0.7, precision: 1 });
  });
});

