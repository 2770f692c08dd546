/**
 * Sentences about the article itself, not about the event: "This report was featured in the Thursday,
 * July 9, 2020, episode of “Start Here”", "This story has been updated", "This article originally
 * appeared on ...". Two outlets' footers are neither the same claim nor a dispute, and the claims stage
 * reports no match with one: on a 10,000 + 500 night every contradiction it reported (7 of 7) was two ABC
 * News footers naming different podcast episodes ("different date ... same predicate and actor").
 *
 * Narrow on purpose: the sentence must open with "This report / story / article ..." and say, within a
 * few words, what was done to the piece (featured, updated, corrected, first published, appeared in,
 * produced, contributed to). "This report, released by the UN on Monday, found ..." is about another
 * document and stays a claim.
 *
 * Example:
 *   refersToItself('This story has been updated with comment from the mayor.')  // true
 *   refersToItself('This report by the inspectors found cracks in two piers.')   // false
 */
const SELF_REFERENCE =
  /^\W*this (?:report|story|article|piece|post|video|segment|episode|item|interview|transcript)\b[^.!?]{0,40}?\b(?:featured|updated|corrected|amended|edited|originally|first (?:published|appeared|aired|ran)|appeared (?:first |originally )?(?:in|on)|produced|contributed|was (?:published|aired|reported by|written by))\b/i;

export function refersToItself(text: string): boolean {
  return SELF_REFERENCE.test(text);
}
