/**
 * Who said each quote, from the attribution patterns of news prose, in this order:
 * 1. right after the quote: `,” Blinken said`, `,” said Blinken`, `?" Jordan's Foreign Minister
 *    Ayman Safadi queried`, `,” as per a Turkish diplomatic source`, `,” according to X`;
 * 2. before it in its sentence: `Blinken remarked, "`, `Netanyahu, in a televised statement ...,
 *    stated, "`, `Blinken reiterated that Israel has the right to "`, `X told Y that "`, a participle
 *    (`..., saying:`) taking the sentence's first person, `according to X` anywhere in the sentence;
 * 3. a quote that opens its sentence after a sentence ending in ":" takes that sentence's speaker;
 * 4. a quote that opens its sentence right after another attributed quote continues it.
 * "he"/"she" is resolved to a person, looking first earlier in the same sentence, then at the
 * previous three sentences: the speaker of a quote there, else the first person named in it.
 * The speaker is the canonical entity name when the attribution names a known entity (so "Blinken"
 * becomes "Antony Blinken"), otherwise the phrase as written without its article ("Turkish
 * diplomatic source"); '' when nothing names one.
 */
import type { EntityMention } from './extractEntities.js';
import type { SentenceSpan } from './splitSentences.js';
import type { QuoteSpan } from './findQuoteSpans.js';
import { BETWEEN_SPEAKER_AND_VERB, PERSON_PRONOUNS, SPEECH_PARTICIPLES, SPEECH_VERBS } from './nameLexicon.js';

export interface AttributedQuote extends QuoteSpan {
  speaker: string;
}

export interface QuoteContext {
  text: string;
  sentences: SentenceSpan[];
  /** Entity mentions per sentence, offsets relative to the sentence. */
  mentions: EntityMention[][];
  /** Quotes with fewer words are kept only when an attribution pattern sits right next to them. */
  minQuoteWords: number;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

/** Nouns that make a lower-case phrase a speaker ("a Turkish diplomatic source", "officials"). */
const SPEAKER_NOUNS = /(?:source|sources|official|officials|spokesman|spokeswoman|spokesperson|authorities|ministry|police|military|army|government|witnesses|witness|residents|experts|analysts|critics|leaders|leader|statement|spokespeople|aides|aide|diplomats|diplomat|people|activists|organizers|organisers|negotiators|agency|agencies|groups|group|officers|officer|prosecutors|prosecutor|lawyer|lawyers|doctors|medics|report|study|letter|survey|poll|memo|complaint|lawsuit|indictment|document|filing|ruling|order|release|website)$/;
const STOP_BACK = new Set(['that', 'and', 'but', 'which', 'who', 'when', 'while', 'as', 'if', 'because', 'where', 'after', 'before', 'since', 'than', 'so', 'what', 'how', 'why', 'whether', 'though', 'although', 'to', 'for', 'in', 'on', 'at', 'by', 'with', 'from', 'into']);
const STOP_FORWARD = new Set(['who', 'which', 'that', 'in', 'on', 'at', 'during', 'after', 'before', 'while', 'with', 'when', 'told', 'adding', 'saying', 'said']);
const DETERMINERS = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'our', 'this', 'that', 'these', 'those']);
const WORD = /\b(?:Dr|Mr|Mrs|Ms|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|St|Jr|Sr)\.|\p{L}\.(?:\p{L}\.)+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*['’]?|[^\s\p{L}\p{N}]/gu;
const isPunct = (w: Word | undefined) => w !== undefined && !/[\p{L}\p{N}]/u.test(w.text);

export function attributeQuotes(spans: QuoteSpan[], ctx: QuoteContext): AttributedQuote[] {
  const { text, sentences } = ctx;
  // Text with every quote's words blanked, so attribution is read from the reporter's words only.
  const blanked = (() => {
    let out = text;
    for (const q of spans) out = out.slice(0, q.start) + ' '.repeat(q.end - q.start) + out.slice(q.end);
    return out;
  })();
  const sentenceAt = (offset: number) => {
    for (let i = 0; i < sentences.length; i++) if (offset < sentences[i].end) return offset >= sentences[i].start - 2 ? i : Math.max(0, i - 1);
    return sentences.length - 1;
  };
  const mentionsAbs = ctx.mentions.map((list, i) => list.map((m) => ({ ...m, start: m.start + sentences[i].start, end: m.end + sentences[i].start })));
  const speakerBySentence = new Map<number, string>();
  const words = (from: number, to: number): Word[] => {
    const out: Word[] = [];
    const slice = blanked.slice(from, to);
    for (const m of slice.matchAll(WORD)) out.push({ text: m[0], lower: m[0].toLowerCase(), start: from + m.index!, end: from + m.index! + m[0].length });
    return out;
  };
  const isPersonName = (name: string) => mentionsAbs.some((l) => l.some((m) => m.type === 'person' && m.name === name));

  const resolvePronoun = (sentence: number, at: number): string => {
    const inQuote = (o: number) => spans.some((q) => o >= q.start && o < q.end);
    const here = mentionsAbs[sentence]?.find((m) => m.type === 'person' && m.start < at && !inQuote(m.start));
    if (here) return here.name;
    for (let s = sentence - 1; s >= Math.max(0, sentence - 3); s--) {
      const said = speakerBySentence.get(s);
      if (said && isPersonName(said)) return said;
      const named = mentionsAbs[s].find((m) => m.type === 'person' && !inQuote(m.start));
      if (named) return named.name;
    }
    return '';
  };

  const nameOf = (phrase: Word[], sentence: number): string => {
    if (phrase.length === 0) return '';
    const from = phrase[0].start;
    const to = phrase[phrase.length - 1].end;
    if (phrase.length === 1 && PERSON_PRONOUNS.has(phrase[0].lower)) return resolvePronoun(sentence, from);
    const inside = mentionsAbs.flat().filter((m) => m.start < to && from < m.end);
    const person = inside.filter((m) => m.type === 'person').pop();
    if (person) return person.name;
    if (inside.length) return inside[inside.length - 1].name;
    let k = 0;
    while (k < phrase.length && DETERMINERS.has(phrase[k].lower)) k++;
    const rest = phrase.slice(k).filter((w) => !isPunct(w));
    if (rest.length === 0 || rest.length > 6) return '';
    const written = text.slice(rest[0].start, rest[rest.length - 1].end);
    if (/^\p{Lu}/u.test(written) || SPEAKER_NOUNS.test(rest[rest.length - 1].lower)) return written;
    return '';
  };

  const readForward = (ws: Word[], i: number): Word[] => {
    const out: Word[] = [];
    for (let k = i; k < ws.length && out.length < 8; k++) {
      if (isPunct(ws[k]) || (out.length > 0 && STOP_FORWARD.has(ws[k].lower))) break;
      out.push(ws[k]);
    }
    return out;
  };

  const readBackward = (ws: Word[], verb: number): Word[] => {
    let k = verb - 1;
    while (k >= 0 && BETWEEN_SPEAKER_AND_VERB.has(ws[k].lower)) k--;
    if (ws[k]?.text === ',') {
      // "Netanyahu, in a televised statement shortly after Blinken's remarks, stated"
      let p = k - 1;
      while (p >= 0 && p > k - 16 && ws[p].text !== ',' && !/[.;:"“”]/.test(ws[p].text)) p--;
      if (p >= 0 && ws[p].text === ',') k = p - 1;
      else return [];
    }
    const out: Word[] = [];
    for (; k >= 0 && out.length < 8; k--) {
      const w = ws[k];
      if (isPunct(w) || STOP_BACK.has(w.lower) || DETERMINERS.has(w.lower)) break;
      out.unshift(w);
    }
    return out;
  };

  /** Attribution right after the closing mark. */
  let afterSentence = -1;
  const fromAfter = (q: QuoteSpan): string => {
    const startSentence = sentenceAt(q.outerEnd);
    let stop = text.indexOf('\n', q.outerEnd);
    if (stop < 0) stop = text.length;
    const nextQuote = spans.find((o) => o.outerStart >= q.outerEnd);
    if (nextQuote) stop = Math.min(stop, nextQuote.outerStart);
    const ws = words(q.outerEnd, stop);
    let i = 0;
    while (ws[i] && [',', '—', '–', '-', ':'].includes(ws[i].text)) i++;
    if (!ws[i] || isPunct(ws[i])) return '';
    const sentence = Math.max(startSentence, sentenceAt(ws[i].start));
    afterSentence = sentence;
    if ((ws[i].lower === 'according' && ws[i + 1]?.lower === 'to') || (ws[i].lower === 'as' && ws[i + 1]?.lower === 'per')) {
      return nameOf(readForward(ws, i + 2), sentence);
    }
    if (SPEECH_VERBS.has(ws[i].lower)) return nameOf(readForward(ws, i + 1), sentence);
    for (let j = i; j < ws.length && j < i + 18; j++) {
      if (/[.;!?"“”]/.test(ws[j].text)) break;
      if (SPEECH_VERBS.has(ws[j].lower) && ws[j + 1]?.lower !== 'that') {
        const subject = readBackward(ws, j);
        if (subject.length && subject[0].start === ws[i].start) return nameOf(subject, sentence);
        return '';
      }
    }
    return '';
  };

  /** Attribution before the opening mark, within the sentence. Returns the speaker and whether the verb is adjacent. */
  const fromBefore = (from: number, to: number, sentence: number): { speaker: string; adjacent: boolean } => {
    const ws = words(from, to);
    for (let j = ws.length - 1; j >= 0; j--) {
      const w = ws[j].lower;
      const adjacent = ws.slice(j + 1).every(isPunct);
      if (w === 'according' && ws[j + 1]?.lower === 'to') return { speaker: nameOf(readForward(ws, j + 2), sentence), adjacent: false };
      if (w === 'per' && ws[j - 1]?.lower === 'as') return { speaker: nameOf(readForward(ws, j + 1), sentence), adjacent: false };
      if (SPEECH_VERBS.has(w)) return { speaker: nameOf(readBackward(ws, j), sentence), adjacent };
      if (SPEECH_PARTICIPLES.has(w)) {
        // "X said ..., adding that": the participle shares the finite verb's subject.
        const said = speakerBySentence.get(sentence);
        if (said) return { speaker: said, adjacent };
        for (let k = j - 1; k >= 0; k--) {
          if (SPEECH_VERBS.has(ws[k].lower)) return { speaker: nameOf(readBackward(ws, k), sentence), adjacent };
        }
        const subject = mentionsAbs[sentence]?.find((m) => m.start < ws[j].start && (m.type === 'person' || m.type === 'organization'));
        if (subject) return { speaker: subject.name, adjacent };
        const lead = readForward(ws, 0);
        return { speaker: lead.length && PERSON_PRONOUNS.has(lead[0].lower) ? resolvePronoun(sentence, lead[0].start) : '', adjacent };
      }
    }
    return { speaker: '', adjacent: false };
  };

  const result: AttributedQuote[] = [];
  spans.forEach((q, n) => {
    const first = sentenceAt(q.start);
    const last = sentenceAt(Math.max(q.start, q.end - 1));
    const sentenceStart = sentences[first]?.start ?? 0;
    afterSentence = -1;
    let speaker = fromAfter(q);
    let adjacent = speaker !== '';
    if (!speaker) {
      const before = fromBefore(Math.min(sentenceStart, q.outerStart), q.outerStart, first);
      speaker = before.speaker;
      adjacent = before.adjacent;
    }
    const opensSentence = !/\p{L}/u.test(blanked.slice(sentenceStart, q.outerStart));
    if (!speaker && opensSentence && first > 0 && /:\s*$/.test(sentences[first - 1].text)) {
      const prev = sentences[first - 1];
      const before = fromBefore(prev.start, prev.end, first - 1);
      speaker = before.speaker;
      adjacent = before.adjacent;
    }
    const previous = result[result.length - 1];
    if (!speaker && opensSentence && previous?.speaker && n > 0 && sentenceAt(previous.end) >= first - 1) {
      speaker = previous.speaker;
      adjacent = true;
    }
    const quoted = text.slice(q.start, q.end);
    const wordCount = quoted.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
    if (wordCount < ctx.minQuoteWords && !(speaker && adjacent)) return;
    // Titles of shows, books and campaigns: every word capitalised and nobody saying them.
    if (!speaker && quoted.split(/\s+/u).every((w) => /^[\p{Lu}\p{N}]/u.test(w) || /^(?:of|the|and|a|in|on|for|to)$/.test(w))) return;
    const attributedIn = speaker && afterSentence >= 0 ? afterSentence : last;
    if (speaker) for (let s = first; s <= Math.max(last, attributedIn); s++) speakerBySentence.set(s, speaker);
    result.push({ ...q, speaker });
  });
  return result;
}
