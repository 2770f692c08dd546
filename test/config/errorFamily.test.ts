/**
 * One error family: every loader of an editor YAML file, called as a stage calls it (without the
 * pre-flight), throws a ConfigError (a CrossframeError with exit code 2) whose every line is
 * `file:line:col key: message. Fix: ...` — for a missing file, a device, a syntax error, an alias
 * bomb and a schema mistake alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, CrossframeError, EXIT, UsageError } from '../../src/runtime/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { loadOutlets } from '../../src/ingest/outlets.js';
import { loadAliasTable } from '../../src/text/entityAliases.js';
import { loadStanceLexicon } from '../../src/analysis/claims/stance.js';
import { loadLexiconFile, loadSpeakersFile } from '../../src/analysis/framing/resources.js';
import { loadVerdicts } from '../../src/report/verdicts.js';
import { LockHeldError } from '../../src/store/lock.js';
import { OutputError } from '../../src/store/outputError.js';
import { ModelNotFoundError } from '../../src/models/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossframe-errors-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LOADERS: [string, (file: string) => unknown, string][] = [
  ['config', (f) => loadConfig(f), '--config'],
  ['outlets', (f) => loadOutlets(f), 'input.outletsFile'],
  ['entities', (f) => loadAliasTable(f), 'segment.entityAliasesFile'],
  ['stance', (f) => loadStanceLexicon(f), 'claims.stanceLexicon'],
  ['hedges lexicon', (f) => loadLexiconFile(f, 'hedges'), 'framing.hedgesLexicon'],
  ['speakers', (f) => loadSpeakersFile(f), 'framing.speakersFile'],
  ['verdicts', (f) => loadVerdicts(f), 'report.verdictsFile'],
];

const BOMB = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');

const BROKEN: Record<string, string> = {
  syntax: 'key: [unclosed\n',
  bomb: `${BOMB}\n`,
  schema: 'entities: 3\nterms: 3\noutlets: 3\nrefuse: 3\ngroups: 3\nverdicts: 3\nevents: 3\n',
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

function expectLocated(err: unknown, file: string): void {
  expect(err).toBeInstanceOf(ConfigError);
  expect(err).toBeInstanceOf(CrossframeError);
  const e = err as ConfigError;
  expect(e.exitCode).toBe(EXIT.usage);
  expect(e.problems.length).toBeGreaterThan(0);
  for (const p of e.problems) expect(p).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ \\S[^:]*: .+\\. Fix: .+`));
}

describe.each(LOADERS)('the %s loader', (_kind, load, key) => {
  test.each(Object.keys(BROKEN))('a %s mistake is a located ConfigError', (mistake) => {
    const file = path.join(dir, `${_kind.replace(/\s/g, '-')}-${mistake}.yaml`);
    fs.writeFileSync(file, BROKEN[mistake]);
    expectLocated(thrown(() => load(file)), file);
  });

  test('a missing file and /dev/zero are located ConfigErrors naming the key', () => {
    const missing = path.join(dir, 'no-such.yaml');
    const notFound = thrown(() => load(missing));
    expectLocated(notFound, missing);
    expect((notFound as ConfigError).problems[0]).toContain(`${missing}:1:1 ${key}: cannot read`);
    const zero = thrown(() => load('/dev/zero'));
    expectLocated(zero, '/dev/zero');
    expect((zero as ConfigError).problems[0]).toContain(`/dev/zero:1:1 ${key}: `);
  });
});

test('the other user-facing errors are in the family, each with its exit code', () => {
  expect(new UsageError('--x: bad')).toMatchObject({ exitCode: EXIT.usage });
  expect(new LockHeldError('/out/.lock', { pid: 1, host: 'h', startedAt: 'then' })).toMatchObject({ exitCode: EXIT.locked });
  expect(new OutputError('disk full', '/out', 'ENOSPC')).toBeInstanceOf(CrossframeError);
  expect(new OutputError('disk full', '/out', 'ENOSPC').exitCode).toBe(EXIT.failed);
  expect(new ModelNotFoundError({ role: 'nli', modelId: 'x', searched: [], remoteAllowed: false, reason: 'missing' } as never)).toBeInstanceOf(CrossframeError);
  expect(new CrossframeError('it broke', { fix: 'mend it' }).message).toBe('it broke. Fix: mend it');
});

test('a missing, malformed or stale judge file is a located ConfigError naming its key', async () => {
  const { loadToneJudge } = await import('../../src/analysis/framing/toneModel.js');
  const missing = path.join(dir, 'no-such-tone.json');
  const notFound = thrown(() => loadToneJudge(missing));
  expectLocated(notFound, missing);
  expect((notFound as ConfigError).problems[0]).toContain(`${missing}:1:1 framing.toneModel: cannot read`);
  const broken = path.join(dir, 'broken-tone.json');
  fs.writeFileSync(broken, '{"kind": "tone", ');
  expectLocated(thrown(() => loadToneJudge(broken)), broken);
});
