/**
 * People, organisations and places named in one sentence.
 *
 * compromise (pinned) finds candidates with its lexicon and tagger. Its person recogniser knows
 * mostly English first names, so two rules over its tokens add the names news prose makes plain:
 * a name after a title ("Foreign Minister Ayman Safadi", "Secretary of State Antony Blinken") and
 * a proper noun right before a speech verb ("Zomlot said"). The alias table (config/entities.yaml)
 * then fixes types and names ("Jordan" is a country, "U.S." is "United States").
 * Article-level work (surname-only mentions) happens in canonicalNames.ts.
 */
import nlp from 'compromise';
import type { Entity, EntityType } from '../records.js';
import type { AliasTable } from './entityAliases.js';
import {
  BETWEEN_SPEAKER_AND_VERB,
  DEPARTMENT_WORDS,
  NAME_PARTICLES,
  NOT_ENTITIES,
  ORGANIZATION_SUFFIXES,
  SPEECH_VERBS,
  TITLE_WORDS,
  isNameToken,
} from './nameLexicon.js';
import { tupleKey } from '../runtime/safeKeys.js';

/** An entity with its character offsets in the sentence. */
export interface EntityMention extends Entity {
  start: number;
  end: number;
}

interface Token {
  text: string;
  /** Lower case, without surrounding punctuation. */
  word: string;
  tags: string[];
  start: number;
  end: number;
  /** Punctuation after the token (",", "."), which ends a name. */
  post: string;
}

interface JsonTerm {
  text: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}
interface JsonMatch {
  terms: JsonTerm[];
}

const toToken = (t: JsonTerm): Token => ({
  text: t.text,
  word: t.text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, ''),
  tags: t.tags,
  start: t.offset.start,
  end: t.offset.start + t.offset.length,
  post: t.post,
});

/** Entities in one sentence, in order of appearance, without duplicates of the same name and type. */
export function extractEntities(sentence: string, aliases: AliasTable): EntityMention[] {
  // The tagger is most of the segment stage's time; a sentence whose only capital is its first
  // letter names nobody it could find (the alias table and the article's surnames still apply).
  if (!/\s["“(]?(?!I\b)\p{Lu}/u.test(sentence)) return dedupeMentions(fromAliasTable(sentence, aliases));
  const doc = nlp(sentence);
  const tokens = (doc.json({ offset: true }) as JsonMatch[]).flatMap((s) => s.terms.map(toToken));
  // Headlines and captions in Title Case make every word look like a name: trust only the table
  // and the title/speech rules there.
  const titleCase = isTitleCase(tokens);
  const spans = (matches: JsonMatch[]) => (titleCase ? [] : matches.flatMap((m) => splitAtPunctuation(sentence, m.terms.map(toToken))));
  const candidates: EntityMention[] = [];
  const add = (group: Token[], type: EntityType) => {
    const mention = cleanMention(sentence, group, type, aliases);
    if (mention) candidates.push(mention);
  };
  for (const group of spans(doc.people().json({ offset: true }) as JsonMatch[])) add(group, 'person');
  for (const group of spans(doc.organizations().json({ offset: true }) as JsonMatch[])) add(group, 'organization');
  for (const group of spans(doc.places().json({ offset: true }) as JsonMatch[])) add(group, 'place');
  for (const group of namesAfterTitles(tokens)) add(group, 'person');
  for (const { group, type } of namesBeforeSpeechVerbs(tokens)) add(group, type);
  for (const group of namesAfterAccordingTo(tokens)) add(group, 'person');

  // Alias-table spellings fix names and types; on overlap the longer span wins ("Israel Defense
  // Forces" over "Israel"), the table on ties ("Jordan" the country, not compromise's person).
  const fromTable = fromAliasTable(sentence, aliases);
  const overlaps = (a: EntityMention, b: EntityMention) => a.start < b.end && b.start < a.end;
  const ranked = [...fromTable.map((m) => ({ m, table: 0 })), ...candidates.map((m) => ({ m, table: 1 }))].sort(
    (a, b) => b.m.end - b.m.start - (a.m.end - a.m.start) || a.table - b.table || a.m.start - b.m.start,
  );
  const chosen: EntityMention[] = [];
  for (const { m } of ranked) if (!chosen.some((o) => overlaps(o, m))) chosen.push(m);
  return dedupeMentions(mergeAdjacentPeople(sentence, chosen.sort((a, b) => a.start - b.start || b.end - a.end), aliases));
}

/** "Antony" + "Blinken" found by different rules are one name. */
export function mergeAdjacentPeople(sentence: string, mentions: EntityMention[], aliases: AliasTable): EntityMention[] {
  const out: EntityMention[] = [];
  for (const m of mentions) {
    const last = out[out.length - 1];
    const joinable = (x: EntityMention) => x.type === 'person' || (!aliases.lookup(x.text) && !/\s/.test(x.text));
    if (last && sentence.slice(last.end, m.start) === ' ' && (last.type === 'person' || m.type === 'person') && joinable(last) && joinable(m)) {
      const text = sentence.slice(last.start, m.end);
      out[out.length - 1] = { text, name: aliases.lookup(text)?.name ?? text, type: 'person', start: last.start, end: m.end };
    } else {
      out.push(m);
    }
  }
  return out;
}

/** "according to Husam Zomlot", "as per Matthew Miller": two or more name words after the phrase. */
function namesAfterAccordingTo(tokens: Token[]): Token[][] {
  const names: Token[][] = [];
  for (let i = 1; i < tokens.length; i++) {
    const pair = `${tokens[i - 1].word} ${tokens[i].word}`;
    if (pair !== 'according to' && pair !== 'as per') continue;
    const name = readName(tokens, i + 1);
    if (name.length >= 2 && !name.some((t) => t.tags.includes('Place') || t.tags.includes('Organization'))) names.push(name);
  }
  return names;
}

function fromAliasTable(sentence: string, aliases: AliasTable): EntityMention[] {
  return aliases.find(sentence).map((m) => ({ text: m.text, name: m.entry.name, type: m.entry.type, start: m.start, end: m.end }));
}

/** One mention per (name, type), first occurrence kept. */
export function dedupeMentions(mentions: EntityMention[]): EntityMention[] {
  const seen = new Set<string>();
  return mentions.filter((m) => {
    const key = tupleKey(m.type, m.name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isTitleCase(tokens: Token[]): boolean {
  const words = tokens.filter((t) => /^\p{L}/u.test(t.text));
  if (words.length < 4) return false;
  return words.filter((t) => /^\p{Lu}/u.test(t.text)).length / words.length >= 0.6;
}

/** compromise sometimes runs a list or a caption into one match: "West Bank, Iraq", "Blinken - Sputnik". */
function splitAtPunctuation(sentence: string, group: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  group.forEach((t, i) => {
    const previous = group[i - 1];
    if (previous && /[^\s]/u.test(sentence.slice(previous.end, t.start))) parts.push([]);
    parts[parts.length - 1].push(t);
  });
  return parts.filter((p) => p.length > 0);
}

/** "Palestinian" left over from "Palestinian enclave" is an adjective, not a place. */
const DEMONYM_LIKE = /(?:ian|ean|ese|ish|i|ist|ic)$/u;

const FUNCTION_TAGS = ['Adverb', 'Negative', 'Modal', 'Preposition', 'Determiner', 'Conjunction', 'Pronoun', 'Copula'];

/** Trims titles, determiners, lower-case words and possessives; drops what is not a name. */
function cleanMention(sentence: string, group: Token[], type: EntityType, aliases: AliasTable): EntityMention | undefined {
  let first = 0;
  let last = group.length - 1;
  const isTitle = (t: Token) => TITLE_WORDS.has(t.word) || (type === 'person' && t.tags.includes('Honorific'));
  const isLeadingNoise = (t: Token) =>
    !/^\p{Lu}/u.test(t.text) ||
    NOT_ENTITIES.has(t.word) ||
    (type === 'person' && (isTitle(t) || DEPARTMENT_WORDS.has(t.word) || t.word === 'of'));
  while (first <= last && isLeadingNoise(group[first])) first++;
  while (last >= first && !/^\p{Lu}/u.test(group[last].text) && !NAME_PARTICLES.has(group[last].word)) last--;
  if (first > last) return undefined;
  let kept = group.slice(first, last + 1);
  if (type === 'person') {
    // "Embattled Virginia Governor Ralph Northam", "Slate’s Franklin Foer": the name follows the
    // last title or possessive.
    let cut = -1;
    kept.forEach((t, k) => {
      if (k < kept.length - 1 && (isTitle(t) || /['’]s$/u.test(t.text))) cut = k;
    });
    kept = kept.slice(cut + 1);
  }
  const trimmedNoun = last < group.length - 1;
  if (type !== 'person' && trimmedNoun && kept.every((t) => DEMONYM_LIKE.test(t.word))) return undefined;
  if (type === 'person' && kept.some((t) => t.text.length > 2 && t.text === t.text.toUpperCase() && /\p{Lu}{3}/u.test(t.text))) return undefined;
  if (type === 'person' && kept.some((t) => !isNameToken(t.text) && !NAME_PARTICLES.has(t.word))) return undefined;
  if (type === 'person' && kept.some((t) => FUNCTION_TAGS.some((tag) => t.tags.includes(tag)) && !t.tags.includes('Person'))) return undefined;
  if (kept.every((t) => t.tags.includes('Demonym') || (t.tags.includes('Adjective') && !t.tags.includes('ProperNoun')))) return undefined;
  let text = sentence.slice(kept[0].start, kept[kept.length - 1].end);
  text = text.replace(/['’]s?$/u, '').replace(/[^\p{L}\p{N}.)]+$/u, '').replace(/\.$/u, (dot) => (/\b\p{Lu}\.\p{Lu}\.$/u.test(text) ? dot : ''));
  if (!/\p{Lu}/u.test(text) || text.length < 2) return undefined;
  if (kept.length === 1 && NOT_ENTITIES.has(text.toLowerCase())) return undefined;
  if (/^[\p{N}\s.,-]+$/u.test(text)) return undefined;
  const entry = aliases.lookup(text);
  const start = kept[0].start;
  return { text, name: entry?.name ?? text, type: entry?.type ?? type, start, end: start + text.length };
}

/** "Foreign Minister Ayman Safadi", "Secretary of State Antony Blinken", "top diplomat, Antony Blinken". */
function namesAfterTitles(tokens: Token[]): Token[][] {
  const names: Token[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!TITLE_WORDS.has(tokens[i].word)) continue;
    let j = i + 1;
    while (j < tokens.length && TITLE_WORDS.has(tokens[j].word) && !/[,;:]/.test(tokens[j - 1].post)) j++;
    if (j < tokens.length && tokens[j].word === 'of' && !/[,;:]/.test(tokens[j - 1].post)) {
      let k = j + 1;
      while (k < tokens.length && DEPARTMENT_WORDS.has(tokens[k].word) && !/[,;:]/.test(tokens[k - 1].post)) k++;
      // Only a government department may sit between the title and the name; anything else
      // ("President of the Palestinian Authority Mahmoud Abbas") is left to compromise.
      if (k === j + 1 || tokens[k - 1].word === 'the') continue;
      j = k;
    }
    const appositive = /,/.test(tokens[j - 1].post);
    const name = readName(tokens, j);
    if (name.length === 0 || (appositive && name.length < 2)) continue;
    if (/[,;:]/.test(tokens[j - 1].post) && !appositive) continue;
    names.push(name);
    i = j + name.length - 1;
  }
  return names;
}

/** Up to four name tokens from `from`, stopping at punctuation or a non-name word. */
function readName(tokens: Token[], from: number): Token[] {
  const name: Token[] = [];
  for (let k = from; k < tokens.length && name.length < 4; k++) {
    const t = tokens[k];
    const particle = NAME_PARTICLES.has(t.word) && name.length > 0;
    if (ORGANIZATION_SUFFIXES.has(t.word)) return [];
    if (!particle && (!isNameToken(t.text) || TITLE_WORDS.has(t.word) || NOT_ENTITIES.has(t.word))) break;
    name.push(t);
    if (/\S/u.test(t.post) || /['’]s$/u.test(t.text)) break;
  }
  while (name.length && NAME_PARTICLES.has(name[name.length - 1].word)) name.pop();
  return name;
}

/** "Zomlot said", "said Miller": proper nouns next to a speech verb, typed by their last word. */
function namesBeforeSpeechVerbs(tokens: Token[]): { group: Token[]; type: EntityType }[] {
  const found: { group: Token[]; type: EntityType }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!SPEECH_VERBS.has(tokens[i].word)) continue;
    let j = i - 1;
    while (j >= 0 && BETWEEN_SPEAKER_AND_VERB.has(tokens[j].word) && !/[,;:]/.test(tokens[j].post)) j--;
    const group: Token[] = [];
    for (let k = j; k >= 0 && group.length < 3; k--) {
      const t = tokens[k];
      if (/\S/u.test(t.post) && k !== j) break;
      if (!isNameToken(t.text) || NOT_ENTITIES.has(t.word) || TITLE_WORDS.has(t.word)) break;
      // At the start of a sentence any word is capitalised: trust it only if tagged a proper noun.
      if (k === 0 && !t.tags.includes('ProperNoun') && !t.tags.includes('Person')) break;
      group.unshift(t);
    }
    if (group.length === 0 || /[,;:.!?"“”)]/.test(group[group.length - 1].post)) continue;
    const lastWord = group[group.length - 1].word;
    const place = group.some((t) => t.tags.includes('Place') || t.tags.includes('Country'));
    const type: EntityType = ORGANIZATION_SUFFIXES.has(lastWord) ? 'organization' : place ? 'place' : 'person';
    found.push({ group, type });
  }
  return found;
}
