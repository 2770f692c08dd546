/**
 * Number extraction on QuanTemp claims, scored against the hand-made gold: each claim goes
 * through the real segmenter (segmentArticle, as the segment stage calls it), and its numbers
 * and dates are matched one-to-one with the gold numbers.
 * - number level: precision / recall / F1 (optional gold readings neither count nor cost);
 * - claim level: the share of claims whose numbers all come out with the right value and
 *   nothing else is extracted (the "right numbers" rate);
 * - kind agreement among matched quantities.
 */
import path from 'node:path';
import type { Article, Quantity } from '../records.js';
import { loadAliasTable } from '../text/entityAliases.js';
import { segmentArticle } from '../text/segmentArticle.js';
import { readJsonl, str } from '../measure/jsonl.js';
import { prf, round, type PRF } from './metrics.js';
import { readNumbersGold, quantityMatches, dateMatches, type GoldNumber } from './numbersGold.js';
import type { EvalContext } from './context.js';
import { EvalDataError } from '../measure/jsonl.js';

export interface NumbersEvalResult {
  file: string;
  goldFile: string;
  claims: number;
  goldNumbers: number;
  /** Share of claims with every gold number found and nothing extra. */
  claimsAllRight: number;
  numbers: PRF;
  /** Matched quantities whose kind (count, percent, money, ...) equals the gold kind. */
  kindAgreement: number;
  /** Claims that went wrong, for reading: what was expected, what came out. */
  errors: { id: string; missed: string[]; extra: string[] }[];
}

type Extracted = { kind: 'quantity'; q: Quantity } | { kind: 'date'; iso: string };

function describe(e: Extracted): string {
  return e.kind === 'date' ? `date ${e.iso}` : `${e.q.text} (${e.q.value}${e.q.min !== e.q.max ? ` [${e.q.min}..${e.q.max}]` : ''}, ${e.q.kind})`;
}

function matches(e: Extracted, g: GoldNumber): boolean {
  if (e.kind === 'date') return dateMatches(e.iso, g);
  // A date's year read as a number is the right value too.
  return quantityMatches(e.q, g);
}

function claimArticle(id: string, claim: string): Article {
  return {
    id, contentHash: '', sourceFile: 'quantemp', format: 'jsonl', outlet: 'quantemp', outletSource: 'record', outletEvidence: '',
    outletCountry: '', outletOwnership: '', url: '', published: '', publishedSource: 'unknown', publishedEvidence: '', title: '',
    text: claim, words: claim.split(/\s+/).length, language: 'en', analysable: true, duplicateOf: '',
  };
}

export async function evalNumbers(ctx: EvalContext, file: string, goldFile: string): Promise<NumbersEvalResult> {
  const gold = readNumbersGold(goldFile);
  const claims = new Map(readJsonl(file, (r) => [str(r, 'id'), str(r, 'claim')] as const, '--quantemp FILE'));
  const segment = ctx.loaded.config.segment;
  const aliases = loadAliasTable(path.resolve(segment.entityAliasesFile));
  const selected = ctx.limit === undefined ? gold : gold.slice(0, ctx.limit);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let kindSame = 0;
  let kindPairs = 0;
  let allRight = 0;
  const errors: NumbersEvalResult['errors'] = [];
  for (const g of selected) {
    const text = claims.get(g.id);
    if (text === undefined) throw new EvalDataError(`${goldFile}: claim ${g.id} is not in ${file}. Fix: pass the QuanTemp claims file the gold was made from (--quantemp FILE).`);
    const sentences = segmentArticle(claimArticle(g.id, text), { aliases, minQuoteWords: segment.minQuoteWords });
    const extracted: Extracted[] = sentences.flatMap((s) => [
      ...s.numbers.map((q): Extracted => ({ kind: 'quantity', q })),
      ...s.dates.map((iso): Extracted => ({ kind: 'date', iso })),
    ]);
    const used = new Set<number>();
    const missed: string[] = [];
    // Required numbers first, so an optional reading never takes the match a required one needs.
    const ordered = [...g.numbers].sort((a, b) => Number(Boolean(a.optional)) - Number(Boolean(b.optional)));
    for (const n of ordered) {
      const at = extracted.findIndex((e, i) => !used.has(i) && matches(e, n));
      if (at >= 0) {
        used.add(at);
        const e = extracted[at];
        if (n.optional) continue;
        tp++;
        if (e.kind === 'quantity' && n.kind !== 'date') {
          kindPairs++;
          if (e.q.kind === n.kind) kindSame++;
        }
      } else if (!n.optional) {
        fn++;
        missed.push(`${n.text} (${n.value}, ${n.kind})`);
      }
    }
    const extra = extracted.filter((_, i) => !used.has(i)).map(describe);
    fp += extra.length;
    if (!missed.length && !extra.length) allRight++;
    else errors.push({ id: g.id, missed, extra });
  }
  return {
    file,
    goldFile,
    claims: selected.length,
    goldNumbers: selected.reduce((n, c) => n + c.numbers.filter((x) => !x.optional).length, 0),
    claimsAllRight: round(allRight / Math.max(1, selected.length)),
    numbers: roundPrf(prf(tp, fp, fn)),
    kindAgreement: round(kindSame / Math.max(1, kindPairs)),
    errors,
  };
}

export function roundPrf(p: PRF): PRF {
  return { ...p, precision: round(p.precision), recall: round(p.recall), f1: round(p.f1) };
}
