/**
 * The code version that goes into every stage cache key: a release that changes results
 * must bump package.json's version so nightly runs do not reuse stale stage results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string; dependencies: Record<string, string> };

export const CODE_VERSION: string = pkg.version;

/**
 * Installed versions of the runtime dependencies, for the run manifest and for the keys of what is
 * kept between runs (ingest's articles, report.html's charts, the rows report copies). A package
 * whose `exports` leave out its package.json (csv-stringify, vega, p-limit, commander, re2js) is found
 * from its entry point upwards; only one that cannot be resolved at all gives package.json's range.
 */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version, crossframe: pkg.version };
  for (const name of Object.keys(pkg.dependencies).sort()) out[name] = installedVersion(name) ?? pkg.dependencies[name];
  return out;
}

function installedVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    // Not exported: walk up from the resolved entry point to the package's own package.json
    // (a package may hold others, such as dist/cjs/package.json, without its name).
  }
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return undefined;
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    try {
      const found = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (found.name === name && found.version) return found.version;
    } catch {
      // An unreadable package.json on the way up: keep looking.
    }
  }
  return undefined;
}
