/**
 * The one schema for crossframe's configuration: validation, defaults and documentation.
 * `config/pipeline.yaml` and the README's config table are checked against it by tests,
 * so a key added here without docs fails the suite.
 */
import { z } from 'zod';

const modelSpec = (id: string, doc: string) =>
  z
    .object({
      id: z.string().min(1).default(id).describe(`${doc} Hub id (e.g. Xenova/...) or a folder name under models.dir.`),
      quantized: z
        .boolean()
        .default(true)
        .describe('Load onnx/model_quantized.onnx (true) or the fp32 onnx/model.onnx (false). Local compact models ship fp32 only.'),
    })
    .strict();

export const inputSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .min(1)
      .default(['seeds'])
      .describe('Folders or files to read, relative to the working directory. --input overrides.'),
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
      .array(z.string())
      .default([])
      .describe('Extra regular expressions; a line matching one is dropped as boilerplate (case-insensitive).'),
  })
  .strict();

export const modelsSchema = z
  .object({
    dir: z
      .string()
      .nullable()
      .default(null)
      .describe('Local model folder (transformers.js localModelPath). Env CROSSFRAME_MODELS_DIR overrides.'),
    allowRemote: z
      .boolean()
      .default(true)
      .describe('Allow downloads from the model hub; --offline sets false.'),
    cacheDir: z
      .string()
      .default('output/.cache')
      .describe('Where model outputs and stage results are cached (a SQLite file and blobs).'),
    downloadDir: z
      .string()
      .nullable()
      .default(null)
      .describe('Where models downloaded from the hub are kept between runs; null = <cacheDir>/hub. Relative to the working directory.'),
    batchSize: z.number().int().positive().default(32).describe('Sentences per model call.'),
    concurrency: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('Model calls in flight at once (p-limit). onnxruntime already uses every core per call.'),
    maxTokens: z
      .number()
      .int()
      .positive()
      .default(256)
      .describe('Inputs longer than this many tokens are truncated (counted in the manifest).'),
    embedding: modelSpec('Xenova/all-MiniLM-L6-v2', 'Sentence embedding model (feature-extraction, mean-pooled, normalised).').default({}),
    sentiment: modelSpec(
      'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
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
    nli: modelSpec('Xenova/nli-deberta-v3-xsmall', 'Natural language inference model (sentence-pair classification).').default({}),
  })
  .strict();

export const eventsSchema = z
  .object({
    windowDays: z
      .number()
      .nonnegative()
      .default(10)
      .describe('Articles whose known dates lie further apart than this are never the same event.'),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Minimum combined article similarity to link two articles (precision first: raise to split more).'),
    weights: z
      .object({
        embedding: z.number().nonnegative().default(0.4).describe('Weight of article-embedding cosine.'),
        entities: z.number().nonnegative().default(0.25).describe('Weight of shared named entities (weighted Jaccard).'),
        lexical: z.number().nonnegative().default(0.25).describe('Weight of TF-IDF cosine of the texts.'),
        numbers: z.number().nonnegative().default(0.1).describe('Weight of shared specific numbers.'),
      })
      .strict()
      .default({}),
  })
  .strict();

export const claimsSchema = z
  .object({
    candidateThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.45)
      .describe('Minimum combined sentence similarity for a cross-outlet pair to become a claim match.'),
    agreeThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('Combined similarity at or above which a non-contradicting pair is labelled agree (else related).'),
    contradictionThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe('NLI contradiction probability at or above which a pair is labelled contradict.'),
    maxCandidatesPerSentence: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Nearest sentences per sentence and other outlet kept as candidates (bounds cost in large events).'),
    numericTolerance: z
      .number()
      .min(0)
      .default(0.05)
      .describe('Relative gap above which two figures for the same quantity are a discrepancy.'),
  })
  .strict();

export const framingSchema = z
  .object({
    loadedLexicon: z.string().default('config/lexicons/loaded.yaml').describe('Loaded-language terms.'),
    hedgesLexicon: z.string().default('config/lexicons/hedges.yaml').describe('Hedging phrases.'),
    attributionLexicon: z.string().default('config/lexicons/attribution.yaml').describe('Attribution verbs.'),
    speakersFile: z.string().default('config/speakers.yaml').describe('Speaker groups for "who is quoted".'),
    entityAliasesFile: z.string().default('config/entities.yaml').describe('Entity alias normalisation.'),
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
  })
  .strict();

export const reportSchema = z
  .object({
    dir: z.string().default('output').describe('Run folders are written here; --output overrides.'),
    bom: z.boolean().default(true).describe('Start CSVs with a UTF-8 byte-order mark so Excel reads them as UTF-8.'),
    html: z.boolean().default(true).describe('Write report.html.'),
    keepRuns: z.number().int().positive().default(30).describe('Older run folders beyond this count are deleted.'),
  })
  .strict();

export const configSchema = z
  .object({
    extends: z.string().optional().describe('Another config file this one overrides, relative to this file.'),
    input: inputSchema.default({}),
    models: modelsSchema.default({}),
    events: eventsSchema.default({}),
    claims: claimsSchema.default({}),
    framing: framingSchema.default({}),
    report: reportSchema.default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
