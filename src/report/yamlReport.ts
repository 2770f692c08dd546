/**
 * report.yaml: the run as a tree a person can read top to bottom. Per event: its outlets and
 * articles, shared claims, contradictions, numeric discrepancies, omissions and a framing
 * comparison; then per outlet its profile across all events. Every finding names its sentences.
 * The tree is plain data (strings, numbers, lists, maps) so it round-trips through the yaml package.
 */
import { stringify } from 'yaml';
import { itemKey, openItemCache, type ItemCache } from '../store/itemCache.js';
import type { ModelCache } from '../store/modelCache.js';
import { packageVersions } from '../runtime/version.js';
import type { Article, EntityTone, Event, NumericComparison, OutletFraming, SentenceRef } from '../records.js';
import { outletKey, isAnalysed } from '../records.js';
import { tupleKey } from '../runtime/safeKeys.js';
import { ACTORS_SHOWN_PER_SCOPE, type ReportModel } from './reportModel.js';

export interface YamlReportInput extends ReportModel {
  /** Entities per outlet and scope shown in the tree (the CSV has them all). */
  topEntities?: number;
}

type Tree = { [key: string]: TreeValue };
type TreeValue = string | number | boolean | TreeValue[] | Tree;

const round = (n: number, d = 4) => (Number.isFinite(n) ? Number(n.toFixed(d)) : 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const ref = (r: SentenceRef): Tree => ({ outlet: r.outlet, sentence_id: r.sentenceId, text: r.text });

/** A numeric comparison with the evidence an editor checks first: figures, quantities, sentences, gap, dates. */
const numberPair = (n: NumericComparison): Tree => ({
  quantity: n.quantity,
  relative_gap: round(n.relativeGap),
  confidence: round(n.confidence ?? 0),
  reason: n.reason ?? '',
  a: { ...ref(n.a), number: n.a.number.text, quantity: n.quantityA ?? '', published: n.publishedA ?? '' },
  b: { ...ref(n.b), number: n.b.number.text, quantity: n.quantityB ?? '', published: n.publishedB ?? '' },
});

function framingTree(f: OutletFraming, entities: EntityTone[], topEntities: number): Tree {
  return {
    articles: f.articles,
    sentences: f.sentences,
    words: f.words,
    tone: {
      mean: round(f.toneMean),
      negative_share: round(f.toneNegativeShare),
      positive_share: round(f.tonePositiveShare),
      // The count and 95% interval behind the mean (absent in framing stored before tone had a model).
      sentences: f.toneSentences ?? 0,
      interval: [round(f.toneLow), round(f.toneHigh)],
      enough_sentences: f.toneEnough ?? false,
      higher_than: [...(f.toneHigherThan ?? [])],
      lower_than: [...(f.toneLowerThan ?? [])],
      higher_than_count: f.toneHigherThanCount ?? f.toneHigherThan?.length ?? 0,
      lower_than_count: f.toneLowerThanCount ?? f.toneLowerThan?.length ?? 0,
      strongly_polar_sentences: f.polarSentences,
    },
    loaded_language: {
      per_1000_words: round(f.loadedPer1000Words, 3),
      count: f.loadedCount,
      in_quotes: f.loadedInQuotes,
      terms: { ...f.loadedTermCounts },
    },
    hedging: { per_1000_words: round(f.hedgesPer1000Words, 3), count: f.hedgeCount, terms: { ...f.hedgeTermCounts } },
    attribution: {
      per_1000_words: round(f.attributionPer1000Words, 3),
      count: f.attributionCount,
      terms: { ...f.attributionTermCounts },
    },
    sources_quoted: { quotes: f.quotes, by_group: { ...f.speakerGroups }, by_speaker: { ...f.speakers } },
    tone_towards_actors: entities.slice(0, topEntities).map((e) => ({
      entity: e.entity,
      mentions: e.mentions,
      tone_mean: round(e.toneMean),
      interval: [round(e.toneLow), round(e.toneHigh)],
      negative_share: round(e.negativeShare),
      strongest: ref(e.strongest),
    })),
    coverage: {
      events_covered: f.eventsCovered,
      claims_shared: f.claimsShared,
      contradictions: f.contradictions,
      numeric_discrepancies: f.numericDiscrepancies,
      omissions: f.omissions,
    },
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    // push, not a copy per item: the '*' scope holds one row per outlet (thousands).
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A list of the tree made item by item: report.yaml's events and outlets are never all built at once. */
interface TreeList {
  size: number;
  each(): Iterable<Tree>;
}

/**
 * The report tree in parts: the run and skipped inputs, then the events and the outlets as lists
 * whose items are built as they are read (each pass builds them again). The groupings behind them are
 * made once.
 */
function reportTreeParts(input: YamlReportInput): { run: Tree; skipped: Tree[]; events: TreeList; outlets: TreeList } {
  const { analysis, framing } = input;
  const topEntities = input.topEntities ?? ACTORS_SHOWN_PER_SCOPE;
  const articleById = new Map(input.articles.map((a) => [a.id, a]));
  const framingByScope = groupBy(framing.outletFraming, (f) => f.eventId);
  const entitiesByScope = groupBy(framing.entityTone, (e) => tupleKey(e.outlet, e.eventId));
  const matchesByEvent = groupBy(analysis.claimMatches, (m) => m.eventId);
  const clustersByEvent = groupBy(analysis.claimClusters, (c) => c.eventId);
  const numbersByEvent = groupBy(analysis.numericComparisons, (n) => n.eventId);
  const omissionsByEvent = groupBy(analysis.omissions, (o) => o.eventId);
  const clusterLabel = new Map(analysis.claimClusters.map((c) => [c.id, c.label]));
  const events = [...analysis.events].sort(
    (a, b) => b.outlets.length - a.outlets.length || cmp(a.dateFrom, b.dateFrom) || cmp(a.id, b.id),
  );

  const eventTree = (e: Event): Tree => ({
    id: e.id,
    label: e.label,
    dates: e.dateFrom === e.dateTo ? e.dateFrom : `${e.dateFrom} to ${e.dateTo}`,
    cohesion: round(e.cohesion),
    outlets: ((byOutlet) =>
      e.outlets.map((outlet) => ({
        outlet,
        articles: (byOutlet.get(outlet) ?? []).map((a) => ({ id: a.id, title: a.title, published: a.published, source_file: a.sourceFile })),
      })))(
      // One pass over the event's articles, not one per outlet (an event covered by 1,000 outlets).
      groupBy(
        e.articleIds.map((id) => articleById.get(id)).filter((a): a is Article => !!a),
        outletKey,
      ),
    ),
    shared_claims: (clustersByEvent.get(e.id) ?? [])
      .filter((c) => c.outlets.length > 1)
      .map((c) => ({ claim: c.label, outlets: [...c.outlets], sentences: c.sentences.map(ref) })),
    contradictions: (matchesByEvent.get(e.id) ?? [])
      .filter((m) => m.relation === 'contradict')
      .map((m) => ({ reason: m.reason, nli_contradiction: round(m.nliContradiction), a: ref(m.a), b: ref(m.b) })),
    numeric_discrepancies: (numbersByEvent.get(e.id) ?? []).filter((n) => n.verdict === 'discrepancy').map(numberPair),
    // The same quantity at different moments ("so far", a later article): listed apart, not a dispute.
    numeric_updates: (numbersByEvent.get(e.id) ?? []).filter((n) => n.verdict === 'update').map(numberPair),
    omissions: (omissionsByEvent.get(e.id) ?? []).map((o) => ({
      outlet: o.outlet,
      leaves_out: clusterLabel.get(o.claimClusterId) ?? o.evidence.text,
      reported_by: [...o.reportedBy],
      evidence: ref(o.evidence),
    })),
    framing: (framingByScope.get(e.id) ?? []).map((f) => ({
      outlet: f.outlet,
      ...framingTree(f, entitiesByScope.get(tupleKey(f.outlet, e.id)) ?? [], topEntities),
    })),
  });

  // The first article of each outlet, found once (was a search of all articles per outlet).
  const sampleOfOutlet = new Map<string, Article>();
  for (const a of input.articles) if (!sampleOfOutlet.has(outletKey(a))) sampleOfOutlet.set(outletKey(a), a);
  const outletRows = framingByScope.get('*') ?? [];
  const outletTree = (f: OutletFraming): Tree => {
    const sample = sampleOfOutlet.get(f.outlet);
    return {
      outlet: f.outlet,
      country: sample?.outletCountry ?? '',
      ownership: sample?.outletOwnership ?? '',
      ...framingTree(f, entitiesByScope.get(tupleKey(f.outlet, '*')) ?? [], topEntities),
    };
  };

  return {
    run: {
      id: input.runId,
      started_at: input.startedAt,
      articles_read: input.articles.length,
      articles_analysed: input.articles.filter(isAnalysed).length,
      inputs_skipped: input.skipped.length,
      events: analysis.events.length,
      outlets: [...new Set(input.articles.map(outletKey))].sort(cmp),
    },
    skipped: input.skipped.map((s) => ({
      file: s.line ? `${s.file}:${s.line}` : s.file,
      reason: s.reason,
      detail: s.detail,
    })),
    events: { size: events.length, each: () => lazyMap(events, eventTree) },
    outlets: { size: outletRows.length, each: () => lazyMap(outletRows, outletTree) },
  };
}

/** The report tree (exported for tests and the HTML page). */
export function buildReportTree(input: YamlReportInput): Tree {
  const { run, skipped, events, outlets } = reportTreeParts(input);
  return { run, skipped, events: [...events.each()], outlets: [...outlets.each()] };
}


const YAML_HEADER =
  '# crossframe report: per event its outlets, shared claims, contradictions, numeric discrepancies,\n' +
  '# omissions and framing; then per outlet its profile. Sentence ids point into sentences.csv.\n';

const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * The rendered YAML of report.yaml's list items by their content (a nightly run renders only the
 * events and outlets whose tree changed). `chunks1`: an item stored as it stands in the document
 * (indented under its key); change it if that form changes. The yaml package's version is part of
 * the namespace: another release may write the same tree otherwise.
 */
export function openYamlMemo(cache: ModelCache): ItemCache<string> {
  return openItemCache<string>(cache, `report-yaml|chunks1|${packageVersions().yaml ?? 'unknown'}`);
}

/**
 * The item's key: its tree as JSON, with the numbers JSON cannot tell apart from others (-0, NaN,
 * ±Infinity, which YAML writes as -0, .nan, .inf) marked, so two trees share a key only when they render alike.
 */
function chunkKey(tree: Tree): string {
  return itemKey(
    JSON.stringify(tree, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `\u0000number:${Object.is(v, -0) ? '-0' : String(v)}` : v)),
  );
}

/** Items of report.yaml's lists rendered and looked up in the memo together: one batch's trees at a time are alive. */
const YAML_BATCH = 256;

/**
 * A top-level key whose value is a list, written item by item: each item is the list `[item]`
 * rendered alone, its non-empty lines indented by two spaces, which is what the yaml package writes
 * for the item inside the whole document (a block sequence under a map key, indentSeq; lineWidth 0
 * folds nothing; block scalars keep their relative indentation, and their empty lines stay empty).
 * test/report/yamlReport.test.ts holds the two equal on trees with block scalars, quoting and empty lists.
 * Yields the section a batch of items at a time (report.yaml is 100 MB at 20,000 articles).
 */
function* listSection(key: string, items: TreeList, memo: ItemCache<string> | undefined): Generator<string> {
  if (!items.size) {
    yield stringify({ [key]: [] }, YAML_OPTIONS);
    return;
  }
  yield `${key}:\n`;
  for (const batch of batches(items.each(), YAML_BATCH)) {
    const keys = memo ? batch.map(chunkKey) : [];
    const known = memo ? memo.getMany([...new Set(keys)]) : new Map<string, string>();
    const fresh = new Map<string, string>();
    const parts: string[] = [];
    batch.forEach((item, i) => {
      let chunk = memo ? (known.get(keys[i]) ?? fresh.get(keys[i])) : undefined;
      if (chunk === undefined) {
        chunk = stringify([item], YAML_OPTIONS).replace(/^(?=.)/gm, '  ');
        if (memo) fresh.set(keys[i], chunk);
      }
      parts.push(chunk);
    });
    memo?.putMany(fresh);
    yield parts.join('');
  }
}

/**
 * report.yaml in pieces, in order, for a writer that never holds the whole text. With `memo`, an
 * event's or outlet's YAML is taken from an earlier run when its tree is the same (the bytes are
 * the same either way).
 */
export function* yamlReportPieces(input: YamlReportInput, memo?: ItemCache<string>): Generator<string> {
  const { run, skipped, events, outlets } = reportTreeParts(input);
  yield YAML_HEADER + stringify({ run, skipped }, YAML_OPTIONS);
  yield* listSection('events', events, memo);
  yield* listSection('outlets', outlets, memo);
}

/** report.yaml as one string (tests; the report stage writes yamlReportPieces). */
export function renderYamlReport(input: YamlReportInput, memo?: ItemCache<string>): string {
  return [...yamlReportPieces(input, memo)].join('');
}

/** report.yaml as one stringify of the whole tree: what renderYamlReport's pieces must equal (tests). */
export function renderYamlReportWhole(input: YamlReportInput): string {
  return YAML_HEADER + stringify(buildReportTree(input), YAML_OPTIONS);
}

function* lazyMap<T, U>(items: readonly T[], make: (item: T) => U): Generator<U> {
  for (const item of items) yield make(item);
}

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
