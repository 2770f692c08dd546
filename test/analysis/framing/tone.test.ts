/**
 * Tone with a measured model: intervals, counts, actor scopes, the shipped judge file, and the
 * seeds through framing and the tone chart (no bar without its interval and count).
 */
import { actorScopes, clauseRanges, scopeTone } from '../../../src/analysis/framing/actorTone.js';
import { computeFraming } from '../../../src/analysis/framing/framing.js';
import { loadFramingResources } from '../../../src/analysis/framing/resources.js';
import { trainingReferences, toneQualityOf } from '../../../src/analysis/framing/sentenceTone.js';
import { bootstrapInterval, separatedFrom } from '../../../src/analysis/framing/toneInterval.js';
import { seededRandom } from '../../../src/runtime/seededRandom.js';
import { TONE_FEATURE_NAMES, toneFeatures } from '../../../src/analysis/framing/toneFeatures.js';
import { valenceOf, vaderLabel } from '../../../src/analysis/framing/toneLexicon.js';
import { ACTOR_POLARITY_THRESHOLD, actorToneFromProbabilities, loadToneJudge, toneOf } from '../../../src/analysis/framing/toneModel.js';
import { configSchema } from '../../../src/config/schema.js';
import { namesTarget } from '../../../src/eval/actorTone.js';
import { toneSpec } from '../../../src/report/html/charts.js';
import type { Analysis, Framing, Sentence } from '../../../src/records.js';
import { seedRecords } from './seedRecords.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actorPolarityThreshold, toneTrainer } from '../../../src/analysis/framing/toneTrain.js';
import { pipelineApp } from '../../../pipeline/app.js';
import { DEFAULT_EVAL_DIR } from '../../../src/measure/harness.js';
import { loadEvalConfig } from '../../../src/measure/harness.js';
import { createMemoryLogger } from '../../../src/runtime/logger.js';
import { TRAINERS } from '../../../src/learn/trainers.js';
import { sharedWordVectors } from '../../../src/analysis/corpus/wordVectors.js';
import { fitSoftLexicon, maxSoftScore, readOrFitSoftLexicon, softLexiconMemoFile, softLoadedLexicon, softScore, type SoftLexicon } from '../../../src/analysis/framing/softLexicon.js';
import { compileLexicon } from '../../../src/analysis/framing/lexicon.js';

const config = configSchema.parse({}).framing;
const resources = loadFramingResources(config);
const judge = loadToneJudge(config.toneModel);

function sentence(text: string, entities: [string, string][], quotes: { text: string; speaker: string }[] = []): Sentence {
  return {
    id: 'a#0', articleId: 'a', outlet: 'X', index: 0, paragraph: 0, text, numbers: [], dates: [], quotes,
    entities: entities.map(([t, name]) => ({ text: t, name, type: 'person' as const })),
  };
}

describe('soft loaded lexicon (word vectors)', () => {
  it('scores unlisted words near the loaded lexicon above ordinary news words, deterministically', () => {
    const vectors = sharedWordVectors();
    const soft = softLoadedLexicon(vectors, resources.loaded);
    expect(softLoadedLexicon(vectors, resources.loaded)).toBe(soft);
    // Neither word is in config/lexicons/loaded.yaml; both sit near its "fiasco", "debacle".
    for (const near of ['shambolic', 'lambasted']) expect(softScore(soft, near)!).toBeGreaterThan(0.02);
    expect(maxSoftScore(soft, ['tuesday', 'committee', 'vote', 'said', 'percent'])).toBeLessThan(0.01);
    expect(maxSoftScore(soft, ['zzqxunknownword'])).toBe(0);
    const member = (w: string) => w === 'fiasco';
    expect(Array.from(fitSoftLexicon(vectors, member).weights)).toEqual(Array.from(fitSoftLexicon(vectors, member).weights));
  });

  it('keeps the fit beside the vectors, reads it back bit for bit, and refits a damaged or foreign memo', () => {
    const vectors = sharedWordVectors();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-softmemo-'));
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const same = (a: SoftLexicon, b: SoftLexicon) =>
      bytes(a.scores).equals(bytes(b.scores)) && bytes(a.weights).equals(bytes(b.weights)) && a.words.join('\n') === b.words.join('\n');
    let loads = 0;
    const load = () => (loads++, vectors);
    try {
      const fit = readOrFitSoftLexicon(dir, resources.loaded, load);
      expect(loads).toBe(1);
      expect(fit).toBe(softLoadedLexicon(vectors, resources.loaded));
      // The scores kept are the values scoring each word's vector gives (same order of operations),
      // with one score per vocabulary word; a word the vectors do not know has none.
      expect(fit.words.length).toBe(vectors.index.size);
      const random = seededRandom(3);
      for (const w of ['shambolic', 'fiasco', 'vote', ...Array.from({ length: 300 }, () => fit.words[Math.floor(random() * fit.words.length)])]) {
        const row = vectors.index.get(w)!;
        const v = Array.from(vectors.matrix.subarray(row * 100, (row + 1) * 100));
        expect(softScore(fit, w)).toBe(v.reduce((s, x, i) => s + fit.weights[i] * x, fit.weights[100]));
      }
      expect(softScore(fit, 'Shambolic')).toBe(softScore(fit, 'shambolic'));
      expect(softScore(fit, 'zzqxunknownword')).toBeUndefined();
      const file = softLexiconMemoFile(dir, resources.loaded);
      const good = fs.readFileSync(file);

      const read = readOrFitSoftLexicon(dir, resources.loaded, load);
      expect(loads).toBe(1);
      expect(read).not.toBe(fit);
      expect(same(read, fit)).toBe(true);

      const header = good.subarray(0, good.indexOf(10)).toString('utf8');
      const otherMembers = Buffer.concat([Buffer.from(header.replace(/"members":"[0-9a-f]+"/, `"members":"${'0'.repeat(64)}"`)), good.subarray(header.length)]);
      const flipped = Buffer.from(good);
      flipped[flipped.length - 3] ^= 1;
      // Another lexicon's memo (its key in the header), moved under this one's name.
      const other = compileLexicon('loaded', ['fiasco']);
      expect(softLexiconMemoFile(dir, other)).not.toBe(file);
      const foreign = Buffer.concat([Buffer.from(header.replace(/"key":"[0-9a-f]+"/, `"key":"${'1'.repeat(64)}"`)), good.subarray(header.length)]);
      loads = 0;
      for (const damage of [Buffer.from('garbage'), good.subarray(0, good.length - 8), flipped, otherMembers, foreign]) {
        fs.writeFileSync(file, damage);
        expect(same(readOrFitSoftLexicon(dir, resources.loaded, load), fit)).toBe(true);
        // Refit from the vectors and written again.
        expect(fs.readFileSync(file).equals(good)).toBe(true);
      }
      expect(loads).toBe(5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bootstrap intervals', () => {
  it('are deterministic, hold the mean, and are blank without data', () => {
    const values = [-0.8, -0.2, 0.1, -0.5, 0.3, -0.1, -0.6, 0.2];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const [low, high] = bootstrapInterval(values, 1000, 'X\u0000*');
    expect(bootstrapInterval(values, 1000, 'X\u0000*')).toEqual([low, high]);
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    expect(bootstrapInterval([], 1000, 'k').every(Number.isNaN)).toBe(true);
    expect(bootstrapInterval([0.4], 1000, 'k')).toEqual([0.4, 0.4]);
  });

  it('order two scopes only when their intervals do not overlap', () => {
    const apart = separatedFrom([
      { key: 'A', low: -0.5, high: -0.3 },
      { key: 'B', low: -0.1, high: 0.1 },
      { key: 'C', low: -0.35, high: 0 },
    ]);
    expect(apart.get('A')).toEqual({ higherThan: [], lowerThan: ['B'], higherThanCount: 0, lowerThanCount: 1 });
    expect(apart.get('B')).toEqual({ higherThan: ['A'], lowerThan: [], higherThanCount: 1, lowerThanCount: 0 });
    expect(apart.get('C')).toEqual({ higherThan: [], lowerThan: [], higherThanCount: 0, lowerThanCount: 0 });
  });

  it('counts every separated scope and lists the heaviest maxListed, as the all-pairs definition says', () => {
    const random = seededRandom(7);
    const items = Array.from({ length: 400 }, (_, i) => {
      const mid = random() * 2 - 1;
      const half = random() * 0.3;
      // Some scopes without an interval (no sentences) and some ties in bounds and weights.
      return i % 50 === 0 ? { key: `o${i}`, low: NaN, high: NaN, weight: 0 } : { key: `o${i}`, low: Math.round((mid - half) * 20) / 20, high: Math.round((mid + half) * 20) / 20, weight: i % 7 };
    });
    const apart = separatedFrom(items, 5);
    const heaviest = (list: typeof items) => [...list].sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1)).slice(0, 5).map((b) => b.key).sort();
    for (const a of items) {
      const below = items.filter((b) => b !== a && b.high < a.low);
      const above = items.filter((b) => b !== a && b.low > a.high);
      expect(apart.get(a.key)).toEqual({ higherThan: heaviest(below), lowerThan: heaviest(above), higherThanCount: below.length, lowerThanCount: above.length });
    }
  });
});

describe('the words about an actor', () => {
  it('gives a name inside a quotation the quotation, and its speaker the outlet\u2019s own words', () => {
    const s = sentence('“It was Obama who was trying to be cute by half,” Steele said in a speech.', [['Obama', 'Barack Obama'], ['Steele', 'Michael Steele']], [{ text: 'It was Obama who was trying to be cute by half', speaker: 'Steele' }]);
    const scopes = actorScopes(s, resources.attribution);
    expect(scopes.get('Barack Obama')).toEqual({ role: 'quoted', text: '“It was Obama who was trying to be cute by half,”', evidence: 0 });
    expect(scopes.get('Michael Steele')!.role).toBe('speaker');
    expect(scopes.get('Michael Steele')!.text).not.toContain('cute');
  });

  it('keeps a name with its clause, and a quotation about it with the name', () => {
    const s = sentence('McCain said Steele’s comments were “wildly inaccurate,” but Kristol praised him.', [['McCain', 'John McCain'], ['Steele', 'Michael Steele'], ['Kristol', 'William Kristol']]);
    const scopes = actorScopes(s, resources.attribution);
    expect(scopes.get('Michael Steele')).toEqual({ role: 'own-voice', text: 'McCain said Steele’s comments were “wildly inaccurate,”', evidence: 0 });
    expect(scopes.get('William Kristol')).toEqual({ role: 'own-voice', text: 'Kristol praised him.', evidence: 0 });
    // A comma sets off an apposition, not a clause.
    expect(clauseRanges('Steele, chairman of the RNC, drew fierce criticism.', [])).toEqual([[0, 51]]);
  });

  it('takes the sign of a verb of praise or attack whose object the name is, not of one it is the subject of', () => {
    const praised = actorScopes(sentence('Frank praised Cowan in a brief statement on Wednesday.', [['Frank', 'Barney Frank'], ['Cowan', 'William Cowan']]), resources.attribution);
    expect(praised.get('William Cowan')!.evidence).toBe(1);
    expect(praised.get('Barney Frank')!.evidence).toBe(0);
    const slammed = actorScopes(sentence('Democrats slammed Steele on Monday.', [['Steele', 'Michael Steele']]), resources.attribution);
    expect(slammed.get('Michael Steele')!.evidence).toBe(-1);
    // A verb inside a quotation is the speaker's, not the outlet's: no evidence from it.
    const quoted = actorScopes(sentence('“They slammed Steele,” Frank said.', [['Steele', 'Michael Steele']], [{ text: 'They slammed Steele', speaker: 'Frank' }]), resources.attribution);
    expect(quoted.get('Michael Steele')!.evidence).toBe(0);
    const mild = { label: 'positive' as const, score: 0.1, confidence: 0.4 };
    expect(scopeTone({ role: 'own-voice', text: '', evidence: -1 }, mild)).toEqual({ label: 'negative', score: -0.5, confidence: 0.4 });
    expect(scopeTone({ role: 'own-voice', text: '', evidence: 0 }, mild)).toBe(mild);
  });

  it('reads an actor\u2019s sign from the polar balance against the judge\u2019s threshold', () => {
    const classes = ['negative', 'neutral', 'positive'];
    // P(pos) / (P(pos) + P(neg)) = 0.6: positive at a 0.5 cut, negative at 0.67.
    expect(actorToneFromProbabilities(classes, [0.2, 0.5, 0.3], 0.5).score).toBeGreaterThan(0);
    const strict = actorToneFromProbabilities(classes, [0.2, 0.5, 0.3], 0.67);
    expect(strict.score).toBeLessThan(0);
    expect(strict.label).toBe('neutral');
    expect(actorToneFromProbabilities(classes, [0.1, 0.1, 0.8], 0.67)).toMatchObject({ label: 'positive' });
    expect(Math.abs(actorToneFromProbabilities(classes, [0.3, 0.4, 0.3], 0.5).score)).toBeLessThanOrEqual(1);
    // The cut that gets the most evaluative signs right; neutral rows do not count.
    const rows = (['negative', 'negative', 'positive', 'neutral'] as const).map((label) => ({ group: 'e', features: [], label }));
    const cut = actorPolarityThreshold(rows, [[0.5, 0, 0.5], [0.6, 0, 0.4], [0.2, 0, 0.8], [0, 1, 0]]);
    expect(cut.rows).toBe(3);
    expect(cut.signAccuracy).toBe(1);
    expect(cut.threshold).toBeGreaterThanOrEqual(0.5);
    expect(cut.threshold).toBeLessThan(0.8);
    expect(judge.thresholds[ACTOR_POLARITY_THRESHOLD]).toBeGreaterThan(0.3);
  });

  it('matches BASIL targets to canonical names', () => {
    expect(namesTarget('Donald Trump', 'Donald_Trump')).toBe(true);
    expect(namesTarget('Republican Party', 'Republicans')).toBe(true);
    expect(namesTarget('Barack Obama', 'Obama_campaign')).toBe(true);
    expect(namesTarget('Hillary Clinton', 'Donald_Trump')).toBe(false);
  });
});

describe('tone features and the shipped tone model', () => {
  it('reads evaluative words through their base forms and VADER through punctuation', () => {
    expect(valenceOf('slammed')).toBeLessThan(0);
    expect(valenceOf('praised')).toBeGreaterThan(0);
    expect(valenceOf('table')).toBe(0);
    expect(vaderLabel('Schumer called the proposal "one-sided and ineffective."')).toBe('negative');
    expect(toneFeatures('He did not praise the plan.', 0, resources)).toHaveLength(TONE_FEATURE_NAMES.length);
  });

  it('ships a model whose cross-validated figures beat the reference rows of its own training run', () => {
    const refs = trainingReferences(judge);
    expect(Object.keys(refs).sort()).toEqual(['alwaysNeutral', 'compactModel', 'vader']);
    const quality = toneQualityOf(judge, config);
    expect(quality.sentenceIsFinding).toBe(true);
    expect(quality.actorIsFinding).toBe(false);
    expect(quality.sentenceEvidence).toContain('alwaysNeutral');
  });

  it('calls a plain report of a bad event less negative than evaluative wording about it', () => {
    const plain = toneOf(judge, toneFeatures('The storm killed 12 people on Tuesday, officials said.', 0, resources));
    const loaded = toneOf(judge, toneFeatures('The botched response was a disastrous fiasco, critics slammed.', 0, resources));
    expect(loaded.score).toBeLessThan(plain.score);
    expect(loaded.label).toBe('negative');
  });
});

describe('seeds: tone with intervals and counts', () => {
  let framing: Framing;
  beforeAll(async () => {
    const seeds = await seedRecords();
    const sputnik = seeds.articles.find((a) => a.outlet === 'Sputnik' && a.published.startsWith('2023-11'))!;
    const other = seeds.articles.find((a) => a.sourceFile.includes('001_'))!;
    const analysis: Analysis = {
      events: [{ id: 'nov-2023', label: 'Blinken visit', dateFrom: '2023-11-03', dateTo: '2023-11-06', articleIds: [sputnik.id, other.id], outlets: [], cohesion: 1 }],
      claimMatches: [],
      numericComparisons: [],
      claimClusters: [],
      omissions: [],
    };
    framing = computeFraming({ articles: seeds.articles, sentences: seeds.sentences, sentiment: seeds.enrichment.sentiment, analysis, toneJudge: judge }, resources, config);
  }, 180_000);

  it('still shows Sputnik\u2019s loaded-language lead over seed 001', () => {
    const rows = framing.outletFraming.filter((f) => f.eventId === 'nov-2023');
    const sputnik = rows.find((f) => f.outlet === 'Sputnik')!;
    const other = rows.find((f) => f.outlet !== 'Sputnik')!;
    expect(sputnik.loadedPer1000Words).toBeGreaterThan(2 * other.loadedPer1000Words);
  });

  it('gives every outlet row its count, interval and class counts, and orders only separated outlets', () => {
    for (const f of framing.outletFraming) {
      expect(f.toneSentences).toBeGreaterThan(0);
      expect(f.toneNegative + f.toneNeutral + f.tonePositive).toBe(f.toneSentences);
      expect(f.toneLow).toBeLessThanOrEqual(f.toneMean);
      expect(f.toneHigh).toBeGreaterThanOrEqual(f.toneMean);
      expect(f.toneEnough).toBe(f.toneSentences >= config.minToneSentences);
      for (const o of f.toneHigherThan) {
        const b = framing.outletFraming.find((x) => x.outlet === o && x.eventId === f.eventId)!;
        expect(b.toneHigh).toBeLessThan(f.toneLow);
      }
    }
    for (const e of framing.entityTone) {
      expect(e.ownVoiceMentions + e.quotedMentions + e.speakerMentions).toBe(e.mentions);
      expect(e.toneLow).toBeLessThanOrEqual(e.toneMean + 1e-12);
    }
  });

  it('draws no tone bar without its interval and count', () => {
    const rows = framing.outletFraming.filter((f) => f.eventId === '*');
    const spec = toneSpec(rows) as unknown as { hconcat: { data: { values: Record<string, unknown>[] } }[] };
    const bars = spec.hconcat[0].data.values;
    expect(bars).toHaveLength(rows.length);
    for (const b of bars) {
      expect(Number.isFinite(b.low)).toBe(true);
      expect(Number.isFinite(b.high)).toBe(true);
      expect(String(b.label)).toMatch(/\[-?\d\.\d\d, -?\d\.\d\d\] n=\d+$/);
    }
  });
});

describe('crossframe train tone', () => {
  it('is registered, and writes a judge file with cross-validated figures and the reference rows of the same run', async () => {
    expect(await TRAINERS.tone()).toBe(toneTrainer);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-tone-'));
    const out = path.join(dir, 'tone.json');
    try {
      const { loaded } = loadEvalConfig(undefined, undefined);
      const data = path.join(DEFAULT_EVAL_DIR, 'news-tone', 'sentences.jsonl');
      const result = await toneTrainer.train({ data, out, folds: 5, loaded, offline: true, log: createMemoryLogger(), pipeline: pipelineApp });
      expect(result.file).toBe(out);
      const fresh = loadToneJudge(out);
      expect(fresh.training.folds).toBe(5);
      expect(fresh.training.rows).toBe(400);
      // Same data, same code: the same model as the shipped file. Fitting is deterministic on one machine,
      // but the compact sentiment model's scores differ in the last bits between machines (most likely its
      // int8 kernels on another CPU: an AMD EPYC here put the model-score feature's mean 2.7e-9 and the
      // weights 1e-5 away from the shipped fit), so numbers are held to 4 decimals, names and classes exactly.
      expect(fresh.model).toEqual(nearly(judge.model, 4));
      const cv = fresh.training.crossValidated as Record<string, number>;
      expect(cv.accuracy).toBeGreaterThan(0);
      expect(Object.keys(trainingReferences(fresh)).sort()).toEqual(['alwaysNeutral', 'compactModel', 'vader']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** `value` with every number replaced by a matcher for that number to `digits` decimals. */
function nearly(value: unknown, digits: number): unknown {
  if (typeof value === 'number') return expect.closeTo(value, digits);
  if (Array.isArray(value)) return value.map((v) => nearly(v, digits));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nearly(v, digits)]));
  return value;
}
