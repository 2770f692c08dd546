/**
 * The bench's peak-RSS probe over a run that is two processes (runtime.heapLimitMB relaunches the
 * run, src/runtime/heapLimit.ts): the file must hold the larger process's peak, not the peak of
 * whichever process exited last.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../reliability/cliHarness.js';

test('a parent that waits for a bigger child records the child\'s peak and both CPU times', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-probe-'));
  try {
    const peakFile = path.join(dir, 'peak.json');
    const probe = pathToFileURL(path.join(REPO_ROOT, 'src', 'bench', 'peakRssProbe.ts')).href;
    const flags = ['--import', 'tsx', '--import', probe];
    // The child touches 200 MB, the parent nothing of the kind; the child exits first, as a relaunched run does.
    const child = `const b = Buffer.alloc(200 * 1048576, 1); console.log(b[b.length - 1]);`;
    const parent = `require('node:child_process').spawnSync(process.execPath, [...process.execArgv, '-e', ${JSON.stringify(child)}], { stdio: 'inherit' });`;
    const run = spawnSync(process.execPath, [...flags, '-e', parent], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '', CROSSFRAME_PEAK_RSS_FILE: peakFile }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const peak = JSON.parse(fs.readFileSync(peakFile, 'utf8')) as { maxRssKB: number; processes: number; userCpuMs: number };
    expect(peak.processes).toBe(2);
    expect(peak.maxRssKB / 1024).toBeGreaterThan(200);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
