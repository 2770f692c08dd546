import path from 'node:path';
import { firstNegation, loadStanceLexicon, negationMismatch, opposedStance, parseStanceLexicon, checkStanceLexicon, stanceMarks, StanceLexiconError } from '../../../src/analysis/claims/stance.js';
import type { Entity } from '../../../src/records.js';
import { REPO_ROOT } from '../pipelineHarness.js';

const lexicon = loadStanceLexicon(path.join(REPO_ROOT, 'config/lexicons/stance.yaml'));
const netanyahu: Entity[] = [{ text: 'Netanyahu', name: 'Benjamin Netanyahu', type: 'person' }];
const marks = (text: string, entities: Entity[] = netanyahu) => stanceMarks(text, entities, lexicon);

describe('stance rule', () => {
  test('"rejected any pause" vs "agreed in principle to discuss pauses": same actor, same act, opposite', () => {
    const a = marks('Netanyahu rejected any pause in the fighting.');
    const b = marks('Netanyahu agreed in principle to discuss pauses.');
    expect(a).toMatchObject([{ polarity: -1, verb: 'rejected' }]);
    const opposed = opposedStance(a, b);
    expect(opposed).toMatchObject({ actors: ['Benjamin Netanyahu'], act: ['paus'] });
  });

  test('a negation flips the verb: "did not reject" agrees with "accepted"', () => {
    expect(marks('Netanyahu did not reject a temporary ceasefire.')[0].polarity).toBe(1);
    expect(opposedStance(marks('Netanyahu did not reject a ceasefire.'), marks('Netanyahu accepted a ceasefire.'))).toBeNull();
  });

  test('a requested act ("pressed Israel to agree to pauses") is not a stance', () => {
    expect(marks('Blinken pressed Netanyahu to agree to humanitarian pauses.')).toEqual([]);
  });

  test('different actors or different acts do not contradict', () => {
    const hamas: Entity[] = [{ text: 'Hamas', name: 'Hamas', type: 'organization' }];
    expect(opposedStance(marks('Netanyahu rejected any pause.'), marks('Hamas agreed to a pause.', hamas))).toBeNull();
    expect(opposedStance(marks('Netanyahu rejected any pause.'), marks('Netanyahu accepted the aid convoy.'))).toBeNull();
  });

  test('negation mismatch finds the one-sided negation', () => {
    expect(firstNegation('Inspectors found no cracks.', lexicon)).toBe('no');
    expect(negationMismatch('Inspectors found cracks.', 'Inspectors found no cracks.', lexicon)).toBe('no');
    expect(negationMismatch('They did not go.', 'They never went.', lexicon)).toBeNull();
  });

  test('a broken lexicon names the file and line', () => {
    expect(() => parseStanceLexicon('refuse: [reject]\naccept: 3\nnegations: [not]\n', 'stance.yaml')).toThrow('stance.yaml:2:9 accept: must be a list of strings (a|b|c alternatives). Fix: ');
    expect(() => parseStanceLexicon('refuse: [reject]\n', 'stance.yaml')).toThrow(/^stance\.yaml:1:1 accept: missing list\. Fix: .*\nstance\.yaml:1:1 negations: missing list/);
    expect(checkStanceLexicon('refuse: [reject]\naccept: [agree]\nnegations: [not]\nactWindw: 4\n', 'stance.yaml').unknownKeys.map((u) => u.problem)).toEqual([
      'stance.yaml:4:1 actWindw: unknown key (did you mean "actWindow"?). Fix: rename it to actWindow.',
    ]);
    expect(() => parseStanceLexicon('refuse: [a\n', 'stance.yaml')).toThrow(StanceLexiconError);
  });
});
