/**
 * Training labels of the numeric-pairs judge, read from the annotator's quoted figures: which
 * candidate figure pair inside a gold sentence pair is the pair the annotator meant.
 */
import { goldPairLabel } from '../../src/eval/numericJudge.js';
import { FEATURE_NAMES, type FigurePair } from '../../src/analysis/claims/numericFeatures.js';
import { extractQuantities } from '../../src/text/extractQuantities.js';

const VALUES_MEET = FEATURE_NAMES.indexOf('valuesMeet');

/** A candidate pair of the `ia`-th figure of sentence a and the `ib`-th of sentence b; only what the labels read. */
function candidate(a: string, ia: number, b: string, ib: number, meets: boolean): FigurePair {
  const figure = (text: string, i: number) => {
    const numbers = extractQuantities(text);
    return { unit: { sentence: { text, numbers } }, quantity: numbers[i] };
  };
  const features = FEATURE_NAMES.map(() => 0);
  features[VALUES_MEET] = meets ? 1 : 0;
  return { a: figure(a, ia), b: figure(b, ib), features } as unknown as FigurePair;
}

const FED = 'The couple paid $43,885,310 in federal taxes and $13,625,777 in state and local taxes.';
const ROUNDED = 'They paid $43 million in federal income taxes.';

describe('numeric-pairs judge labels', () => {
  test('the quoted figures are `same`; another figure of a sentence whose quote is found is `other`', () => {
    expect(goldPairLabel(candidate(FED, 0, ROUNDED, 0, true), '$43,885,310', '$43 million', 'consistent')).toBe('same');
    expect(goldPairLabel(candidate(FED, 1, ROUNDED, 0, false), '$43,885,310', '$43 million', 'consistent')).toBe('other');
  });

  test('a quote naming several figures: a consistent pair pairs them by value, other verdicts leave them out', () => {
    const a = 'Romney has 21 percent, and Trump and Huckabee 17 percent each.';
    const b = 'Trump is tied with Huckabee at 17 percent; Romney has 21 percent.';
    const quoteA = 'Romney 21 percent; Trump and Huckabee 17 percent each';
    const quoteB = 'Trump and Huckabee 17 percent; Romney 21 percent';
    expect(goldPairLabel(candidate(a, 0, b, 1, true), quoteA, quoteB, 'consistent')).toBe('same');
    expect(goldPairLabel(candidate(a, 0, b, 0, false), quoteA, quoteB, 'consistent')).toBe('other');
    expect(goldPairLabel(candidate(a, 0, b, 0, false), quoteA, quoteB, 'discrepancy')).toBeUndefined();
  });

  test('a quote that names none of the sentence figures leaves the candidate out', () => {
    expect(goldPairLabel(candidate(FED, 0, ROUNDED, 0, true), 'the federal taxes', '$43 million', 'consistent')).toBeUndefined();
  });
});
