// Writes test/env/suite-seconds.json (the order test/env/slowest-first-sequencer.cjs runs suites in
// on a machine without Jest's own timings) from a `jest --json --outputFile=FILE` result:
//   node scripts/suite-seconds.mjs FILE "what machine, load, date"
// Only the order matters, so timings from a loaded machine serve as long as the load was even.
import fs from 'node:fs';
import path from 'node:path';

const [file, note] = process.argv.slice(2);
if (!file || !note) {
  console.error('usage: node scripts/suite-seconds.mjs JEST_JSON "measured where, how loaded, when"');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const result = JSON.parse(fs.readFileSync(file, 'utf8'));
// The run may come from another checkout: suites are named from the folder test/ that holds them all.
const names = result.testResults.map((r) => r.name);
const testDir = names[0].slice(0, names[0].lastIndexOf(`${path.sep}test${path.sep}`) + 6);
if (!names.every((n) => n.startsWith(testDir))) throw new Error(`${file}: not every suite is under ${testDir}`);
// `jest --json` gives startTime/endTime per suite; a reporter's raw results give perfStats.
const ms = (r) => (r.perfStats ? r.perfStats.end - r.perfStats.start : r.endTime - r.startTime);
const seconds = Object.fromEntries(
  result.testResults
    .map((r) => [`test/${r.name.slice(testDir.length).split(path.sep).join('/')}`, Math.round(ms(r) / 100) / 10])
    .sort((a, b) => b[1] - a[1]),
);
const out = path.join(root, 'test/env/suite-seconds.json');
fs.writeFileSync(out, `${JSON.stringify({ measured: note, seconds }, null, 1)}\n`);
console.log(`${out}: ${Object.keys(seconds).length} suites`);
