/**
 * chrono-node, loaded on first use through `require` of its CommonJS build (the same version:
 * package.json's "require" export). Its ES build is 266 modules, each through tsx's loader at
 * every CLI start (0.6-1.1 s CPU against 0.24-0.34 s for the CommonJS build, measured 3 December
 * 2026); `require` loads synchronously, so the date readers stay synchronous.
 */
import { createRequire } from 'node:module';

type Chrono = typeof import('chrono-node');
let loaded: Chrono | undefined;

export function chrono(): Chrono {
  return (loaded ??= createRequire(import.meta.url)('chrono-node') as Chrono);
}
