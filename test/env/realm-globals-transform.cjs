// ts-jest, then one line that binds the built-ins our modules use to module-scope constants.
//
// Jest runs every test file in its own vm context. In Node 20 that context's global object is a
// proxy (V8 named-property interceptors), so each lookup of a global such as `Math`, `Map` or
// `Float64Array` from code inside it takes a slow uncached path: a loop calling Math.exp took 34
// times as long in a vm context as in the main one (2e7 calls, 8.0 s against 0.24 s), and the
// logistic fit behind the learned judges ran 2.7 times slower under Jest than through tsx. A module-scope
// constant holding the same object is a plain variable to V8, so the same code runs at the bin's
// speed; the objects are the context's own (the environment's typed arrays included), so nothing
// a test sees changes. A Jest environment whose context were made with Node 22.8's
// vm.constants.DONT_CONTEXTIFY (nodejs/node#54394) would not need this; Node 20 has no such context.
//
// The line goes before the first line of the output, on it (no newline), so line numbers in stack
// traces and source maps stay right. Names the module declares in its outermost scope (a second
// declaration would be a syntax error) or assigns anywhere (a constant would throw) are left out; so
// are the globals Jest or a test may replace (Date, timers, console, process).
const { createTransformer } = require('ts-jest').default;
const ts = require('typescript');

const BUILT_INS = [
  'Math', 'JSON', 'Number', 'String', 'Boolean', 'Object', 'Array', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'Symbol', 'BigInt', 'Reflect', 'RegExp', 'Promise', 'Error', 'TypeError', 'RangeError',
  'ArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array',
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
  'isFinite', 'isNaN', 'parseInt', 'parseFloat', 'Buffer', 'TextEncoder', 'TextDecoder',
];
// Bumped when the prologue changes, so Jest's transform cache does not serve the old output.
const PROLOGUE_VERSION = '2';

/**
 * The names the code declares in its outermost scope, where a `const` of the same name would clash,
 * and the names it assigns anywhere:
 * top-level declarations of any kind and imports, plus `var`s and functions inside top-level blocks
 * (both are hoisted to the outermost scope). Read with the TypeScript parser (JavaScript is a
 * subset), so lists such as `var a = 1, Buffer = b.Buffer;` and destructuring patterns are seen.
 */
function outerNames(code) {
  const file = ts.createSourceFile('module.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const names = new Set();
  const bind = (name) => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) for (const e of name.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  const visit = (node, top) => {
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) return bind(node.name);
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return undefined;
    if (ts.isVariableStatement(node)) {
      const isVar = !(node.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const));
      if (top || isVar) for (const d of node.declarationList.declarations) bind(d.name);
      return undefined;
    }
    if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) for (const d of node.declarations) bind(d.name);
    if (ts.isImportDeclaration(node) && node.importClause) {
      const c = node.importClause;
      bind(c.name);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) bind(c.namedBindings.name);
      else if (c.namedBindings) for (const e of c.namedBindings.elements) bind(e.name);
      return undefined;
    }
    if (ts.isImportEqualsDeclaration(node)) return bind(node.name);
    ts.forEachChild(node, (child) => visit(child, false));
    return undefined;
  };
  for (const statement of file.statements) visit(statement, true);
  // Names assigned anywhere (`Promise = require('bluebird')` in sloppy code): a constant would throw.
  const assigned = (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(node.left)) names.add(node.left.text);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) names.add(node.operand.text);
    ts.forEachChild(node, assigned);
  };
  assigned(file);
  return names;
}

/** `code` with the prologue after its shebang and directives ('use strict' must stay a directive), on the same line. */
function withPrologue(code) {
  const declared = outerNames(code);
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
  /** For test/env/realmGlobals.test.ts. */
  withPrologue,
};
