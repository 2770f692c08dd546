/**
 * Shared statements as evidence that two articles report one event.
 *
 * Articles about the same people months apart share names and vocabulary; articles about the
 * same event share statements: the same quote, the same figure, the same decision. This counts
 * the sentences of each article that have a close counterpart in the other and turns their
 * summed similarity into evidence in [0, 1) that saturates (1 - e^-mass): a handful of shared
 * statements is decisive, a single loose one is not.
 *
 * Event clustering holds the claim units of every article of the corpus for the whole stage, and
 * compares them only by what claimSimilarity's score reads: so each article's units are packed into
 * two typed arrays (`PackedStatements`) instead of an object, two maps, a set and five typed arrays
 * per unit (about 1.5 KB of heap per unit, 38 units per article of the synthetic corpus). A term's or
 * a name's weight is the corpus's (weighTerm, weighEntity), the same in every unit holding it, so it
 * is held once, by id, not once per unit.
 */
import type { Config } from '../../config/schema.js';
import type { Article, Sentence, VectorSource, VectorTable } from '../../records.js';
import type { buildArticleProfiles } from '../corpus/profiles.js';
import { claimUnitsOf, isClaimSentence, type IndexedClaimUnit } from '../corpus/claimUnits.js';
import { claimScore, sortedSetCosine, type ClaimSimilarityContext } from '../corpus/claimSimilarity.js';
import { claimEmbeddingBaseline, claimSimilarityContext } from '../corpus/statements.js';
import { asVectorSource, cosineLift, rowIndex, rowOf, tableOfIds } from '../corpus/vectors.js';
import type { TermSource } from '../corpus/termSource.js';

/**
 * The claim units of one article, in sentence order, as claimSimilarity's score reads them. For `count`
 * units: ints[k] is where unit k's ints start after the `count` header; they are its term, entity and
 * figure counts, its sentence vector's row (-1: none), then its term ids, entity ids (both sorted, as
 * IndexedClaimUnit holds them) and figure ids. totals[2k] and totals[2k + 1] are its term and entity
 * weight totals.
 */
export interface PackedStatements {
  readonly count: number;
  readonly ints: Int32Array;
  readonly totals: Float64Array;
}

export interface EventStatements {
  byArticle: Map<string, PackedStatements>;
  ctx: ClaimSimilarityContext;
  /** Weight of each term and entity id the units hold (ids are claimUnits.ts's: a term and a name never share one). */
  weightOf: Float64Array;
  /** The matrix the units' rows are of (their sentence vectors, in unit order), or null without one. */
  vectors: Pick<VectorTable, 'data' | 'dim'> | null;
}

const UNIT_INTS = 4;

/** One article's units while they are read; packed when the sentences move on to another article. */
class StatementPacker {
  private readonly starts: number[] = [];
  private readonly ints: number[] = [];
  private readonly totals: number[] = [];

  /** An article's packer, holding what was packed of it already (its sentences were not all in a row). */
  constructor(packed?: PackedStatements) {
    if (!packed) return;
    for (let k = 0; k < packed.count; k++) this.starts.push(packed.ints[k]);
    for (let k = packed.count; k < packed.ints.length; k++) this.ints.push(packed.ints[k]);
    for (const total of packed.totals) this.totals.push(total);
  }

  add(unit: IndexedClaimUnit, row: number, figureIds: readonly number[]): void {
    this.starts.push(this.ints.length);
    this.ints.push(unit.termIds.length, unit.entityIds.length, figureIds.length, row);
    for (const id of unit.termIds) this.ints.push(id);
    for (const id of unit.entityIds) this.ints.push(id);
    for (const id of figureIds) this.ints.push(id);
    this.totals.push(unit.termTotal, unit.entityTotal);
  }

  pack(): PackedStatements {
    const count = this.starts.length;
    const ints = new Int32Array(count + this.ints.length);
    ints.set(this.starts, 0);
    ints.set(this.ints, count);
    return { count, ints, totals: Float64Array.from(this.totals) };
  }
}

/**
 * The claim units of these articles (statementUnits, the same units and ids, built in the same
 * order) packed per article, and the context their similarity is computed in (statementContext's).
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
  // The units' own matrix: the vectors of the claim sentences only, in unit order, read from the
  // source a slice of sentences at a time (the enrichment's matrix is never held whole).
  const wanted = new Set(articles.map((a) => a.id));
  const isStatement = (s: Sentence) => wanted.has(s.articleId) && isClaimSentence(s.text, minWords);
  let withVector = 0;
  for (const s of input.sentences) if (rows.has(s.id) && isStatement(s)) withVector++;
  const matrix = source ? new Float32Array(withVector * source.dim) : null;
  // Figures are only matched for equality: an id per key of this corpus.
  const figureIdOf = new Map<string, number>();
  const byArticle = new Map<string, PackedStatements>();
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
  let packer: StatementPacker | null = null;
  let current = '';
  let nextRow = 0;
  for (let start = 0; start < input.sentences.length; start += STATEMENT_SLICE) {
    const slice = input.sentences.slice(start, start + STATEMENT_SLICE);
    const sliceVectors = source ? tableOfIds(source, slice.filter(isStatement).map((s) => s.id), rows) : null;
    const units = claimUnitsOf({
      articles,
      sentences: slice,
      sentenceVectors: sliceVectors,
      weighTerm: corpus.weighTerm,
      weighEntity: corpus.weighEntity,
      minWords,
      vectorRows: sliceVectors ? rowIndex(sliceVectors) : new Map<string, number>(),
      ...(terms ? { terms } : {}),
    });
    for (const unit of units) {
      const articleId = unit.sentence.articleId;
      if (!packer || articleId !== current) {
        if (packer) byArticle.set(current, packer.pack());
        packer = new StatementPacker(byArticle.get(articleId));
        current = articleId;
      }
      let row = -1;
      if (unit.vector && matrix) {
        row = nextRow++;
        matrix.set(unit.vector, row * unit.vector.length);
      }
      const figureIds = [...unit.numbers].map((key) => figureIdOf.get(key) ?? figureIdOf.set(key, figureIdOf.size).get(key)!);
      const indexed = unit as IndexedClaimUnit;
      keepWeights(indexed.termIds, indexed.termWeights);
      keepWeights(indexed.entityIds, indexed.entityWeights);
      packer.add(indexed, row, figureIds);
    }
  }
  if (packer) byArticle.set(current, packer.pack());
  if (nextRow !== withVector) throw new Error(`eventStatements (src/analysis/events/sharedClaims.ts): ${nextRow} statements came with a vector, ${withVector} were counted; the two passes must pick the same sentences.`);
  const vectors = matrix && source ? { dim: source.dim, data: matrix } : null;
  // statementContext's embedding baseline samples the units with a vector, in unit order: the matrix's rows.
  const unitRows = Array.from({ length: nextRow }, (_, k) => k);
  const ctx = claimSimilarityContext(claims, claimEmbeddingBaseline(unitRows, (row) => rowOf(vectors!, row)), corpus.pairKeyWeight);
  return { byArticle, ctx, weightOf, vectors };
}

/** Sentences whose vectors are read at once while the units are built (~30 MB of 384-dim rows). */
const STATEMENT_SLICE = 20_000;

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
    const { data, dim } = statements.vectors!;
    // dot(rowOf(A), rowOf(B)), in place.
    let cosine = 0;
    for (let k = 0, x = rowA * dim, y = rowB * dim; k < dim; k++) cosine += data[x + k] * data[y + k];
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
