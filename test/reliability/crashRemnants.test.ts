/**
 * What killed runs leave in the output folder is cleaned up by the next run that publishes, and
 * nothing crossframe did not make is touched. (The kill loop found a run killed while deleting an
 * old partial folder: with the marker gone first, the remnant was never deleted.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRunFolder, finalizeRunFolder, readLatestTarget, RUN_MARKER } from '../../src/report/runFolder.js';

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-remnants-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

test('partial folders, empty run-named folders and temp latest links are removed; foreign folders stay', () => {
  // A partial run killed while it was being deleted: some files gone, the marker still there.
  const halfDeleted = createRunFolder(out, '20260101-000000Z-aaaa');
  fs.writeFileSync(path.join(halfDeleted, 'report.yaml'), 'x');
  // Killed between creating a run folder and its marker, or between deleting the marker and the folder.
  fs.mkdirSync(path.join(out, '20260101-000001Z-bbbb.partial'));
  fs.mkdirSync(path.join(out, '20260101-000002Z-cccc'));
  // Killed between making the new latest link and renaming it over the old one.
  fs.symlinkSync('20260101-000000Z-aaaa', path.join(out, '.latest.12345.lx2k3.tmp'));
  // Not crossframe's: a folder named like a run but without a marker, with content.
  fs.mkdirSync(path.join(out, '20260101-000003Z-dddd'));
  fs.writeFileSync(path.join(out, '20260101-000003Z-dddd', 'notes.txt'), 'mine');

  const dir = createRunFolder(out, '20260101-000100Z-eeee');
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
  finalizeRunFolder(out, '20260101-000100Z-eeee', 5);

  expect(readLatestTarget(out)).toBe('20260101-000100Z-eeee');
  expect(fs.readdirSync(out).sort()).toEqual(['20260101-000003Z-dddd', '20260101-000100Z-eeee', 'latest']);
  expect(fs.readFileSync(path.join(out, '20260101-000003Z-dddd', 'notes.txt'), 'utf8')).toBe('mine');
  expect(fs.existsSync(path.join(out, '20260101-000100Z-eeee', RUN_MARKER))).toBe(true);
});
