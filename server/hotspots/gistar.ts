/**
 * Getis-Ord Gi* on a lattice of equal cells, with binary distance-band weights:
 * the neighbours of a cell are the cells of the study area whose centres lie within
 * `bandwidth` metres of its centre, itself included (w = 1, else 0). For cell i,
 *
 *   z_i = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
 *
 * with n the number of cells, x̄ their mean and S their population standard deviation
 * (Getis & Ord 1992, Ord & Getis 1995; as ArcGIS's Hot Spot Analysis and spdep::localG
 * with include.self). With binary weights Σw² = Σw = the neighbour count.
 *
 * Speed: the neighbourhood of a lattice cell is the same set of row runs for every
 * cell (per column parity), so each run is summed in O(1) from prefix sums along the
 * columns. Work is cells × columns-in-the-disc, e.g. 20 000 cells at a bandwidth of
 * 5 cells is 220 000 additions.
 */
import { neighbourSpans, type CellGrid } from './grid.js';
import { twoSidedP } from './normal.js';

export interface NeighbourSums {
  /** Σ_j w_ij x_j per cell (self included); 0 outside the mask */
  sum: Float64Array;
  /** Σ_j w_ij: neighbours in the study area, self included; 0 outside the mask */
  count: Int32Array;
}

/**
 * For each cell of the study area, the sum of `values` over its neighbourhood and the
 * number of neighbours (self included). `values` defaults to the grid's own.
 */
export function neighbourSums(g: CellGrid, bandwidth: number, values: Float64Array = g.values): NeighbourSums {
  const { ncols, nrows, mask } = g;
  const stride = nrows + 1;
  const px = new Float64Array(ncols * stride);
  const pw = new Int32Array(ncols * stride);
  for (let c = 0; c < ncols; c++) {
    let sx = 0, sw = 0;
    for (let r = 0; r < nrows; r++) {
      const i = c * nrows + r;
      if (mask[i]) {
        sx += values[i]!;
        sw++;
      }
      px[c * stride + r + 1] = sx;
      pw[c * stride + r + 1] = sw;
    }
  }
  const spans = neighbourSpans(g.shape, g.size, bandwidth);
  const sum = new Float64Array(ncols * nrows);
  const count = new Int32Array(ncols * nrows);
  for (let c = 0; c < ncols; c++) {
    const own = spans[(g.col0 + c) & 1]!;
    for (let r = 0; r < nrows; r++) {
      const i = c * nrows + r;
      if (!mask[i]) continue;
      let sx = 0, sw = 0;
      for (const s of own) {
        const cc = c + s.dc;
        if (cc < 0 || cc >= ncols) continue;
        const a = r + s.lo < 0 ? 0 : r + s.lo;
        const b = r + s.hi >= nrows ? nrows - 1 : r + s.hi;
        if (a > b) continue;
        const base = cc * stride;
        sx += px[base + b + 1]! - px[base + a]!;
        sw += pw[base + b + 1]! - pw[base + a]!;
      }
      sum[i] = sx;
      count[i] = sw;
    }
  }
  return { sum, count };
}

/** Mean and population standard deviation of the values in the mask. */
export function maskedMoments(values: ArrayLike<number>, mask: ArrayLike<number>): { n: number; mean: number; sd: number; total: number } {
  let n = 0, s = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask[i]) {
      n++;
      s += values[i]!;
    }
  }
  const mean = n ? s / n : 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (mask[i]) ss += (values[i]! - mean) ** 2;
  return { n, mean, sd: n ? Math.sqrt(ss / n) : 0, total: s };
}

export interface GiStar {
  /** z-score per cell (NaN outside the mask) */
  z: Float64Array;
  /** two-sided p-value per cell (NaN outside the mask) */
  p: Float64Array;
  /** neighbours in the study area, self included */
  neighbours: Int32Array;
  n: number;
  mean: number;
  sd: number;
}

/**
 * Gi* z-scores for every cell of the study area. The caller guards against a zero
 * standard deviation (every z would be 0/0). A cell whose neighbourhood is the whole
 * study area has no contrast to test: z = 0, p = 1.
 * @example
 * // a strip of three 100 m squares holding 0, 0 and 3, bandwidth 100 m:
 * giStar(grid, 100).z // ≈ [-1.4142, 0, 0.7071] (the middle cell's neighbourhood is everything)
 */
export function giStar(g: CellGrid, bandwidth: number): GiStar {
  const { n, mean, sd } = maskedMoments(g.values, g.mask);
  const { sum, count } = neighbourSums(g, bandwidth);
  const z = new Float64Array(g.values.length).fill(NaN);
  const p = new Float64Array(g.values.length).fill(NaN);
  for (let i = 0; i < z.length; i++) {
    if (!g.mask[i]) continue;
    const w = count[i]!;
    const v = (n * w - w * w) / (n - 1);
    const zi = v > 0 ? (sum[i]! - mean * w) / (sd * Math.sqrt(v)) : 0;
    z[i] = zi;
    p[i] = twoSidedP(zi);
  }
  return { z, p, neighbours: count, n, mean, sd };
}
