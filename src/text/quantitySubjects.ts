/**
 * What a counted number is about, so that numeric comparison only compares like with like:
 * "9,488 Palestinians have died" and "killed 1,400 individuals" are both `deaths`.
 *
 * The subject comes from the counted noun first ("240 hostages" -> hostages, "casualties"), then
 * from words after the number in the same clause ("people ... were killed and injured"), then
 * from words just before it ("killed 1,400", "the death toll rose to 9,488"). Death and injury
 * words together give `casualties`. Empty when nothing matches.
 */
import { emptyRecord } from '../runtime/safeKeys.js';

export type QuantitySubject =
  | 'deaths'
  | 'injuries'
  | 'casualties'
  | 'hostages'
  | 'arrests'
  | 'displaced'
  | 'missing'
  | 'aid'
  | '';

/** Cue words (lower case, as written or lemma) per subject. */
const CUES: [Exclude<QuantitySubject, '' | 'casualties'>, string[]][] = [
  ['deaths', ['kill', 'killed', 'killing', 'killings', 'dead', 'die', 'died', 'dies', 'dying', 'death', 'deaths', 'fatalities', 'fatality', 'slain', 'perished', 'murdered', 'martyred', 'martyrs', 'bodies', 'lives', 'toll']],
  ['injuries', ['injure', 'injured', 'injuries', 'injury', 'wound', 'wounded', 'wounds', 'hurt', 'maimed']],
  ['hostages', ['hostage', 'hostages', 'captive', 'captives', 'abducted', 'kidnapped', 'abductees']],
  ['arrests', ['arrest', 'arrested', 'arrests', 'detained', 'detainees', 'detainee', 'custody']],
  ['displaced', ['displaced', 'refugees', 'evacuated', 'evacuees', 'fled', 'homeless', 'uprooted']],
  ['missing', ['missing', 'unaccounted']],
  ['aid', ['aid', 'humanitarian', 'trucks', 'truckloads', 'convoys']],
];
const CUE_OF = new Map<string, Exclude<QuantitySubject, '' | 'casualties'>>();
for (const [subject, words] of CUES) for (const w of words) CUE_OF.set(w, subject);

/** Nouns that name the subject themselves when counted. */
// Null prototype: looked up with words from the text.
const UNIT_SUBJECT: Record<string, QuantitySubject> = Object.assign(emptyRecord<QuantitySubject>(), {
  casualties: 'casualties', deaths: 'deaths', fatalities: 'deaths', dead: 'deaths', bodies: 'deaths',
  hostages: 'hostages', captives: 'hostages', injuries: 'injuries', wounded: 'injuries', injured: 'injuries',
  arrests: 'arrests', detainees: 'arrests', refugees: 'displaced', evacuees: 'displaced', trucks: 'aid',
});

/** Subject from the counted noun and the cue words after and before the number. */
export function quantitySubject(unit: string, after: string[], before: string[]): QuantitySubject {
  if (UNIT_SUBJECT[unit]) return UNIT_SUBJECT[unit];
  for (const window of [after, before]) {
    const found = new Set<QuantitySubject>();
    window.forEach((w, i) => {
      const subject = CUE_OF.get(w);
      // "toll" alone is any toll; "death toll" is deaths.
      if (subject && (w !== 'toll' || window[i - 1] === 'death')) found.add(subject);
    });
    if (found.has('deaths') && found.has('injuries')) return 'casualties';
    for (const [subject] of CUES) if (found.has(subject)) return subject;
  }
  return '';
}
