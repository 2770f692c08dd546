/**
 * The corpora of the scaling benchmark, built from datasets the earlier stages produced once:
 * the first N articles (with their sentences, sentiment and vectors), and beyond the corpus,
 * copies with fresh article and sentence ids (`<id>~r<k>`) and everything else unchanged.
 */
import type { Article, Enrichment, Sentence, VectorTable } from '../records.js';
import type { Datasets } from '../runtime/datasets.js';

export type BaseDatasets = Pick<Datasets, 'articles' | 'sentences' | 'enrichment'>;

function filterTable(table: VectorTable, keep: (id: string) => boolean): VectorTable {
  const ids: string[] = [];
  const rows: number[] = [];
  table.ids.forEach((id, row) => {
    if (keep(id)) {
      ids.push(id);
      rows.push(row);
    }
  });
  const data = new Float32Array(rows.length * table.dim);
  rows.forEach((row, i) => data.set(table.data.subarray(row * table.dim, (row + 1) * table.dim), i * table.dim));
  return { dim: table.dim, ids, data };
}

function repeatTable(table: VectorTable, copies: number, rename: (id: string, copy: number) => string, limit: (copy: number, id: string) => boolean): VectorTable {
  const ids: string[] = [];
  const chunks: Float32Array[] = [];
  for (let k = 0; k < copies; k++) {
    table.ids.forEach((id, row) => {
      if (!limit(k, id)) return;
      ids.push(rename(id, k));
      chunks.push(table.data.subarray(row * table.dim, (row + 1) * table.dim));
    });
  }
  const data = new Float32Array(ids.length * table.dim);
  chunks.forEach((c, i) => data.set(c, i * table.dim));
  return { dim: table.dim, ids, data };
}

/** The datasets of the first `size` input records; beyond the corpus, copies with fresh ids. */
export function datasetsOfSize(base: BaseDatasets, inputOrder: string[], size: number): BaseDatasets & { synthetic: boolean } {
  const n = inputOrder.length;
  const copies = Math.ceil(size / n);
  // Copy k keeps the records whose input position is below size - k*n.
  const position = new Map(inputOrder.map((id, i) => [id, i]));
  const articleOfSentence = (id: string) => id.slice(0, id.lastIndexOf('#'));
  const keeps = (k: number, articleId: string) => (position.get(articleId) ?? Infinity) < size - k * n;
  const rename = (id: string, k: number) => (k === 0 ? id : `${id}~r${k}`);
  const renameSentence = (id: string, k: number) => {
    const at = id.lastIndexOf('#');
    return k === 0 ? id : `${id.slice(0, at)}~r${k}${id.slice(at)}`;
  };
  const articles: Article[] = [];
  const sentences: Sentence[] = [];
  for (let k = 0; k < copies; k++) {
    for (const a of base.articles) {
      if (!keeps(k, a.id)) continue;
      articles.push(k === 0 ? a : { ...a, id: rename(a.id, k), duplicateOf: a.duplicateOf ? rename(a.duplicateOf, k) : '' });
    }
    for (const s of base.sentences) {
      if (!keeps(k, s.articleId)) continue;
      sentences.push(k === 0 ? s : { ...s, id: renameSentence(s.id, k), articleId: rename(s.articleId, k) });
    }
  }
  const e = base.enrichment;
  const enrichment: Enrichment =
    copies === 1
      ? {
          sentiment: e.sentiment.filter((x) => keeps(0, articleOfSentence(x.sentenceId))),
          sentenceVectors: filterTable(e.sentenceVectors, (id) => keeps(0, articleOfSentence(id))),
          articleVectors: filterTable(e.articleVectors, (id) => keeps(0, id)),
        }
      : {
          sentiment: Array.from({ length: copies }, (_, k) =>
            e.sentiment.filter((x) => keeps(k, articleOfSentence(x.sentenceId))).map((x) => ({ ...x, sentenceId: renameSentence(x.sentenceId, k) })),
          ).flat(),
          sentenceVectors: repeatTable(e.sentenceVectors, copies, renameSentence, (k, id) => keeps(k, articleOfSentence(id))),
          articleVectors: repeatTable(e.articleVectors, copies, rename, (k, id) => keeps(k, id)),
        };
  return { articles, sentences, enrichment, synthetic: copies > 1 };
}

