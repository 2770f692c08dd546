/**
 * Every record that flows between stages and into the reports, defined once.
 * Records are plain, serialisable data (no classes, no functions) so that any stage can be
 * cached, persisted or moved to another process unchanged.
 */

/** How an article's outlet was decided, strongest evidence first. */
export type OutletSource = 'manifest' | 'record' | 'url' | 'byline' | 'style' | 'unknown';

/** How an article's publication date was decided. */
export type DateSource = 'manifest' | 'record' | 'dateline' | 'text' | 'unknown';

export interface Article {
  /** Stable id: file stem (or record id) plus a short hash of the source path; unchanged across runs. */
  id: string;
  /** sha256 of the clean text: the key for everything computed from this article. */
  contentHash: string;
  sourceFile: string;
  /** 1-based line for records from .jsonl files; undefined for whole-file articles. */
  sourceLine?: number;
  format: 'txt' | 'md' | 'html' | 'json' | 'jsonl';
  outlet: string;
  outletSource: OutletSource;
  /** What decided the outlet (a domain, a byline line, a house-style marker). */
  outletEvidence: string;
  /** Extra outlet facts from config/outlets.yaml, empty when unknown. */
  outletCountry: string;
  outletOwnership: string;
  url: string;
  /** ISO date YYYY-MM-DD, or '' when unknown (never invented). */
  published: string;
  publishedSource: DateSource;
  publishedEvidence: string;
  title: string;
  /** Clean body text, paragraphs separated by a blank line; the title is not repeated. */
  text: string;
  words: number;
  language: string;
  /**
   * False when the language is outside `input.languages` or the article duplicates another
   * (`duplicateOf` set): kept out of the model stages, still listed in articles.csv.
   */
  analysable: boolean;
  /** Id of the article this one duplicates (same outlet, same or nearly the same text), else ''. */
  duplicateOf: string;
}

/**
 * The articles the model stages analyse: in a language of `input.languages` and not a duplicate
 * (a duplicate joins its original's event instead).
 */
export function isAnalysed(article: Pick<Article, 'analysable' | 'duplicateOf'>): boolean {
  return article.analysable && !article.duplicateOf;
}

/**
 * Which articles count as the same outlet in cross-outlet comparisons.
 *
 * Two articles whose outlet is unknown are not known to be one newsroom, and matching claims
 * only across outlets must not silently skip them (nor treat them as corroborating themselves),
 * so every unknown-outlet article is its own outlet, keyed `unknown:<articleId>`.
 */
const UNKNOWN_OUTLET_PREFIX = 'unknown:';

function isUnknownOutlet(article: Pick<Article, 'outlet' | 'outletSource'>): boolean {
  const name = article.outlet.trim().toLowerCase();
  return article.outletSource === 'unknown' || name === '' || name === 'unknown';
}

/** The outlet key used for grouping, matching and omissions. */
export function outletKey(article: Pick<Article, 'id' | 'outlet' | 'outletSource'>): string {
  return isUnknownOutlet(article) ? `${UNKNOWN_OUTLET_PREFIX}${article.id}` : article.outlet;
}

export type SkipReason =
  | 'empty'
  | 'binary'
  | 'not-utf8'
  | 'too-large'
  | 'malformed-json'
  | 'missing-text'
  | 'manifest-missing-file'
  | 'malformed-manifest'
  | 'outside-input'
  | 'symlink-outside-input'
  | 'unsupported-extension'
  | 'unreadable'
  | 'language'
  | 'duplicate'
  /** A queue job (run --queue) failed on every attempt; the run went on without the article. */
  | 'dead-letter';

/** An input item that was not analysed, and why. Nothing is dropped without one of these. */
export interface SkippedInput {
  file: string;
  line?: number;
  reason: SkipReason;
  detail: string;
}

/** A number as written, with what it counts and how exact the writer claimed it was. */
export interface Quantity {
  /** Text as written, e.g. "at least 9,488". */
  text: string;
  /** Lower and upper bound of what the text allows; equal for an exact number. */
  min: number;
  max: number;
  /** The headline value (the number written, or the midpoint of a range). */
  value: number;
  /** True for "about", "nearly", "over nine thousand" and the like. */
  approx: boolean;
  /** at-least | at-most | about | exact | range */
  qualifier: 'exact' | 'at-least' | 'at-most' | 'about' | 'range';
  /** Noun the number counts ("people", "hostages", "trucks", "hours"), lower-cased lemma, or ''. */
  unit: string;
  /** percent | money | count | duration | year | ordinal | tally (one side of a vote or score: "passed 52-48") */
  kind: 'count' | 'percent' | 'money' | 'duration' | 'year' | 'ordinal' | 'tally';
  /** For kind tally: which side this figure is ("52-48": 52 is first, 48 second). */
  tallySide?: 'first' | 'second';
  /**
   * What the number is about, from the counted noun and nearby words (src/text/quantitySubjects.ts):
   * deaths | injuries | casualties | hostages | arrests | displaced | missing | aid, or '' when unclear.
   */
  subject: string;
}

export interface Quote {
  text: string;
  /** Speaker as named in the text, '' when the text names none. */
  speaker: string;
}

export type EntityType = 'person' | 'organization' | 'place';

export interface Entity {
  text: string;
  /** Canonical name after alias normalisation (e.g. "the U.S." -> "United States"). */
  name: string;
  type: EntityType;
}

export interface Sentence {
  /** `${articleId}#${index}` */
  id: string;
  articleId: string;
  outlet: string;
  /** 0-based position in the article body. */
  index: number;
  paragraph: number;
  text: string;
  quotes: Quote[];
  numbers: Quantity[];
  entities: Entity[];
  /** ISO dates mentioned in the sentence (resolved when the text gives a year). */
  dates: string[];
}

/**
 * One analysed article's sentences as the later stages key their reuse on them (the segment stage's
 * `sentenceDigests`, one per analysed article, in article order): a nightly run's events and framing
 * tell unchanged articles from changed ones by this digest instead of hashing every sentence again.
 */
export interface SentenceDigest {
  articleId: string;
  /**
   * sha256 (hex) of the article's sentences as segment stored or made them: two runs that give an
   * article id the same digest give it the same sentences ('' when its segmentation failed).
   */
  digest: string;
  /** The latest day its sentences mention (days since 1970-01-01, events/dates.ts), or null. */
  latestMentionedDay: number | null;
  /**
   * What its sentences were made from and what they hold: `key` over the segment stage's memo
   * namespace (its settings, alias table and code) and the article's id, outlet and text, and the
   * counts the stage's counters add up. A night whose article at the same place has the same key
   * takes its sentences from the previous value's blob (pipeline/segment.ts). Absent where segmentation
   * failed, and in values made elsewhere (the queue coordinator) or before.
   */
  made?: SentencesMade;
}

/** See SentenceDigest.made. */
export interface SentencesMade {
  key: string;
  sentences: number;
  quotes: number;
  numbers: number;
  entities: number;
}

export interface SentenceSentiment {
  sentenceId: string;
  /** negative | neutral | positive */
  label: 'negative' | 'neutral' | 'positive';
  /** In [-1, 1]. */
  score: number;
}

/** Row-major matrix of L2-normalised embeddings, one row per id. */
export interface VectorTable {
  dim: number;
  ids: string[];
  data: Float32Array;
}

/**
 * A VectorTable whose rows are copied out when asked: from a table in memory, or read from the
 * table's stored blob (a stage's `rowReads`, src/store/vectorSource.ts), so a stage can hold only
 * the rows it works on.
 */
export interface VectorSource {
  dim: number;
  /** Its number of rows. */
  count: number;
  /**
   * The row of an id, or undefined. A stored table's source keeps its ids compactly
   * (src/store/rowLookup.ts): a stage never holds the corpus's sentence ids to find its rows.
   */
  rowOf(id: string): number | undefined;
  /** The vectors of these rows, packed in the order asked (the k-th at k * dim). */
  rows(rows: readonly number[]): Float32Array;
  /**
   * Where a stored table's floats lie in the store, frame by frame: a new table that starts with the
   * same rows borrows them (pipeline/enrich.ts, Float32Spill.borrow). Absent for a table in memory.
   */
  readonly storedFrames?: StoredFrames;
}

/**
 * A stored typed array's frames, in order, from its first byte: the blob that holds each (a sha256,
 * for a reference to it), its file (to read it) and the body's offset and size there.
 */
export type StoredFrames = readonly { blob: string; file: string; at: number; bytes: number }[];

/**
 * The enrichment's vectors as events and claims read them: the article vectors whole, the sentence
 * vectors whole or as a source of rows (in a session, read from the store: never held whole).
 */
export interface AnalysisVectors {
  articleVectors: VectorTable;
  sentenceVectors: VectorTable | VectorSource;
}

export interface Enrichment {
  sentiment: SentenceSentiment[];
  sentenceVectors: VectorTable;
  /** Mean of an article's sentence vectors, re-normalised. */
  articleVectors: VectorTable;
  /**
   * What the next run's enrich stage needs to take a sentence's outputs from this value instead of the
   * model cache (pipeline/enrich.ts): per row of sentenceVectors (and sentiment), a 16-byte digest of
   * the sentence text and its truncation flags; `basis` names the models and settings they came from.
   * Absent in values built elsewhere (the queue coordinator): the next run then reads the model cache.
   */
  reuse?: EnrichmentReuse;
}

export interface EnrichmentReuse {
  basis: string;
  /** 16 bytes per sentence row: the first half of sha256(text). */
  textDigests: Uint8Array;
  /** Per sentence row: bit 0 the embedding's input was cut at maxTokens, bit 1 the sentiment model's. */
  truncated: Uint8Array;
  /**
   * Per article, in the order of the sentence rows (an article's rows are consecutive): its id, the
   * segment stage's digest of its sentences ('' when the run had none) and its first row. The next
   * run takes the rows of an article with the same digest from here, without hashing its texts.
   */
  articles?: { ids: string[]; digests: string[]; firstRows: Uint32Array };
}

export interface Event {
  /** Stable id from the sorted ids of its articles. */
  id: string;
  label: string;
  /** Earliest and latest known publication date, '' when none is known. */
  dateFrom: string;
  dateTo: string;
  articleIds: string[];
  outlets: string[];
  /**
   * With the learned judge (events.judge): the lowest same-event probability of any two of its
   * articles (1 for a single article). Without it: the mean pairwise similarity.
   */
  cohesion: number;
  /**
   * True when some pair inside the event is more likely two stories than one (see README, Events);
   * the claims stage then raises no omissions in it. When absent (events.judge off), claims decides
   * from `cohesion` (claims.omissionMinCohesion).
   */
  mayMixStories?: boolean;
}

/**
 * What the events stage built its events from (pipeline/events.ts), kept for the next run: that run
 * re-clusters only the date windows its new, changed or removed articles touch and keeps every
 * other event verbatim. A different `basis` (stage version, params, judge file) means a full recompute.
 */
export interface EventsIndex {
  basis: string;
  /** Article id -> [digest of its record, sentences and vectors; anchor day (days since 1970) or null]. */
  articles: Record<string, [string, number | null]>;
  /**
   * The ranges: each set of articles clustered together in one run. Term weights (IDF) and
   * baselines of an event, in the events and the claims stage, come from its range's articles.
   */
  ranges: EventRange[];
  /** Event id -> range id. */
  rangeOfEvent: Record<string, string>;
}

export interface EventRange {
  id: string;
  /** Digest over the range's article ids and digests when it was clustered (the claims memo key). */
  digest: string;
  articleIds: string[];
}

export type ClaimRelation = 'agree' | 'contradict' | 'related';

export interface ClaimMatch {
  id: string;
  eventId: string;
  relation: ClaimRelation;
  /** Combined similarity used to pick the pair, in [0, 1]. */
  similarity: number;
  /** Signals behind it, for audit: cosine, lexical, entity and number overlap, NLI probabilities. */
  cosine: number;
  lexical: number;
  nliEntailment: number;
  nliContradiction: number;
  /** Why this label (e.g. "judge P(same) 0.91", "stance: rejected vs agreed"). */
  reason: string;
  /** The relations judge's P(same) for the pair (config/models/relations.json), in [0, 1]. */
  confidence: number;
  a: SentenceRef;
  b: SentenceRef;
}

export interface SentenceRef {
  sentenceId: string;
  articleId: string;
  outlet: string;
  text: string;
}

/**
 * consistent: the figures agree once wording is read; discrepancy: the same quantity at the same
 * moment, and they cannot both be right; update: the same quantity at different moments.
 */
export type NumericVerdict = 'consistent' | 'discrepancy' | 'update';

export interface NumericComparison {
  id: string;
  eventId: string;
  /** What is counted, e.g. "deaths", "hostages". */
  quantity: string;
  a: SentenceRef & { number: Quantity };
  b: SentenceRef & { number: Quantity };
  /** Relative gap between the closest values the two texts allow (0 when the ranges overlap). */
  relativeGap: number;
  verdict: NumericVerdict;
  /** What each figure states (role of thing; modifiers), see src/analysis/claims/quantityIdentity.ts. */
  quantityA?: string;
  quantityB?: string;
  /** Publication dates of the two articles ('' when unknown). */
  publishedA?: string;
  publishedB?: string;
  /** How sure the match is that both figures state the same quantity, in [0, 1]. */
  confidence?: number;
  /** The signals behind the verdict, e.g. "update: so-far; dates 2019-01-02 / 2019-01-04". */
  reason?: string;
}

/** A set of matched claims about one fact inside one event. */
export interface ClaimCluster {
  id: string;
  eventId: string;
  /** The most central sentence, used as the cluster's label. */
  label: string;
  sentences: SentenceRef[];
  outlets: string[];
}

export interface Omission {
  id: string;
  eventId: string;
  claimClusterId: string;
  /** The outlet that covers the event but not this fact. */
  outlet: string;
  articleIds: string[];
  /** Outlets that do report it, and the sentence that best shows it. */
  reportedBy: string[];
  evidence: SentenceRef;
  /** Weakest judge P(same) among the agree links that make the fact. */
  confidence?: number;
  /** Highest judge P(same) of any sentence of the missing outlet against the fact (below claims' covered bar). */
  closestMatch?: number;
}

export interface OutletFraming {
  outlet: string;
  /** Event id, or '*' for the outlet across all events. */
  eventId: string;
  articles: number;
  sentences: number;
  words: number;
  /** Mean sentence tone (tone model: P(positive) - P(negative)), -1 to 1. */
  toneMean: number;
  toneNegativeShare: number;
  tonePositiveShare: number;
  /** Sentences with a tone (the count behind the mean), and how many the tone model labelled each way. */
  toneSentences: number;
  toneNegative: number;
  toneNeutral: number;
  tonePositive: number;
  /** 95% bootstrap interval of toneMean (fixed seed); NaN without sentences. */
  toneLow: number;
  toneHigh: number;
  /** toneSentences reaches framing.minToneSentences: enough to compare (else greyed out, never ranked). */
  toneEnough: boolean;
  /** Outlets in the same scope (both with enough sentences) whose tone interval lies wholly below / above this one (at most 25, the largest). */
  toneHigherThan: string[];
  toneLowerThan: string[];
  /** How many outlets toneHigherThan / toneLowerThan would name: the lists keep the 25 with most toned sentences. */
  toneHigherThanCount: number;
  toneLowerThanCount: number;
  /** Distinct loaded-language terms found (lexicon entries), most frequent first. */
  loadedTerms: string[];
  /** Loaded-language hits in titles and body (lexicon), and how many of them sit inside quotation marks. */
  loadedCount: number;
  loadedInQuotes: number;
  loadedTermCounts: Record<string, number>;
  loadedPer1000Words: number;
  /** Sentences whose |sentiment score| reaches framing.polarThreshold (model-flagged strong polarity). */
  polarSentences: number;
  polarShare: number;
  hedgeCount: number;
  hedgesPer1000Words: number;
  hedgeTerms: string[];
  hedgeTermCounts: Record<string, number>;
  attributionCount: number;
  attributionPer1000Words: number;
  attributionTerms: string[];
  attributionTermCounts: Record<string, number>;
  quotes: number;
  /** Speaker group -> number of quotes. */
  speakerGroups: Record<string, number>;
  /** Speaker (canonical entity name when known) -> number of quotes; unattributed quotes are not listed. */
  speakers: Record<string, number>;
  eventsCovered: number;
  claimsShared: number;
  /** Claim matches labelled contradict and numeric comparisons labelled discrepancy that involve this outlet. */
  contradictions: number;
  numericDiscrepancies: number;
  omissions: number;
}

export interface EntityTone {
  outlet: string;
  eventId: string;
  entity: string;
  /** The entity's type as the segmenter tagged it most often. */
  entityType: EntityType;
  /** Sentences that mention the entity (a sentence naming it twice counts once). */
  mentions: number;
  /** Mean tone of the words about the entity (its clause, the quotation naming it, or the outlet's words around a quotation it speaks). */
  toneMean: number;
  negativeShare: number;
  positiveShare: number;
  /** 95% bootstrap interval of toneMean (fixed seed). */
  toneLow: number;
  toneHigh: number;
  /** Mentions by role: in the outlet's own words, inside a quotation, as the speaker of a quotation. */
  ownVoiceMentions: number;
  quotedMentions: number;
  speakerMentions: number;
  /** Ids of the sentences behind it. */
  sentenceIds: string[];
  /** The mentioning sentence with the strongest sentiment, as evidence. */
  strongest: SentenceRef & { score: number };
}

export interface Analysis {
  events: Event[];
  claimMatches: ClaimMatch[];
  numericComparisons: NumericComparison[];
  claimClusters: ClaimCluster[];
  omissions: Omission[];
}

/** The claims stage's output: an Analysis without the events, which are stored once (the events stage's dataset). */
export type ClaimFindings = Omit<Analysis, 'events'>;

/** A sentence's tone from the tone model: what the outlet's tone means and intervals are built from. */
export interface SentenceTone {
  sentenceId: string;
  label: 'negative' | 'neutral' | 'positive';
  /** P(positive) - P(negative), in [-1, 1]. */
  score: number;
}

/** Whether a tone measure beat its reference rows where it was measured, so reports may show it as a finding. */
export interface ToneQuality {
  /** Sentence tone: from the tone model's training report (cross-validated, references in the same run). */
  sentenceIsFinding: boolean;
  /** "accuracy 0.63, macro-F1 0.52 vs always-neutral 0.56 / 0.24 ...": what the decision rests on. */
  sentenceEvidence: string;
  /** Tone towards actors: framing.actorToneFinding (set from `crossframe eval --only actor-tone`). */
  actorIsFinding: boolean;
  minToneSentences: number;
}

export interface Framing {
  outletFraming: OutletFraming[];
  entityTone: EntityTone[];
  /** Absent in framing results stored before tone had a measured model. */
  toneQuality?: ToneQuality;
  /** Each toned sentence's tone (sentences.csv tone_label / tone_score), in sentence order. */
  sentenceTones?: SentenceTone[];
  /**
   * The rows of entityTone the reports show (src/analysis/framing/leadingActors.ts: the first of each
   * outlet and scope, without sentence ids), collected as the rows are made. Absent in framing results
   * stored before version 9: the report stage then reads every row for them.
   */
  leadingActors?: EntityTone[];
  /**
   * Every tone interval the rows carry, by its inputs (toneInterval.ts intervalKey): the next run's
   * framing looks its intervals up here first (toneInterval.ts carriedIntervals). Absent in framing
   * results stored before version 10.
   */
  intervals?: ToneIntervals;
  /**
   * Where each article's rows of `sentenceTones` start, with the key its per-article framing was
   * memoised under: the next run's framing takes the tone rows of the unchanged articles at the
   * corpus's start from this value's pieces instead of writing them again (pipeline/framing.ts).
   * Absent in framing results stored before version 11, and in a framing computed without its memo.
   */
  toneRows?: ArticleToneRows;
}

/** The articles of a framing's sentence tones, in the order their rows come: see Framing.toneRows. */
export interface ArticleToneRows {
  /** sha256 (hex) of the per-article memo's namespace: keys under another namespace say nothing. */
  namespace: string;
  ids: string[];
  /** sha256 of each article's memo key (articleFraming.ts articleFramingKey), 32 bytes each. */
  keys: Uint8Array;
  /** Each article's first row; its rows end where the next article's start (the last at sentenceTones' end). */
  firstRows: Uint32Array;
}

/** Tone intervals by their inputs, packed: interval i's key is bytes 32i..32i+31, its bounds 2i and 2i+1. */
export interface ToneIntervals {
  /** sha256 of each interval's inputs (intervalKey's hex digest as bytes). */
  keys: Uint8Array;
  /** Each interval's low and high bound. */
  bounds: Float64Array;
}
