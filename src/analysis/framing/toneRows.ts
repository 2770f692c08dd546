/**
 * The sentence tones of a framing, an article at a time, with where each article's rows start
 * (Framing.toneRows): a night's framing takes the rows of the unchanged articles at the corpus's start
 * from the previous value's pieces (RecordSpill.borrow), not pushing them again. An article is
 * unchanged when it stands at the same place with the same id, the same per-article memo key (its
 * title, sentence digest and sentiment: articleFraming.ts) under the same namespace, and as many
 * rows starting at the same row: its rows are then the previous value's, byte for byte.
 *
 * Example:
 *   const tones = toneRowsWriter(namespaceDigest, spill, previous && { rows: previous.toneRows, pieces });
 *   tones.add(article.id, memoKey, rows.length, () => rows.forEach((r) => spill.push(r)));
 *   const { toneRows, borrowed } = tones.finish(); // then spill.finish()
 */
import type { ArticleToneRows, SentenceTone } from '../../records.js';
import type { RecordSpill, StoredPieces } from '../../store/spilledArray.js';

const KEY_BYTES = 32;

/** `spill`: where the rows go (they are kept elsewhere without one: then nothing is borrowed, the record is the same). */
export function toneRowsWriter(namespace: string, spill: RecordSpill<SentenceTone> | undefined, previous?: { rows: ArticleToneRows; pieces: StoredPieces }) {
  const ids: string[] = [];
  const firstRows: number[] = [];
  let keys = Buffer.alloc(KEY_BYTES * 1024);
  let rows = 0;
  const before = spill && previous && usable(previous.rows, namespace) ? previous : undefined;
  const total = before ? before.pieces.reduce((n, p) => n + p.items, 0) : 0;
  let borrowing = before !== undefined;
  let borrowed = 0;
  const stopBorrowing = () => {
    if (!borrowing) return;
    borrowing = false;
    if (borrowed) spill!.borrow(before!.pieces, borrowed);
  };
  /** Whether article `at` of the previous value is this one: same id and key, its rows where ours would start, as many. */
  const samePlace = (at: number, articleId: string, key: Buffer, count: number): boolean => {
    const p = before!.rows;
    if (at >= p.ids.length || p.ids[at] !== articleId || p.firstRows[at] !== rows) return false;
    const end = at + 1 < p.firstRows.length ? p.firstRows[at + 1] : total;
    return end <= total && end - rows === count && key.equals(p.keys.subarray(at * KEY_BYTES, (at + 1) * KEY_BYTES));
  };
  return {
    /**
     * One article's rows (`count` of them, which `push` pushes to the spill in order), in the order
     * the framing gives them; `key`: its per-article memo key (a sha256, hex).
     */
    add(articleId: string, key: string, count: number, push: () => void): void {
      const at = ids.length;
      const keyBytes = Buffer.from(key, 'hex');
      if (keyBytes.length !== KEY_BYTES) throw new Error(`toneRowsWriter (src/analysis/framing/toneRows.ts): article ${articleId} has a memo key that is not a sha256 ("${key.slice(0, 16)}..."). Fix: key articles with articleFramingKey.`);
      if ((at + 1) * KEY_BYTES > keys.length) keys = Buffer.concat([keys, Buffer.alloc(keys.length)]);
      keyBytes.copy(keys, at * KEY_BYTES);
      ids.push(articleId);
      firstRows.push(rows);
      if (borrowing && samePlace(at, articleId, keyBytes, count)) {
        rows += count;
        borrowed = rows;
        return;
      }
      stopBorrowing();
      push();
      rows += count;
    },
    /** After the last article, before the spill's finish(): the record for the next run and the rows taken from the previous value. */
    finish(): { toneRows: ArticleToneRows; borrowed: number } {
      stopBorrowing();
      return { toneRows: { namespace, ids, keys: new Uint8Array(keys.subarray(0, ids.length * KEY_BYTES)), firstRows: Uint32Array.from(firstRows) }, borrowed };
    },
  };
}

/** A previous record under the same namespace whose columns agree (a damaged or older one is not used). */
function usable(rows: ArticleToneRows | undefined, namespace: string): boolean {
  return !!rows && rows.namespace === namespace && rows.keys.length === rows.ids.length * KEY_BYTES && rows.firstRows.length === rows.ids.length;
}
