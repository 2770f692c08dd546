/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32: small, fast, well mixed): the same seed
 * gives the same stream on every run and machine. Used where results must be reproducible
 * (bootstrap intervals) and by the tests' kill points.
 *
 * Example:
 *   const random = seededRandom(7);
 *   random()  // always the same first number for seed 7
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
