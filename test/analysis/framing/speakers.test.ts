import path from 'node:path';
import { loadSpeakersFile } from '../../../src/analysis/framing/resources.js';
import { classifySpeaker, compileSpeakerGroups } from '../../../src/analysis/framing/speakerGroups.js';

const { speakers } = loadSpeakersFile(path.resolve('config/speakers.yaml'));
const group = (s: string, aliases: string[] = []) => classifySpeaker(speakers, s, aliases);

describe('speaker groups (config/speakers.yaml)', () => {
  it.each([
    ['State Department spokesperson Matthew Miller', 'US officials'],
    ['Blinken', 'US officials'],
    ['U.S. Secretary of State Antony Blinken', 'US officials'],
    ['Israeli Prime Minister Benjamin Netanyahu', 'Israeli officials'],
    ['IDF chief Aviv Kohavi', 'Israeli officials'],
    ['Israeli officials', 'Israeli officials'],
    ["Jordan's Foreign Minister Ayman Safadi", 'Palestinian/Arab officials'],
    ['Husam Zomlot, Palestinian ambassador to the UK', 'Palestinian/Arab officials'],
    ['the heads of the UN’s major humanitarian agencies', 'UN/NGO'],
    ['an Israeli official', 'Anonymous sources'],
    ['a Turkish diplomatic source', 'Anonymous sources'],
    ['officials speaking on condition of anonymity', 'Anonymous sources'],
    ['Recep Tayyip Erdogan', 'Other'],
    ['', 'Unattributed'],
  ])('%s -> %s', (speaker, expected) => {
    expect(group(speaker)).toBe(expected);
  });

  it('decides by the earliest match: whose ambassador, not where to', () => {
    expect(group('Israeli ambassador to the US')).toBe('Israeli officials');
    expect(group('US ambassador to Israel')).toBe('US officials');
  });

  it('keeps WHO case-sensitive so the pronoun is not the World Health Organization', () => {
    expect(group('WHO')).toBe('UN/NGO');
    expect(group('a man who lost his home')).toBe('Other');
  });

  it('falls back to the canonical entity name when the speaker text matches nothing', () => {
    expect(group('the secretary', ['Antony Blinken'])).toBe('US officials');
  });

  it('lists groups in report order: configured, then fallback, then unattributed', () => {
    expect(speakers.order).toEqual([
      'Anonymous sources',
      'US officials',
      'Israeli officials',
      'Palestinian/Arab officials',
      'UN/NGO',
      'Other',
      'Unattributed',
    ]);
  });

  it('refuses duplicate group names and bad patterns with a clear message', () => {
    const base = { unattributed: 'U', fallback: 'O' };
    expect(() => compileSpeakerGroups({ ...base, groups: [{ name: 'O', overrides: false, names: [], titles: [], patterns: [] }] })).toThrow(/used twice/);
    expect(() => compileSpeakerGroups({ ...base, groups: [{ name: 'G', overrides: false, names: [], titles: [], patterns: ['(unclosed'] }] })).toThrow(
      /not a valid regular expression/,
    );
  });
});
