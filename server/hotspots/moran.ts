/**
 * Global Moran's I on a lattice with binary distance-band weights (self excluded),
 * with its z-score under the randomisation assumption (Cliff & Ord 1981), as ArcGIS's
 * Spatial Autocorrelation tool and spdep::moran.test(randomisation = TRUE) report it.
 */
import type { CellGrid } from './grid.js';
import { neighbourSums } from './gistar.js';
import { twoSidedP } from './normal.js';

export interface MoranResult {
  I: number;
  expected: number;
  variance: number;
  z: number;
  p: number;
}

/**
 * Moran's I of the grid's values over the study area, neighbours within `distance`
 * metres (centre to centre). z is NaN when no cell has a neighbour or all values are equal.
 */
export function globalMoran(g: CellGrid, distance: number): MoranResult {
  const { sum, count } = neighbourSums(g, distance);
  let n = 0, total = 0;
  for (let i = 0; i < g.mask.length; i++) {
    if (g.mask[i]) {
      n++;
      total += g.values[i]!;
    }
  }
  const mean = total / n;
  let m2 = 0, m4 = 0, cross = 0, s0 = 0, s2 = 0;
  for (let i = 0; i < g.mask.length; i++) {
    if (!g.mask[i]) continue;
    const d = g.values[i]! - mean;
    const w = count[i]! - 1;
    // Σ_j≠i w_ij (x_j − x̄), from the neighbourhood sum that includes i itself.
    const lag = sum[i]! - g.values[i]! - mean * w;
    m2 += d * d;
    m4 += d ** 4;
    cross += d * lag;
    s0 += w;
    s2 += 4 * w * w;
  }
  const expected = -1 / (n - 1);
  if (s0 === 0 || m2 === 0) return { I: NaN, expected, variance: NaN, z: NaN, p: NaN };
  const I = (n / s0) * (cross / m2);
  const s1 = 2 * s0;
  const b2 = (n * m4) / (m2 * m2);
  const num = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0);
  const variance = num / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - expected * expected;
  const z = variance > 0 ? (I - expected) / Math.sqrt(variance) : NaN;
  return { I, expected, variance, z, p: Number.isNaN(z) ? NaN : twoSidedP(z) };
}
