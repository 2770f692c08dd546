// The same prologue for the JavaScript of packages (compromise, wink-nlp, the tokenizers of
// transformers.js, exceljs, vega): their code runs in the test file's vm context too, with the same
// slow global lookups (test/env/realm-globals-transform.cjs). Nothing else of the code changes.
const { createHash } = require('node:crypto');
const { withPrologue, PROLOGUE_VERSION } = require('./realm-globals-transform.cjs');

module.exports = {
  getCacheKey: (source, filename) => createHash('sha256').update(`realm-globals:${PROLOGUE_VERSION}\0${filename}\0`).update(source).digest('hex'),
  process: (source) => ({ code: withPrologue(source) }),
};
