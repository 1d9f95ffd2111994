/**
 * Benjamini–Hochberg False Discovery Rate control, and ArcGIS's Gi_Bin built on it.
 *
 * BH at level α over m tests: sort the p-values p(1) ≤ … ≤ p(m), find the largest k
 * with p(k) ≤ k·α/m; the tests with p ≤ p(k) are significant (none when there is no
 * such k). Gi_Bin applies it separately at α = 0.10, 0.05 and 0.01 and gives each cell
 * ±1, ±2 or ±3 for the strictest level it passes, signed by its z-score. Only the bin
 * is adjusted: z and p stay as computed.
 */

/**
 * The BH critical p-value at level `alpha`: tests with p at or below it are
 * significant. −1 when none is. NaN entries (cells outside the study area) are skipped.
 * @example bhThreshold([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205], 0.05) // 0.008
 */
export function bhThreshold(p: ArrayLike<number>, alpha: number): number {
  return thresholdOfSorted(sortedValid(p), alpha);
}

/** The p-values in ascending order, NaN left out. */
function sortedValid(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  let m = 0;
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i]!)) out[m++] = p[i]!;
  return out.subarray(0, m).sort();
}

function thresholdOfSorted(sorted: Float64Array, alpha: number): number {
  const m = sorted.length;
  for (let k = m; k >= 1; k--) {
    if (sorted[k - 1]! <= (k * alpha) / m) return sorted[k - 1]!;
  }
  return -1;
}

/** The confidence levels of Gi_Bin: bin 3 at α 0.01, 2 at 0.05, 1 at 0.10. */
export const BIN_ALPHAS = [0.1, 0.05, 0.01] as const;

/**
 * Gi_Bin with FDR correction: −3…3 per cell (0 not significant, and 0 for NaN p).
 * @example fdrBins([2.9, -2.1, 0.3], [0.0037, 0.0357, 0.7642]) // Int8Array [2, -1, 0] (uncorrected: 3, -2, 0)
 */
export function fdrBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  const sorted = sortedValid(p);
  const [t10, t05, t01] = BIN_ALPHAS.map((a) => thresholdOfSorted(sorted, a)) as [number, number, number];
  const bins = new Int8Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (Number.isNaN(pi)) continue;
    const level = pi <= t01 ? 3 : pi <= t05 ? 2 : pi <= t10 ? 1 : 0;
    bins[i] = z[i]! < 0 ? -level : level;
  }
  return bins;
}
