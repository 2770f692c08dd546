/**
 * Reading the YAML files editors tune (config, outlets, lexicons, manifests, alias tables) so that
 * every problem points at `file:line:col`. Each caller keeps its own error class and wording; this
 * module only parses, locates nodes and turns zod issues into located lines.
 */
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import type { ZodIssue } from 'zod';
import { readBounded } from './editorFile.js';

/** Aliases beyond this count are refused: a billion-laughs file must not exhaust memory. */
export const MAX_ALIAS_COUNT = 50;

export interface ParsedYaml {
  /** The name shown in messages. */
  file: string;
  doc: Document;
  lines: LineCounter;
}

export interface YamlSyntaxError {
  line: number;
  col: number;
  /** First line of the parser's message. */
  summary: string;
  /** The parser's whole message (with its source excerpt when prettyErrors is on). */
  message: string;
}

export interface ParseYamlOptions {
  /**
   * The yaml package's option (default true): adds "at line L, column C" and a source excerpt
   * to each message. Callers that print the position themselves turn it off.
   */
  prettyErrors?: boolean;
}

export interface ParsedYamlText extends ParsedYaml {
  syntaxErrors: YamlSyntaxError[];
  /** `file:line:col YAML syntax: summary`, one per syntax error. */
  syntaxProblems: string[];
}

/** Parses YAML text; duplicate keys are syntax errors. Never throws on bad input. */
export function parseYamlText(text: string, file: string, opts: ParseYamlOptions = {}): ParsedYamlText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: opts.prettyErrors ?? true, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { line, col, summary: e.message.split('\n')[0], message: e.message };
  });
  const syntaxProblems = syntaxErrors.map((e) => `${file}:${e.line}:${e.col} YAML syntax: ${e.summary}`);
  return { file, doc, lines, syntaxErrors, syntaxProblems };
}

export type YamlSource = { text: string } | { tooLarge: number } | { unreadable: string };

/** Reads a file of at most `maxBytes`; `unreadable` holds the errno code (ENOENT...). */
export function readYamlSource(file: string, maxBytes: number): YamlSource {
  // Bounded by the bytes actually read; devices and FIFOs are unreadable (editorFile.ts).
  const read = readBounded(file, maxBytes);
  return 'bytes' in read ? { text: read.bytes.toString('utf8') } : read;
}

function startOf(parsed: ParsedYaml, node: unknown): { line: number; col: number } | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? parsed.lines.linePos(range[0]) : undefined;
}

/** `file:line:col` where a node starts, or `file:1:1` for a node the parser did not place. */
export function nodePosition(parsed: ParsedYaml, node: Node | null | undefined): string {
  const at = startOf(parsed, node);
  return at ? `${parsed.file}:${at.line}:${at.col}` : `${parsed.file}:1:1`;
}

/** Line where a node starts, 1 when unknown. */
export function nodeLine(parsed: ParsedYaml, node: Node | null | undefined): number {
  return startOf(parsed, node)?.line ?? 1;
}

/** Position of the value at `keyPath`; a missing key is reported where its deepest existing parent is. */
export function positionOf(parsed: ParsedYaml, keyPath: readonly (string | number)[]): string {
  for (let depth = keyPath.length; depth >= 0; depth--) {
    const at = startOf(parsed, parsed.doc.getIn(keyPath.slice(0, depth), true));
    if (at) return `${parsed.file}:${at.line}:${at.col}`;
  }
  return `${parsed.file}:1:1`;
}

/** Position of the key itself (not its value) at `keyPath`, for "unknown key" warnings. */
export function keyPositionOf(parsed: ParsedYaml, keyPath: readonly (string | number)[]): string {
  const parent = keyPath.length > 1 ? parsed.doc.getIn(keyPath.slice(0, -1), true) : parsed.doc.contents;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === keyPath[keyPath.length - 1]);
    const at = pair && isScalar(pair.key) ? startOf(parsed, pair.key) : undefined;
    if (at) return `${parsed.file}:${at.line}:${at.col}`;
  }
  return positionOf(parsed, keyPath);
}

/** `where path: message[. Fix: fix]` for one zod issue. */
export function issueProblem(where: string, issue: ZodIssue, fix?: string): string {
  return `${where} ${issue.path.join('.') || '(root)'}: ${issue.message}${fix ? `. Fix: ${fix}` : ''}`;
}

/** Every zod issue as `file:line:col path: message`, located in `parsed`. */
export function zodProblems(parsed: ParsedYaml, issues: readonly ZodIssue[], fix?: string): string[] {
  return issues.map((issue) => issueProblem(positionOf(parsed, issue.path), issue, fix));
}
