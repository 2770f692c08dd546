/**
 * Puts a quote's speaker ("Jordan's Foreign Minister Ayman Safadi", "an Israeli official") into a
 * configured speaker group (config/speakers.yaml; the rules are documented at its top).
 */
import { compileLexicon, findTerms, tokenize, type Lexicon } from './lexicon.js';
import { tupleKey } from '../../runtime/safeKeys.js';
import { compileUserPattern, type UserPattern } from '../../config/userPattern.js';

export interface SpeakerGroupsInput {
  unattributed: string;
  fallback: string;
  groups: { name: string; overrides: boolean; names: string[]; titles: string[]; patterns: string[] }[];
}

interface CompiledGroup {
  name: string;
  overrides: boolean;
  phrases: Lexicon;
  patterns: UserPattern[];
}

export interface SpeakerGroups {
  groups: CompiledGroup[];
  unattributed: string;
  fallback: string;
  /** Every group name in report order: configured groups, then fallback, then unattributed. */
  order: string[];
}

/** `/body/flags` is taken as written; anything else is a case-insensitive pattern. */
export function compilePattern(source: string): UserPattern {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(source);
  try {
    return literal ? compileUserPattern(literal[1], literal[2]) : compileUserPattern(source);
  } catch (err) {
    throw new Error(`speaker pattern ${JSON.stringify(source)}: ${(err as Error).message}`);
  }
}

export function compileSpeakerGroups(input: SpeakerGroupsInput): SpeakerGroups {
  const names = input.groups.map((g) => g.name);
  const all = [...names, input.fallback, input.unattributed];
  const duplicate = all.find((n, i) => all.indexOf(n) !== i);
  if (duplicate) throw new Error(`speaker group name "${duplicate}" is used twice (group names, fallback and unattributed must differ).`);
  return {
    groups: input.groups.map((g) => ({
      name: g.name,
      overrides: g.overrides,
      phrases: compileLexicon(g.name, [...g.names, ...g.titles]),
      patterns: g.patterns.map(compilePattern),
    })),
    unattributed: input.unattributed,
    fallback: input.fallback,
    order: all,
  };
}

/** Position of the earliest match of a group in `text`, or -1. */
function firstMatch(group: CompiledGroup, text: string): number {
  let best = -1;
  const hits = findTerms(group.phrases, tokenize(text));
  if (hits.length) best = hits[0].start;
  for (const re of group.patterns) {
    const m = re.exec(text);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  return best;
}

/**
 * The group of one speaker. `aliases` are other names for the same speaker (e.g. the canonical
 * entity name "Antony Blinken" for the speaker "Blinken"), tried when the speaker text itself
 * matches no group.
 */
export function classifySpeaker(groups: SpeakerGroups, speaker: string, aliases: string[] = []): string {
  // The same speakers recur thousands of times in a large corpus: classify each spelling once.
  let memo = memos.get(groups);
  if (!memo) memos.set(groups, (memo = new Map()));
  const key = tupleKey(speaker, ...aliases);
  let group = memo.get(key);
  if (group === undefined) memo.set(key, (group = classifyUncached(groups, speaker, aliases)));
  return group;
}

const memos = new WeakMap<SpeakerGroups, Map<string, string>>();

function classifyUncached(groups: SpeakerGroups, speaker: string, aliases: string[]): string {
  const texts = [speaker, ...aliases].map((t) => t.trim()).filter(Boolean);
  if (!texts.length) return groups.unattributed;
  for (const text of texts) {
    const override = groups.groups.find((g) => g.overrides && firstMatch(g, text) >= 0);
    if (override) return override.name;
    let winner: { name: string; at: number } | undefined;
    for (const g of groups.groups) {
      if (g.overrides) continue;
      const at = firstMatch(g, text);
      if (at >= 0 && (!winner || at < winner.at)) winner = { name: g.name, at };
    }
    if (winner) return winner.name;
  }
  return groups.fallback;
}
