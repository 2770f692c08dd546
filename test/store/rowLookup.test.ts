import { compactRowLookup } from '../../src/store/rowLookup.js';

/** The first row of each id, as a Map over the ids gives it. */
function firstRows(ids: readonly string[]): Map<string, number> {
  const rows = new Map<string, number>();
  ids.forEach((id, row) => rows.has(id) || rows.set(id, row));
  return rows;
}

function expectSameAsMap(ids: readonly string[], absent: readonly string[]): void {
  const lookup = compactRowLookup(ids);
  const expected = firstRows(ids);
  expect(lookup.count).toBe(ids.length);
  for (const id of [...ids, ...absent]) {
    expect([id, lookup.get(id)]).toEqual([id, expected.get(id)]);
    expect(lookup.has(id)).toBe(expected.has(id));
  }
}

test('sentence ids in runs per article are found from the runs', () => {
  const ids = ['a#0', 'a#1', 'a#2', 'b#0', 'c#0', 'c#1'];
  expectSameAsMap(ids, ['a#3', 'b#1', 'c#-1', 'd#0', 'a', '#0', 'a#', 'a#00', 'a#01', 'a#1.0', 'a# 1', 'a#99999999999']);
});

test('any other layout gives what a Map over the ids gives', () => {
  // Article vectors (no '#'), a run that starts past 0, an article in two runs, a gap, a duplicate,
  // non-canonical numbers, '#' inside the article id, ids of one article interleaved with another's.
  const ids = ['x', 'a#3', 'a#4', 'b#0', 'a#5', 'b#1', 'b#3', 'b#2', 'c#0', 'c#0', 'c#1', 'd#01', 'd#1', 'e#f#0', 'e#f#1', 'e#0', '#0', 'g#', 'h#4294967296', 'i#0', 'y'];
  expectSameAsMap(ids, ['a#0', 'a#2', 'a#6', 'b#4', 'd#0', 'd#2', 'e#f#2', 'e#1', 'h#0', 'i#1', 'z']);
});

test('random layouts agree with a Map', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 50; round++) {
    const ids: string[] = [];
    const length = 1 + Math.floor(random() * 60);
    for (let k = 0; k < length; k++) {
      const article = String.fromCharCode(97 + Math.floor(random() * 4));
      const previous = ids.length ? ids[ids.length - 1] : '';
      // Mostly the next sentence of the same article, sometimes a jump, another article or a plain id.
      const r = random();
      if (r < 0.6 && previous.includes('#')) ids.push(`${previous.slice(0, previous.lastIndexOf('#'))}#${Number(previous.slice(previous.lastIndexOf('#') + 1)) + 1}`);
      else if (r < 0.9) ids.push(`${article}#${Math.floor(random() * 5)}`);
      else ids.push(article);
    }
    const absent = ['a#0', 'b#7', 'c#2', 'd#9', 'a', 'q#0'];
    expectSameAsMap(ids, absent);
  }
});
