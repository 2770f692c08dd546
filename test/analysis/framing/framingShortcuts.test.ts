/**
 * The framing stage's shortcuts (issue 20, speed) must not change a result: the parse skipped for
 * sentences with no possible evaluative verb, tone features remembered per text, and VADER's word
 * split done in linear time.
 */
import fs from 'node:fs';
import path from 'node:path';
import nlp from 'compromise';
import { actorScopes, mayHaveEvaluativeVerb } from '../../../src/analysis/framing/actorTone.js';
import { quotedRanges } from '../../../src/analysis/framing/quotes.js';
import type { Sentence } from '../../../src/records.js';
import { loadFramingResources } from '../../../src/analysis/framing/resources.js';
import { memoisedToneFeatures, toneFeatures } from '../../../src/analysis/framing/toneFeatures.js';
import { configSchema } from '../../../src/config/schema.js';
import { splitSentences } from '../../../src/text/splitSentences.js';
import { forVader } from '../../../src/analysis/framing/toneLexicon.js';
import { polarityScores, vaderWord } from '../../../src/analysis/framing/vaderWords.js';
import vader from 'vader-sentiment';

const seedSentences = fs
  .readdirSync('seeds')
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => splitSentences(fs.readFileSync(path.join('seeds', f), 'utf8')).map((s) => s.text));

// The same test actorTone.ts applies to compromise's verbs, written out independently.
const FAVOURABLE = /^(?:prais|hail|laud|applaud|welcom|celebrat|commend|tout|cheer|credit|thank|congratulat|champion|salut|embrac|endors|back|support|defend)/;
const CRITICAL = /^(?:slam|blast|critici|attack|accus|denounc|condemn|lash|rip|mock|decr|derid|scold|rebuk|assail|berat|chid|ridicul|bash|skewer|excoriat|castigat|blam|fault|target|oppos|su(?:e|ing)|investigat|charg|indict|press|question|challeng)/;
const parsedEvaluative = (text: string) =>
  (nlp(text).verbs().json() as { text: string; verb?: { infinitive?: string } }[]).some((v) => {
    const word = (v.verb?.infinitive || v.text).toLowerCase().split(/\s+/).pop() ?? '';
    return FAVOURABLE.test(word) || CRITICAL.test(word);
  });

describe('the evaluative-verb pre-check', () => {
  const crafted = [
    'Critics slammed the governor on Tuesday.',
    'The senator praised Cowan and thanked his staff.',
    'They sued the city, suing twice.',
    'Rivals chode him for it.', // compromise's exception: chode -> chide
    'They sceld him.', // a suffix rule that rewrites the stem: sceld -> scold
    'Björk decried the plan.',
    'Officials met on Tuesday to discuss the budget.',
    'The issue was pursued by the committee.',
  ];

  it('is true for every sentence where compromise finds an evaluative verb (seeds and crafted)', () => {
    const missed = [...seedSentences, ...crafted].filter((t) => parsedEvaluative(t) && !mayHaveEvaluativeVerb(t));
    expect(seedSentences.length).toBeGreaterThan(50);
    expect(missed).toEqual([]);
  });

  it('skips sentences with no stem of an evaluative verb, and never those compromise would fold to ASCII', () => {
    expect(mayHaveEvaluativeVerb('Officials met on Tuesday to discuss the budget.')).toBe(false);
    expect(mayHaveEvaluativeVerb('The issue was pursued by the committee.')).toBe(false);
    expect(mayHaveEvaluativeVerb('Rivals chode him for it.')).toBe(true);
    expect(mayHaveEvaluativeVerb('They sceld him.')).toBe(true);
    expect(mayHaveEvaluativeVerb('Officials in Zürich met.')).toBe(true);
    expect(mayHaveEvaluativeVerb('Critics prai\u00adsed him.')).toBe(true); // a soft hyphen compromise may drop
    expect(mayHaveEvaluativeVerb('“Officials met” — on Tuesday…')).toBe(false); // news typography alone does not force the parse
    // Most seed sentences are skipped: the pre-check is what saves the parse.
    expect(seedSentences.filter(mayHaveEvaluativeVerb).length).toBeLessThan(seedSentences.length / 2);
  });
});

/** actorTone's object evidence with no shortcut: every verb of the sentence parsed and described. */
function evidenceByFullParse(text: string, at: number): number {
  const quoted = quotedRanges(text);
  let evidence = 0;
  for (const v of nlp(text).verbs().json({ offset: true }) as { text: string; offset: { start: number; length: number }; verb?: { infinitive?: string } }[]) {
    const start = v.offset.start;
    if (quoted.some(([a, b]) => start >= a && start < b)) continue;
    const word = (v.verb?.infinitive || v.text).toLowerCase().split(/\s+/).pop() ?? '';
    const sign = FAVOURABLE.test(word) ? 1 : CRITICAL.test(word) ? -1 : 0;
    const end = start + v.offset.length;
    if (sign && at >= end && at - end < 40) evidence = sign;
  }
  return evidence;
}

describe('object evidence with the parse skipped where it cannot matter', () => {
  it('equals a full parse for a name at every word of seed sentences that hold a candidate verb', () => {
    const texts = [...seedSentences.filter(mayHaveEvaluativeVerb).slice(0, 25), 'Critics slammed Steele and praised Cowan on Tuesday.', 'Steele, whom critics slammed, praised Cowan.'];
    let checked = 0;
    let nonZero = 0;
    for (const text of texts) {
      for (const m of text.matchAll(/\p{Lu}[\p{L}]+/gu)) {
        const sentence: Sentence = { id: 'a#0', articleId: 'a', outlet: 'X', index: 0, paragraph: 0, text, numbers: [], dates: [], quotes: [], entities: [{ text: m[0], name: m[0], type: 'person' }] };
        const scope = actorScopes(sentence).get(m[0])!;
        const expected = evidenceByFullParse(text, text.indexOf(m[0]));
        expect([text, m[0], scope.evidence]).toEqual([text, m[0], expected]);
        checked++;
        if (expected) nonZero++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(nonZero).toBeGreaterThan(1);
  });
});

describe('tone features remembered per text', () => {
  const resources = loadFramingResources(configSchema.parse({}).framing);

  it('gives the vector toneFeatures computes, for a repeated text and for another score', () => {
    const featuresOf = memoisedToneFeatures(resources);
    const texts = [...seedSentences.slice(0, 20), ...seedSentences.slice(0, 5)];
    for (const text of texts) expect(featuresOf(text, 0.25)).toEqual(toneFeatures(text, 0.25, resources));
    expect(featuresOf(texts[0], -0.5)).toEqual(toneFeatures(texts[0], -0.5, resources));
    expect(featuresOf(texts[0], 0.25)).toEqual(toneFeatures(texts[0], 0.25, resources));
  });
});

describe("VADER's scores with the word split in linear time", () => {
  it('equal the package to the last bit on the seed sentences (as written, as the tone features give them, in capitals) and on punctuation edge cases', () => {
    const texts = [
      ...seedSentences,
      ...seedSentences.map(forVader),
      ...seedSentences.map((t) => t.toUpperCase()),
      "It's kind of good!!! but NOT great",
      "'good' \"bad\" -bad- ?!?good !?!?bad ..good,, :) :-( (good) [bad] good!?",
      'VERY good, sort of nice, kinda bad',
      'hasOwnProperty constructor __proto__ toString',
      '',
      'a',
      '!!',
    ];
    for (const text of texts) expect(polarityScores(text)).toEqual(vader.SentimentIntensityAnalyzer.polarity_scores(text));
  });

  it('strips a leading or trailing mark only from a word without other punctuation', () => {
    expect(vaderWord('good!')).toBe('good');
    expect(vaderWord('"bad')).toBe('bad');
    expect(vaderWord('!?!?bad')).toBe('bad');
    expect(vaderWord('"good"')).toBe('"good"');
    expect(vaderWord("don't!")).toBe("don't!");
    expect(vaderWord('a!')).toBe('a!');
    expect(vaderWord('good)')).toBe('good)');
  });
});
