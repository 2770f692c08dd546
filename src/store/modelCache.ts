/**
 * The on-disk cache of model outputs: one SQLite file, `<dir>/models.sqlite`, in WAL mode.
 * Every write is a transaction, so a crash mid-run loses at most the batch in flight and never
 * leaves a half-written entry. A damaged database file is moved aside with a warning and a new
 * one started (the outputs are recomputed), so the cache can cost time but never a run.
 *
 * Entries are opaque bytes under (namespace, key); the model layer puts model id, model file
 * hash and settings in the namespace and the normalised-text hash in the key. Each stored value
 * starts with a checksum of (namespace, key, value): a value damaged on disk (a flipped bit that
 * SQLite itself does not notice) is treated as missing, so it is recomputed and never reaches a
 * report; each such entry is counted (`onDamaged`) and the first one warned about.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { asOutputError, writingTo } from './outputError.js';
import { sha256Bytes } from '../runtime/sha256.js';

export const MODEL_CACHE_FILE = 'models.sqlite';
/**
 * 2: values carry a checksum prefix. Version 1 files (no checksums) are emptied on open.
 * 3: a table with row ids and an index on (namespace, key), not a WITHOUT ROWID table. SQLite keeps
 * a WITHOUT ROWID table's rows inside its key's b-tree, which suits rows far smaller than a page; the
 * memos' rows (an article's sentences, framing or terms, an event's findings: 1-20 KB) spread the
 * small model outputs over many pages, so a look-up of one NLI answer in a nightly cache of 500,000
 * entries cost about 50 us; with the index holding only the keys, about 15 us (measured on a
 * 10,500-article run's cache: 40,000 NLI look-ups 1.9 s -> 0.6 s; 7,128 report.yaml entries
 * 2.4 s -> 0.7-1.2 s). Version 2 files are converted on open, keeping every entry.
 */
const SCHEMA_VERSION = 3;

const CREATE_ENTRIES = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (
     namespace TEXT NOT NULL,
     key TEXT NOT NULL,
     value BLOB NOT NULL,
     PRIMARY KEY (namespace, key)
   )`;
const SUM_BYTES = 16;
/**
 * When each namespace was last used (read or written) by a run that ended, in ms since 1970, or first
 * seen by a pruning run (pruneNamespaces). A table beside the entries: files without it are read as
 * they are, and it is created on open.
 */
const CREATE_NAMESPACE_USE = `CREATE TABLE IF NOT EXISTS namespace_use (
     namespace TEXT PRIMARY KEY,
     used_at INTEGER NOT NULL
   )`;
const DAY_MS = 24 * 60 * 60 * 1000;

/** sha256 of the JSON of [namespace, key] followed by the value's bytes, in one buffer (one hash call per entry). */
function entrySum(namespace: string, key: string, value: Uint8Array): Buffer {
  const head = JSON.stringify([namespace, key]);
  const headBytes = Buffer.byteLength(head);
  const data = Buffer.allocUnsafe(headBytes + value.byteLength);
  data.write(head, 0);
  data.set(value, headBytes);
  return sha256Bytes(data).subarray(0, SUM_BYTES);
}
/** Keys per SELECT: the key list travels as one JSON parameter. */
const READ_CHUNK = 5000;

export interface ModelCacheStats {
  /** The database file, or ':memory:'. */
  file: string;
  keysRequested: number;
  hits: number;
  writes: number;
  /** Times a damaged database file was moved aside and recreated. */
  recovered: number;
  writeErrors: number;
  /** Entries whose checksum did not match (damaged on disk): treated as missing, so recomputed. */
  damaged: number;
}

export interface ModelCache {
  /** Stored values for the keys that have one; missing keys are simply absent. */
  getMany(namespace: string, keys: string[]): Map<string, Buffer>;
  /** Inserts or overwrites, in one transaction. */
  putMany(namespace: string, entries: Iterable<readonly [string, Uint8Array]>): void;
  /** Namespaces with their entry counts and sizes (e.g. to prune outputs of models no longer used). */
  namespaces(): { namespace: string; entries: number; bytes: number }[];
  deleteNamespace(namespace: string): number;
  /**
   * Deletes the entries of each namespace that a newer one of its family has replaced: unused for
   * `maxAgeDays` while another namespace of the family (namespaceFamily) was used since. That is what
   * a release (stage and code versions), a changed setting, lexicon or model leaves behind; a namespace
   * alone in its family is kept however old (its run may only have reused stage results). Records this
   * process's use first; a namespace no run recorded (a file from before this table) starts its clock
   * now. The file keeps its size: SQLite reuses the freed pages for new entries (VACUUM shrinks it).
   */
  pruneNamespaces(maxAgeDays: number): { namespaces: number; entries: number };
  /** Records this process's use of its namespaces (as pruneNamespaces does) and closes the file. */
  close(): void;
  readonly stats: ModelCacheStats;
}

export interface ModelCacheOptions {
  /** Receives warnings (damaged file moved aside, failed writes). Default: stderr. */
  warn?: (message: string) => void;
  /** Told about each damaged entry found (for the run manifest's counters). */
  onDamaged?: () => void;
  /** Receives notes that are not warnings (a file converted to the current format). Default: stderr. */
  info?: (message: string) => void;
  /** The time the record of namespace use takes (pruneNamespaces, close). Default: the clock. */
  now?: () => Date;
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

/** What opening the file did besides opening it (a format conversion), for the caller to tell. */
interface OpenedDatabase {
  db: Database.Database;
  converted?: { entries: number; seconds: number };
}

function openDatabase(file: string): OpenedDatabase {
  // Queue workers and the coordinator share this file: a statement that finds another process
  // writing waits for it (up to SHARED_WAIT_MS) instead of failing after better-sqlite3's 5 s.
  const db = new Database(file, { timeout: SHARED_WAIT_MS });
  let converted: OpenedDatabase['converted'];
  try {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL is crash-safe in WAL mode; only the last transactions may be lost on power failure.
    db.pragma('synchronous = NORMAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    // Entries of format 1 have no checksum: start empty rather than trust them.
    if (version === 1) db.exec('DROP TABLE IF EXISTS entries');
    else if (version === 2) converted = convertFromVersion2(db);
    else if (version !== 0 && version !== SCHEMA_VERSION) {
      throw Object.assign(new Error(`unknown cache format version ${version}`), { code: 'SQLITE_NOTADB' });
    }
    db.exec(CREATE_ENTRIES('entries'));
    db.exec(CREATE_NAMESPACE_USE);
    // Written only when it changes: setting it takes the write lock, and a worker starting while
    // another process wrote failed to open the cache ("database is locked", the scale bench's round 3).
    if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    // Touch the table so a file with a valid header but damaged pages fails here, not mid-run.
    db.prepare('SELECT namespace FROM entries LIMIT 1').get();
    return { db, ...(converted ? { converted } : {}) };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Version 2 -> 3: the entries copied, in key order, into the table with row ids, in one transaction
 * (a crash leaves the version 2 file as it was). The old table's pages go to SQLite's free list and
 * are reused by later writes: the file does not shrink (`VACUUM` would, at the cost of a copy).
 * Another process may open the same file meanwhile (queue workers share the coordinator's cacheDir):
 * the write lock is taken when the transaction begins, waiting for a conversion under way, and the
 * version is read again inside it, so the file is converted once. Undefined when another process did it.
 */
function convertFromVersion2(db: Database.Database): { entries: number; seconds: number } | undefined {
  const began = performance.now();
  let entries: number | undefined;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${CONVERT_WAIT_MS}`);
  try {
    db.transaction(() => {
      if (db.pragma('user_version', { simple: true }) !== 2) return;
      db.exec('DROP TABLE IF EXISTS entries_v3');
      db.exec(CREATE_ENTRIES('entries_v3'));
      entries = db.prepare('INSERT INTO entries_v3 (namespace, key, value) SELECT namespace, key, value FROM entries ORDER BY namespace, key').run().changes;
      db.exec('DROP TABLE entries');
      db.exec('ALTER TABLE entries_v3 RENAME TO entries');
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  return entries === undefined ? undefined : { entries, seconds: (performance.now() - began) / 1000 };
}

/** How long a process waits for another one's conversion (about 20 s per million entries here). */
const CONVERT_WAIT_MS = 600_000;
/** How long a statement waits for another process's write to the cache before it fails. */
const SHARED_WAIT_MS = 60_000;

/** Moves the damaged file (and its WAL/SHM companions) aside, keeping it for inspection. */
function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}

/**
 * Opens (or creates) `<dir>/models.sqlite`. Pass ':memory:' for a cache that lives only as long
 * as the process (tests, `--no-cache` runs).
 */
export function openModelCache(dir: string, options: ModelCacheOptions = {}): ModelCache {
  const warn = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const file = dir === ':memory:' ? ':memory:' : path.join(dir, MODEL_CACHE_FILE);
  if (file !== ':memory:') writingTo(dir, 'models.cacheDir', () => fs.mkdirSync(dir, { recursive: true }));
  const stats: ModelCacheStats = { file, keysRequested: 0, hits: 0, writes: 0, recovered: 0, writeErrors: 0, damaged: 0 };
  const damagedEntry = (namespace: string) => {
    if (stats.damaged++ === 0) {
      warn(`${file}: a cached model output failed its checksum (damaged on disk, namespace ${namespace.split('|')[0]}); damaged entries are recomputed and counted in manifest.json (cache.damagedEntries).`);
    }
    options.onDamaged?.();
  };

  const info = options.info ?? ((m: string) => process.stderr.write(`${m}\n`));
  const opened = (o: OpenedDatabase): Database.Database => {
    if (o.converted) info(`${file}: converted the model cache to format ${SCHEMA_VERSION} (faster look-ups): ${o.converted.entries} entries kept, ${o.converted.seconds.toFixed(1)} s, once.`);
    return o.db;
  };
  const recover = (err: unknown): Database.Database => {
    if (file === ':memory:') throw err;
    const moved = moveAside(file);
    stats.recovered++;
    warn(`${file}: the model cache is damaged (${(err as Error).message}); moved it to ${moved} and started an empty one. Model outputs will be recomputed.`);
    return opened(openDatabase(file));
  };

  let db: Database.Database;
  try {
    db = opened(openDatabase(file));
  } catch (err) {
    if (!isCorruption(err)) throw asOutputError(err, file, 'models.cacheDir');
    db = recover(err);
  }
  let closed = false;
  /** A full disk or read-only folder costs the cache, not the run: warned about once. */
  const writeFailed = (err: unknown): void => {
    if (stats.writeErrors++ === 0) warn(`${file}: cannot write the model cache (${(err as Error).message}); continuing without caching. Fix: free disk space or make models.cacheDir writable.`);
  };
  /** The namespaces this process read or wrote: their use is recorded on close and by pruneNamespaces. */
  const used = new Set<string>();
  /** Sets the recorded use of the namespaces used so far to `at`; a file that cannot be written costs only the record. */
  const recordUse = (at: number): void => {
    if (!used.size) return;
    try {
      guarded(() => {
        const upsert = db.prepare('INSERT INTO namespace_use (namespace, used_at) VALUES (?, ?) ON CONFLICT(namespace) DO UPDATE SET used_at = MAX(used_at, excluded.used_at)');
        db.transaction(() => {
          for (const namespace of used) upsert.run(namespace, at);
        })();
      });
    } catch (err) {
      writeFailed(err);
    }
  };

  /** Runs `fn`; on corruption, recreates the database and runs it once more. */
  const guarded = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (!isCorruption(err)) throw err;
      try {
        db.close();
      } catch {
        /* already unusable */
      }
      db = recover(err);
      return fn();
    }
  };

  return {
    stats,
    getMany(namespace, keys) {
      const found = new Map<string, Buffer>();
      if (!keys.length) return found;
      used.add(namespace);
      stats.keysRequested += keys.length;
      guarded(() => {
        found.clear();
        const select = db.prepare('SELECT key, value FROM entries WHERE namespace = ? AND key IN (SELECT value FROM json_each(?))');
        for (let i = 0; i < keys.length; i += READ_CHUNK) {
          const rows = select.all(namespace, JSON.stringify(keys.slice(i, i + READ_CHUNK))) as { key: unknown; value: unknown }[];
          for (const row of rows) {
            // A flipped bit in a record header can change a cell's storage type (a BLOB read back as
            // TEXT or a number): that is a damaged entry like a failed checksum, not a crash.
            if (typeof row.key !== 'string' || !Buffer.isBuffer(row.value) || row.value.length < SUM_BYTES) {
              damagedEntry(namespace);
              continue;
            }
            const payload = row.value.subarray(SUM_BYTES);
            if (!entrySum(namespace, row.key, payload).equals(row.value.subarray(0, SUM_BYTES))) {
              damagedEntry(namespace);
              continue;
            }
            found.set(row.key, payload);
          }
        }
      });
      stats.hits += found.size;
      return found;
    },
    putMany(namespace, entries) {
      const rows = [...entries];
      if (!rows.length) return;
      used.add(namespace);
      try {
        guarded(() => {
          const insert = db.prepare('INSERT OR REPLACE INTO entries (namespace, key, value) VALUES (?, ?, ?)');
          db.transaction(() => {
            for (const [key, value] of rows) insert.run(namespace, key, Buffer.concat([entrySum(namespace, key, value), value]));
          })();
        });
        stats.writes += rows.length;
      } catch (err) {
        // The outputs are in memory.
        writeFailed(err);
      }
    },
    namespaces() {
      return guarded(
        () =>
          db
            .prepare('SELECT namespace, COUNT(*) AS entries, SUM(LENGTH(value)) AS bytes FROM entries GROUP BY namespace ORDER BY namespace')
            .all() as { namespace: string; entries: number; bytes: number }[],
      );
    },
    deleteNamespace(namespace) {
      return guarded(() => db.prepare('DELETE FROM entries WHERE namespace = ?').run(namespace).changes);
    },
    pruneNamespaces(maxAgeDays) {
      const at = (options.now?.() ?? new Date()).getTime();
      recordUse(at);
      return guarded(() => {
        // Each namespace by a seek in the (namespace, key) index, not a scan of every entry.
        const nextNamespace = db.prepare('SELECT namespace FROM entries WHERE namespace > ? ORDER BY namespace LIMIT 1').pluck();
        const present: string[] = [];
        for (let ns = nextNamespace.get('') as string | undefined; ns !== undefined; ns = nextNamespace.get(ns) as string | undefined) present.push(ns);
        const recorded = new Map((db.prepare('SELECT namespace, used_at FROM namespace_use').all() as { namespace: string; used_at: number }[]).map((r) => [r.namespace, r.used_at]));
        const lastUse = new Map(present.map((ns) => [ns, recorded.get(ns) ?? at]));
        const newestInFamily = new Map<string, number>();
        for (const [ns, usedAt] of lastUse) newestInFamily.set(namespaceFamily(ns), Math.max(newestInFamily.get(namespaceFamily(ns)) ?? -Infinity, usedAt));
        const superseded = present.filter((ns) => lastUse.get(ns)! < at - maxAgeDays * DAY_MS && newestInFamily.get(namespaceFamily(ns))! > lastUse.get(ns)!);
        let entries = 0;
        const insert = db.prepare('INSERT OR IGNORE INTO namespace_use (namespace, used_at) VALUES (?, ?)');
        const forget = db.prepare('DELETE FROM namespace_use WHERE namespace = ?');
        const remove = db.prepare('DELETE FROM entries WHERE namespace = ?');
        db.transaction(() => {
          for (const ns of present) if (!recorded.has(ns)) insert.run(ns, at);
          // Records of namespaces without entries (deleted by hand, or never written) go too.
          for (const ns of recorded.keys()) if (!lastUse.has(ns)) forget.run(ns);
          for (const ns of superseded) {
            entries += remove.run(ns).changes;
            forget.run(ns);
          }
        })();
        return { namespaces: superseded.length, entries };
      });
    },
    close() {
      if (closed) return;
      recordUse((options.now?.() ?? new Date()).getTime());
      closed = true;
      db.close();
    },
  };
}

/**
 * The family a namespace belongs to: the memo's name for item memos (`item|claims|15|…` → `item|claims`),
 * the model kind otherwise (`embedding|compact/embedding|…` → `embedding`). A newer namespace of the
 * family is what makes an older one garbage (pruneNamespaces).
 */
export function namespaceFamily(namespace: string): string {
  const parts = namespace.split('|');
  return parts.slice(0, parts[0] === 'item' ? 2 : 1).join('|');
}
