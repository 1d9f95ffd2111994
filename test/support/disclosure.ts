/**
 * How a reader who subtracts one published count from another reasons, for the tests
 * that check the disclosure gate (docs/DISCLOSURE.md) leaves such a reader guessing.
 */
import type { Published } from '../../server/disclosure/secondary.js';

/**
 * The true counts a published value stands for, as docs/DISCLOSURE.md defines them, from
 * the strongest reader's point of view: "<5" is taken as 1–4 (a headline shows 0 as 0).
 */
export function band(p: Published): [number, number] | null {
  if (typeof p !== 'number') return p === '<5' ? [1, 4] : null;
  if (p === 0) return [0, 0];
  if (p === 5) return [5, 8];
  if (p === 10) return [9, 12];
  return [p - 2, p + 2];
}

/** The strip counts 1–4 that two published counts leave possible. */
export function candidates(x: Published, y: Published): number[] {
  const a = band(x);
  const b = band(y);
  if (!a || !b) return [1, 2, 3, 4];
  return [1, 2, 3, 4].filter((k) => a[0] + k <= b[1] && a[1] + k >= b[0]);
}
