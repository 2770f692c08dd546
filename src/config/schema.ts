/**
 * The one schema for crossframe's configuration: validation, defaults and documentation.
 * `config/pipeline.yaml` and the README's config table are checked against it by tests,
 * so a key added here without docs fails the suite.
 */
import { z } from 'zod';
import { userPatternProblem } from './userPattern.js';

const modelSpec = (id: string, doc: string) =>
  z
    .object({
      id: z.string().min(1).default(id).describe(`${doc} A bundled model (compact/...), a hub id (e.g. Xenova/...) or a folder name under models.dir.`),
      quantized: z
        .boolean()
        .default(true)
        .describe('Load onnx/model_quantized.onnx (true; the bundled models are int8) or the fp32 onnx/model.onnx (false).'),
    })
    .strict();

export const inputSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .min(1)
      .default(['seeds'])
      .describe('Folders or files to read (in a config file: relative to that file; default seeds/ in the working directory). crossframe run DIR... and --input override.'),
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024)
      .describe('Files larger than this are skipped with reason too-large (default 5 MB).'),
    languages: z
      .array(z.string().length(2))
      .min(1)
      .default(['en'])
      .describe('ISO 639-1 codes analysed by the models; other articles are listed in skipped inputs.'),
    minWords: z
      .number()
      .int()
      .nonnegative()
      .default(30)
      .describe('Articles with fewer words after cleaning are skipped with reason empty.'),
    nearDuplicateThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.9)
      .describe('Word-shingle Jaccard similarity at or above which two articles of one outlet count as duplicates.'),
    outletsFile: z
      .string()
      .default('config/outlets.yaml')
      .describe('Outlet directory: names, aliases, domains, byline and house-style patterns.'),
    boilerplate: z
      .array(
        z.string().superRefine((source, ctx) => {
          const problem = userPatternProblem(source);
          if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        }),
      )
      .default([])
      .describe('Extra regular expressions; a line matching one is dropped as boilerplate (case-insensitive).'),
    slashDates: z
      .enum(['ignore', 'day-first', 'month-first'])
      .default('ignore')
      .describe(
        'How to read an ambiguous numeric date like 05/06/2021 found in a text: ignore (never guess), day-first or month-first. Dotted dates (06.11.2023) are always day-first.',
      ),
    recordFields: z
      .object({
        id: z.array(z.string().min(1)).min(1).default(['id']).describe('JSON record fields holding the record id, first non-empty wins.'),
        text: z
          .array(z.string().min(1))
          .min(1)
          .default(['text', 'content', 'body', 'article'])
          .describe('JSON record fields holding the article text.'),
        title: z.array(z.string().min(1)).min(1).default(['title', 'headline']).describe('JSON record fields holding the headline.'),
        outlet: z
          .array(z.string().min(1))
          .min(1)
          .default(['outlet', 'source', 'publisher', 'site'])
          .describe('JSON record fields holding the outlet name (a {name} object such as NewsAPI `source` works too).'),
        url: z.array(z.string().min(1)).min(1).default(['url', 'link']).describe('JSON record fields holding the article URL.'),
        published: z
          .array(z.string().min(1))
          .min(1)
          .default(['published', 'date', 'publishedAt', 'published_at', 'pubDate'])
          .describe('JSON record fields holding the publication date.'),
      })
      .strict()
      .default({}),
  })
  .strict();

export const modelsSchema = z
  .object({
    dir: z
      .string()
      .nullable()
      .default(null)
      .describe('Model folder searched before the bundled models (transformers.js localModelPath); --models DIR and env CROSSFRAME_MODELS_DIR override. Never changes which models the profile names.'),
    allowRemote: z
      .boolean()
      .default(false)
      .describe('Allow downloads from the model hub (the hub profile sets true); --offline sets false.'),
    remoteHost: z
      .string()
      .url()
      .nullable()
      .default(null)
      .describe('Model hub address for downloads, e.g. a mirror inside your network (it must serve <id>/resolve/main/<file>); null = https://huggingface.co/.'),
    cacheDir: z
      .string()
      .default('output/.cache')
      .describe('Where model outputs and stage results are cached (a SQLite file and blobs).'),
    downloadDir: z
      .string()
      .nullable()
      .default(null)
      .describe('Where models downloaded from the hub are kept between runs; null = <cacheDir>/hub. In a config file: relative to that file.'),
    cacheMaxAgeDays: z
      .number()
      .positive()
      .default(30)
      .describe('Stage results no run has used for this many days are deleted from cacheDir after a successful run; so are the entries of a models.sqlite namespace (a memo or a model\'s outputs) unused for this many days that a newer one of its family replaced (a release, a changed setting, lexicon or model).'),
    batchSize: z.number().int().positive().default(32).describe('Sentences per model call.'),
    concurrency: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('Model calls in flight at once (p-limit). onnxruntime already uses every core per call (unless models.threads sets fewer).'),
    threads: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .describe('onnxruntime threads per model session (intraOpNumThreads and interOpNumThreads); null = env CROSSFRAME_MODEL_THREADS if set, else onnxruntime\'s own (one per core). 1 suits two crossframe processes on one machine: two at once took 17.1 s each with one thread per core against 11.1-11.4 s with 1 (2 cores); alone 1 thread is slower (10.7 against 6.7 s).'),
    maxTokens: z
      .number()
      .int()
      .positive()
      .default(256)
      .describe('Inputs longer than this many tokens are truncated (counted in the manifest).'),
    embedding: modelSpec('compact/embedding', 'Sentence embedding model (feature-extraction, mean-pooled, normalised).').default({}),
    sentiment: modelSpec(
      'compact/sentiment',
      'Sentiment model (text-classification).',
    ).extend({
      labels: z
        .record(z.string(), z.number().min(-1).max(1))
        .default({
          negative: -1,
          neutral: 0,
          positive: 1,
          '1 star': -1,
          '2 stars': -0.5,
          '3 stars': 0,
          '4 stars': 0.5,
          '5 stars': 1,
          label_0: -1,
          label_1: 0,
          label_2: 1,
        })
        .describe('Model label (case-insensitive) -> polarity in [-1, 1]; score = sum of probability x polarity.'),
      neutralBand: z
        .number()
        .min(0)
        .max(1)
        .default(0.3)
        .describe('Scores within +-neutralBand are labelled neutral (binary models have no neutral class).'),
    }).default({}),
    nli: modelSpec('compact/nli', 'Natural language inference model (sentence-pair classification).').default({}),
  })
  .strict();

export const eventsSchema = z
  .object({
    windowDays: z
      .number()
      .nonnegative()
      .default(10)
      .describe('Articles whose known dates lie further apart than this are never the same event; an event spans at most this many days.'),
    fullRunArticles: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(10000)
      .describe('A full run (the first, --full, or after the events settings or judge changed) over more articles than this is built in steps of whole days, oldest first, each of at most this many articles, as the nightly runs would have built it: its memory follows the step, not the corpus. null: one range over the whole corpus (at 50,000 articles more than 4 GB of heap).'),
    useMentionedDates: z
      .boolean()
      .default(true)
      .describe('Place an article without a publication date at the latest full date (with year) its text mentions, for the date window only.'),
    useUrlDates: z
      .boolean()
      .default(true)
      .describe('Place an article without a publication date in the month (or on the day) its address states (".../2013/03/slug"), for the date window only; before any mentioned date.'),
    ordinalConflict: z
      .boolean()
      .default(true)
      .describe('Two articles that number the same series differently ("second visit" vs "ninth visit") are never a candidate pair and count as probability 0 in the judge\'s linkage (a veto under single linkage and in the weighted similarity).'),
    genericOrdinalUnits: z
      .array(z.string())
      .default(['time', 'times', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'half', 'quarter', 'place', 'row', 'straight', 'consecutive', 'largest', 'biggest', 'most'])
      .describe('Nouns after an ordinal that do not name one occurrence of a series ("the third day" of one event): ignored by ordinalConflict.'),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.07)
      .describe('Minimum linkage similarity to merge two groups of articles (precision first: raise to split more). Tuned on basil-dev.'),
    linkage: z
      .enum(['average', 'complete', 'single'])
      .default('complete')
      .describe('How similar two groups must be to merge: complete (every pair at or above threshold; default, precision first), average (the mean pair), or single (any pair; chains false merges).'),
    background: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('How much general-English word frequency (SUBTLEX-US) discounts common words on top of corpus IDF: 0 = corpus IDF only, 1 = full product.'),
    weights: z
      .object({
        embedding: z.number().nonnegative().default(0.05).describe('Weight of article-embedding cosine (lifted over the corpus mean cosine).'),
        entities: z.number().nonnegative().default(0.2).describe('Weight of shared named entities (IDF-weighted set cosine).'),
        lexical: z.number().nonnegative().default(0.7).describe('Weight of TF-IDF cosine of title and body.'),
        numbers: z.number().nonnegative().default(0.05).describe('Weight of shared specific figures (exact counts, money, percentages).'),
        statements: z.number().nonnegative().default(0.2).describe('Weight of shared statements: sentences with a close counterpart in the other article.'),
      })
      .strict()
      .default({})
      .describe('Relative weights of the article similarity signals (normalised to sum 1).'),
    statementThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.18)
      .describe('Claim similarity (see claims.weights) at or above which two sentences count as a shared statement.'),
    statementGate: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('Shared statements are only compared for article pairs whose other signals (weighted as above, without statements) reach this; keeps the sentence-by-sentence work to plausible pairs.'),
    minClaimWords: z
      .number()
      .int()
      .positive()
      .default(6)
      .describe('Sentences shorter than this are not compared as statements.'),
    candidates: z
      .object({
        keysPerArticle: z.number().int().positive().default(40).describe('Heaviest terms per article put in the blocking index (entities and figures are always added).'),
        maxPostings: z.number().int().positive().default(200).describe('Index keys shared by more articles than this are too common to propose pairs.'),
        neighbours: z.number().int().positive().default(30).describe('Candidate partners scored per article.'),
      })
      .strict()
      .default({})
      .describe('Blocking: which article pairs are scored at all (keeps cost near-linear in corpus size).'),
    judge: z
      .string()
      .default('config/models/events.json')
      .describe('Learned article-pair judge (`crossframe train events`): events grow by linkage over its same-event probability, with the link threshold stored in the file. Empty: the weighted similarity above with `threshold` and `linkage`.'),
    judgeLinkage: z
      .enum(['average', 'complete'])
      .default('average')
      .describe('Linkage over the judge probability: average (the mean pair must reach the link threshold) or complete (every pair must).'),
  })
  .strict();

export const claimsSchema = z
  .object({
    minWords: z
      .number()
      .int()
      .positive()
      .default(6)
      .describe('Sentences shorter than this are not claim units (headlines, captions, bylines).'),
    weights: z
      .object({
        embedding: z.number().nonnegative().default(0.2).describe('Weight of sentence-embedding cosine (lifted over the corpus mean cosine).'),
        lexical: z.number().nonnegative().default(0.5).describe('Weight of IDF-weighted term overlap.'),
        entities: z.number().nonnegative().default(0.3).describe('Weight of shared named entities (IDF-weighted, damped by entityPrior).'),
        numbers: z.number().nonnegative().default(0.05).describe('Weight of shared exact figures (only when both sentences have figures).'),
      })
      .strict()
      .default({})
      .describe('Relative weights of the sentence similarity signals.'),
    minCorpusDocs: z
      .number()
      .int()
      .nonnegative()
      .default(10)
      .describe('For claim sentences, IDF counts at least this many articles (the extra ones contain no term): in a small corpus the facts every outlet of an event reports would otherwise weigh nothing. 0 = plain corpus IDF. (Event clustering uses plain corpus IDF: there, what every article shares should weigh little.)'),
    entityPrior: z
      .number()
      .min(0)
      .default(1)
      .describe('Damps entity overlap of sentences that share only common names: multiples of the weight of a name two articles share, added to each side.'),
    candidateThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.18)
      .describe('Minimum combined sentence similarity for a cross-outlet pair to become a claim match.'),
    agreeThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.45)
      .describe('Previous rules only (the eval reference row; the relations judge decides in a run): combined similarity at or above which a non-contradicting pair is labelled agree.'),
    contradictionThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('Previous rules only: NLI contradiction probability (either direction) at or above which a topically overlapping pair is labelled contradict.'),
    contradictionOverlap: z
      .number()
      .min(0)
      .max(1)
      .default(0.4)
      .describe('Previous rules only: minimum term overlap for an NLI contradiction to count.'),
    negationOverlap: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('Previous rules only: term overlap at or above which two sentences that differ by a negation contradict.'),
    maxCandidatesPerSentence: z
      .number()
      .int()
      .positive()
      .default(4)
      .describe('Nearest sentences per sentence and other outlet kept as candidates (bounds cost and NLI calls in large events).'),
    indexAbove: z
      .number()
      .int()
      .positive()
      .default(400)
      .describe('Events with more claim sentences than this draw candidates from an inverted index of rare terms, entities and figures instead of scoring every cross-outlet pair.'),
    maxPostings: z
      .number()
      .int()
      .positive()
      .default(50)
      .describe('In the index, terms held by more sentences than this do not propose pairs.'),
    stanceLexicon: z
      .string()
      .default('config/lexicons/stance.yaml')
      .describe('Verbs of refusal and of acceptance for the stance rule ("rejected any pause" vs "agreed to pauses").'),
    numericTolerance: z
      .number()
      .min(0)
      .default(0)
      .describe('Relative gap two figures for the same quantity may have beyond what their wording allows (rounding, qualifiers, ranges) and still be consistent; 0: any gap the wording does not allow is a discrepancy (the rule before issue 13 used 0.05).'),
    numericContext: z
      .number()
      .min(0)
      .max(1)
      .default(0.15)
      .describe('Minimum similarity of the two sentences for their figures of one category to be about the same quantity.'),
    numericJudge: z
      .string()
      .default('config/models/numeric-pairs.json')
      .describe('Fitted same-quantity judge for numeric comparison (`crossframe train numeric-pairs`); empty: the hand rules of src/analysis/claims/quantityIdentity.ts.'),
    aboutSlack: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe('The widest a hedged or rounded figure reads: "about 140" is 140 rounded at its own precision (135-145), at most +- this share (126-154); "$43 million" is what rounds or truncates to it, at most this share either side.'),
    omissionMinOutlets: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe('A fact must be reported by at least this many outlets before its absence elsewhere is an omission.'),
    omissionCoverage: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe('Previous rules only (the eval reference row): an outlet with a sentence at least this share as similar to a claim cluster as the weakest match inside the cluster is taken to report the fact. The learned judge uses its own `covered` operating point instead.'),
    omissionMinCohesion: z
      .number()
      .min(0)
      .max(1)
      .default(0.08)
      .describe('Until event clustering marks events that may mix stories (mayMixStories), an event whose cohesion is below this raises no omissions: just above events.threshold (0.07), i.e. articles whose pairs barely cleared the merge bar. A stop-gap, not fitted on mixed events.'),
    judge: z
      .string()
      .default('config/models/relations.json')
      .describe('The fitted relations judge (P(same) per candidate pair, with its thresholds); rebuild with `crossframe train relations --data DIR`.'),
    embeddingNeighbours: z
      .number()
      .int()
      .nonnegative()
      .default(5)
      .describe('Besides the best matches by combined similarity, each sentence keeps this many nearest sentences per other outlet by embedding cosine as candidates (paraphrases with few shared words).'),
  })
  .strict();

export const framingSchema = z
  .object({
    loadedLexicon: z.string().default('config/lexicons/loaded.yaml').describe('Loaded-language terms.'),
    hedgesLexicon: z.string().default('config/lexicons/hedges.yaml').describe('Hedging phrases.'),
    attributionLexicon: z.string().default('config/lexicons/attribution.yaml').describe('Attribution verbs.'),
    speakersFile: z.string().default('config/speakers.yaml').describe('Speaker groups for "who is quoted".'),
    minMentions: z
      .number()
      .int()
      .positive()
      .default(2)
      .describe('Entities mentioned fewer times in an outlet/event are left out of entity_tone.csv.'),
    polarThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe('A sentence whose |sentiment score| reaches this counts as strongly polar.'),
    toneModel: z
      .string()
      .default('config/models/tone.json')
      .describe('Fitted sentence-tone model (judge file from `crossframe train tone`): sentence and actor tone come from it.'),
    minToneSentences: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe('Outlets (per event or overall) with fewer toned sentences are greyed out in report.html and never ranked.'),
    toneBootstrap: z
      .number()
      .int()
      .min(100)
      .default(1000)
      .describe('Bootstrap resamples (fixed seed) behind each tone interval in outlet_framing.csv and entity_tone.csv.'),
    actorToneFinding: z
      .boolean()
      .default(false)
      .describe('Show tone towards actors as a finding in report.html. Off: on BASIL dev it does not beat its reference rows (`crossframe eval --only actor-tone`); entity_tone.csv still has every row with its evidence.'),
  })
  .strict();

export const reportSchema = z
  .object({
    dir: z.string().default('output').describe('Run folders are written here; --output overrides.'),
    bom: z.boolean().default(true).describe('Start CSVs with a UTF-8 byte-order mark so Excel reads them as UTF-8.'),
    html: z.boolean().default(true).describe('Write report.html.'),
    keepRuns: z.number().int().positive().default(30).describe('Older run folders beyond this count are deleted.'),
    htmlMaxEvents: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe('report.html shows at most this many events (most outlets first); the CSVs and report.yaml have all.'),
    htmlMaxClaimsPerEvent: z
      .number()
      .int()
      .positive()
      .default(25)
      .describe('report.html shows at most this many shared claims per event; claim_matches.csv has all.'),
    verdictsFile: z
      .string()
      .default('config/verdicts.yaml')
      .describe("The analyst's verdicts (findings marked wrong or right by id, README \"The verdicts file\"); relative to the config file's folder, or to the working directory when left to the default. A missing file at the default path means no verdicts; '' turns verdicts off."),
    wrongFindings: z
      .enum(['hide', 'flag'])
      .default('flag')
      .describe('Findings marked wrong in the verdicts file: hide them in report.html, or show them struck through and labelled. The CSVs and the workbook keep every row with its analyst_verdict.'),
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Findings with a confidence below this are low-confidence in report.html (see report.lowConfidence); rows without a confidence are never low.'),
    lowConfidence: z
      .enum(['apart', 'hide'])
      .default('apart')
      .describe('report.html shows low-confidence findings in a separate collapsed list (apart) or not at all (hide).'),
    chartMinArticles: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('Outlets with fewer analysed articles are left out of the overall charts in report.html (the framing table keeps them, with their article counts); 5 suits a night of many outlets.'),
    xlsx: z.boolean().default(true).describe('Write report.xlsx: one typed sheet per CSV table, frozen headers, filters, links to article URLs.'),
  })
  .strict();

export const segmentSchema = z
  .object({
    entityAliasesFile: z
      .string()
      .default('config/entities.yaml')
      .describe('Entity alias table (canonical names, types and spellings of actors), relative to the working directory.'),
    minQuoteWords: z
      .number()
      .int()
      .nonnegative()
      .default(3)
      .describe('Quoted passages with fewer words count as quotes only when an attribution ("X said") sits right next to them; shorter ones are scare quotes.'),
  })
  .strict();

export const queueSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only')
      .default('crossframe')
      .describe('BullMQ queue name shared by a coordinator (run --queue) and its workers; give each corpus that shares a Redis its own.'),
    attempts: z.number().int().min(1).default(3).describe('Tries per article job before it goes to the dead-letter list (the run goes on without that article).'),
    backoffMs: z
      .number()
      .int()
      .nonnegative()
      .default(2000)
      .describe('First retry delay of a failed job; each further retry waits twice as long (exponential backoff).'),
    stalledIntervalMs: z
      .number()
      .int()
      .positive()
      .default(30000)
      .describe('How often workers look for jobs whose worker died (SIGKILL, power loss) and put them back; such a job is retried after at most lockDurationMs + stalledIntervalMs.'),
    lockDurationMs: z
      .number()
      .int()
      .positive()
      .default(30000)
      .describe('A worker renews its lock on a running job every half of this; a job whose lock lapses counts as stalled. Keep it well above the longest article job.'),
    maxInFlight: z
      .number()
      .int()
      .positive()
      .default(500)
      .describe('Article jobs the coordinator keeps in Redis at once, so Redis holds a window of the corpus (a queued job is about 5 KB, a result about 60 KB with the bundled models; results are removed once collected).'),
    workerConcurrency: z
      .number()
      .int()
      .positive()
      .default(8)
      .describe('Jobs one worker process holds at once: they are segmented one at a time and then share model calls (up to models.batchSize x 8 sentences per call, as in process), which take turns with segmentation.'),
  })
  .strict();

export const runtimeSchema = z
  .object({
    heapLimitMB: z
      .number()
      .int()
      .min(256)
      .nullable()
      .default(null)
      .describe('V8 heap limit of `run` and `worker`, MB (null: V8\'s own, about a quarter of RAM). Set, the command starts itself once more with --max-old-space-size (and --expose-gc: the heap is collected when each stage is done; glibc\'s mmap threshold is fixed at 128 KB unless the environment sets `MALLOC_MMAP_THRESHOLD_`) and forwards signals; V8 then collects garbage before the heap passes it, which is what keeps peak RSS near the live data (README "Bounded memory", Ninth step: 1000 at 10,000 articles). A run whose live data outgrows it stops with exit 134 and V8\'s "heap out of memory" on stderr.'),
    semiSpaceMB: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .nullable()
      .default(null)
      .describe('V8 semi-space size of `run` and `worker`, MB (--max-semi-space-size; null: V8\'s own, 16 on 64-bit). The young generation is about three semi-spaces. Set, the command starts itself once more, as with heapLimitMB (also --expose-gc and the mmap threshold). 64 made the nightly 10,000 + 500 increment faster: fewer short-lived objects promoted into a large old space (README "Speed"); it costs up to 3 x (semiSpaceMB - 16) MB more resident memory.'),
  })
  .strict();

export const configSchema = z
  .object({
    extends: z.string().optional().describe('Another config file this one overrides, relative to this file.'),
    input: inputSchema.default({}),
    segment: segmentSchema.default({}),
    models: modelsSchema.default({}),
    events: eventsSchema.default({}),
    claims: claimsSchema.default({}),
    framing: framingSchema.default({}),
    report: reportSchema.default({}),
    queue: queueSchema.default({}),
    runtime: runtimeSchema.default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
