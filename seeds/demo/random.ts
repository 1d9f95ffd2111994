/**
 * A small seeded pseudo-random source for the synthetic demo town. Not for
 * anything secret: it exists so that the same seed always builds the same town.
 */

/** A source of uniform numbers in [0, 1), with helpers built on it. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, all equally likely. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal (mean 0, sd 1), by Box–Muller. */
  normal(): number;
  /** A random version-4-shaped UUID, reproducible from the seed. */
  uuid(): string;
}

/**
 * mulberry32: 32 bits of state, fast, and well enough distributed for demo data.
 * @example createRandom(42).next() // always the same number for seed 42
 */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => u32() / 4294967296;
  let spare: number | undefined;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    uuid() {
      const hex = [u32(), u32(), u32(), u32()].map((n) => n.toString(16).padStart(8, '0')).join('');
      const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

/**
 * An independent seed for one part of the town, so that adding a field to the
 * sightings does not move every premises (FNV-1a of the label, mixed with the seed).
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Draws from fixed weights in O(log n), for the many draws made per sighting.
 * @example weighted(['a', 'b'], [3, 1]).draw(rng) // 'a' three times as often as 'b'
 */
export interface Weighted<T> {
  items: readonly T[];
  draw(rng: Random): T;
}

export function weighted<T>(items: readonly T[], weights: readonly number[]): Weighted<T> {
  if (items.length === 0 || items.length !== weights.length) {
    throw new Error(`weighted needs one weight per item, got ${items.length} items and ${weights.length} weights`);
  }
  const cdf: number[] = [];
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0)) throw new Error(`weights must be non-negative numbers, got ${w}`);
    total += w;
    cdf.push(total);
  }
  if (total <= 0) throw new Error('weighted needs at least one positive weight');
  return {
    items,
    draw(rng) {
      const x = rng.next() * total;
      let lo = 0;
      let hi = cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return items[lo] as T;
    },
  };
}

/** Weighted draw from a record of `item: weight`. */
export function weightedOf<K extends string | number>(table: Readonly<Record<K, number>>): Weighted<K> {
  const keys = Object.keys(table) as K[];
  const isNumeric = keys.every((k) => /^\d+$/.test(String(k)));
  const items = (isNumeric ? keys.map((k) => Number(k)) : keys) as K[];
  return weighted(items, keys.map((k) => table[k]));
}
