/**
 * Which outlet published an article, strongest evidence first: the manifest, the record's own
 * outlet field (or the page's site name), the URL's domain, byline/masthead lines, house style.
 * When the evidence is missing or points at two outlets equally, the answer is `unknown`: a wrong
 * outlet would put one newsroom's words in another's mouth.
 */
import type { OutletSource } from '../records.js';
import type { Outlet, OutletDirectory } from './outlets.js';
import { normalizeInline } from './normalizeText.js';
import { excerpt } from './textShape.js';

export interface OutletDecision {
  outlet: string;
  source: OutletSource;
  evidence: string;
  country: string;
  ownership: string;
  /** The directory entry, when the outlet is in config/outlets.yaml. */
  entry?: Outlet;
}

export interface OutletInput {
  manifest?: { outlet?: string; url?: string; where: { outlet?: string; url?: string } };
  meta?: { outlet?: string; outletField?: string; url?: string };
  lines: string[];
}

export const UNKNOWN_OUTLET = 'unknown';

/** Byline and masthead lines sit at the top or the bottom of an article. */
const BYLINE_WINDOW = 15;
const MAX_PROBE = 1000;

function decide(name: string, source: OutletSource, evidence: string, dir: OutletDirectory): OutletDecision {
  const entry = dir.byName(name);
  return {
    outlet: entry?.name ?? normalizeInline(name),
    source,
    evidence,
    country: entry?.country ?? '',
    ownership: entry?.ownership ?? '',
    entry,
  };
}

function fromEntry(entry: Outlet, source: OutletSource, evidence: string): OutletDecision {
  return { outlet: entry.name, source, evidence, country: entry.country, ownership: entry.ownership, entry };
}

export function hostOf(url: string): string {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** The outlet with the most matches; none when two outlets tie for the most. */
function strongest(hits: Map<Outlet, string[]>): { outlet?: Outlet; tie: Outlet[] } {
  const ranked = [...hits.entries()].sort((a, b) => b[1].length - a[1].length);
  if (!ranked.length) return { tie: [] };
  const tie = ranked.filter(([, h]) => h.length === ranked[0][1].length).map(([o]) => o);
  return tie.length === 1 ? { outlet: ranked[0][0], tie: [] } : { tie };
}

export function detectOutlet(input: OutletInput, dir: OutletDirectory): OutletDecision {
  const m = input.manifest;
  if (m?.outlet) return decide(m.outlet, 'manifest', `${m.where.outlet} outlet: ${m.outlet}`, dir);
  if (input.meta?.outlet) return decide(input.meta.outlet, 'record', `${input.meta.outletField ?? 'record'}: ${input.meta.outlet}`, dir);

  for (const url of [m?.url, input.meta?.url]) {
    if (!url) continue;
    const found = dir.byHost(hostOf(url));
    if (found) return fromEntry(found.outlet, 'url', `domain ${found.domain} in ${clip(url)}`);
  }

  const lines = input.lines.map((text, i) => ({ text: text.trim().slice(0, MAX_PROBE), line: i + 1 })).filter((l) => l.text);
  const edges = lines.length <= 2 * BYLINE_WINDOW ? lines : [...lines.slice(0, BYLINE_WINDOW), ...lines.slice(-BYLINE_WINDOW)];
  const bylineHits = new Map<Outlet, string[]>();
  for (const outlet of dir.outlets) {
    if (!outlet.bylines.length) continue;
    for (const l of edges) {
      for (const re of outlet.bylines) {
        const m = re.exec(l.text);
        if (!m) continue;
        bylineHits.set(outlet, [...(bylineHits.get(outlet) ?? []), `line ${l.line}: "${excerpt(l.text, m.index, m.index + m[0].length)}"`]);
        break;
      }
    }
  }
  const byline = strongest(bylineHits);
  if (byline.outlet) return fromEntry(byline.outlet, 'byline', bylineHits.get(byline.outlet)!.join('; '));
  if (byline.tie.length) {
    return {
      outlet: UNKNOWN_OUTLET,
      source: 'unknown',
      evidence: `bylines of several outlets, equally strong: ${byline.tie.map((o) => o.name).join(', ')}`,
      country: '',
      ownership: '',
    };
  }

  // House-style markers open a paragraph, which may be a bullet point.
  const styleLines = lines.map((l) => ({ ...l, text: l.text.replace(/^[•·▪◦‣●○■□*–—-]\s+/u, '') }));
  const styleHits = new Map<Outlet, string[]>();
  for (const outlet of dir.outlets) {
    if (!outlet.style.length) continue;
    const markers: string[] = [];
    for (const re of outlet.style) {
      const l = styleLines.find((x) => re.test(x.text));
      if (l) markers.push(`"${clip(re.exec(l.text)?.[0] ?? l.text)}" (line ${l.line})`);
    }
    if (markers.length >= outlet.minStyleMatches) styleHits.set(outlet, markers);
  }
  const style = strongest(styleHits);
  if (style.outlet) return fromEntry(style.outlet, 'style', `house style: ${styleHits.get(style.outlet)!.join(', ')}`);
  const note = style.tie.length ? `house style of several outlets: ${style.tie.map((o) => o.name).join(', ')}` : '';
  return { outlet: UNKNOWN_OUTLET, source: 'unknown', evidence: note, country: '', ownership: '' };
}
