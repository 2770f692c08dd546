import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  keyPositionOf,
  nodeLine,
  nodePosition,
  parseYamlText,
  positionOf,
  readYamlSource,
  zodProblems,
} from '../../src/config/yamlFile.js';
import { tempDir } from '../tempDir.js';

const text = ['outlets:', '  - name: BBC', '    domains:', '      - bbc.co.uk', '      - BAD', ''].join('\n');

describe('parseYamlText', () => {
  it('reports syntax errors at their line and column, bare when prettyErrors is off', () => {
    const parsed = parseYamlText('a: 1\na: 2\nb: [x\n', 'f.yaml', { prettyErrors: false });
    expect(parsed.syntaxErrors[0]).toMatchObject({ line: 2, col: 1, summary: 'Map keys must be unique' });
    expect(parsed.syntaxProblems[0]).toBe('f.yaml:2:1 YAML syntax: Map keys must be unique');
    expect(parsed.syntaxProblems).toHaveLength(2);
  });

  it('keeps the parser excerpt in the full message when prettyErrors is on (the default)', () => {
    const [error] = parseYamlText('a: 1\na: 2\n', 'f.yaml').syntaxErrors;
    expect(error.summary).toBe('Map keys must be unique at line 2, column 1:');
    expect(error.message).toContain('\na: 2\n');
  });

  it('has no problems for valid YAML', () => {
    expect(parseYamlText(text, 'f.yaml').syntaxProblems).toEqual([]);
  });
});

describe('positions', () => {
  const parsed = parseYamlText(text, 'o.yaml');

  it('points at the value at a path, or at its deepest existing parent', () => {
    expect(positionOf(parsed, ['outlets', 0, 'domains', 1])).toBe('o.yaml:5:9');
    expect(positionOf(parsed, ['outlets', 0, 'country'])).toBe('o.yaml:2:5');
    expect(positionOf(parsed, ['missing'])).toBe('o.yaml:1:1');
  });

  it('points at a key rather than its value', () => {
    expect(keyPositionOf(parsed, ['outlets', 0, 'domains'])).toBe('o.yaml:3:5');
    expect(positionOf(parsed, ['outlets', 0, 'domains'])).toBe('o.yaml:4:7');
  });

  it('places single nodes, and falls back to line 1 for none', () => {
    const node = parsed.doc.getIn(['outlets', 0, 'name'], true) as Parameters<typeof nodeLine>[1];
    expect(nodePosition(parsed, node)).toBe('o.yaml:2:11');
    expect(nodeLine(parsed, node)).toBe(2);
    expect(nodePosition(parsed, undefined)).toBe('o.yaml:1:1');
    expect(nodeLine(parsed, null)).toBe(1);
  });

  it('turns zod issues into file:line:col path: message, with an optional fix', () => {
    const schema = z.object({ outlets: z.array(z.object({ name: z.string(), domains: z.array(z.string().regex(/^[a-z.]+$/, 'lower case')) })) });
    const result = schema.safeParse(parsed.doc.toJS());
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(zodProblems(parsed, result.error.issues)).toEqual(['o.yaml:5:9 outlets.0.domains.1: lower case']);
    expect(zodProblems(parsed, result.error.issues, 'see the docs.')).toEqual(['o.yaml:5:9 outlets.0.domains.1: lower case. Fix: see the docs.']);
  });
});

describe('readYamlSource', () => {
  const dir = tempDir('yamlfile-');
  const file = path.join(dir, 'x.yaml');
  fs.writeFileSync(file, 'a: 1\n');

  it('reads a file within the limit, refuses a larger one and names a missing one', () => {
    expect(readYamlSource(file, 100)).toEqual({ text: 'a: 1\n' });
    expect(readYamlSource(file, 3)).toEqual({ tooLarge: 5 });
    expect(readYamlSource(path.join(dir, 'none.yaml'), 100)).toEqual({ unreadable: 'ENOENT' });
  });
});
