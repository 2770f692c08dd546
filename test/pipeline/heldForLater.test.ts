/**
 * What a run keeps in memory between stages (session.ts heldForLaterStages): the datasets the stages
 * still to run read, whole or as their part; never one a later stage streams, nor one held across a
 * stage that streams it (the sentences are let go before claims, which streams them, and framing
 * loads them again from the store).
 */
import { heldForLaterStages } from '../../pipeline/session.js';
import { STAGES } from '../../pipeline/stages.js';
import { partKey } from '../../pipeline/catalog.js';

const hashes = { articles: 'A', skipped: 'K', sentences: 'S', enrichment: 'N', events: 'E', eventsIndex: 'I', analysis: 'Y', framing: 'F' };
const after = (stage: string) => new Set(heldForLaterStages(STAGES.slice(STAGES.findIndex((s) => s.name === stage) + 1), hashes));

test('the sentences stay in memory for enrich and events, are let go before claims and held again only for framing', () => {
  expect(after('segment').has('S')).toBe(true);
  expect(after('enrich').has('S')).toBe(true);
  // Claims streams them; framing, after it, loads them from the store.
  expect(after('events').has('S')).toBe(false);
  expect(after('claims').has('S')).toBe(true);
  // The report streams them: nothing held for it.
  expect(after('framing').has('S')).toBe(false);
});

test('parts are held by part key, across stages that read the same part; a whole value no later stage reads is not held', () => {
  const held = after('enrich');
  expect(held.has(partKey('N', ['articleVectors']))).toBe(true);
  expect(held.has(partKey('N', ['sentiment']))).toBe(true);
  expect(held.has('N')).toBe(false);
  expect(held.has(partKey('A', ['-text']))).toBe(true);
  expect(held.has('A')).toBe(false);
  // Framing and the report: everything they read, the report's framing and skipped articles included.
  expect(after('claims')).toEqual(new Set(['S', partKey('N', ['sentiment']), 'E', 'Y', 'F', 'K', partKey('A', ['-text'])]));
});

test('nothing is held after the last stage, and a dataset not produced yet is never listed', () => {
  expect(heldForLaterStages([], hashes)).toEqual([]);
  expect(heldForLaterStages(STAGES.slice(4), { articles: 'A' })).toEqual([partKey('A', ['-text']), partKey('A', ['-text']), partKey('A', ['-text'])]);
});
