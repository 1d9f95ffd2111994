/**
 * Emerging hot spots, as ArcGIS's Emerging Hot Spot Analysis: a space-time cube of
 * counts (lattice cells × time steps), Gi* for every bin, a Mann-Kendall trend test on
 * each cell's series of Gi* z-scores, and a pattern per cell from both.
 *
 * Neighbourhood of a bin: the cells within the bandwidth (self included) in the same
 * time step and in the `timeLag` steps before it (ArcGIS's "neighborhood time step",
 * default 1). Like ArcGIS it looks back only, never forward: a bin is judged by what
 * has already happened. The mean and standard deviation are those of every bin in the
 * cube, so each bin is compared with the whole period. Bins get FDR-corrected Gi_Bins
 * over all bins of the cube; "significant" below means a bin of ±1 or more (90 %).
 */
import type { CellGrid } from './grid.js';
import { neighbourSums } from './gistar.js';
import { fdrBins } from './fdr.js';
import { mannKendall, type MannKendall } from './mannKendall.js';
import { twoSidedP } from './normal.js';
import type { EmergingPattern } from '../lists.js';

export { EMERGING_PATTERNS, type EmergingPattern } from '../lists.js';

/** Significance level of the Mann-Kendall trend (two-sided), as for the bins: 90 %. */
export const TREND_ALPHA = 0.1;

/**
 * The pattern of one location from its Gi_Bins over time (oldest first) and the
 * Mann-Kendall trend of its Gi* z-scores. The rules are ArcGIS's definitions, tried in
 * this order (hot shown; cold is the mirror image, with "intensifying" a falling trend):
 *
 * - final step hot and ≥ 90 % of steps hot:
 *   significant rising trend → intensifying; significant falling trend → diminishing;
 *   otherwise → persistent;
 * - final step hot, < 90 % of steps hot:
 *   never hot before the final run of hot steps → new (run of one) or consecutive
 *   (run of two or more); else hot earlier and ever cold → oscillating; else → sporadic;
 * - final step not hot: ≥ 90 % of steps hot → historical; some hot steps and no cold
 *   ones → sporadic (an on-again, off-again hot spot); otherwise → no pattern.
 *
 * A cold history does not stop a location being a new or consecutive hot spot: those
 * patterns speak of the hot history only, and "it has just become hot" is the finding.
 * @example classifyEmerging([0, 0, 0, 0, 0, 0, 0, 0, 0, 2], { z: 1, p: 0.3 }) // 'new_hot_spot'
 */
export function classifyEmerging(bins: ArrayLike<number>, trend: { z: number; p: number }, alpha = TREND_ALPHA): EmergingPattern {
  const n = bins.length;
  if (n === 0) return 'no_pattern';
  const last = bins[n - 1]!;
  if (last > 0) return classifySide(bins, 1, trend, alpha);
  if (last < 0) return classifySide(bins, -1, trend, alpha);
  let hot = 0, cold = 0;
  for (let i = 0; i < n; i++) {
    if (bins[i]! > 0) hot++;
    else if (bins[i]! < 0) cold++;
  }
  if (10 * hot >= 9 * n) return 'historical_hot_spot';
  if (10 * cold >= 9 * n) return 'historical_cold_spot';
  if (hot > 0 && cold === 0) return 'sporadic_hot_spot';
  if (cold > 0 && hot === 0) return 'sporadic_cold_spot';
  return 'no_pattern';
}

/** Patterns for a location whose final step is significant on `side` (1 hot, −1 cold). */
function classifySide(bins: ArrayLike<number>, side: 1 | -1, trend: { z: number; p: number }, alpha: number): EmergingPattern {
  const kind = side > 0 ? 'hot_spot' : 'cold_spot';
  const n = bins.length;
  const on = (i: number) => Math.sign(bins[i]!) === side;
  const off = (i: number) => Math.sign(bins[i]!) === -side;
  let same = 0, opposite = 0;
  for (let i = 0; i < n; i++) {
    if (on(i)) same++;
    else if (off(i)) opposite++;
  }
  if (10 * same >= 9 * n) {
    const significant = trend.p <= alpha && trend.z !== 0;
    // A hot spot intensifies as its z-scores rise; a cold spot as they fall.
    if (significant && Math.sign(trend.z) === side) return `intensifying_${kind}` as const;
    if (significant) return `diminishing_${kind}` as const;
    return `persistent_${kind}` as const;
  }
  let run = 0;
  while (run < n && on(n - 1 - run)) run++;
  if (same === run) return run === 1 ? (`new_${kind}` as const) : (`consecutive_${kind}` as const);
  if (opposite > 0) return `oscillating_${kind}` as const;
  return `sporadic_${kind}` as const;
}

/** A space-time cube: the grid gives the lattice and study area; counts per step. */
export interface SpaceTimeCube {
  grid: CellGrid;
  steps: number;
  /** count of bin (cell index i, step t) at `t * grid.mask.length + i` */
  counts: Float64Array;
}

export interface EmergingCell {
  /** index in the grid */
  index: number;
  pattern: EmergingPattern;
  /** Gi_Bin per step, oldest first */
  bins: Int8Array;
  /** Gi* z per step */
  z: Float64Array;
  trend: MannKendall;
  total: number;
}

export interface EmergingResult {
  cells: EmergingCell[];
  /** bins analysed: cells × steps */
  n: number;
  mean: number;
  sd: number;
}

/**
 * Gi* for every bin of the cube, FDR bins over the whole cube, Mann-Kendall per cell
 * and the pattern of every cell of the study area. The caller guards against a cube
 * with no variation (sd = 0).
 */
export function emergingHotSpots(cube: SpaceTimeCube, bandwidth: number, timeLag = 1): EmergingResult {
  const { grid, steps, counts } = cube;
  const size = grid.mask.length;
  let m = 0, total = 0;
  for (let i = 0; i < size; i++) if (grid.mask[i]) m++;
  for (let t = 0; t < steps; t++) for (let i = 0; i < size; i++) if (grid.mask[i]) total += counts[t * size + i]!;
  const n = m * steps;
  const mean = total / n;
  let ss = 0;
  for (let t = 0; t < steps; t++) for (let i = 0; i < size; i++) if (grid.mask[i]) ss += (counts[t * size + i]! - mean) ** 2;
  const sd = Math.sqrt(ss / n);

  // Spatial neighbourhood sums per step, then windows of timeLag + 1 steps.
  const spatial = new Float64Array(steps * size);
  let spatialCount: Int32Array = new Int32Array(size);
  for (let t = 0; t < steps; t++) {
    const r = neighbourSums(grid, bandwidth, counts.subarray(t * size, (t + 1) * size));
    spatial.set(r.sum, t * size);
    spatialCount = r.count;
  }
  const z = new Float64Array(steps * size).fill(NaN);
  const p = new Float64Array(steps * size).fill(NaN);
  for (let i = 0; i < size; i++) {
    if (!grid.mask[i]) continue;
    let window = 0;
    for (let t = 0; t < steps; t++) {
      window += spatial[t * size + i]!;
      if (t - timeLag - 1 >= 0) window -= spatial[(t - timeLag - 1) * size + i]!;
      const w = spatialCount[i]! * (Math.min(t, timeLag) + 1);
      const v = (n * w - w * w) / (n - 1);
      const zi = v > 0 && sd > 0 ? (window - mean * w) / (sd * Math.sqrt(v)) : 0;
      z[t * size + i] = zi;
      p[t * size + i] = twoSidedP(zi);
    }
  }
  const allBins = fdrBins(z, p);

  const cells: EmergingCell[] = [];
  for (let i = 0; i < size; i++) {
    if (!grid.mask[i]) continue;
    const bins = new Int8Array(steps);
    const zs = new Float64Array(steps);
    let count = 0;
    for (let t = 0; t < steps; t++) {
      bins[t] = allBins[t * size + i]!;
      zs[t] = z[t * size + i]!;
      count += counts[t * size + i]!;
    }
    const trend = mannKendall(zs);
    cells.push({ index: i, pattern: classifyEmerging(bins, trend), bins, z: zs, trend, total: count });
  }
  return { cells, n, mean, sd };
}
