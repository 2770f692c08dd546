/**
 * The stance rule for contradictions: the same actor doing opposite things about the same act.
 * "Netanyahu rejected any pause" vs "Netanyahu agreed in principle to discuss pauses": actor
 * Netanyahu, act "pause", refuse vs accept. The NLI model catches plain negations; this catches
 * the verb-pair contradictions a small model misses. Lexicon: config/lexicons/stance.yaml.
 */
import { z } from 'zod';
import type { Entity } from '../../records.js';
import { contentWords } from '../corpus/terms.js';
import { schemaProblems, type UnknownKey } from '../../config/problems.js';
import { readEditorText, tryParseEditorYaml } from '../../config/editorYaml.js';
import { ConfigError } from '../../runtime/errors.js';

export interface StanceLexicon {
  /** Phrases as token lists. */
  refuse: string[][];
  accept: string[][];
  negations: string[][];
  negationWindow: number;
  actWindow: number;
}

/** A broken stance lexicon: a config mistake (exit 2), one located line per problem. */
export class StanceLexiconError extends ConfigError {}

/**
 * Lower-case words, "n't" read as "not", clitics ("'s", "'ve") cut off. Also when the text was detokenised with spaces around the
 * apostrophe ("doesn ’ t", "do n't"): a negation read as "doesn" "t" was missed, and the sentence
 * negating the same thing as the other counted as the only one negated.
 */
export function words(text: string): string[] {
  // "Nobody's pointed to one" is "nobody has": a clitic is cut off, so the word before it is matched.
  return (text.toLowerCase().replace(/[’']/g, "'").replace(/n\s*'\s*t\b/g, ' not').replace(/'(?:s|ve|d|ll|re|m)\b/g, ' ').match(/[a-z]+(?:'[a-z]+)?/g) ?? []);
}

const phraseList = z.array(z.string({ invalid_type_error: 'each entry must be text' }), {
  required_error: 'missing list',
  invalid_type_error: 'must be a list of strings (a|b|c alternatives)',
});
const stanceFileSchema = z.object({
  refuse: phraseList,
  accept: phraseList,
  negations: phraseList,
  negationWindow: z.number().int().min(1, 'a whole number >= 1').default(3),
  actWindow: z.number().int().min(1, 'a whole number >= 1').default(6),
});
const FIX = 'see the comment at the top of config/lexicons/stance.yaml for the layout';

const phrases = (entries: string[]): string[][] => entries.flatMap((entry) => entry.split('|').map((alt) => words(alt)).filter((t) => t.length > 0));

export interface StanceLexiconCheck {
  lexicon?: StanceLexicon;
  /** `file:line:col key: message. Fix: ...`, one per mistake. */
  problems: string[];
  /** Keys the file has but crossframe does not read (warnings; errors under --strict). */
  unknownKeys: UnknownKey[];
}

/** Parses and validates a stance lexicon without throwing. */
export function checkStanceLexicon(text: string, file: string): StanceLexiconCheck {
  const read = tryParseEditorYaml(text, file, { key: 'claims.stanceLexicon' });
  if ('problems' in read) return { problems: read.problems, unknownKeys: [] };
  const { yaml, data } = read;
  const strict = stanceFileSchema.strict();
  const checked = strict.safeParse(data);
  const found = checked.success ? { problems: [], unknownKeys: [] } : schemaProblems(yaml, checked.error.issues, strict, FIX);
  if (found.problems.length) return found;
  const parsed = stanceFileSchema.parse(data);
  const lexicon = {
    refuse: phrases(parsed.refuse),
    accept: phrases(parsed.accept),
    negations: phrases(parsed.negations),
    negationWindow: parsed.negationWindow,
    actWindow: parsed.actWindow,
  };
  return { lexicon, ...found };
}

/** Parses a stance lexicon; problems name the file, line and column. Unknown keys are ignored. */
export function parseStanceLexicon(text: string, file: string): StanceLexicon {
  const checked = checkStanceLexicon(text, file);
  if (!checked.lexicon) throw new StanceLexiconError(checked.problems);
  return checked.lexicon;
}

export function loadStanceLexicon(file: string): StanceLexicon {
  const text = readEditorText(file, { role: 'stance lexicon', key: 'claims.stanceLexicon' });
  return parseStanceLexicon(text, file);
}

export interface StanceMark {
  polarity: 1 | -1;
  /** The verb as written (lower case). */
  verb: string;
  /** Canonical names of the entities mentioned before the verb. */
  actors: Set<string>;
  /** The entity mentioned nearest before the verb (its subject, most often), if any. */
  nearest?: string;
  /** Stems of the content words after the verb. */
  act: Set<string>;
}

function matchAt(tokens: string[], at: number, phrase: string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}

/** The entity mentioned last before token `at` (the latest position; ties: the first listed). */
export function nearestBefore(positions: readonly { name: string; token: number }[], at: number): string | undefined {
  let best: { name: string; token: number } | undefined;
  for (const p of positions) if (p.token < at && (!best || p.token > best.token)) best = p;
  return best?.name;
}

/**
 * Token index of every mention of each entity, by its text as written, as a whole word ("Ross" is not
 * in "across"): the stance verbs' actors are those mentioned before them, and their nearest the last.
 */
export function entityPositions(text: string, entities: readonly Entity[]): { name: string; token: number }[] {
  const lower = text.toLowerCase();
  return entities.flatMap((entity) => {
    const written = entity.text.toLowerCase();
    if (!written) return [];
    const mention = new RegExp(`(?<![\\p{L}\\p{N}])${written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
    return [...lower.matchAll(mention)].map((m) => ({ name: entity.name, token: words(text.slice(0, m.index)).length }));
  });
}

/** Every asserted refuse/accept verb in a sentence, with its actors and act. */
export function stanceMarks(text: string, entities: readonly Entity[], lexicon: StanceLexicon): StanceMark[] {
  const tokens = words(text);
  const positions = entityPositions(text, entities);
  const marks: StanceMark[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const [polarity, list] of [[-1, lexicon.refuse], [1, lexicon.accept]] as const) {
      const phrase = list.find((p) => matchAt(tokens, i, p));
      if (!phrase) continue;
      // "pressed Israel to agree to pauses": a requested act, not a reported one.
      if (tokens[i - 1] === 'to') continue;
      let sign: 1 | -1 = polarity;
      const from = Math.max(0, i - lexicon.negationWindow);
      for (let j = from; j < i; j++) {
        if (lexicon.negations.some((n) => matchAt(tokens, j, n) && j + n.length <= i)) {
          sign = sign === 1 ? -1 : 1;
          break;
        }
      }
      const after = tokens.slice(i + phrase.length).join(' ');
      const act = new Set(contentWords(after).slice(0, lexicon.actWindow));
      const before = positions.filter((p) => p.token < i);
      const actors = new Set(before.map((p) => p.name));
      const nearest = nearestBefore(positions, i);
      marks.push({ polarity: sign, verb: phrase.join(' '), actors, act, ...(nearest ? { nearest } : {}) });
    }
  }
  return marks;
}

export interface OpposedStance {
  a: StanceMark;
  b: StanceMark;
  actors: string[];
  act: string[];
}

/** The first pair of marks with opposite polarity, a shared actor and a shared act word. */
export function opposedStance(a: readonly StanceMark[], b: readonly StanceMark[]): OpposedStance | null {
  for (const x of a) {
    for (const y of b) {
      if (x.polarity === y.polarity) continue;
      const actors = [...x.actors].filter((n) => y.actors.has(n));
      const act = [...x.act].filter((w) => y.act.has(w));
      if (actors.length > 0 && act.length > 0) return { a: x, b: y, actors, act };
    }
  }
  return null;
}

/** The first negation in a sentence ("no", "did not", "never"...), or null. */
export function firstNegation(text: string, lexicon: StanceLexicon): string | null {
  const tokens = words(text);
  for (let i = 0; i < tokens.length; i++) {
    const phrase = lexicon.negations.find((n) => matchAt(tokens, i, n));
    if (phrase) return phrase.join(' ');
  }
  return null;
}

/**
 * Negation mismatch: nearly the same words, but only one sentence is negated ("Inspectors found
 * cracks" vs "Inspectors found no cracks"). A classic contradiction cue the compact NLI model
 * does not always see. The caller decides what "nearly the same words" means.
 */
export function negationMismatch(a: string, b: string, lexicon: StanceLexicon): string | null {
  const na = firstNegation(a, lexicon);
  const nb = firstNegation(b, lexicon);
  if ((na === null) === (nb === null)) return null;
  return na ?? nb;
}
