/**
 * Language of an article with eld (Efficient Language Detector: n-gram tables for 60 languages,
 * pure JavaScript, no model download). Articles outside `input.languages` are kept out of the
 * model stages, which run English models.
 */
import { eld } from 'eld/medium';

/** Enough text for a confident n-gram vote; more only costs time. */
const SAMPLE_CHARS = 4000;

export interface LanguageDecision {
  /** ISO 639-1 code, or '' when the text gives no clear answer. */
  language: string;
  reliable: boolean;
}

export function detectLanguage(text: string): LanguageDecision {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const result = eld.detect(sample);
  return { language: result.language ?? '', reliable: Boolean(result.language) && result.isReliable() };
}
