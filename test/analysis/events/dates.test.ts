import { articleAnchor, fitsWindow, timeConflict } from '../../../src/analysis/events/dates.js';
import type { Sentence } from '../../../src/records.js';

const sentence = (dates: string[]): Sentence => ({ id: 'a#0', articleId: 'a', outlet: 'X', index: 0, paragraph: 0, text: '', textHash: '', quotes: [], numbers: [], entities: [], dates });

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
