/**
 * A heatmap calibrated in sightings per km². MapLibre draws each point as a Gaussian of
 * standard deviation radius / 3 pixels and colours the summed "density", clamped at 1.
 * Weighting each cell by its count over the view's typical density makes the ramp's
 * top a real figure: a field of `topPerKm2` sightings per km² draws at density 1, at
 * any zoom or radius, so the legend can say what the colours mean. Pure: no DOM.
 */

/** Web Mercator ground metres per pixel at zoom 0 on the equator (256 px tiles). */
const M_PER_PX_Z0 = 156_543.03392804097;

/** MapLibre's Gaussian coefficient (its heatmap shader's GAUSS_COEF, 1/√(2π)). */
const GAUSS_COEF = 0.3989422804014327;

/**
 * The mass of one unit-weight kernel per r² square pixels: ∫ GAUSS_COEF·exp(−4.5 d²/r²) dA
 * = GAUSS_COEF · 2πr²/9. A field of D points per px² weighted w draws at D·w·KERNEL_MASS·r².
 */
export const KERNEL_MASS = (GAUSS_COEF * 2 * Math.PI) / 9;

/**
 * The ramp's top is the density at this quantile of the places that have sightings (each
 * place once, however many it holds). Sightings pile up at a few addresses (in the demo
 * town 1 % of places hold 30 % of them), so a top set by counts would be one of those
 * piles and leave every street a faint haze; this top lets the piles saturate and the
 * ordinary places show in blue and yellow.
 */
const TOP_QUANTILE = 0.9;

/** Ground metres per CSS pixel at a zoom and latitude. */
export const metresPerPixel = (zoom: number, lat: number) => (M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;

/** The smallest of 1, 2 or 5 × 10ⁿ that is at least `x`. @example niceCeil(1752.6) // 2000 */
export function niceCeil(x: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5]) if (m * magnitude >= x - 1e-9 * magnitude) return m * magnitude;
  return 10 * magnitude;
}

export interface HeatPoint {
  lon: number;
  lat: number;
  count: number;
}

export interface HeatScale {
  /** sightings per km² drawn at the top of the ramp (intensity 1) */
  topPerKm2: number;
  /** heatmap-weight per sighting that makes it so */
  weightPerSighting: number;
}

/** Web Mercator pixel coordinates at a zoom. */
function project(p: HeatPoint, zoom: number): [number, number] {
  const size = 256 * 2 ** zoom;
  const s = Math.sin((p.lat * Math.PI) / 180);
  return [((p.lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

/**
 * The scale of a heatmap of `points` (cell centres with counts) at `zoom`, drawn with a
 * kernel of `radiusPx`: the kernel density at each point, as MapLibre would draw it,
 * found through a spatial hash, and the ramp's top set to its TOP_QUANTILE over the
 * points, rounded up to 1, 2 or 5 × 10ⁿ.
 */
export function heatScale(points: readonly HeatPoint[], zoom: number, radiusPx: number): HeatScale {
  const total = points.reduce((s, p) => s + p.count, 0);
  if (points.length === 0 || total <= 0) return { topPerKm2: 1, weightPerSighting: 0 };
  const xy = points.map((p) => project(p, zoom));
  const cell = radiusPx;
  const hash = new Map<string, number[]>();
  xy.forEach(([x, y], i) => {
    const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
    const list = hash.get(key);
    if (list) list.push(i);
    else hash.set(key, [i]);
  });
  // Normalised kernel (integral 1), so that densities are sightings per px².
  const norm = 9 / (2 * Math.PI * radiusPx * radiusPx);
  const k = -4.5 / (radiusPx * radiusPx);
  const density = xy.map(([x, y]) => {
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    let d = 0;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of hash.get(`${cx + dx}:${cy + dy}`) ?? []) {
          const ex = xy[j]![0] - x;
          const ey = xy[j]![1] - y;
          d += points[j]!.count * Math.exp(k * (ex * ex + ey * ey));
        }
      }
    }
    return d * norm;
  });
  const sorted = [...density].sort((a, b) => a - b);
  const atQuantile = sorted[Math.floor(TOP_QUANTILE * (sorted.length - 1))]!;
  const lat = points.reduce((s, p) => s + p.lat * p.count, 0) / total;
  const km2PerPx = (metresPerPixel(zoom, lat) / 1000) ** 2;
  const topPerKm2 = niceCeil(atQuantile / km2PerPx);
  return { topPerKm2, weightPerSighting: 1 / (topPerKm2 * km2PerPx * KERNEL_MASS * radiusPx * radiusPx) };
}

/** A heat layer's data as the server sends it: cells (or disclosure cells) with counts. */
export interface HeatCells {
  zoom: number;
  restricted: boolean;
  /** metres: the disclosure grid's cell, for restricted readers */
  cellSize: number | null;
  features: { geometry: { coordinates: [number, number] }; properties: { count: number } }[];
}

/**
 * How to draw a heat layer: the radius (a disclosure grid puts each cell's count at its
 * centre, and a radius under 1.5 cells would draw the grid as dots) and the scale.
 */
export interface HeatDrawing {
  radius: number;
  scale: HeatScale;
}

export function heatDrawing(h: HeatCells | null, radiusPx: number): HeatDrawing {
  if (!h || h.features.length === 0) return { radius: radiusPx, scale: { topPerKm2: 1, weightPerSighting: 0 } };
  const points = h.features.map((f) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], count: f.properties.count }));
  let radius = radiusPx;
  if (h.restricted && h.cellSize) {
    const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
    const cell = h.cellSize / metresPerPixel(h.zoom, lat);
    radius = Math.max(radiusPx, Math.min(200, Math.round(1.5 * cell)));
  }
  return { radius, scale: heatScale(points, h.zoom, radius) };
}
