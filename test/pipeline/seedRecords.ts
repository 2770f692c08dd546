/**
 * A seed article as one JSON-lines record with the date and outlet a test gives it: the incremental
 * suites build their nights from the five seeds this way. `extra` is appended to the text (an edit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../models/compactModels.js';

const seedFiles = fs.readdirSync(path.join(REPO_ROOT, 'seeds')).sort();

export function seedRecord(prefix: string, published: string, outlet: string, extra = ''): string {
  const name = seedFiles.find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`seeds/: no seed file starts with "${prefix}"; the test names a seed that is not there`);
  const [title, ...body] = fs.readFileSync(path.join(REPO_ROOT, 'seeds', name), 'utf8').split('\n');
  return JSON.stringify({ id: name.replace(/\.txt$/, ''), title, text: body.join('\n').trim() + extra, outlet, published, url: `https://example.org/${prefix}` });
}
