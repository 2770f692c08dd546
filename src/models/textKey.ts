/**
 * The text a model sees and the key its output is cached under. Both come from the same
 * normalised string, so two inputs with the same key are guaranteed the same model output.
 */
import { sha256Hex } from '../runtime/sha256.js';
import { normalizeText, textHash } from '../text/textHash.js';

export { normalizeText as normaliseModelText, textHash as textKey };

/** sha256 (hex) of a normalised sentence pair; the separator keeps ("ab","c") apart from ("a","bc"). */
export function pairKey(premise: string, hypothesis: string): string {
  return sha256Hex(`${normalizeText(premise)}\u0000${normalizeText(hypothesis)}`);
}
