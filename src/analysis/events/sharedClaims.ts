/**
 * Shared statements as evidence that two articles report one event.
 *
 * Articles about the same people months apart share names and vocabulary; articles about the
 * same event share statements: the same quote, the same figure, the same decision. This counts
 * the sentences of each article that have a close counterpart in the other and turns their
 * summed similarity into evidence in [0, 1) that saturates (1 - e^-mass): a handful of shared
 * statements is decisive, a single loose one is not.
 *
 * Event clustering holds the claim units of the articles it compares for the whole stage, and
 * compares them only by what claimSimilarity's score reads: so each article's units are packed into
 * typed arrays (`PackedStatements`) instead of an object, two maps, a set and five typed arrays per
 * unit (about 1.5 KB of heap per unit, 38 units per article of the synthetic corpus). A term's or a
 * name's weight is the corpus's (weighTerm, weighEntity), the same in every unit holding it, so it is
 * held once, by id, not once per unit. An article is packed when a pair first needs its statements:
 * a night weighs its whole corpus (the weights, the blocking) but scores pairs of its new articles and
 * of the events they re-open only.
 */
import type { Config } from '../../config/schema.js';
import type { Article, Sentence, VectorSource, VectorTable } from '../../records.js';
import type { buildArticleProfiles } from '../corpus/profiles.js';
import { claimUnitsOf, internClaimSentence, isClaimSentence, type IndexedClaimUnit } from '../corpus/claimUnits.js';
import { claimScore, sortedSetCosine, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';
import { claimSimilarityContext, sampledEmbeddingBaseline } from '../corpus/statements.js';
import { asVectorSource, cosineLift, rowIndex, tableOfIds } from '../corpus/vectors.js';
import type { TermSource } from '../corpus/termSource.js';

/**
 * The claim units of one article, in sentence order, as claimSimilarity's score reads them. For `count`
 * units: ints[k] is where unit k's ints start after the `count` header; they are its term, entity and
 * figure counts, its row in `vectors` (-1: no vector), then its term ids, entity ids (both sorted, as
 * IndexedClaimUnit holds them) and figure ids. totals[2k] and totals[2k + 1] are its term and entity
 * weight totals. `vectors` holds the sentence vectors of its units that have one, in unit order.
 */
export interface PackedStatements {
  readonly count: number;
  readonly ints: Int32Array;
  readonly totals: Float64Array;
  readonly vectors: Float32Array | null;
}

export interface EventStatements {
  /**
   * An article's packed units, built the first time they are asked for (undefined: not one of the
   * articles, or no statement). A night weighs its whole corpus but compares statements only for the
   * pairs it scores above the statement gate: 707 of 1,647 articles on a 10,000 + 500 night.
   */
  of(articleId: string): PackedStatements | undefined;
  ctx: ClaimSimilarityContext;
  /** Weight of each term and entity id the packed units hold (ids are claimUnits.ts's: a term and a name never share one); grows as articles are packed. */
  readonly weightOf: Float64Array;
  /** The sentence vectors' dimension (0 without vectors). */
  dim: number;
  /** Articles packed so far: how many had their statements compared (the tests read it). */
  packed(): number;
}

const UNIT_INTS = 4;

/** One article's units while they are read, then packed. */
class StatementPacker {
  private readonly starts: number[] = [];
  private readonly ints: number[] = [];
  private readonly totals: number[] = [];

  /** `row`: the unit's row in the article's vectors (-1: none). */
  add(unit: IndexedClaimUnit, row: number, figureIds: readonly number[]): void {
    this.starts.push(this.ints.length);
    this.ints.push(unit.termIds.length, unit.entityIds.length, figureIds.length, row);
    for (const id of unit.termIds) this.ints.push(id);
    for (const id of unit.entityIds) this.ints.push(id);
    for (const id of figureIds) this.ints.push(id);
    this.totals.push(unit.termTotal, unit.entityTotal);
  }

  pack(vectors: Float32Array | null): PackedStatements {
    const count = this.starts.length;
    const ints = new Int32Array(count + this.ints.length);
    ints.set(this.starts, 0);
    ints.set(this.ints, count);
    return { count, ints, totals: Float64Array.from(this.totals), vectors };
  }
}

/**
 * The claim units of these articles (statementUnits, the same units, ids and context) packed per
 * article, each article's when it is first asked for. The context is computed here, over every
 * statement: its embedding baseline samples the statements with a vector in sentence order, read in
 * one go. Every statement's terms and names are given their ids here too, in the order statementUnits
 * builds the units in, so an article packed late holds the ids it would have held packed first: a
 * unit's ids are sorted, and the order of its terms is the order of the similarity's float sums.
 */
export function eventStatements(
  articles: readonly Article[],
  input: { sentences: readonly Sentence[]; enrichment: { sentenceVectors: VectorTable | VectorSource } | null },
  corpus: Pick<ReturnType<typeof buildArticleProfiles>, 'weighTerm' | 'weighEntity' | 'pairKeyWeight'>,
  minWords: number,
  claims: Config['claims'],
  terms?: TermSource,
): EventStatements {
  const source = input.enrichment ? asVectorSource(input.enrichment.sentenceVectors) : null;
  const rows = source ? rowIndex(source) : new Map<string, number>();
  const byId = new Map(articles.map((a) => [a.id, a]));
  const statementsOf = new Map<string, Sentence[]>();
  const withVector: number[] = [];
  for (const s of input.sentences) {
    if (!byId.has(s.articleId) || !isClaimSentence(s.text, minWords)) continue;
    (statementsOf.get(s.articleId) ?? statementsOf.set(s.articleId, []).get(s.articleId)!).push(s);
    internClaimSentence(s, terms);
    const row = rows.get(s.id);
    if (source && row !== undefined) withVector.push(row);
  }
  const dim = source?.dim ?? 0;
  const ctx = claimSimilarityContext(claims, sampledEmbeddingBaseline(source, withVector), corpus.pairKeyWeight);

  const figureIdOf = new Map<string, number>();
  let weightOf = new Float64Array(1024);
  const keepWeights = (ids: Int32Array, weights: Float64Array): void => {
    for (let k = 0; k < ids.length; k++) {
      if (ids[k] >= weightOf.length) {
        const grown = new Float64Array(Math.max(ids[k] + 1, 2 * weightOf.length));
        grown.set(weightOf);
        weightOf = grown;
      }
      weightOf[ids[k]] = weights[k];
    }
  };
  const packed = new Map<string, PackedStatements | undefined>();
  const pack = (articleId: string): PackedStatements | undefined => {
    const sentences = statementsOf.get(articleId);
    if (!sentences) return undefined;
    const vectors = source ? tableOfIds(source, sentences.map((s) => s.id), rows) : null;
    const packer = new StatementPacker();
    const units = claimUnitsOf({
      articles: [byId.get(articleId)!],
      sentences,
      sentenceVectors: vectors,
      weighTerm: corpus.weighTerm,
      weighEntity: corpus.weighEntity,
      minWords,
      vectorRows: vectors ? rowIndex(vectors) : new Map<string, number>(),
      ...(terms ? { terms } : {}),
    });
    // The table holds the article's statements that have a vector, in their order, which is the units'
    // order: unit k with a vector is the table's next row, and the table is the packed vectors.
    let row = 0;
    for (const unit of units) {
      const figureIds = [...unit.numbers].map((key) => figureIdOf.get(key) ?? figureIdOf.set(key, figureIdOf.size).get(key)!);
      const indexed = unit as IndexedClaimUnit;
      keepWeights(indexed.termIds, indexed.termWeights);
      keepWeights(indexed.entityIds, indexed.entityWeights);
      packer.add(indexed, unit.vector ? row++ : -1, figureIds);
    }
    return packer.pack(vectors && row > 0 ? vectors.data : null);
  };
  return {
    of(articleId) {
      if (!packed.has(articleId)) packed.set(articleId, pack(articleId));
      return packed.get(articleId);
    },
    ctx,
    get weightOf() {
      return weightOf;
    },
    dim,
    packed: () => packed.size,
  };
}

export interface SharedStatements {
  evidence: number;
  /** Sentences (of either article) with a counterpart at or above the threshold. */
  shared: number;
}

/**
 * claimSimilarity(unitA, unitB, ctx).score of two packed units (unit i of a, unit j of b), the same
 * to the bit: the same sums in the same order.
 */
function packedScore(a: PackedStatements, i: number, b: PackedStatements, j: number, statements: EventStatements): number {
  const { ctx, weightOf } = statements;
  const ia = a.count + a.ints[i];
  const ib = b.count + b.ints[j];
  const termsA = a.ints[ia];
  const entitiesA = a.ints[ia + 1];
  const figuresA = a.ints[ia + 2];
  const rowA = a.ints[ia + 3];
  const termsB = b.ints[ib];
  const entitiesB = b.ints[ib + 1];
  const figuresB = b.ints[ib + 2];
  const rowB = b.ints[ib + 3];
  let embedding: number | null = null;
  if (rowA >= 0 && rowB >= 0) {
    const { dim } = statements;
    const va = a.vectors!;
    const vb = b.vectors!;
    // dot(rowOf(A), rowOf(B)), in place.
    let cosine = 0;
    for (let k = 0, x = rowA * dim, y = rowB * dim; k < dim; k++) cosine += va[x + k] * vb[y + k];
    embedding = cosineLift(cosine, ctx.embeddingBaseline);
  }
  const lexical = sortedSetCosine(a.ints, ia + UNIT_INTS, termsA, a.totals[2 * i], b.ints, ib + UNIT_INTS, termsB, b.totals[2 * j], weightOf, true, 0);
  const entities = sortedSetCosine(
    a.ints,
    ia + UNIT_INTS + termsA,
    entitiesA,
    a.totals[2 * i + 1],
    b.ints,
    ib + UNIT_INTS + termsB,
    entitiesB,
    b.totals[2 * j + 1],
    weightOf,
    true,
    ctx.entityPrior,
  );
  let numbers: number | null = null;
  if (figuresA > 0 && figuresB > 0) {
    numbers = 0;
    const fromA = ia + UNIT_INTS + termsA + entitiesA;
    const fromB = ib + UNIT_INTS + termsB + entitiesB;
    for (let x = fromA; x < fromA + figuresA && numbers === 0; x++) for (let y = fromB; y < fromB + figuresB; y++) if (a.ints[x] === b.ints[y]) numbers = 1;
  }
  return claimScore(ctx.weights, lexical, embedding, entitiesA > 0 || entitiesB > 0 ? entities : null, numbers);
}

/** Shared statements of two articles (their packed units; undefined: the article has none). */
export function sharedStatementEvidence(a: PackedStatements | undefined, b: PackedStatements | undefined, statements: EventStatements, threshold: number): SharedStatements {
  if (!a || !b || a.count === 0 || b.count === 0) return { evidence: 0, shared: 0 };
  const bestA = new Float64Array(a.count);
  const bestB = new Float64Array(b.count);
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const score = packedScore(a, i, b, j, statements);
      if (score > bestA[i]) bestA[i] = score;
      if (score > bestB[j]) bestB[j] = score;
    }
  }
  let mass = 0;
  let shared = 0;
  for (const score of [...bestA, ...bestB]) {
    if (score < threshold) continue;
    mass += score;
    shared++;
  }
  // Each shared statement is counted from both sides; halve so one statement is one unit.
  return { evidence: 1 - Math.exp(-mass / 2), shared };
}
