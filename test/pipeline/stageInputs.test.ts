/**
 * `--stages framing` takes the stages' inputs from the last run: each is checked on disk (present
 * and intact), never decoded, so a stage that streams its inputs is not preceded by a whole load of
 * them (at 50,000 articles the enrichment's 2.2 M vectors exceeded the heap limit here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCatalog } from '../../pipeline/catalog.js';
import { gatherInputs } from '../../pipeline/session.js';
import { StageInputMissingError } from '../../pipeline/executor.js';
import { STAGES } from '../../pipeline/stages.js';
import { tempDir } from '../tempDir.js';

const framing = STAGES.find((s) => s.name === 'framing')!;

function storeOfFramingInputs() {
  const dir = tempDir('cf-stage-inputs-');
  const catalog = openCatalog(dir);
  const stored = Object.fromEntries(framing.reads.map((name, i) => [name, catalog.save([{ id: `${name}-${i}`, text: 'x'.repeat(1000) }])]));
  catalog.keepOnly([]);
  return { dir, stored };
}

test('the last run\'s inputs are found by their stored blobs, through has() alone', () => {
  const { dir, stored } = storeOfFramingInputs();
  // A fresh catalog (nothing in memory) seen only through has(): gatherInputs cannot decode a blob.
  const fresh = openCatalog(dir);
  const hashes: Record<string, string> = {};
  expect(gatherInputs(framing, hashes, stored, { has: (h) => fresh.has(h) })).toEqual(stored);
  // Recorded as this run's inputs for the stages after it.
  expect(hashes).toEqual(stored);
  // This run's own datasets come first.
  expect(gatherInputs(framing, { ...stored, events: 'f'.repeat(64) }, stored, { has: () => false }).events).toBe('f'.repeat(64));
});

test('a missing or damaged stored input names the stage that makes it', () => {
  const { dir, stored } = storeOfFramingInputs();
  const file = path.join(dir, 'datasets', `${stored.enrichment}.v8`);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 2] ^= 0xff;
  fs.writeFileSync(file, bytes);
  const warnings: string[] = [];
  const fresh = openCatalog(dir, { warn: (m) => warnings.push(m) });
  expect(() => gatherInputs(framing, {}, stored, fresh)).toThrow(StageInputMissingError);
  expect(warnings[0]).toContain(file);
  expect(() => gatherInputs(framing, {}, stored, fresh)).toThrow(/enrich/);
  const { events: _dropped, ...withoutEvents } = stored;
  expect(() => gatherInputs(framing, {}, withoutEvents, openCatalog(storeOfFramingInputs().dir))).toThrow(/events/);
});
