/**
 * Numbers written as words or digits with scale words: "nine thousand", "twenty-five",
 * "one hundred and twenty", "1.5 million", "$2bn", "a dozen", and vague plurals such as
 * "hundreds of" or "tens of thousands", which become a range.
 */

/**
 * A word -> value table without a prototype: input words are looked up in these tables, and a
 * plain object would answer "constructor" or "__proto__" from Object.prototype.
 */
export function wordTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

const UNITS: Record<string, number> = wordTable({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
});
const TENS: Record<string, number> = wordTable({
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});
export const SCALES: Record<string, number> = wordTable({
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
  k: 1e3, m: 1e6, mn: 1e6, mln: 1e6, bn: 1e9, b: 1e9, tn: 1e12,
  // South Asian scales: "Rs 5 crore" is 50 million rupees.
  lakh: 1e5, lakhs: 1e5, crore: 1e7, crores: 1e7,
});
/** Scale words written after digits ("1.5 million"); the one-letter ones only when glued ("1.5m"). */
const SCALE_AFTER_DIGITS = new Set(['hundred', 'thousand', 'million', 'billion', 'trillion', 'bn', 'mn', 'mln', 'tn', 'lakh', 'lakhs', 'crore', 'crores']);

export const ORDINALS: Record<string, number> = wordTable({
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16,
  seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, fortieth: 40,
  fiftieth: 50, hundredth: 100, thousandth: 1000,
});

/** Vague plurals: "dozens of" = 24..143, "hundreds" = 200..999, "tens of thousands" = 20,000..99,999. */
const VAGUE: Record<string, [number, number]> = wordTable({
  dozens: [24, 143], scores: [40, 199], hundreds: [200, 999], thousands: [2000, 9999],
  millions: [2e6, 999e6], billions: [2e9, 999e9],
});

export interface ParsedNumber {
  value: number;
  /** Vague plurals give a range instead of one value. */
  range?: [number, number];
  /** Index after the last word used. */
  next: number;
  /** Written with a scale word or in words with a scale ("nine thousand", "1.5 million"): a round figure. */
  rounded: boolean;
  words: boolean;
}

const DIGITS = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const GLUED = /^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn)$/i;

/** Reads a number starting at `words[i]` (lower-case word list), or returns undefined. */
export function parseNumberAt(words: string[], i: number): ParsedNumber | undefined {
  const w = words[i];
  if (w === undefined) return undefined;
  const glued = GLUED.exec(w);
  if (glued) return { value: Number(glued[1]) * SCALES[glued[2].toLowerCase()], next: i + 1, rounded: true, words: false };
  if (DIGITS.test(w)) {
    let value = Number(w.replace(/,/g, ''));
    let next = i + 1;
    let rounded = false;
    while (words[next] !== undefined && SCALE_AFTER_DIGITS.has(words[next])) {
      value *= SCALES[words[next]];
      next++;
      rounded = true;
    }
    return { value, next, rounded, words: false };
  }
  // "tens of thousands", "hundreds of thousands"
  if ((w === 'tens' || w === 'hundreds') && words[i + 1] === 'of' && (words[i + 2] === 'thousands' || words[i + 2] === 'millions')) {
    const base = words[i + 2] === 'thousands' ? 1e3 : 1e6;
    const range: [number, number] = w === 'tens' ? [20 * base, 99 * base] : [200 * base, 999 * base];
    return { value: range[0], range, next: i + 3, rounded: true, words: true };
  }
  if (VAGUE[w]) return { value: VAGUE[w][0], range: VAGUE[w], next: i + 1, rounded: true, words: true };
  if (w === 'a' || w === 'one') {
    const scale = words[i + 1];
    if (scale === 'dozen') return { value: 12, next: i + 2, rounded: true, words: true };
    if (w === 'a' && scale && SCALE_AFTER_DIGITS.has(scale)) {
      return { value: SCALES[scale], next: i + 2, rounded: true, words: true };
    }
  }
  if (w === 'half' && words[i + 1] === 'a' && words[i + 2] && ['million', 'billion', 'dozen'].includes(words[i + 2])) {
    const base = words[i + 2] === 'dozen' ? 12 : SCALES[words[i + 2]];
    return { value: base / 2, next: i + 3, rounded: true, words: true };
  }
  return parseWordNumber(words, i);
}

/** "nine thousand", "twenty-five", "two hundred and forty", "three million". */
function parseWordNumber(words: string[], i: number): ParsedNumber | undefined {
  let total = 0;
  let current = 0;
  let next = i;
  let used = false;
  let rounded = false;
  while (next < words.length) {
    const w = words[next];
    const parts = w.split('-');
    if (parts.length === 2 && TENS[parts[0]] !== undefined && UNITS[parts[1]] !== undefined) {
      current += TENS[parts[0]] + UNITS[parts[1]];
    } else if (UNITS[w] !== undefined) {
      current += UNITS[w];
    } else if (TENS[w] !== undefined) {
      current += TENS[w];
    } else if (w === 'dozen' && used) {
      current = (current || 1) * 12;
      rounded = true;
    } else if (SCALE_AFTER_DIGITS.has(w) && used) {
      const scale = SCALES[w];
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      rounded = true;
    } else if (w === 'and' && used && words[next - 1] === 'hundred' && isNumberWord(words[next + 1])) {
      // "two hundred and forty"
    } else {
      break;
    }
    used = true;
    next++;
  }
  if (!used) return undefined;
  return { value: total + current, next, rounded, words: true };
}

function isNumberWord(w: string | undefined): boolean {
  return w !== undefined && (UNITS[w] !== undefined || TENS[w] !== undefined || /^[a-z]+-[a-z]+$/.test(w));
}

/** "1st", "21st", "ninth": the ordinal's value, else undefined. */
export function parseOrdinal(word: string): number | undefined {
  const digits = /^(\d+)(?:st|nd|rd|th)$/.exec(word);
  if (digits) return Number(digits[1]);
  return ORDINALS[word];
}
