/**
 * Removes page chrome from an article's lines and returns its paragraphs. Every removed line is
 * kept with the rule that removed it, so a cleaning decision can always be audited.
 *
 * Rules, in order: configured/outlet patterns, interface strings and prompts, lone numbers,
 * photo captions (and the alt text just before one), repeated lines, short lines in another
 * writing system than the article (stray UI strings), teasers for other stories (short headline
 * lines right after a caption or stamp in the same block), and short non-sentence lines at the
 * very end (credits, "Most Popular", share bars).
 */
import { CAPTION_PATTERNS, NUMBER_ONLY, TEASER_PREFIX, UI_LINES, UI_PATTERNS } from './boilerplateRules.js';
import { dominantScript, isProse, scriptCounts, tokens, wordCount } from './textShape.js';
import type { UserPattern } from '../config/userPattern.js';

/** A configured pattern (linear-time, userPattern.ts) or a built-in RegExp. */
type LinePattern = Pick<UserPattern, 'test'>;

export interface Paragraph {
  text: string;
  /** 1-based line in the text the reader produced (the file's line for .txt). */
  line: number;
  /** Index of the blank-line-separated block it came from. */
  block: number;
}

export interface RemovedLine {
  line: number;
  text: string;
  rule: 'pattern' | 'ui' | 'number' | 'caption' | 'repeat' | 'foreign-script' | 'teaser' | 'trailing';
}

export interface CleanResult {
  paragraphs: Paragraph[];
  removed: RemovedLine[];
}

interface Item extends Paragraph {
  removed?: RemovedLine['rule'];
}

/** Longest line a pattern is tried on; longer ones are prose, and this bounds regex cost. */
const MAX_PATTERN_LINE = 2000;

function uiKey(text: string): string {
  return text.toLowerCase().replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '').replace(/\s+/g, ' ');
}

function classify(text: string, patterns: readonly LinePattern[]): RemovedLine['rule'] | undefined {
  const probe = text.length > MAX_PATTERN_LINE ? text.slice(0, MAX_PATTERN_LINE) : text;
  if (patterns.some((re) => re.test(probe))) return 'pattern';
  const words = wordCount(text);
  if (UI_LINES.has(uiKey(text))) return 'ui';
  if (words <= 15 && UI_PATTERNS.some((re) => re.test(text))) return 'ui';
  if (words <= 40 && TEASER_PREFIX.test(text)) return 'teaser';
  if (NUMBER_ONLY.test(text)) return 'number';
  if (words <= 120 && CAPTION_PATTERNS.some((re) => re.test(probe))) return 'caption';
  return undefined;
}

/** Lines that are clearly a different writing system from the article are interface leftovers. */
function isForeignUi(text: string, script: string): boolean {
  if (wordCount(text) > 12) return false;
  const own = dominantScript(scriptCounts(text));
  return own.share >= 0.6 && own.script !== script && own.script !== 'Other';
}

/** Hard-wrapped plain text: most lines of the block stop mid-sentence at a similar width. */
function isHardWrapped(block: Item[]): boolean {
  if (block.length < 2) return false;
  const inner = block.slice(0, -1);
  const wrapped = inner.filter((it) => it.text.length >= 40 && it.text.length <= 100 && !/[.!?:;"”]$/.test(it.text));
  return wrapped.length / inner.length >= 0.6;
}

export function cleanLines(lines: string[], patterns: readonly LinePattern[] = []): CleanResult {
  const items: Item[] = [];
  let block = 0;
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) {
      if (items.length && items[items.length - 1].block === block) block++;
      return;
    }
    items.push({ text, line: i + 1, block });
  });

  const script = dominantScript(items.reduce((acc, it) => scriptCounts(it.text, acc), new Map<string, number>()));
  let previous = '';
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    it.removed = classify(it.text, patterns);
    if (!it.removed && it.text === previous) it.removed = 'repeat';
    if (!it.removed && script.share >= 0.8 && isForeignUi(it.text, script.script)) it.removed = 'foreign-script';
    previous = it.text;
    if (it.removed !== 'caption' || i === 0) continue;
    // Alt text just before its caption: a short label whose words all recur in the caption.
    const before = items[i - 1];
    const captionWords = new Set(tokens(it.text));
    const altWords = tokens(before.text);
    if (!before.removed && !isProse(before.text) && altWords.length <= 12 && altWords.every((w) => captionWords.has(w))) {
      before.removed = 'caption';
    }
  }

  // Teasers: a caption or stamp followed in the same block by short non-sentence lines
  // (section label, other story's headline) links to another story.
  for (let i = 0; i < items.length; i++) {
    const opener = items[i].removed;
    if (opener !== 'caption' && opener !== 'pattern' && opener !== 'repeat') continue;
    for (let j = i + 1; j < items.length && items[j].block === items[i].block; j++) {
      const next = items[j];
      if (next.removed) continue;
      if (isProse(next.text)) break;
      next.removed = 'teaser';
    }
  }

  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.removed) continue;
    if (isProse(it.text) || wordCount(it.text) > 8) break;
    it.removed = 'trailing';
  }

  const removed: RemovedLine[] = [];
  const kept: Item[] = [];
  for (const it of items) {
    if (it.removed) removed.push({ line: it.line, text: it.text, rule: it.removed });
    else kept.push({ ...it, text: it.text.replace(/^[•·▪◦‣●○■□*–—-]\s+/u, '') });
  }
  return { paragraphs: joinWrapped(kept), removed };
}

function joinWrapped(kept: Item[]): Paragraph[] {
  const out: Paragraph[] = [];
  let i = 0;
  while (i < kept.length) {
    let j = i;
    while (j + 1 < kept.length && kept[j + 1].block === kept[i].block) j++;
    const blockItems = kept.slice(i, j + 1);
    if (isHardWrapped(blockItems)) {
      out.push({ text: blockItems.map((b) => b.text).join(' '), line: blockItems[0].line, block: blockItems[0].block });
    } else {
      for (const b of blockItems) out.push({ text: b.text, line: b.line, block: b.block });
    }
    i = j + 1;
  }
  return out;
}
