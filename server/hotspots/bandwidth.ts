/**
 * The default neighbourhood distance, chosen as ArcGIS's Optimized Hot Spot Analysis
 * chooses its scale of analysis:
 *
 * 1. Incremental spatial autocorrelation: Global Moran's I z-score at 10 increasing
 *    distances. On a lattice the distance at which every cell has a neighbour and the
 *    average nearest-neighbour distance are both one cell, so the distances are
 *    1, 2, …, 10 cells. The first peak (a z-score above both its neighbours in the
 *    series, and significant: z ≥ 1.96) is the distance where clustering is most
 *    pronounced at the finest scale; that is the bandwidth (`moran-peak`).
 * 2. Without a peak: the average distance from each non-empty cell to its k-th nearest
 *    non-empty cell, k = 5 % of the non-empty cells, at least 3 and at most 30, and no
 *    more than one standard distance of the non-empty cells (`knn-mean`).
 *
 * Either way the bandwidth is at least one cell, so every cell has neighbours.
 */
import { cellCentre, type CellGrid } from './grid.js';
import { globalMoran } from './moran.js';

export type BandwidthMethod = 'given' | 'moran-peak' | 'knn-mean';

export interface BandwidthChoice {
  /** metres */
  bandwidth: number;
  method: Exclude<BandwidthMethod, 'given'>;
  /** The distances tried (metres) and Moran's I z at each (null where undefined). */
  distances: number[];
  moranZ: (number | null)[];
  /** k of the fallback, when it was used */
  k?: number;
}

export const PEAK_STEPS = 10;
const SIGNIFICANT_Z = 1.959964;

/** The first significant peak of a z-score series (index), or −1. */
export function firstPeak(z: (number | null)[]): number {
  for (let t = 1; t < z.length - 1; t++) {
    const [a, b, c] = [z[t - 1], z[t], z[t + 1]];
    if (a == null || b == null || c == null) continue;
    if (b > a && b > c && b >= SIGNIFICANT_Z) return t;
  }
  return -1;
}

/** The bandwidth for a grid of counts, by the rule above. */
export function chooseBandwidth(g: CellGrid): BandwidthChoice {
  const distances = Array.from({ length: PEAK_STEPS }, (_, t) => (t + 1) * g.size);
  const moranZ = distances.map((d) => {
    const z = globalMoran(g, d).z;
    return Number.isFinite(z) ? z : null;
  });
  const peak = firstPeak(moranZ);
  if (peak >= 0) return { bandwidth: distances[peak]!, method: 'moran-peak', distances, moranZ };
  const { distance, k } = meanKthNeighbourDistance(g);
  return { bandwidth: Math.max(g.size, Math.round(distance)), method: 'knn-mean', distances, moranZ, k };
}

/**
 * Mean distance (metres) from each non-empty cell to its k-th nearest non-empty cell,
 * capped at the standard distance of the non-empty cells. Searches lattice offsets in
 * order of distance, widening the search only for the cells that need it.
 */
export function meanKthNeighbourDistance(g: CellGrid): { distance: number; k: number } {
  const filled: number[] = [];
  for (let i = 0; i < g.mask.length; i++) if (g.mask[i] && g.values[i]! > 0) filled.push(i);
  const n = filled.length;
  if (n < 2) return { distance: g.size, k: 0 };
  const k = Math.min(n - 1, Math.max(3, Math.min(30, Math.round(0.05 * n))));
  const isFilled = (c: number, r: number) => {
    if (c < 0 || r < 0 || c >= g.ncols || r >= g.nrows) return false;
    const i = c * g.nrows + r;
    return g.mask[i] === 1 && g.values[i]! > 0;
  };
  // Far enough to reach every cell of the rectangle from any other.
  const maxRadius = Math.ceil(Math.hypot(g.ncols, g.nrows)) + 1;
  // Radius (cells) that would hold k filled cells if they were spread evenly, twice over.
  let radius = Math.min(maxRadius, Math.max(2, Math.ceil(2 * Math.sqrt((k * g.mask.length) / (Math.PI * n)))));
  let pending = filled;
  let total = 0;
  while (pending.length) {
    const offsets = sortedOffsets(g, radius);
    const still: number[] = [];
    for (const i of pending) {
      const c = Math.floor(i / g.nrows);
      const r = i % g.nrows;
      let found = 0;
      let at = -1;
      for (const o of offsets[(g.col0 + c) & 1]!) {
        if (isFilled(c + o.dc, r + o.dr) && ++found === k) {
          at = o.d;
          break;
        }
      }
      if (at >= 0) total += at;
      else still.push(i);
    }
    pending = still;
    if (radius >= maxRadius) break;
    radius = Math.min(maxRadius, radius * 2);
  }
  const mean = total / n;
  return { distance: Math.min(mean, standardDistance(g, filled)), k };
}

interface Offset {
  dc: number;
  dr: number;
  /** metres */
  d: number;
}

/** Offsets to other cells within `radius` cells, nearest first, per column parity. */
function sortedOffsets(g: CellGrid, radius: number): [Offset[], Offset[]] {
  const out: [Offset[], Offset[]] = [[], []];
  for (const parity of [0, 1] as const) {
    const [x0, y0] = cellCentre(g.shape, g.size, parity, 0);
    const list: Offset[] = [];
    const span = g.shape === 'hex' ? Math.ceil(radius / (Math.sqrt(3) / 2)) : radius;
    for (let dc = -span; dc <= span; dc++) {
      for (let dr = -radius - 1; dr <= radius + 1; dr++) {
        if (dc === 0 && dr === 0) continue;
        const [x, y] = cellCentre(g.shape, g.size, parity + dc, dr);
        const d = Math.hypot(x - x0, y - y0);
        if (d <= radius * g.size) list.push({ dc, dr, d });
      }
    }
    list.sort((a, b) => a.d - b.d);
    out[parity] = list;
  }
  return out;
}

/** Standard distance (metres) of the centres of the given cells. */
function standardDistance(g: CellGrid, cells: number[]): number {
  const pts = cells.map((i) => cellCentre(g.shape, g.size, g.col0 + Math.floor(i / g.nrows), g.row0 + (i % g.nrows)));
  const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  return Math.sqrt(pts.reduce((a, p) => a + (p[0] - mx) ** 2 + (p[1] - my) ** 2, 0) / pts.length);
}
