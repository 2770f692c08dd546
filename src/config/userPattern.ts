/**
 * Regular expressions written by users (input.boilerplate; outlets.yaml bylines, style and
 * boilerplate; speakers.yaml patterns) run on RE2 semantics through re2js: matching time is linear
 * in the text whatever the pattern, so `^(\s*\w+)*\s*-\s*Reuters$` cannot hang ingest the way it
 * hangs V8's backtracking engine. RE2 has no backreferences and no lookahead; a pattern that uses
 * them is refused when the config is read (and by `check`), with the reason.
 *
 * Why re2js and not the `re2` native addon: it is pure JavaScript, so no compiler, Python or
 * prebuilt binary is needed on the machine that installs crossframe, and it behaves the same on
 * every platform; user patterns are short and run on single lines, where its speed is ample (about
 * 10 µs per line and pattern for a non-matching test here, against ~1 µs for V8's engine).
 */
import { RE2JS } from 're2js';

/** The part of RegExp the pipeline uses. */
export interface UserPattern {
  readonly source: string;
  test(text: string): boolean;
  /** First match: its start (UTF-16 index) and text, or null. */
  exec(text: string): { index: number; 0: string } | null;
}

export class UserPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserPatternError';
  }
}

/** JS flag letters -> RE2JS flags (`g` and `y` mean nothing for a test; `u` is always on in RE2). */
function re2Flags(flags: string): number {
  let out = 0;
  for (const f of flags) {
    if (f === 'i') out |= RE2JS.CASE_INSENSITIVE;
    else if (f === 'm') out |= RE2JS.MULTILINE;
    else if (f === 's') out |= RE2JS.DOTALL;
    else if (!'guyd'.includes(f)) throw new UserPatternError(`unknown regular expression flag "${f}"`);
  }
  return out;
}

/**
 * Compiles `source` (JavaScript syntax; flags default to case-insensitive) for linear-time matching.
 * Throws UserPatternError saying why a pattern cannot run that way.
 */
export function compileUserPattern(source: string, flags = 'i'): UserPattern {
  // JavaScript syntax first: a pattern that is not a valid JS regex gets V8's own message.
  try {
    new RegExp(source, `${flags.replace(/[^dgimsuy]/g, '')}u`);
  } catch (err) {
    throw new UserPatternError(`not a valid regular expression: ${(err as Error).message}`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), re2Flags(flags));
  } catch (err) {
    const why = (err as Error).message;
    throw new UserPatternError(
      `cannot run in linear time (${why}): backreferences and lookahead/lookbehind are not supported, so a pattern cannot stall a run. ` +
        'Fix: rewrite it without them (e.g. match the whole line instead of looking ahead).',
    );
  }
  return {
    source,
    test: (text) => re.test(text),
    exec(text) {
      // test() runs on the DFA (~10 µs a line); the matcher that finds positions is ~6x slower,
      // and most lines match no pattern.
      if (!re.test(text)) return null;
      const m = re.matcher(text);
      if (!m.find()) return null;
      return { index: m.start(), 0: m.group() ?? '' };
    },
  };
}

/** Why `source` cannot be used, or undefined when it can (for config validation). */
export function userPatternProblem(source: string, flags = 'i'): string | undefined {
  try {
    compileUserPattern(source, flags);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
