/**
 * Tone towards an actor from the words about that actor, not the whole sentence's score for every
 * name in it. For each entity a sentence names, the scope is:
 * - `quoted`: the name sits inside a quotation -> the quotation (the speaker's words about it);
 * - `speaker`: the entity is the speaker of a quotation in the sentence -> the outlet's own words
 *   in its clause, without the quotation (what the speaker says is about someone else);
 * - `own-voice`: otherwise -> the clause that holds the name, quotations inside it included
 *   ('McCain said Steele's comments were "wildly inaccurate"' casts Steele, not McCain).
 * Besides the words, the clause may say outright which way it casts the actor: a name that is the
 * object of an evaluative verb in the outlet's voice ("Frank praised Cowan", "critics slammed
 * Steele") takes that verb's sign (`evidence`), whatever the rest of the clause says.
 * Clauses end at strong boundaries only (; : — and contrastive conjunctions such as "but",
 * "while", "although"): commas also set off appositions ("Steele, chairman of the RNC, drew fierce
 * criticism"), so splitting there would cut a name from its verb.
 *
 * Example:
 *   actorScopes(sentence)  // Map { 'Michael Steele' => { role: 'own-voice', text: 'Michael Steele ... drew fierce criticism ...' } }
 */
import type { Sentence } from '../../records.js';
import nlp from 'compromise';
import { findTerms, tokenize, type Lexicon } from './lexicon.js';
import { quotedRanges } from './quotes.js';
import type { ToneResult } from './toneModel.js';

export type ActorRole = 'quoted' | 'speaker' | 'own-voice';

export interface ActorScope {
  role: ActorRole;
  /** The words about the actor that its tone is read from. */
  text: string;
  /** +1 / -1 when the name is the object of a favourable / critical verb in the outlet's voice, else 0. */
  evidence: -1 | 0 | 1;
}

/**
 * Verbs that cast their object in a light, as stems of the base form (compromise gives the
 * infinitive: "slammed" -> "slam"). Written from the labelling guide's examples ("slammed",
 * "praised") and ordinary English verbs of praise, support, criticism and legal or political attack.
 */
const FAVOURABLE_STEMS = 'prais|hail|laud|applaud|welcom|celebrat|commend|tout|cheer|credit|thank|congratulat|champion|salut|embrac|endors|back|support|defend';
const CRITICAL_STEMS = 'slam|blast|critici|attack|accus|denounc|condemn|lash|rip|mock|decr|derid|scold|rebuk|assail|berat|chid|ridicul|bash|skewer|excoriat|castigat|blam|fault|target|oppos|su(?:e|ing)|investigat|charg|indict|press|question|challeng';
const FAVOURABLE_VERB = new RegExp(`^(?:${FAVOURABLE_STEMS})`);
const CRITICAL_VERB = new RegExp(`^(?:${CRITICAL_STEMS})`);
/** How compromise gets an infinitive from another form: suffix rules and exceptions per tense. */
interface ConjugationModel {
  fwd?: Record<string, string>;
  both?: Record<string, string>;
  ex?: Record<string, string>;
}

/**
 * The forms compromise's own conjugation tables turn into an infinitive starting with a stem
 * although the form does not start with it: an exception ("chode" -> "chide") or a suffix rule
 * that rewrites letters of the stem ("sceld" -> "scold", "targotten" -> "target"). Read from the
 * installed compromise, so the list follows its version.
 */
function formsRewrittenIntoStems(stems: string[], startsWithStem: RegExp): string[] {
  const models = (nlp.world() as { model: { two: { models: Record<string, ConjugationModel> } } }).model.two.models;
  const stemAtStart = new RegExp(`^(?:${stems.join('|')})`);
  const out = new Set<string>();
  for (const [name, model] of Object.entries(models)) {
    if (!name.startsWith('from')) continue;
    for (const [form, infinitive] of Object.entries(model.ex ?? {})) if (stemAtStart.test(infinitive) && !startsWithStem.test(form)) out.add(form);
    for (const rules of [model.fwd ?? {}, model.both ?? {}]) {
      for (const [suffix, replacement] of Object.entries(rules)) {
        // A form longer than the stem keeps the stem's letters; only stem[:k] + suffix can change them.
        for (const stem of stems) {
          for (let k = 0; k < stem.length; k++) {
            const form = stem.slice(0, k) + suffix;
            if (replacement.startsWith(stem.slice(k)) && !startsWithStem.test(form)) out.add(form);
          }
        }
      }
    }
  }
  return [...out].sort();
}

let candidateWord: RegExp | undefined;

/**
 * A word of the text (lower-cased, at the start of a run of ASCII letters) that starts like a
 * stem or is a form compromise rewrites into one. compromise gets an infinitive by trimming or
 * swapping a suffix, or from its exceptions, so a sentence without such a word has no evaluative
 * verb and its parse (most of the framing stage's time) can be skipped.
 */
function candidateWordPattern(): RegExp {
  if (candidateWord) return candidateWord;
  const stems = `${FAVOURABLE_STEMS}|${CRITICAL_STEMS}`.replace('su(?:e|ing)', 'sue|suing').split('|');
  const startsWithStem = new RegExp(`(?<![a-z])(?:${stems.join('|')})`);
  const rewritten = formsRewrittenIntoStems(stems, startsWithStem);
  candidateWord = new RegExp(`(?<![a-z])(?:${[...stems, ...rewritten].join('|')})`);
  return candidateWord;
}

/**
 * compromise folds accented letters and a few symbols (¢ © ×) to ASCII before it reads a word, and
 * may drop invisible characters (a soft hyphen inside a word): a text with any character outside
 * ASCII, other than the typographic quotes, dashes, ellipsis and no-break space of news copy, is
 * always parsed.
 */
const FOLDED_TO_ASCII = /[^\x00-\x7f‘’“”–—…\u00a0]/u;

/** False only when no verb of the text can be evaluative (see candidateWordPattern). */
export function mayHaveEvaluativeVerb(text: string): boolean {
  return firstEvaluativeCandidate(text) >= 0;
}

/**
 * Where the first word that may make a verb evaluative starts (0 for a text with characters
 * compromise may fold or drop, whose words are not known here), or -1 when there is none: an evaluative verb contains
 * such a word, so it ends after this position.
 */
export function firstEvaluativeCandidate(text: string): number {
  if (FOLDED_TO_ASCII.test(text)) return 0;
  return text.toLowerCase().search(candidateWordPattern());
}

/** Characters between the end of a verb and the name it governs ("praised Gov. Deval Patrick's pick, William Cowan"). */
const OBJECT_GAP = 40;

interface VerbAt {
  start: number;
  end: number;
  sign: -1 | 1;
}

/** Evaluative verbs of the outlet's own voice (outside quotations), with their character ranges. */
function evaluativeVerbs(text: string, quoted: [number, number][]): VerbAt[] {
  const out: VerbAt[] = [];
  if (!mayHaveEvaluativeVerb(text)) return out;
  // Described (json: conjugation, grammar) are only the verbs that can be evaluative, by the same
  // test on the verb's own words; each verb's description depends on it alone, offsets on the whole text.
  const verbs = nlp(text).verbs().filter((v: { text(): string }) => mayHaveEvaluativeVerb(v.text()));
  for (const v of verbs.json({ offset: true }) as { text: string; offset: { start: number; length: number }; verb?: { infinitive?: string } }[]) {
    const start = v.offset.start;
    if (quoted.some(([a, b]) => start >= a && start < b)) continue;
    const word = (v.verb?.infinitive || v.text).toLowerCase().split(/\s+/).pop() ?? '';
    const sign = FAVOURABLE_VERB.test(word) ? 1 : CRITICAL_VERB.test(word) ? -1 : 0;
    if (sign) out.push({ start, end: start + v.offset.length, sign });
  }
  return out;
}

/** The sign of the last evaluative verb that ends shortly before the name (the name is its object). */
function objectEvidence(verbs: VerbAt[], at: number): -1 | 0 | 1 {
  let evidence: -1 | 0 | 1 = 0;
  for (const v of verbs) if (at >= v.end && at - v.end < OBJECT_GAP) evidence = v.sign;
  return evidence;
}

const BOUNDARY = /\s*(?:[;:]|\s[—–]\s|\s-{1,2}\s|,?\s+(?:but|while|whereas|although|though|however|yet)\s)/giu;

/** Clause character ranges [start, end) covering the sentence, split at strong boundaries outside quotations. */
export function clauseRanges(text: string, quoted: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const at = m.index!;
    if (quoted.some(([a, b]) => at >= a && at < b)) continue;
    if (at > start) out.push([start, at]);
    start = at + m[0].length;
  }
  if (start < text.length) out.push([start, text.length]);
  return out.length ? out : [[0, text.length]];
}

const within = (at: number, [a, b]: [number, number]) => at >= a && at < b;

function blankOut(text: string, start: number, end: number, ranges: [number, number][]): string {
  let out = '';
  for (let i = start; i < end; i++) out += ranges.some((r) => within(i, r)) ? ' ' : text[i];
  return out.replace(/\s+/g, ' ').trim();
}

/** Lower-cased words of a name, for matching a speaker ("Sen. John McCain") to a mention ("McCain"). */
const nameWords = (s: string) => s.toLowerCase().match(/\p{L}[\p{L}'’-]+/gu) ?? [];

/** Words between a name and its attribution verb ("Steele said", "said Mr. Steele", "Steele, the chairman, said"). */
const SPEECH_GAP = 4;

function isSpeaker(text: string, at: number, mention: string, entityName: string, speakers: string[], quoted: [number, number][], attribution: Lexicon | undefined): boolean {
  const mine = new Set([...nameWords(mention), ...nameWords(entityName)].filter((w) => w.length > 2));
  if (speakers.some((s) => nameWords(s).some((w) => mine.has(w)))) return true;
  if (!attribution) return false;
  // The segmenter may miss the speaker: "Steele said" / "Steele, the chairman, said" (the verb
  // follows the name), or '..." said Steele' (the verb sits right after a quotation). A name after
  // "said" anywhere else is what is said about ('said Steele was "betting against our troops"').
  const tokens = tokenize(text);
  const first = tokens.findIndex((t) => t.start >= at);
  const last = tokens.findIndex((t) => t.end >= at + mention.length);
  if (first < 0 || last < 0) return false;
  const afterQuote = (start: number) => quoted.some(([, end]) => end <= start && /^[\s,]*$/.test(text.slice(end, start)));
  return findTerms(attribution, tokens).some((h) => {
    const i = tokens.findIndex((t) => t.start === h.start);
    return (i > last && i - last <= SPEECH_GAP) || (i < first && first - i <= 2 && afterQuote(h.start));
  });
}

/** Entity name -> the words about it in this sentence (the first mention decides). */
export function actorScopes(sentence: Sentence, attribution?: Lexicon): Map<string, ActorScope> {
  const text = sentence.text;
  const quoted = quotedRanges(text, sentence.quotes.map((q) => q.text));
  const clauses = clauseRanges(text, quoted);
  const speakers = sentence.quotes.map((q) => q.speaker).filter(Boolean);
  const out = new Map<string, ActorScope>();
  let verbs: VerbAt[] | undefined;
  // A name is an object only after the end of its verb, so a name before every possible
  // evaluative verb has no evidence, and the sentence need not be parsed for it.
  const firstCandidate = firstEvaluativeCandidate(text);
  const evidenceAt = (at: number) => (firstCandidate < 0 || at <= firstCandidate ? 0 : objectEvidence((verbs ??= evaluativeVerbs(text, quoted)), at));
  for (const entity of sentence.entities) {
    if (!entity.name || out.has(entity.name)) continue;
    const at = entity.text ? text.indexOf(entity.text) : -1;
    if (at < 0) {
      out.set(entity.name, { role: 'own-voice', text, evidence: 0 });
      continue;
    }
    const quote = quoted.find((r) => within(at, r));
    if (quote) {
      out.set(entity.name, { role: 'quoted', text: text.slice(quote[0], quote[1]), evidence: evidenceAt(at) });
      continue;
    }
    const clause = clauses.find((c) => within(at, c)) ?? [0, text.length];
    if (quoted.length && isSpeaker(text, at, entity.text, entity.name, speakers, quoted, attribution)) {
      const own = blankOut(text, clause[0], clause[1], quoted);
      out.set(entity.name, { role: 'speaker', text: own || blankOut(text, 0, text.length, quoted), evidence: evidenceAt(at) });
      continue;
    }
    out.set(entity.name, { role: 'own-voice', text: text.slice(clause[0], clause[1]).trim(), evidence: evidenceAt(at) });
  }
  return out;
}

/**
 * The actor's tone in one sentence from the model's reading of its scope (toneModel.ts
 * actorToneOf): clause evidence, when there is some, fixes the sign and makes the label polar; an
 * explicit verb of praise or attack counts as at least a moderate evaluation (|score| >= 0.5).
 */
export function scopeTone(scope: ActorScope, modelTone: ToneResult): ToneResult {
  if (!scope.evidence) return modelTone;
  return {
    label: scope.evidence > 0 ? 'positive' : 'negative',
    score: scope.evidence * Math.max(Math.abs(modelTone.score), 0.5),
    confidence: modelTone.confidence,
  };
}
