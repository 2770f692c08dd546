/**
 * packageVersions gives the installed version of every runtime dependency, also of those whose
 * `exports` leave out their package.json (csv-stringify, vega, p-limit): it goes into the keys of what
 * runs keep (the rows report copies, report.html's charts, ingest's articles), where package.json's
 * range ("^6.9.0") would let an upgrade reuse what the old version made.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageVersions } from '../../src/runtime/version.js';
import { REPO_ROOT } from '../models/compactModels.js';

test('every dependency at its installed version, read from its own package.json', () => {
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const versions = packageVersions();
  expect(Object.keys(versions).sort()).toEqual(['crossframe', 'node', ...Object.keys(dependencies)].sort());
  for (const name of Object.keys(dependencies)) {
    const installed = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect([name, versions[name]]).toEqual([name, installed]);
  }
  // The ones Node refuses `require('<name>/package.json')` for.
  for (const name of ['csv-stringify', 'vega', 'p-limit']) expect(versions[name]).toMatch(/^\d+\.\d+\.\d+/);
});
