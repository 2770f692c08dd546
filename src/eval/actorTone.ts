/**
 * Tone towards actors on BASIL's expert span annotations: every body span that names a target
 * with a polarity says "this sentence casts <target> in a good / bad light". For each distinct
 * (sentence, target) with one polarity, the BASIL article goes through crossframe's segmenter
 * (entities, quotes, speakers) and the tone crossframe gives that target in that sentence
 * (actorTone.ts + the tone model) is compared by sign with the gold polarity.
 *
 * No leak: the tone model is fit on the news-tone sentences (drawn from BASIL dev) with folds
 * grouped by event, and each target is scored by the fold model that never saw its event.
 * Targets crossframe does not find named in the sentence (a pronoun, "the president") get no
 * tone from crossframe: they are counted in `pairs` and left out of `n` (coverage = n / pairs).
 *
 * crossframe's actor tone: the tone model's actor reading (toneModel.ts actorToneOf: the polar
 * balance against the judge's actor threshold) of the words about the target (actorTone.ts), with
 * the clause's evidence (the target is the object of a verb of praise or attack) fixing the sign.
 * Each fold's threshold is chosen on out-of-fold predictions of that fold's training events only.
 *
 * References on the same n targets: alwaysNeutral (tone 0, never a sign), majoritySign (the more
 * frequent gold polarity for every target), vader and compactModel (the whole sentence's score
 * for every name in it, as entity tone was before), sentenceToneModel (the tone model's sentence
 * score, P(positive) - P(negative), on the whole sentence) and sentenceActorReading (the same actor
 * reading and threshold on the whole sentence, without scope or clause evidence: what scoping and
 * evidence add).
 */
import { actorScopes, scopeTone } from '../analysis/framing/actorTone.js';
import { groupedFolds } from '../learn/groupedFolds.js';
import { predictProba, type LogisticModel } from '../learn/logisticRegression.js';
import { loadLexiconFile } from '../analysis/framing/resources.js';
import { toneFeatures } from '../analysis/framing/toneFeatures.js';
import { vaderScores } from '../analysis/framing/toneLexicon.js';
import { actorToneFromProbabilities, toneFromProbabilities } from '../analysis/framing/toneModel.js';
import { actorPolarityThreshold, crossValidateTone, fitTone, loadToneLexicons, readToneSentences, toneRows, type ToneRow } from '../analysis/framing/toneTrain.js';
import { loadAliasTable } from '../text/entityAliases.js';
import { segmentArticle } from '../text/segmentArticle.js';
import type { Article, Sentence } from '../records.js';
import { firstEvents, readBasilArticles, type BasilArticle } from './basil.js';
import { round } from './metrics.js';
import type { EvalContext } from './context.js';
import { TONE_FOLDS } from './tone.js';
import path from 'node:path';

export interface SignScores {
  /** Share of targets whose tone has the gold sign (a tone of exactly 0 is never right). */
  signAccuracy: number;
  /** Mean of the sign accuracy on negative and on positive targets (always-negative gets 0.5). */
  balancedAccuracy: number;
}

export interface ActorToneEvalResult extends SignScores {
  dir: string;
  toneFile: string;
  /** Body spans with a target and a polarity. */
  spans: number;
  /** Distinct (sentence, target) pairs with one polarity (mixed ones are left out). */
  pairs: number;
  /** Pairs whose target crossframe finds named in the sentence: what is scored. */
  n: number;
  coverage: number;
  negative: number;
  positive: number;
  byRole: Record<string, { n: number; signAccuracy: number }>;
  reference: Record<'alwaysNeutral' | 'majoritySign' | 'vader' | 'compactModel' | 'sentenceToneModel' | 'sentenceActorReading', SignScores>;
  /** The actor polarity threshold of each fold's model (chosen on its training events). */
  foldThresholds: number[];
  /** Targets whose clause gave evidence (object of a verb of praise or attack). */
  withEvidence: number;
  /** True when sign and balanced accuracy both beat every reference row. */
  beatsReferences: boolean;
}

interface Scored {
  gold: 'pos' | 'neg';
  role: string;
  actor: number;
  sentenceTone: number;
  sentenceActor: number;
  evidence: number;
  vader: number;
  compact: number;
}

const GENERIC = new Set(['the', 'and', 'for', 'campaign', 'officials', 'lawmakers', 'bill', 'rule', 'joint', 'party', 'administration', 'state', 'house', 'senate', 'new']);
const stems = (s: string) => (s.toLowerCase().match(/\p{L}[\p{L}'’.-]*/gu) ?? []).map((w) => w.replace(/[.'’]+$/g, '')).filter((w) => w.length > 2 && !GENERIC.has(w)).map((w) => w.slice(0, 6));

/** Does a canonical entity name denote the BASIL target ("Donald_Trump" ~ "Donald Trump", "Republicans" ~ "Republican Party")? */
export function namesTarget(entityName: string, target: string): boolean {
  const t = new Set(stems(target.replace(/_/g, ' ')));
  return stems(entityName).some((w) => t.has(w));
}

function toArticle(a: BasilArticle): { article: Article; basilIndex: number[] } {
  // One BASIL sentence per paragraph: the segmenter's paragraph number maps back to the sentence.
  const basilIndex = a.sentences.flatMap((s, i) => (s.trim() ? [i] : []));
  const text = basilIndex.map((i) => a.sentences[i].trim()).join('\n\n');
  const article = {
    id: a.articleId, contentHash: '', sourceFile: '', format: 'jsonl', outlet: a.outlet, outletSource: 'record', outletEvidence: '',
    outletCountry: '', outletOwnership: '', url: a.url, published: a.date, publishedSource: 'record', publishedEvidence: '',
    title: a.title, text, words: 0, language: 'en', analysable: true, duplicateOf: '',
  } satisfies Article;
  return { article, basilIndex };
}

const sign = (x: number) => (x > 0 ? 'pos' : x < 0 ? 'neg' : '');

function signScores(items: Scored[], pick: (s: Scored) => number): SignScores {
  const right = (s: Scored) => sign(pick(s)) === s.gold;
  const rate = (xs: Scored[]) => (xs.length ? xs.filter(right).length / xs.length : 0);
  const neg = items.filter((s) => s.gold === 'neg');
  const pos = items.filter((s) => s.gold === 'pos');
  return { signAccuracy: round(rate(items)), balancedAccuracy: round((rate(neg) + rate(pos)) / 2) };
}

export async function evalActorTone(ctx: EvalContext, dir: string, toneFile: string): Promise<ActorToneEvalResult> {
  const config = ctx.loaded.config;
  const hub = await ctx.hub();
  const lexicons = loadToneLexicons(config.framing);
  const attribution = loadLexiconFile(path.resolve(config.framing.attributionLexicon), 'attribution').lexicon;

  // Fold models: a BASIL event is scored by the model fit without its news-tone sentences.
  const { rows } = await toneRows(readToneSentences(toneFile), hub, lexicons);
  const fold = groupedFolds(rows, TONE_FOLDS, ctx.foldSalt);
  const folds = Math.max(...fold) + 1;
  const foldOfEvent = new Map(rows.map((r, i) => [r.group, fold[i]]));
  const judgeOf = (train: ToneRow[]) => ({ model: fitTone(train), threshold: actorPolarityThreshold(train, crossValidateTone(train, TONE_FOLDS, ctx.foldSalt).probabilities).threshold });
  const foldJudges = Array.from({ length: folds }, (_, f) => judgeOf(rows.filter((_, i) => fold[i] !== f)));
  let allJudge: { model: LogisticModel; threshold: number } | undefined;
  const judgeFor = (eventId: string) => {
    const f = foldOfEvent.get(eventId);
    return f === undefined ? (allJudge ??= judgeOf(rows)) : foldJudges[f];
  };
  const probabilities = (model: LogisticModel, text: string, modelScore: number) => predictProba(model, toneFeatures(text, modelScore, lexicons));

  const aliases = loadAliasTable(path.resolve(config.segment.entityAliasesFile));
  const articles = firstEvents(readBasilArticles(dir), ctx.basilEvents);
  let spans = 0;
  let pairs = 0;
  const scored: Scored[] = [];
  for (const a of articles) {
    const gold = new Map<string, Set<string>>();
    for (const s of a.spans) {
      if (s.location !== 'body' || s.sentenceIndex === null || !s.target || !s.polarity) continue;
      spans++;
      const key = `${s.sentenceIndex}\u0000${s.target}`;
      gold.set(key, (gold.get(key) ?? new Set()).add(s.polarity));
    }
    if (!gold.size) continue;
    const { article, basilIndex } = toArticle(a);
    const sentences = segmentArticle(article, { aliases, minQuoteWords: config.segment.minQuoteWords, slashDates: config.input.slashDates });
    const bySentence = new Map<number, Sentence[]>();
    for (const s of sentences) {
      const i = basilIndex[s.paragraph];
      if (i !== undefined) bySentence.set(i, [...(bySentence.get(i) ?? []), s]);
    }
    const sentiment = await hub.sentiment(sentences.map((s) => s.text));
    const modelScore = new Map(sentences.map((s, i) => [s.id, sentiment[i].score]));
    const { model, threshold } = judgeFor(a.eventId);
    for (const [key, polarities] of gold) {
      if (polarities.size !== 1) continue;
      pairs++;
      const [index, target] = key.split('\u0000');
      for (const s of bySentence.get(Number(index)) ?? []) {
        const hit = [...actorScopes(s, attribution)].find(([name]) => namesTarget(name, target));
        if (!hit) continue;
        const score = modelScore.get(s.id) ?? 0;
        const whole = probabilities(model, s.text, score);
        const actor = scopeTone(hit[1], actorToneFromProbabilities(model.classes, probabilities(model, hit[1].text, score), threshold));
        scored.push({
          gold: [...polarities][0] as 'pos' | 'neg',
          role: hit[1].role,
          actor: actor.score,
          sentenceTone: toneFromProbabilities(model.classes, whole).score,
          sentenceActor: actorToneFromProbabilities(model.classes, whole, threshold).score,
          evidence: hit[1].evidence,
          vader: vaderScores(s.text).compound,
          compact: score,
        });
        break;
      }
    }
  }
  const negative = scored.filter((s) => s.gold === 'neg').length;
  const positive = scored.length - negative;
  const majority = negative >= positive ? -1 : 1;
  const mine = signScores(scored, (s) => s.actor);
  const reference = {
    alwaysNeutral: signScores(scored, () => 0),
    majoritySign: signScores(scored, () => majority),
    vader: signScores(scored, (s) => s.vader),
    compactModel: signScores(scored, (s) => s.compact),
    sentenceToneModel: signScores(scored, (s) => s.sentenceTone),
    sentenceActorReading: signScores(scored, (s) => s.sentenceActor),
  };
  const byRole: ActorToneEvalResult['byRole'] = {};
  for (const role of ['own-voice', 'quoted', 'speaker']) {
    const items = scored.filter((s) => s.role === role);
    byRole[role] = { n: items.length, signAccuracy: signScores(items, (s) => s.actor).signAccuracy };
  }
  return {
    dir,
    toneFile,
    spans,
    pairs,
    n: scored.length,
    coverage: round(pairs ? scored.length / pairs : 0),
    negative,
    positive,
    ...mine,
    byRole,
    foldThresholds: foldJudges.map((j) => j.threshold),
    withEvidence: scored.filter((s) => s.evidence !== 0).length,
    reference,
    beatsReferences: Object.values(reference).every((r) => mine.signAccuracy > r.signAccuracy && mine.balancedAccuracy > r.balancedAccuracy),
  };
}
