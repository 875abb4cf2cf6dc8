/**
 * A small seeded PRNG (mulberry32). Its whole state is one 32-bit number, so a run can hold
 * it, copy it and replay it exactly. Never Math.random: same seed, same run.
 *
 * @example
 *   const rng = createRng(1);
 *   rng.next(); // 0.6270739405881613, every time
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  readonly state: number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    },
    int(min, max) {
      return min + Math.floor(this.next() * (max - min + 1));
    },
    get state() {
      return state;
    },
  };
}
