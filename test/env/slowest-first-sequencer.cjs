// Runs the slowest suites first, so that at the end of a run both workers finish together instead
// of one worker running a two-minute suite alone. Jest's own sequencer does this only from the
// timings it cached on this machine; on a fresh clone (CI) it orders by file size, which says little
// here (the kill loop, 30 lines driving the bin through five kills and a final run, came 116th of
// 120; the 5,000-outlet run, 68 lines, 67th). Here a suite's expected
// duration is Jest's cached timing when there is one, else the seconds recorded in
// suite-seconds.json (refresh it with scripts/suite-seconds.mjs from a `jest --json` output). A
// suite with neither (a new one) runs first, as Jest runs suites it has no timing for first, the
// larger file first. Unlike Jest's, suites that failed last time are not moved to the front: the
// order serves the whole run's length, not the first failure's.
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, 'suite-seconds.json'), 'utf8')).seconds;

class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    const expected = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      const rel = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
      return recorded[rel] ?? Number.POSITIVE_INFINITY;
    };
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const seconds = new Map(tests.map((t) => [t, expected(t)]));
    return [...tests].sort((a, b) => {
      const sa = seconds.get(a);
      const sb = seconds.get(b);
      if (sa !== sb) return sb > sa ? 1 : -1;
      return size(b) - size(a) || (a.path < b.path ? -1 : 1);
    });
  }
}

module.exports = SlowestFirstSequencer;
