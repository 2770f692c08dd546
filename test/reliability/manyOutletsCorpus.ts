/**
 * A corpus with one outlet per article, as a growing folder of plain files without bylines gives:
 * JSONL records spread over stories, each story with its own place and subject, a figure that
 * differs between outlets, a quote and a named official, so every stage (events, claims, numbers,
 * omissions, framing) has work to do for every outlet. Two short sentences per article keep the
 * model work small: what is measured is how the pipeline scales with the number of outlets.
 * Deterministic: the same sizes give the same bytes.
 */
import fs from 'node:fs';

const SYLLABLES = ['kal', 'veth', 'mor', 'dun', 'sar', 'tel', 'bri', 'gan', 'lo', 'fen', 'ra', 'quin', 'tor', 'bel', 'ash', 'wyn', 'dor', 'mel', 'cor', 'ith'];
const SUBJECTS = [
  ['flood', 'homes were flooded', 'the river burst its banks'],
  ['bridge collapse', 'people were injured', 'a section of the bridge gave way'],
  ['factory fire', 'workers were evacuated', 'flames spread through the warehouse'],
  ['train derailment', 'passengers were hurt', 'three carriages left the track'],
  ['port strike', 'containers were stranded', 'dock workers walked out over pay'],
  ['power outage', 'households lost power', 'a substation failed in the storm'],
  ['landslide', 'families were displaced', 'heavy rain loosened the hillside'],
  ['hospital strike', 'operations were postponed', 'nurses stopped work over staffing'],
];
const FIRST = ['Ana', 'Boris', 'Chen', 'Dara', 'Elif', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jonas'];

/** A made-up place name, different for every n below 8,000. */
function placeName(n: number): string {
  const a = SYLLABLES[n % SYLLABLES.length];
  const b = SYLLABLES[Math.floor(n / SYLLABLES.length) % SYLLABLES.length];
  const c = SYLLABLES[Math.floor(n / 400) % SYLLABLES.length];
  return `${a[0].toUpperCase()}${a.slice(1)}${b} ${c[0].toUpperCase()}${c.slice(1)}`;
}

/**
 * JSONL text: `articles` records over `events` stories, outlet `Outlet <i % outlets>` (one outlet
 * per article by default). Each article tells two of its story's four facts, so outlets share
 * some claims, leave others out and disagree on a figure (with one sentence per article, the figure or
 * the quote).
 */
export function manyOutletsJsonl(articles: number, events: number, outlets = articles, sentencesPerArticle: 1 | 2 = 2): string {
  const lines: string[] = [];
  for (let i = 0; i < articles; i++) {
    const e = i % events;
    const k = Math.floor(i / events);
    const place = placeName(e);
    const [subject, harm, cause] = SUBJECTS[e % SUBJECTS.length];
    const official = `${FIRST[e % FIRST.length]} ${placeName(e + 211).split(' ')[0]}`;
    const figure = 20 + (e % 50) + (k % 2) * 7;
    const facts = [
      `At least ${figure} ${harm} in ${place} on Monday after ${cause}, the regional authority said.`,
      `"We are doing everything we can to help ${place}," said ${official}, the regional governor.`,
      `Critics in ${place} called the response to the ${subject} a disgrace and blamed years of neglect.`,
      `Repairs after the ${subject} in ${place} are expected to take ${2 + (e % 5)} weeks, engineers said.`,
    ];
    // One sentence: the figure (two versions that disagree) or the quote, so a story has three texts
    // and the models run on few distinct sentences and pairs, whatever the number of outlets.
    const single = k % 2 === 1 ? facts[1] : k % 4 === 0 ? facts[0] : facts[0].replace(`At least ${figure} `, `At least ${figure + 7} `);
    const text = sentencesPerArticle === 1 ? single : `${facts[k % 4]} ${facts[(k + 1 + (e % 3)) % 4]}`;
    const title = `${subject[0].toUpperCase()}${subject.slice(1)} in ${place}`;
    lines.push(JSON.stringify({ id: `a${i}`, outlet: `Outlet ${i % outlets}`, published: `2024-03-${String(1 + (e % 28)).padStart(2, '0')}`, title, text }));
  }
  return `${lines.join('\n')}\n`;
}

// `npx tsx test/reliability/manyOutletsCorpus.ts OUT.jsonl [articles] [events]`, for measuring by hand.
if (process.argv[1]?.endsWith('manyOutletsCorpus.ts')) {
  const [out, articles = '5000', events = '1000', outlets = articles, sentences = '2'] = process.argv.slice(2);
  fs.writeFileSync(out, manyOutletsJsonl(Number(articles), Number(events), Number(outlets), sentences === '1' ? 1 : 2));
}
