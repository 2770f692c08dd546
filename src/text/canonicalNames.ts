/**
 * Article-level person names: "Blinken" and "Antony Blinken" are one person within an article.
 *
 * A person mention that is the tail of a longer person name in the same article ("Blinken",
 * "Ben Shabbat" for "Meir Ben Shabbat") takes that full name: the closest full name before it,
 * else the first one after it. Surnames of full names are also looked for in every sentence, so
 * "Blinken said" counts as a mention even where the tagger missed it. Two different full names
 * with the same surname keep the closest-before rule; nothing is merged across articles here
 * (the alias table does that for frequently named people).
 */
import type { EntityMention } from './extractEntities.js';
import { dedupeMentions, mergeAdjacentPeople } from './extractEntities.js';
import type { AliasTable } from './entityAliases.js';

interface FullName {
  sentence: number;
  name: string;
  tokens: string[];
}

const tokensOf = (name: string) => name.split(/\s+/u).filter(Boolean);

/** Rewrites person names in place per sentence and adds surname-only mentions; returns new arrays. */
export function canonicalizeArticleNames(
  sentences: string[],
  mentions: EntityMention[][],
  aliases: AliasTable,
): EntityMention[][] {
  const fullNames: FullName[] = [];
  mentions.forEach((list, sentence) => {
    for (const m of list) {
      const tokens = tokensOf(m.name);
      if (m.type === 'person' && tokens.length >= 2) fullNames.push({ sentence, name: m.name, tokens });
    }
  });

  const resolve = (name: string, sentence: number): string | undefined => {
    const tail = tokensOf(name);
    const matches = fullNames.filter(
      (f) => f.tokens.length > tail.length && tail.every((t, i) => f.tokens[f.tokens.length - tail.length + i] === t),
    );
    if (matches.length === 0) return undefined;
    const before = matches.filter((f) => f.sentence <= sentence);
    return (before.length ? before[before.length - 1] : matches[0]).name;
  };

  // Surnames of full names, and one-word names already recognised as people somewhere in the
  // article ("Blinken remarked" makes "Blinken sought" a mention too).
  const singles = mentions.flat().filter((m) => m.type === 'person' && tokensOf(m.text).length === 1).map((m) => m.text);
  const surnames = [...new Set([...fullNames.map((f) => f.tokens[f.tokens.length - 1]), ...singles])].filter(
    (s) => /^\p{Lu}\p{Ll}/u.test(s) && (!aliases.lookup(s) || aliases.lookup(s)?.type === 'person'),
  );
  const surnamePattern = surnames.length
    ? new RegExp(`(?<![\\p{L}\\p{N}'’-])(?:${surnames.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}-])`, 'gu')
    : null;

  return mentions.map((list, sentence) => {
    const out: EntityMention[] = list.map((m) => {
      if (tokensOf(m.text).length > 2) return m;
      // A one-word place or organisation that is a known surname was mistyped by the tagger.
      const retype = m.type !== 'person' && !aliases.lookup(m.text) && tokensOf(m.text).length === 1;
      const full = m.type === 'person' || retype ? resolve(m.text, sentence) : undefined;
      return full ? { ...m, name: full, type: 'person' } : m;
    });
    if (surnamePattern) {
      const text = sentences[sentence];
      surnamePattern.lastIndex = 0;
      for (let hit = surnamePattern.exec(text); hit; hit = surnamePattern.exec(text)) {
        const start = hit.index;
        const end = start + hit[0].length;
        if (out.some((m) => m.start < end && start < m.end)) continue;
        const full = resolve(hit[0], sentence) ?? aliases.lookup(hit[0])?.name ?? hit[0];
        out.push({ text: hit[0], name: full, type: 'person', start, end });
      }
    }
    // "Antony" (tagger) + "Blinken" (surname scan) side by side are one mention.
    const merged = mergeAdjacentPeople(sentences[sentence], out.sort((a, b) => a.start - b.start), aliases).map((m) =>
      m.type === 'person' && m.name === m.text ? { ...m, name: resolve(m.text, sentence) ?? m.name } : m,
    );
    return dedupeMentions(merged);
  });
}
