/**
 * The code version that goes into every stage cache key: a release that changes results
 * must bump package.json's version so nightly runs do not reuse stale stage results.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string; dependencies: Record<string, string> };

export const CODE_VERSION: string = pkg.version;

/** Installed versions of the runtime dependencies, for the run manifest. */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version, crossframe: pkg.version };
  for (const name of Object.keys(pkg.dependencies).sort()) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      out[name] = pkg.dependencies[name];
    }
  }
  return out;
}
