/**
 * One family for every error a user can act on. Each carries the process exit code and the fix;
 * `src/cli.ts` prints `crossframe: <lines>` and exits with `exitCode` for anything that is
 * `instanceof CrossframeError`, and only for anything else (a bug) prints "run failed" with the
 * stack-trace hint. Throw a subclass, never `Object.assign(new Error(), { name })`: the CLI maps by
 * class, not by name.
 *
 * Nothing here imports anything: every layer (config, ingest, analysis, pipeline, eval) may use it.
 */

/** Exit codes: 0 ok, 1 the run failed, 2 bad usage or config, 3 another run holds the lock. */
export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3 } as const;

/** A run ended by a signal: the shell's convention, 128 + the signal number, so cron logs show which. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export interface CrossframeErrorOptions {
  /** The process exit code (default EXIT.failed). */
  exitCode?: number;
  /** What the user should do; appended as `. Fix: ...` unless the message already says it. */
  fix?: string;
  cause?: unknown;
}

/** Base of every user-facing error: the message is the whole story, no stack trace is shown. */
export class CrossframeError extends Error {
  readonly exitCode: number;
  readonly fix?: string;

  constructor(message: string, opts: CrossframeErrorOptions = {}) {
    super(opts.fix && !/Fix:/.test(message) ? `${message.replace(/\.$/, '')}. Fix: ${opts.fix}` : message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? EXIT.failed;
    this.fix = opts.fix;
  }

  /** The lines the CLI prints after `crossframe: `. */
  lines(): string[] {
    return [this.message];
  }
}

/**
 * A mistake in the config or in a file it names (outlets, entities, stance, lexicons, speakers,
 * manifests, verdicts): exit 2, nothing run. One problem per real mistake, each
 * `file:line:col key: message. Fix: ...`.
 */
export class ConfigError extends CrossframeError {
  readonly problems: string[];

  constructor(problems: string[] | string) {
    const list = typeof problems === 'string' ? problems.split('\n') : problems;
    super(list.join('\n'), { exitCode: EXIT.usage });
    this.problems = list;
  }

  override lines(): string[] {
    const n = this.problems.length;
    return [`nothing was run; fix ${n === 1 ? 'this' : `these ${n}`} first:`, ...this.problems.map((p) => `  ${p}`)];
  }
}

/** Bad command-line use (unknown option value, two options that exclude each other): exit 2. */
export class UsageError extends CrossframeError {
  constructor(message: string, fix?: string) {
    super(message, { exitCode: EXIT.usage, fix });
  }
}
