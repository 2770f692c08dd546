/**
 * The normalised form of a sentence and its hash: the key under which model outputs are cached,
 * so two outlets printing the same sentence share one model call.
 */
import { sha256Hex } from '../runtime/sha256.js';

/** NFC, every whitespace run collapsed to one space, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** sha256 (hex) of `normalizeText(text)`. */
export function textHash(text: string): string {
  return sha256Hex(normalizeText(text));
}
