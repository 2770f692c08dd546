/**
 * Walks the input paths and decides, before anything is read, which files are articles, which
 * are manifests and which are skipped (and why). Symlinks are followed only while they stay
 * inside the input folder; anything else is refused, so a link cannot make the pipeline read
 * (and publish excerpts of) files the analyst never meant to give it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Article, SkippedInput } from '../records.js';
import { tooLargeDetail } from './readText.js';
import { RUN_MARKER } from '../report/runFolder.js';

export type InputFormat = Article['format'];

const FORMATS: Record<string, InputFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export const MANIFEST_NAMES = ['manifest.yaml', 'manifest.yml'];

export interface DiscoveredFile {
  /** Absolute path as found (a symlink stays a symlink path). */
  abs: string;
  /** Path shown to users: relative to the working directory when inside it, POSIX slashes. */
  display: string;
  /** Real path of the input folder it was found under. */
  root: string;
  /** Path inside that input folder, POSIX slashes (the base of the article id). */
  rel: string;
  format: InputFormat;
  bytes: number;
}

export interface Discovery {
  files: DiscoveredFile[];
  manifests: DiscoveredFile[];
  skipped: SkippedInput[];
}

export interface DiscoverOptions {
  maxFileBytes: number;
  cwd?: string;
}

export function displayPath(abs: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

export function isInside(realChild: string, realRoot: string): boolean {
  const rel = path.relative(realRoot, realChild);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

export function formatOf(name: string): InputFormat | undefined {
  return FORMATS[path.extname(name).toLowerCase()];
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/**
 * Lists every article file and manifest under `paths` (files or folders), sorted by path so
 * runs are deterministic. Never throws for a bad entry: it is listed in `skipped`.
 */
export function discoverFiles(paths: string[], opts: DiscoverOptions): Discovery {
  const cwd = opts.cwd ?? process.cwd();
  const out: Discovery = { files: [], manifests: [], skipped: [] };
  const seenFiles = new Map<string, string>();
  const skip = (abs: string, reason: SkippedInput['reason'], detail: string) =>
    out.skipped.push({ file: displayPath(abs, cwd), reason, detail });

  for (const given of paths) {
    const start = path.resolve(cwd, given);
    let stat: fs.Stats;
    let real: string;
    try {
      stat = fs.statSync(start);
      real = fs.realpathSync(start);
    } catch (err) {
      skip(start, 'unreadable', `input path cannot be read (${errCode(err)}). Fix: check input.paths or --input.`);
      continue;
    }
    if (stat.isDirectory()) {
      walk(start, real, '', real, new Set([real]));
    } else {
      const root = path.dirname(real);
      consider(start, real, path.basename(start), root, stat);
    }
  }

  function walk(dir: string, realDir: string, relDir: string, root: string, visiting: Set<string>): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      skip(dir, 'unreadable', `folder cannot be listed (${errCode(err)})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) {
        skip(abs, 'unsupported-extension', 'hidden file or folder, not read');
        continue;
      }
      let real = path.join(realDir, entry.name);
      let stat: fs.Stats;
      try {
        if (entry.isSymbolicLink()) {
          real = fs.realpathSync(abs);
          if (!isInside(real, root)) {
            skip(abs, 'symlink-outside-input', `symlink to ${real}, outside the input folder: refused`);
            continue;
          }
        }
        stat = fs.statSync(real);
      } catch (err) {
        skip(abs, 'unreadable', `cannot be read (${errCode(err)}${entry.isSymbolicLink() ? ', broken symlink?' : ''})`);
        continue;
      }
      if (stat.isDirectory()) {
        // crossframe's own run folders (an --output inside an input folder, or a copy of one) hold
        // reports, not articles: last night's report.html must not come back as an article.
        if (fs.existsSync(path.join(real, RUN_MARKER))) continue;
        // A link back to a folder being walked would loop forever.
        if (visiting.has(real)) {
          skip(abs, 'unreadable', 'symlink loop: this folder is already being read');
          continue;
        }
        visiting.add(real);
        walk(abs, real, rel, root, visiting);
        visiting.delete(real);
        continue;
      }
      consider(abs, real, rel, root, stat);
    }
  }

  function consider(abs: string, real: string, rel: string, root: string, stat: fs.Stats): void {
    if (!stat.isFile()) {
      skip(abs, 'unreadable', 'not a regular file (device, socket or pipe)');
      return;
    }
    const name = path.basename(abs).toLowerCase();
    const display = displayPath(abs, cwd);
    if (MANIFEST_NAMES.includes(name)) {
      out.manifests.push({ abs, display, root, rel, format: 'txt', bytes: stat.size });
      return;
    }
    const format = formatOf(name);
    if (!format) {
      const ext = path.extname(name) || '(no extension)';
      skip(abs, 'unsupported-extension', `${ext} is not an input format (txt, md, html, htm, json, jsonl)`);
      return;
    }
    // The same file reached twice (listed twice in input.paths, or through a symlink) is read once.
    const first = seenFiles.get(real);
    if (first !== undefined) {
      if (first !== display) skip(abs, 'duplicate', `the same file as ${first} (a symlink or a repeated input path), read once`);
      return;
    }
    seenFiles.set(real, display);
    if (stat.size === 0) {
      skip(abs, 'empty', 'the file has no bytes');
      return;
    }
    // JSONL is streamed record by record, so the size limit applies to each line instead.
    if (format !== 'jsonl' && stat.size > opts.maxFileBytes) {
      skip(abs, 'too-large', tooLargeDetail(stat.size, opts.maxFileBytes));
      return;
    }
    out.files.push({ abs, display, root, rel, format, bytes: stat.size });
  }

  out.files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  out.manifests.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return out;
}
