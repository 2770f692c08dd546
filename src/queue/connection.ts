/**
 * `--queue redis://[user:password@]HOST:PORT[/DB]` (or rediss:// for TLS) -> ioredis connection
 * options for BullMQ. bullmq is imported lazily by the coordinator and the worker, so commands
 * that never touch a queue do not pay for loading it.
 */
import type { ConnectionOptions } from 'bullmq';
import { UsageError } from '../runtime/errors.js';

/** A malformed --queue URL: a usage error (exit 2), raised before anything runs. */
export class QueueUrlError extends UsageError {
  constructor(url: string, why: string) {
    super(`--queue ${url}: ${why}`, 'pass redis://HOST:PORT (e.g. redis://127.0.0.1:6379, rediss:// for TLS, /N for database N).');
  }
}

export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUrlError(url, 'not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new QueueUrlError(url, `unsupported scheme "${parsed.protocol}"`);
  if (!parsed.hostname) throw new QueueUrlError(url, 'no host');
  const db = parsed.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new QueueUrlError(url, `database "${db}" is not a number`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's blocking commands must wait as long as Redis is away, never give up after N retries.
    maxRetriesPerRequest: null,
  };
}

/** The URL with any password masked, for logs and the manifest. */
export function describeQueueUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * A warner for connection errors: while Redis is away ioredis retries every few hundred ms and
 * each retry raises the same error, so the first is logged and then at most one a minute, with a count.
 */
export function connectionWarner(warn: (msg: string) => void, what: string, everyMs = 60_000): (err: Error) => void {
  let last = 0;
  let quiet = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < everyMs) {
      quiet++;
      return;
    }
    warn(`${what}: ${err.message}${quiet ? ` (and ${quiet} more errors since the last message)` : ''}; retrying until Redis answers`);
    last = now;
    quiet = 0;
  };
}
