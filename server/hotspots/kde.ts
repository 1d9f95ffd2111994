/**
 * Kernel density with the quartic (biweight) kernel, as ArcGIS's Kernel Density and
 * QGIS's Heatmap (Silverman 1986, eq. 4.5):
 *
 *   density(x) = 1/h² · Σ_i w_i · 3/π · (1 − (d_i/h)²)²   for d_i < h, else 0
 *
 * with h the bandwidth (search radius) in metres and d_i the distance to point i. The
 * kernel integrates to 1, so the surface integrates to the number of sightings: it is
 * calibrated, in sightings per m² (reported per km²), unlike a display heatmap.
 */

export interface WeightedPoint {
  /** BNG metres */
  x: number;
  y: number;
  /** sightings at this point */
  w: number;
}

/** A lattice of square cells on the BNG: cell (i, j) has its centre at (x0 + (i + ½)·size, y0 + (j + ½)·size). */
export interface DensityGrid {
  x0: number;
  y0: number;
  /** metres */
  size: number;
  ncols: number;
  nrows: number;
}

/**
 * Density at every cell centre, sightings per m², at index `i · nrows + j`.
 * Each point touches only the cells within h of it.
 * @example quarticDensity([{ x: 50, y: 50, w: 1 }], { x0: 0, y0: 0, size: 100, ncols: 1, nrows: 1 }, 200)[0] // 3/(π·200²)
 */
export function quarticDensity(points: WeightedPoint[], g: DensityGrid, h: number): Float64Array {
  const out = new Float64Array(g.ncols * g.nrows);
  const h2 = h * h;
  const scale = 3 / (Math.PI * h2);
  for (const p of points) {
    const i0 = Math.max(0, Math.ceil((p.x - h - g.x0) / g.size - 0.5));
    const i1 = Math.min(g.ncols - 1, Math.floor((p.x + h - g.x0) / g.size - 0.5));
    const j0 = Math.max(0, Math.ceil((p.y - h - g.y0) / g.size - 0.5));
    const j1 = Math.min(g.nrows - 1, Math.floor((p.y + h - g.y0) / g.size - 0.5));
    for (let i = i0; i <= i1; i++) {
      const dx = g.x0 + (i + 0.5) * g.size - p.x;
      for (let j = j0; j <= j1; j++) {
        const dy = g.y0 + (j + 0.5) * g.size - p.y;
        const u = (dx * dx + dy * dy) / h2;
        if (u < 1) out[i * g.nrows + j]! += p.w * scale * (1 - u) * (1 - u);
      }
    }
  }
  return out;
}

/**
 * ArcGIS's default search radius (a spatial variant of Silverman's rule of thumb):
 * 0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2, with SD the standard distance, Dm the median
 * distance to the mean centre (both weighted) and n the total weight. Metres.
 */
export function defaultRadius(points: WeightedPoint[]): number {
  const n = points.reduce((a, p) => a + p.w, 0);
  if (n === 0) return 0;
  const mx = points.reduce((a, p) => a + p.w * p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.w * p.y, 0) / n;
  const d = points.map((p) => ({ d: Math.hypot(p.x - mx, p.y - my), w: p.w })).sort((a, b) => a.d - b.d);
  const sd = Math.sqrt(d.reduce((a, p) => a + p.w * p.d * p.d, 0) / n);
  let acc = 0;
  let median = 0;
  for (const p of d) {
    acc += p.w;
    if (acc >= n / 2) {
      median = p.d;
      break;
    }
  }
  return 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * median) * n ** -0.2;
}
