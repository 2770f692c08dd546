import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/load.js';
import { tempDir } from '../tempDir.js';

const fixtures = path.join('test', 'fixtures', 'config');

function problemsOf(file: string): string[] {
  try {
    loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error(`${file} loaded without errors`);
}

describe('loadConfig', () => {
  it('fills every default when no file is given', () => {
    const { config, warnings } = loadConfig(null);
    expect(config.input.paths).toEqual(['seeds']);
    expect(config.input.maxFileBytes).toBe(5 * 1024 * 1024);
    expect(config.report.bom).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('reports every error at once with file:line:col and the key path', () => {
    const file = path.join(fixtures, 'bad.yaml');
    const problems = problemsOf(file);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file.replace(/\./g, '\\.')}:2:\\d+ input\\.paths: `)),
        expect.stringMatching(/bad\.yaml:3:\d+ input\.maxFileBytes: /),
        expect.stringMatching(/bad\.yaml:6:\d+ models\.batchSize: /),
        expect.stringMatching(/bad\.yaml:11:\d+ events\.threshold: /),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('warns about unknown keys with the closest valid one, and keeps going', () => {
    const file = path.join(fixtures, 'child.yaml');
    const tmp = tempDir('cfg-');
    const typo = path.join(tmp, 'typo.yaml');
    fs.writeFileSync(typo, 'input:\n  langauges: [en]\nmodels:\n  embedding:\n    quantised: false\n');
    const { warnings, config } = loadConfig(typo);
    expect(warnings).toEqual([
      `${typo}:2:3 input.langauges: unknown key, ignored (did you mean "input.languages"?)`,
      `${typo}:5:5 models.embedding.quantised: unknown key, ignored (did you mean "models.embedding.quantized"?)`,
    ]);
    expect(config.input.languages).toEqual(['en']);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('merges a profile over the file it extends', () => {
    const { config, files } = loadConfig(path.join(fixtures, 'child.yaml'));
    expect(config.events.threshold).toBe(0.7);
    expect(config.events.windowDays).toBe(3);
    // base.yaml writes `some/folder`: relative to base.yaml's folder, not to the working directory.
    expect(config.input.paths).toEqual([path.resolve(fixtures, 'some/folder')]);
    expect(files.map((f) => path.basename(f))).toEqual(['child.yaml', 'base.yaml']);
  });

  it('follows an absolute extends path as written', () => {
    const dir = tempDir('cf-extends-');
    try {
      const child = path.join(dir, 'night.yaml');
      fs.writeFileSync(child, `extends: ${JSON.stringify(path.resolve(fixtures, 'base.yaml'))}\nevents:\n  threshold: 0.5\n`);
      const { config, files } = loadConfig(child);
      expect(config.events.threshold).toBe(0.5);
      expect(config.input.paths).toEqual([path.resolve(fixtures, 'some/folder')]);
      expect(files.map((f) => path.basename(f))).toEqual(['night.yaml', 'base.yaml']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves paths against the file that writes them; unset resources point inside the package', () => {
    const dir = tempDir('cf-paths-');
    const cwd = process.cwd();
    try {
      fs.mkdirSync(path.join(dir, 'profiles'));
      const profile = path.join(dir, 'profiles', 'night.yaml');
      fs.writeFileSync(
        profile,
        'input:\n  paths: [../news, /abs/feed]\nframing:\n  loadedLexicon: mine/loaded.yaml\nmodels:\n  dir: ../models\nreport:\n  dir: ../reports\n',
      );
      process.chdir(os.tmpdir());
      const { config } = loadConfig(profile);
      expect(config.input.paths).toEqual([path.join(dir, 'news'), '/abs/feed']);
      expect(config.framing.loadedLexicon).toBe(path.join(dir, 'profiles', 'mine', 'loaded.yaml'));
      expect(config.models.dir).toBe(path.join(dir, 'models'));
      expect(config.report.dir).toBe(path.join(dir, 'reports'));
      // Not set anywhere: the shipped file, wherever crossframe runs; data defaults stay relative.
      expect(config.framing.hedgesLexicon).toBe(path.join(cwd, 'config', 'lexicons', 'hedges.yaml'));
      expect(config.models.cacheDir).toBe('output/.cache');
      const shipped = loadConfig(path.join(cwd, 'config', 'offline.yaml')).config;
      expect(fs.existsSync(shipped.framing.speakersFile)).toBe(true);
      expect(fs.existsSync(shipped.input.outletsFile)).toBe(true);
      expect(shipped.input.paths).toEqual(['seeds']);
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--strict turns an unknown key into an error, with the suggestion', () => {
    const tmp = tempDir('cfg-');
    const typo = path.join(tmp, 'typo.yaml');
    fs.writeFileSync(typo, 'events:\n  treshold: 0.5\n');
    expect(() => loadConfig(typo, { strict: true })).toThrow(ConfigError);
    try {
      loadConfig(typo, { strict: true });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        `${typo}:2:3 events.treshold: unknown key (did you mean "events.threshold"?). Fix: correct or remove it (--strict refuses unknown keys).`,
      ]);
    }
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const problems = problemsOf(path.join(fixtures, 'bomb.yaml'));
    expect(problems[0]).toMatch(/bomb\.yaml:1:1 .*alias/i);
  });

  it('names a missing file and the fix', () => {
    expect(problemsOf('no/such/config.yaml')[0]).toMatch(/^no\/such\/config\.yaml:1:1 --config: cannot read the config file .*Fix: .*--config/);
  });

  it('reports YAML syntax errors with their position', () => {
    const tmp = tempDir('cfg-');
    const broken = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(broken, 'input:\n  paths: [seeds\nreport:\n  bom: true\n');
    expect(problemsOf(broken)[0]).toMatch(/broken\.yaml:\d+:\d+ YAML syntax: /);
  });
});

describe('shipped profiles', () => {
  it.each(['config/pipeline.yaml', 'config/hub.yaml', 'config/offline.yaml', 'config/compact-fp32.yaml'])('%s loads without warnings', (file) => {
    const { warnings } = loadConfig(file);
    expect(warnings).toEqual([]);
  });

  it('config/pipeline.yaml and the README document every key of the schema', () => {
    const yamlText = fs.readFileSync('config/pipeline.yaml', 'utf8');
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const { key, description } of describeConfig()) {
      if (key === 'extends') continue;
      const leaf = key.split('.').pop()!;
      // A data path whose default is relative to the working directory is shown commented out.
      expect({ key, inYaml: new RegExp(`^\\s*(# )?${leaf}:`, 'm').test(yamlText) }).toEqual({ key, inYaml: true });
      expect({ key, inReadme: readme.includes(`\`${key}\``) }).toEqual({ key, inReadme: true });
      expect({ key, described: description.length > 0 }).toEqual({ key, described: true });
    }
  });
});
