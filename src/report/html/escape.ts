/**
 * Every piece of article text reaches the page through these: titles and sentences may hold
 * `<script>`, attribute breakers or spreadsheet payloads, and must show as plain text.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(part);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  values.forEach((v, i) => (out += render(v) + strings[i + 1]));
  return new Html(out);
}

/** Trusted markup (e.g. SVG rendered by vega, which escapes its own text). */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** A stable, safe fragment id for an event or outlet. */
export function anchor(prefix: string, id: string): string {
  // Each other character becomes _<hex>_, so distinct ids stay distinct.
  return `${prefix}-${id.replace(/[^A-Za-z0-9-]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}
