/** The atomic writer gathers small writes before writing them: the file and its hash are those of every byte in order. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { openAtomicWriter } from '../../src/store/atomicFile.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('many small writes, a reused buffer and a piece over the buffer size give the same bytes and sha256', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-atomic-writer-'));
  dirs.push(dir);
  const file = path.join(dir, 'table.csv');
  const out = openAtomicWriter(file);
  const expected: Buffer[] = [];
  const reused = Buffer.alloc(8);
  for (let i = 0; i < 50_000; i++) {
    const row = `${i},"café ${i}"\n`;
    out.write(row);
    expected.push(Buffer.from(row));
    // A caller that fills one buffer again after each write (a stream's chunk) must not change what was written.
    reused.write(String(i % 1e8).padStart(8, '0'));
    out.write(reused);
    expected.push(Buffer.from(reused));
  }
  const big = Buffer.alloc(3 << 20, 'x');
  out.write(big);
  expected.push(big);
  out.write('end\n');
  expected.push(Buffer.from('end\n'));
  expect(fs.existsSync(file)).toBe(false);
  const written = out.commit();
  const all = Buffer.concat(expected);
  expect(fs.readFileSync(file).equals(all)).toBe(true);
  expect(written).toEqual({ bytes: all.length, sha256: createHash('sha256').update(all).digest('hex') });
  expect(fs.readdirSync(dir)).toEqual(['table.csv']);
});

test('abort leaves no file, also with bytes still gathered', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-atomic-writer-'));
  dirs.push(dir);
  const out = openAtomicWriter(path.join(dir, 'x.csv'));
  out.write('a,b\n');
  out.abort();
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('a buffer handed over (owned) is kept without a copy; any other is copied before write() returns', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-atomic-writer-'));
  dirs.push(dir);
  const file = path.join(dir, 'rows.csv');
  const out = openAtomicWriter(file);
  const copied = Buffer.from('a,1\n');
  const owned = Buffer.from('b,2\n');
  out.write(copied);
  out.write(owned, true);
  // Both are still gathered (far under the 1 MiB write size): changing them now shows which were copied.
  copied.write('X');
  owned.write('Y');
  out.commit();
  expect(fs.readFileSync(file, 'utf8')).toBe('a,1\nY,2\n');
});
