/**
 * The judge's lead and specifics features (events/specifics.ts) on hand-made articles: differing
 * lead figures, years and weekdays, and leads that say the same in other words.
 */
import { specificsFeatures, SPECIFIC_FEATURES } from '../../../src/analysis/events/specifics.js';
import { countDocumentFrequency, contentWords } from '../../../src/analysis/corpus/terms.js';
import { sharedWordVectors } from '../../../src/analysis/corpus/wordVectors.js';
import type { Article, Quantity, Sentence } from '../../../src/records.js';

function article(id: string, title: string, lead: string[], numbers: Partial<Quantity>[][] = []): { article: Article; sentences: Sentence[] } {
  const sentences = lead.map((text, index) => ({
    id: `${id}#${index}`, articleId: id, outlet: 'x', index, paragraph: 0, text, textHash: '', quotes: [], entities: [], dates: [],
    numbers: (numbers[index] ?? []).map((q) => ({ text: '', min: 0, max: 0, value: 0, approx: false, qualifier: 'exact', unit: '', kind: 'count', subject: '', ...q }) as Quantity),
  }));
  return { article: { id, title, text: lead.join(' ') } as Article, sentences };
}

function featuresOf(docs: ReturnType<typeof article>[], withVectors: boolean) {
  const byArticle = new Map(docs.map((d) => [d.article.id, d.sentences]));
  const termStats = countDocumentFrequency(docs.map((d) => new Set(contentWords(`${d.article.title} ${d.article.text}`))));
  const score = specificsFeatures({ articles: docs.map((d) => d.article), sentencesByArticle: byArticle, termStats, rareDf: 2, vectors: withVectors ? sharedWordVectors() : null });
  return (i: number, j: number) => Object.fromEntries(SPECIFIC_FEATURES.map((name, k) => [name, score(i, j)[k]]));
}

describe('specifics features', () => {
  const quake2019 = article('a', 'Earthquake strikes coast', ['A 6.1 earthquake struck on Monday in 2019, killing 12 people.'], [[{ kind: 'count', value: 12 }, { kind: 'year', value: 2019 }]]);
  const quake2023 = article('b', 'Earthquake strikes coast', ['A 7.2 earthquake struck on Friday in 2023, killing 40 people.'], [[{ kind: 'count', value: 40 }, { kind: 'year', value: 2023 }]]);
  const sameQuake = article('c', 'Quake kills 12', ['Twelve died after the earthquake on Monday, 2019.'], [[{ kind: 'count', value: 12 }]]);

  test('leads with other figures, years and weekdays differ; the same figures, year and weekday do not', () => {
    const f = featuresOf([quake2019, quake2023, sameQuake], false);
    expect(f(0, 1)).toMatchObject({ leadFiguresDiffer: 1, yearDiffers: 1, weekdayDiffers: 1 });
    expect(f(0, 2)).toMatchObject({ leadFiguresDiffer: 0, yearDiffers: 0, weekdayDiffers: 0 });
    expect(f(1, 2)).toMatchObject({ leadFiguresDiffer: 1, weekdayDiffers: 1 });
    // Without word vectors the vector features are 0, not an error.
    expect(f(0, 1)).toMatchObject({ wvLead: 0, wvTitle: 0, softRare: 0 });
  });

  test('a truce and a ceasefire read closer in word vectors than a truce and a football final', () => {
    const truce = article('t', 'Truce agreed in Gaza', ['Negotiators agreed a truce between the warring sides.']);
    const ceasefire = article('u', 'Ceasefire deal reached', ['Mediators reached a ceasefire between the fighting parties.']);
    const football = article('v', 'Cup final won on penalties', ['The home side won the cup final after a goalless draw.']);
    const f = featuresOf([truce, ceasefire, football], true);
    expect(f(0, 1).wvLead).toBeGreaterThan(f(0, 2).wvLead);
    expect(f(0, 1).wvTitle).toBeGreaterThan(f(0, 2).wvTitle);
  }, 60_000);
});
