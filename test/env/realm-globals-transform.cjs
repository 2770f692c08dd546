// ts-jest, then one line that binds the built-ins our modules use to module-scope constants.
//
// Jest runs every test file in its own vm context. In Node 20 that context's global object is a
// proxy (V8 named-property interceptors), so each lookup of a global such as `Math`, `Map` or
// `Float64Array` from code inside it takes a slow uncached path: a loop calling Math.exp took 34
// times as long in a vm context as in the main one (2e7 calls, 8.0 s against 0.24 s), and the
// tone model's cross-validated fit ran 2.7 times slower under Jest than in the bin. A module-scope
// constant holding the same object is a plain variable to V8, so the same code runs at the bin's
// speed; the objects are the context's own (the environment's typed arrays included), so nothing
// a test sees changes. Node 22's vm.constants.DONT_CONTEXTIFY makes this unnecessary.
//
// The line goes before the first line of the output, on it (no newline), so line numbers in stack
// traces and source maps stay right. Names a module declares itself at top level are left out (a
// second declaration would be a syntax error); so are the globals Jest or a test may replace
// (Date, timers, console, process).
const { createTransformer } = require('ts-jest').default;

const BUILT_INS = [
  'Math', 'JSON', 'Number', 'String', 'Boolean', 'Object', 'Array', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'Symbol', 'BigInt', 'Reflect', 'RegExp', 'Promise', 'Error', 'TypeError', 'RangeError',
  'ArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array',
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
  'isFinite', 'isNaN', 'parseInt', 'parseFloat', 'Buffer', 'TextEncoder', 'TextDecoder',
];
// Bumped when the prologue changes, so Jest's transform cache does not serve the old output.
const PROLOGUE_VERSION = '1';

/** Names the module itself declares or imports at top level (a cheap, conservative scan: a false hit only leaves a name out). */
function declaredNames(code) {
  const names = new Set();
  const declaration = /\b(?:const|let|var|function\*?|class|import)\s+([A-Za-z_$][\w$]*)/g;
  for (let m; (m = declaration.exec(code)); ) names.add(m[1]);
  // Destructured and imported lists: `{ a, b as Map }`, `const { Map } = ...`.
  const list = /\b(?:import|const|let|var)\s*(?:type\s+)?\{([^}]*)\}/g;
  for (let m; (m = list.exec(code)); ) for (const part of m[1].split(',')) {
    const local = part.split(/\s+as\s+|:/).pop().trim().replace(/=.*$/, '').trim();
    if (local) names.add(local);
  }
  const namespace = /\bimport\s+\*\s+as\s+([A-Za-z_$][\w$]*)/g;
  for (let m; (m = namespace.exec(code)); ) names.add(m[1]);
  return names;
}

/** `code` with the prologue after its shebang and directives ('use strict' must stay a directive), on the same line. */
function withPrologue(code) {
  const declared = declaredNames(code);
  const bound = BUILT_INS.filter((name) => !declared.has(name));
  if (!bound.length) return code;
  const head = /^(?:#![^\n]*\n)?(?:\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*(?:\s*(['"])use strict\1\s*;?)?/.exec(code)[0];
  return `${head}${head && !/[;\n]\s*$/.test(head) && /use strict/.test(head) ? ';' : ''}const { ${bound.join(', ')} } = globalThis; ${code.slice(head.length)}`;
}

const withPrologueResult = (result) => (typeof result === 'string' ? withPrologue(result) : { ...result, code: withPrologue(result.code) });

module.exports = {
  createTransformer(options) {
    const inner = createTransformer(options);
    return {
      ...inner,
      canInstrument: inner.canInstrument,
      getCacheKey: (...args) => `${inner.getCacheKey(...args)}:realm-globals:${PROLOGUE_VERSION}`,
      getCacheKeyAsync: async (...args) => `${await inner.getCacheKeyAsync(...args)}:realm-globals:${PROLOGUE_VERSION}`,
      process: (...args) => withPrologueResult(inner.process(...args)),
      processAsync: async (...args) => withPrologueResult(await inner.processAsync(...args)),
    };
  },
  withPrologue,
  PROLOGUE_VERSION,
};
