import { articleAnchor, fitsWindow, timeConflict, urlDateSpan } from '../../../src/analysis/events/dates.js';
import type { Sentence } from '../../../src/records.js';

const sentence = (dates: string[]): Sentence => ({ id: 'a#0', articleId: 'a', outlet: 'X', index: 0, paragraph: 0, text: '', quotes: [], numbers: [], entities: [], dates });

describe('event date anchors', () => {
  test('the publication date wins; without it the latest full mentioned date; else nothing', () => {
    expect(articleAnchor({ published: '2024-03-05' }, [sentence(['2020-01-01'])], true)).toMatchObject({ source: 'published' });
    const mentioned = articleAnchor({ published: '' }, [sentence(['2021-05-17', '2021-05']), sentence(['2019-02-01'])], true);
    expect(mentioned.source).toBe('mentioned');
    expect(mentioned.day).toBe(Date.UTC(2021, 4, 17) / 86_400_000);
    expect(articleAnchor({ published: '' }, [sentence(['2021-05-17'])], false)).toEqual({ day: null, source: 'none' });
    expect(articleAnchor({ published: '' }, [sentence(['2021-05'])], true)).toEqual({ day: null, source: 'none' });
  });

  test('unknown dates never block; known dates further apart than the window always do', () => {
    const none = { day: null, source: 'none' as const };
    const day = (d: number) => ({ day: d, source: 'published' as const });
    expect(timeConflict(none, day(0), 10)).toBe(false);
    expect(timeConflict(day(0), day(10), 10)).toBe(false);
    expect(timeConflict(day(0), day(11), 10)).toBe(true);
    expect(fitsWindow([day(0), none, day(10)], 10)).toBe(true);
    expect(fitsWindow([day(0), day(5), day(11)], 10)).toBe(false);
    expect(fitsWindow([none, none], 10)).toBe(true);
  });
});

describe('dates stated by the address', () => {
  const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

  test('a year and month in the path place the article in that month; a day segment on that day', () => {
    expect(urlDateSpan('http://abcnews.go.com/blogs/politics/2013/03/president-obama-there-is-no-debt-crisis/')).toEqual({ from: day(2013, 3, 1), to: day(2013, 3, 31) });
    expect(urlDateSpan('http://politicalticker.blogs.cnn.com/2013/03/01/forced-spending-cuts/')).toEqual({ from: day(2013, 3, 1), to: day(2013, 3, 1) });
    expect(urlDateSpan('https://www.theguardian.com/us-news/2016/oct/31/james-comey-fbi-clinton')).toEqual({ from: day(2016, 10, 31), to: day(2016, 10, 31) });
    expect(urlDateSpan('http://www1.cbn.com/cbnnews/politics/2016/november/fbi-clinton-foundation')).toEqual({ from: day(2016, 11, 1), to: day(2016, 11, 30) });
    expect(urlDateSpan('http://example.com/2012/02/30/slug')).toEqual({ from: day(2012, 2, 1), to: day(2012, 2, 29) });
  });

  test('no year-then-month path segments: nothing (ids, slugs, query strings, a lone year)', () => {
    expect(urlDateSpan('https://www.bbc.com/news/world-us-canada-50178197')).toBeNull();
    expect(urlDateSpan('https://apnews.com/caeb6d6c4eff45e4bc5da12db06004bc')).toBeNull();
    expect(urlDateSpan('https://example.com/news/2019/budget-deal-explained')).toBeNull();
    expect(urlDateSpan('https://example.com/story?date=2019/10/25')).toBeNull();
    expect(urlDateSpan('https://example.com/top-100/2019/marching-bands')).toBeNull();
    expect(urlDateSpan('not a url')).toBeNull();
    expect(urlDateSpan('')).toBeNull();
  });

  test('the publication date wins over the address, the address over a mentioned date, and only when asked', () => {
    const url = 'http://abcnews.go.com/blogs/politics/2013/03/president-obama-there-is-no-debt-crisis/';
    expect(articleAnchor({ published: '2013-03-05', url }, [], true, true)).toMatchObject({ source: 'published' });
    expect(articleAnchor({ published: '', url }, [sentence(['2015-01-01'])], true, true)).toEqual({ day: null, source: 'url', from: day(2013, 3, 1), to: day(2013, 3, 31) });
    expect(articleAnchor({ published: '', url }, [sentence(['2015-01-01'])], true, false)).toMatchObject({ source: 'mentioned', day: day(2015, 1, 1) });
    expect(articleAnchor({ published: '', url }, [], false, false)).toEqual({ day: null, source: 'none' });
  });

  test('an address month keeps an article apart from articles dated further than the window beyond that month', () => {
    const march2013 = articleAnchor({ published: '', url: 'http://abcnews.go.com/blogs/politics/2013/03/slug/' }, [], false, true);
    const at = (y: number, m: number, d: number) => ({ day: day(y, m, d), source: 'published' as const });
    const none = { day: null, source: 'none' as const };
    expect(timeConflict(march2013, at(2019, 10, 25), 10)).toBe(true);
    expect(timeConflict(march2013, at(2013, 3, 20), 10)).toBe(false);
    expect(timeConflict(march2013, at(2013, 4, 10), 10)).toBe(false);
    expect(timeConflict(march2013, at(2013, 4, 11), 10)).toBe(true);
    expect(timeConflict(march2013, none, 10)).toBe(false);
    expect(fitsWindow([march2013, at(2013, 3, 2), at(2013, 3, 12)], 10)).toBe(true);
    expect(fitsWindow([march2013, at(2013, 3, 2), at(2013, 3, 13)], 10)).toBe(false);
    expect(fitsWindow([march2013, at(2013, 4, 5)], 10)).toBe(true);
    expect(fitsWindow([march2013, at(2013, 2, 25), at(2013, 4, 5)], 10)).toBe(false);
  });
});
