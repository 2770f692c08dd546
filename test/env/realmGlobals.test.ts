/**
 * The line test/env/realm-globals-transform.cjs puts before each of our modules: it binds the
 * built-ins the module neither declares nor assigns, keeps a 'use strict' directive first, adds no
 * line, and the module it makes still runs with the same objects.
 */
import vm from 'node:vm';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { withPrologue } = require('./realm-globals-transform.cjs') as { withPrologue: (code: string) => string };

/** The names the line binds. */
const bound = (code: string) => (/const \{ ([^}]*) \} = globalThis;/.exec(withPrologue(code))?.[1] ?? '').split(', ').filter(Boolean);

test('names the module declares in its outermost scope or assigns anywhere are left out', () => {
  const cases: [string, string[]][] = [
    ['var _require = require("buffer"),\n  Buffer = _require.Buffer;', ['Buffer']],
    ['import { a as Map } from "b";\nexport function Set() {}', ['Map', 'Set']],
    ['import * as JSON from "j";\nimport Symbol from "s";', ['JSON', 'Symbol']],
    ['if (x) { var Promise = 1; }\nfor (var Number of y) {}', ['Promise', 'Number']],
    ['const { Error: E, Reflect } = foo;\nclass Math {}', ['Reflect', 'Math']],
    ['const [Float32Array, ...Array] = list;', ['Float32Array', 'Array']],
    ['Object = other;\nfunction f() { Buffer += 1; String++; }', ['Object', 'Buffer', 'String']],
  ];
  for (const [code, left] of cases) {
    const names = bound(code);
    for (const name of left) expect(`${name}: ${names.includes(name)}`).toBe(`${name}: false`);
    expect(names).toContain('WeakMap');
  }
  // Declared in a nested function only: a shadow, not a clash; bound.
  expect(bound('function f() { const Map = 1; var Set = 2; return Map + Set; }')).toEqual(expect.arrayContaining(['Map', 'Set']));
});

test('the line goes after a shebang and a use-strict directive, on their line, and the code runs the same', () => {
  const code = '#!/usr/bin/env node\n"use strict";\nmodule.exports = [Math.max(1, 2), new Map([[1, 2]]).size, typeof this];';
  const out = withPrologue(code);
  expect(out.split('\n')).toHaveLength(code.split('\n').length);
  expect(out.startsWith('#!/usr/bin/env node\n"use strict";const {')).toBe(true);
  // Still strict: `this` in a plain function call is undefined.
  const run = (source: string) => {
    const context = vm.createContext({ module: { exports: null as unknown } });
    vm.runInContext(`(function () { ${source.replace(/^#![^\n]*\n/, '')}\n}).call(undefined)`, context);
    return context.module.exports;
  };
  expect(run(out)).toEqual(run(code));
  expect(run(out)).toEqual([2, 1, 'undefined']);
  // A module without a directive gets the line first.
  expect(withPrologue('export const x = Math.PI;')).toMatch(/^const \{ Math, .*\} = globalThis; export const x = Math\.PI;$/);
});
