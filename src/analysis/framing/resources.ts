/**
 * Loads the framing lexicons and speaker groups named in the `framing` config section, validating
 * each YAML file and reporting problems as `file:line:col message. Fix: ...`.
 */
import type { SoftLexicon } from './softLexicon.js';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { schemaProblems } from '../../config/problems.js';
import { readEditorYaml, type EditorYaml } from '../../config/editorYaml.js';
import { ConfigError } from '../../runtime/errors.js';
import { compileLexicon, type Lexicon } from './lexicon.js';
import { compilePattern, compileSpeakerGroups, type SpeakerGroups } from './speakerGroups.js';

export interface FramingResources {
  loaded: Lexicon;
  hedges: Lexicon;
  attribution: Lexicon;
  speakers: SpeakerGroups;
  /** The loaded lexicon made soft through word vectors (tone feature softLoaded); fit on first use when absent. */
  softLoaded?: SoftLexicon;
  /** Files read, with hashes, for the manifest. */
  files: { role: string; file: string; sha256: string }[];
}

/** A broken framing lexicon or speakers file: a config mistake (exit 2), one located line per problem. */
export class FramingConfigError extends ConfigError {}

const MAX_BYTES = 2 * 1024 * 1024;
const term = z.string().trim().min(1, 'empty entry');

export const lexiconFileSchema = z
  .object({ terms: z.array(term).describe('Words and phrases; see the syntax note at the top of the file.') })
  .strict();

const groupSchema = z
  .object({
    name: z.string().trim().min(1).describe('Group label; also names the quotes_<group> column.'),
    overrides: z.boolean().default(false).describe('A match anywhere in the speaker puts the quote in this group.'),
    names: z.array(term).default([]),
    titles: z.array(term).default([]),
    // Checked here, not when compiling, so a bad pattern is reported at its own line.
    patterns: z
      .array(
        term.superRefine((source, ctx) => {
          try {
            compilePattern(source);
          } catch (err) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message.replace(/\.$/, '') });
          }
        }),
      )
      .default([]),
  })
  .strict();

export const speakersFileSchema = z
  .object({
    unattributed: z.string().trim().min(1).default('Unattributed'),
    fallback: z.string().trim().min(1).default('Other'),
    groups: z.array(groupSchema),
  })
  .strict()
  // Checked here so the second use of a name is reported at its own line.
  .superRefine((file, ctx) => {
    const taken = new Set([file.fallback, file.unattributed]);
    file.groups.forEach((g, i) => {
      if (taken.has(g.name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['groups', i, 'name'], message: `"${g.name}" is used twice (group names, fallback and unattributed must differ)` });
      }
      taken.add(g.name);
    });
  });


/** The config key naming each framing file, for messages. */
const KEYS: Record<string, string> = {
  loaded: 'framing.loadedLexicon',
  hedges: 'framing.hedgesLexicon',
  attribution: 'framing.attributionLexicon',
  speakers: 'framing.speakersFile',
};

function readYaml(file: string, role: string): EditorYaml {
  try {
    return readEditorYaml(file, { role: role === 'speakers' ? 'speakers file' : `${role} lexicon`, key: KEYS[role] ?? `framing ${role} file`, maxBytes: MAX_BYTES });
  } catch (err) {
    throw err instanceof ConfigError ? new FramingConfigError(err.problems) : err;
  }
}

function validate<T>(read: EditorYaml, schema: z.ZodType<T, z.ZodTypeDef, unknown>, fix: string): T {
  const result = schema.safeParse(read.data);
  if (result.success) return result.data;
  const { problems, unknownKeys } = schemaProblems(read.yaml, result.error.issues, schema as unknown as z.ZodTypeAny, fix);
  throw new FramingConfigError([...unknownKeys.map((u) => u.problem), ...problems]);
}

export function loadLexiconFile(file: string, role: string): { lexicon: Lexicon; sha256: string } {
  const read = readYaml(file, role);
  const parsed = validate(read, lexiconFileSchema, 'the file must be a mapping with one key, terms, holding a list of strings.');
  return { lexicon: compileLexicon(role, parsed.terms), sha256: read.sha256 };
}

export function loadSpeakersFile(file: string): { speakers: SpeakerGroups; sha256: string } {
  const read = readYaml(file, 'speakers');
  const parsed = validate(read, speakersFileSchema, 'see the comment at the top of config/speakers.yaml for the layout.');
  try {
    return { speakers: compileSpeakerGroups(parsed), sha256: read.sha256 };
  } catch (err) {
    throw new FramingConfigError([`${file}:1:1 ${KEYS.speakers}: ${(err as Error).message.replace(/\.$/, '')}. Fix: see the comment at the top of config/speakers.yaml for the layout.`]);
  }
}

/** Reads every framing resource; relative paths resolve against `baseDir` (the working directory). */
export function loadFramingResources(framing: Config['framing'], baseDir = process.cwd()): FramingResources {
  const resolve = (p: string) => path.resolve(baseDir, p);
  const problems: string[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof FramingConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const loaded = attempt(() => loadLexiconFile(resolve(framing.loadedLexicon), 'loaded'));
  const hedges = attempt(() => loadLexiconFile(resolve(framing.hedgesLexicon), 'hedges'));
  const attribution = attempt(() => loadLexiconFile(resolve(framing.attributionLexicon), 'attribution'));
  const speakers = attempt(() => loadSpeakersFile(resolve(framing.speakersFile)));
  if (problems.length || !loaded || !hedges || !attribution || !speakers) throw new FramingConfigError(problems);
  return {
    loaded: loaded.lexicon,
    hedges: hedges.lexicon,
    attribution: attribution.lexicon,
    speakers: speakers.speakers,
    files: [
      { role: 'loaded', file: framing.loadedLexicon, sha256: loaded.sha256 },
      { role: 'hedges', file: framing.hedgesLexicon, sha256: hedges.sha256 },
      { role: 'attribution', file: framing.attributionLexicon, sha256: attribution.sha256 },
      { role: 'speakers', file: framing.speakersFile, sha256: speakers.sha256 },
    ],
  };
}
