/**
 * The Mann-Kendall test for a monotonic trend in a series (Mann 1945, Kendall 1975),
 * with the variance corrected for ties and a continuity correction, as used by
 * ArcGIS's Emerging Hot Spot Analysis on each location's Gi* z-score series.
 *
 *   S = Σ_{i<j} sign(x_j − x_i)
 *   Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18   (t: sizes of groups of equal values)
 *   Z = (S − 1)/√Var if S > 0, (S + 1)/√Var if S < 0, else 0;  p two-sided
 */
import { twoSidedP } from './normal.js';

export interface MannKendall {
  s: number;
  variance: number;
  z: number;
  p: number;
  /** Kendall's tau-a: S / (n(n−1)/2); its sign is the trend's direction */
  tau: number;
}

/**
 * @example mannKendall([1, 3, 2, 5, 4]) // { s: 6, variance: 16.667, z: 1.2247, p: 0.2207, tau: 0.6 }
 */
export function mannKendall(x: ArrayLike<number>): MannKendall {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = x[j]! - xi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  const sorted = Float64Array.from(x as ArrayLike<number>).sort();
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) ties += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0;
  return { s, variance, z, p: twoSidedP(z), tau: n > 1 ? s / ((n * (n - 1)) / 2) : 0 };
}
