/**
 * A small seeded PRNG (mulberry32) so that probabilistic faults replay exactly:
 * the same seed and the same request sequence give the same faults. Not for
 * anything security-related.
 */

export interface Prng {
  /** The 32-bit state this generator started from; forks derive from it. */
  readonly seed: number;
  /** Next number in [0, 1). */
  next(): number;
  /**
   * An independent generator derived from this one's seed and `label` only,
   * not from how many numbers were drawn: forking per fault rule keeps each
   * rule's stream stable when other rules are added or fire.
   */
  fork(label: string): Prng;
}

export function createPrng(seed: number): Prng {
  if (!Number.isSafeInteger(seed)) throw new TypeError(`createPrng expects a safe integer seed, got ${seed}`);
  // Fold the high bits in too, so seeds that differ only above 2^32 still differ.
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  return fromState(fmix32(low ^ fmix32(high + 0x9e3779b9)));
}

function fromState(start: number): Prng {
  let state = start;
  return {
    seed: start,
    next() {
      // mulberry32 (Tommy Ettinger): passes PractRand up to 32 GB, plenty for tests.
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    },
    fork: (label) => fromState(fmix32(start ^ hashLabel(label))),
  };
}

/** FNV-1a over UTF-16 code units: cheap, stable across runs and platforms. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** MurmurHash3's finalizer: spreads nearby seeds (1, 2, 3…) over the whole state space. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
