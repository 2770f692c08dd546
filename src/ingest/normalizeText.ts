/**
 * Unicode hygiene for every text that enters the pipeline: invisible and direction-control
 * characters are removed (they split words for the models, hide text in CSVs and can reorder
 * what an analyst sees), spacing is made plain and the text is NFC-normalised so that the same
 * words always hash the same.
 */

/**
 * Zero-width spaces, direction marks/embeddings/overrides/isolates, word joiner and invisible
 * operators, the BOM used as a zero-width no-break space, soft hyphen, Arabic letter mark and
 * Mongolian vowel separator. ZWJ/ZWNJ (U+200C/U+200D) are kept: they are spelling in Persian and
 * Indic scripts and part of emoji sequences.
 */
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u061C\u180E]/g;
/** C0/C1 controls other than tab and newline (carriage returns are handled before). */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** No-break and typographic spaces, shown and meant as a plain space. */
const SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029\u0085]/g, '\n')
    .replace(INVISIBLE, '')
    .replace(CONTROLS, '')
    .replace(SPACES, ' ')
    .normalize('NFC')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trimEnd())
    .join('\n');
}

/** One line of normalised text squeezed to single spaces and trimmed (for metadata values). */
export function normalizeInline(text: string): string {
  return normalizeText(text).replace(/\s+/g, ' ').trim();
}
