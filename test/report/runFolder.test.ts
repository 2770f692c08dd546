import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic, replaceSymlink } from '../../src/report/atomicWrite.js';
import { createRunFolder, discardRunFolder, finalizeRunFolder, listRuns, readLatestTarget } from '../../src/report/runFolder.js';
import { tempDir } from '../tempDir.js';

function tmp(): string {
  return tempDir('cf-runs-');
}

function completeRun(out: string, id: string, mtime: number): void {
  const dir = createRunFolder(out, id);
  fs.writeFileSync(path.join(dir, 'articles.csv'), 'id\n');
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
  fs.utimesSync(path.join(dir, 'manifest.json'), mtime, mtime);
  finalizeRunFolder(out, id, 100);
}

describe('atomic writes', () => {
  it('replaces a file whole and leaves no temp files', () => {
    const dir = tmp();
    const file = path.join(dir, 'a.csv');
    writeAtomic(file, 'old');
    writeAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['a.csv']);
  });

  it('switches a symlink in one rename and refuses to replace a real folder', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'r1'));
    fs.mkdirSync(path.join(dir, 'r2'));
    replaceSymlink('r1', path.join(dir, 'latest'));
    replaceSymlink('r2', path.join(dir, 'latest'));
    expect(fs.readlinkSync(path.join(dir, 'latest'))).toBe('r2');
    fs.mkdirSync(path.join(dir, 'real'));
    expect(() => replaceSymlink('r1', path.join(dir, 'real'))).toThrow(/not a symlink.*Fix:/);
    expect(fs.readdirSync(dir).sort()).toEqual(['latest', 'r1', 'r2', 'real']);
  });
});

describe('run folders', () => {
  it('writes into <id>.partial and publishes it as <id> with latest pointing at it', () => {
    const out = tmp();
    const dir = createRunFolder(out, 'run-1');
    expect(dir).toBe(path.join(out, 'run-1.partial'));
    expect(readLatestTarget(out)).toBe('');
    fs.writeFileSync(path.join(dir, 'x.csv'), 'a\n');
    finalizeRunFolder(out, 'run-1', 5);
    expect(fs.existsSync(path.join(out, 'run-1.partial'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'latest', 'x.csv'), 'utf8')).toBe('a\n');
    expect(readLatestTarget(out)).toBe('run-1');
  });

  it('leaves the previous run and latest intact when a run is discarded', () => {
    const out = tmp();
    completeRun(out, 'run-1', 1000);
    createRunFolder(out, 'run-2');
    discardRunFolder(out, 'run-2');
    expect(readLatestTarget(out)).toBe('run-1');
    expect(fs.existsSync(path.join(out, 'run-2.partial'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'run-1', 'articles.csv'))).toBe(true);
  });

  it('keeps the newest keepRuns runs, removes stale partial folders, and never touches other folders', () => {
    const out = tmp();
    for (let i = 1; i <= 4; i++) completeRun(out, `run-${i}`, 1000 * i);
    fs.mkdirSync(path.join(out, 'notes'));
    fs.writeFileSync(path.join(out, 'notes', 'manifest.json'), '{}');
    createRunFolder(out, 'crashed');
    const dir = createRunFolder(out, 'run-5');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    const { removed } = finalizeRunFolder(out, 'run-5', 2);
    expect(removed.map((r) => path.basename(r)).sort()).toEqual(['crashed.partial', 'run-1', 'run-2', 'run-3']);
    expect(fs.readdirSync(out).sort()).toEqual(['latest', 'notes', 'run-4', 'run-5']);
    expect(listRuns(out).map((r) => r.name)).toEqual(['run-5', 'run-4']);
  });

  it('refuses run ids that are not plain folder names', () => {
    const out = tmp();
    for (const id of ['../escape', 'latest', 'a/b', '', 'x.partial']) expect(() => createRunFolder(out, id)).toThrow(/not usable/);
  });
});
