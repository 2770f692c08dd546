/**
 * Logging for people at a terminal and for cron. Human mode writes short lines to stderr;
 * `--json-log` writes one pino JSON object per line to stderr so log shippers can parse it.
 */
import pino from 'pino';

/** What every part of crossframe logs through (stages, runner, eval, bench): stderr lines or pino JSON. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Warnings logged so far (summary.json's `warnings`); loggers that do not count leave it out. */
  warningCount?(): number;
}

export interface LoggerOptions {
  quiet: boolean;
  json: boolean;
  verbose?: boolean;
}

export function createLogger(opts: LoggerOptions): Logger {
  let warnings = 0;
  const logger = createWriter(opts);
  const warn = logger.warn;
  return { ...logger, warn: (msg, fields) => (warnings++, warn(msg, fields)), warningCount: () => warnings };
}

function createWriter(opts: LoggerOptions): Logger {
  if (opts.json) {
    const base = pino(
      { level: opts.verbose ? 'debug' : opts.quiet ? 'warn' : 'info', base: { app: 'crossframe' } },
      pino.destination({ dest: 2, sync: true }),
    );
    return {
      debug: (msg, fields) => base.debug(fields ?? {}, msg),
      info: (msg, fields) => base.info(fields ?? {}, msg),
      warn: (msg, fields) => base.warn(fields ?? {}, msg),
      error: (msg, fields) => base.error(fields ?? {}, msg),
    };
  }
  const write = (prefix: string, msg: string) => process.stderr.write(`${prefix}${msg}\n`);
  return {
    debug: (msg) => (opts.verbose ? write('  · ', msg) : undefined),
    info: (msg) => (opts.quiet ? undefined : write('', msg)),
    warn: (msg) => write('warning: ', msg),
    error: (msg) => write('error: ', msg),
  };
}

/** A logger that keeps lines in memory: for tests and for library callers. */
export function createMemoryLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
