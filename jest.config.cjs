/** Jest runs the TypeScript sources as ES modules (transformers.js is ESM-only). */

// One onnxruntime thread per model session (models.threads' env fallback): two Jest workers on
// 2 cores each running a model with onnxruntime's default of one thread per core took 17.1 s per
// call against 11.1-11.4 s with 1 thread each (150 batches of 32 x 64 tokens, compact embedding
// model). Set in the parent, so the workers and the CLI processes tests spawn inherit it; an
// explicit CROSSFRAME_MODEL_THREADS in the environment wins.
process.env.CROSSFRAME_MODEL_THREADS ??= '1';

module.exports = {
  testEnvironment: '<rootDir>/test/env/typed-array-environment.cjs',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // ts-jest, plus one line binding the built-ins to module constants: lookups of globals from Jest's
  // vm context are slow in Node 20 (test/env/realm-globals-transform.cjs).
  // Only our modules: given to packages' JavaScript as well (compromise, wink-nlp, exceljs), the same
  // line changed what a segment test stored (test/pipeline/segment.test.ts, 2 runs of 3 with a cold
  // transform cache), so packages run as they are.
  transform: { '^.+\\.ts$': ['<rootDir>/test/env/realm-globals-transform.cjs', { useESM: true, isolatedModules: true, diagnostics: false }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // A generous ceiling, not a speed check: suites must pass on a loaded 2-core machine (speed: npm run bench).
  testTimeout: 300000,
  // Model-loading tests are CPU-bound; two workers match the two cores CI has.
  maxWorkers: 2,
  // Slowest suites first, also on a fresh clone without Jest's cached timings (test/env/suite-seconds.json).
  testSequencer: '<rootDir>/test/env/slowest-first-sequencer.cjs',
};
