import type { Rng } from '../engine/rng.ts';

/**
 * dnsmasq's round robin, as ../shared/reference/dns-round-robin.json recorded it for three A
 * records listed .2, .3, .4: answers came .3 .2 .4, then .2 .4 .3, then .4 .3 .2, and again.
 * dnsmasq files a name's records at the head of its hash chain (so in reverse order) and moves
 * the records one place on each look-up: the nth answer (n = 1, 2, ...) is the reversed list
 * rotated left n places.
 *
 * @example rotatedAnswer(['.2', '.3', '.4'], 1) // ['.3', '.2', '.4']
 */
export function rotatedAnswer<T>(records: readonly T[], nth: number): T[] {
  const reversed = [...records].reverse();
  const shift = ((nth % reversed.length) + reversed.length) % reversed.length;
  return [...reversed.slice(shift), ...reversed.slice(0, shift)];
}

/** BIND's default `rrset-order random`: a Fisher-Yates shuffle drawn from the run's PRNG. */
export function shuffledAnswer<T>(records: readonly T[], rng: Rng): T[] {
  const shuffled = [...records];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}
