/**
 * Regenerates the README's configuration table from the schema (the single source of truth):
 * `npm run docs:config`. The config test fails when the README misses a key.
 */
import fs from 'node:fs';
import { describeConfig } from '../src/config/load.js';

const START = '<!-- CONFIG-TABLE:START (npm run docs:config) -->';
const END = '<!-- CONFIG-TABLE:END -->';
const rows = describeConfig()
  .filter((d) => d.key !== 'extends')
  .map((d) => `| \`${d.key}\` | \`${JSON.stringify(d.default)}\` | ${d.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
const table = [START, '', '| key | default | meaning |', '| --- | --- | --- |', ...rows, '', END].join('\n');
const readme = fs.readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < 0) throw new Error(`README.md: markers ${START} / ${END} not found; add them where the table belongs.`);
fs.writeFileSync('README.md', readme.slice(0, start) + table + readme.slice(end + END.length));
process.stdout.write(`README.md: ${rows.length} config keys\n`);
