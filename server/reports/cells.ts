import { SAFE_CELL_SIZES } from '../disclosure/suppress.js';

/**
 * The fixed British National Grid lattice reports count on (EPSG:27700 metres, origin
 * 0,0, the ladder of safe sizes): cell (ix, iy) spans [ix·size, (ix+1)·size) ×
 * [iy·size, (iy+1)·size), as PostGIS computes with `floor(x / size)`.
 */

/** Cells across the larger side of a report's map, at most (so a borough still draws). */
const MAX_CELLS_ACROSS = 40;

/**
 * The smallest safe cell size that keeps a BNG extent within about 40 cells across.
 * @example reportCellSize({ x0: 0, y0: 0, x1: 4000, y1: 2000 }) // 250
 */
export function reportCellSize(extent: { x0: number; y0: number; x1: number; y1: number }): number {
  const span = Math.max(extent.x1 - extent.x0, extent.y1 - extent.y0);
  return SAFE_CELL_SIZES.find((s) => span / s <= MAX_CELLS_ACROSS) ?? SAFE_CELL_SIZES[SAFE_CELL_SIZES.length - 1]!;
}

/**
 * An Ordnance Survey grid reference of a BNG point, to `digits` figures in all (4–10).
 * @example gridRef(371750, 409250, 8) // 'SD 7175 0925'
 */
export function gridRef(easting: number, northing: number, digits = 8): string {
  const e100k = Math.floor(easting / 100_000);
  const n100k = Math.floor(northing / 100_000);
  if (e100k < 0 || e100k > 6 || n100k < 0 || n100k > 12) return `${Math.round(easting)},${Math.round(northing)}`;
  let l1 = 19 - n100k - ((19 - n100k) % 5) + Math.floor((e100k + 10) / 5);
  let l2 = (((19 - n100k) * 5) % 25) + (e100k % 5);
  // The grid's letters skip I.
  if (l1 > 7) l1++;
  if (l2 > 7) l2++;
  const half = digits / 2;
  const scale = 10 ** (5 - half);
  const e = String(Math.floor((easting % 100_000) / scale)).padStart(half, '0');
  const n = String(Math.floor((northing % 100_000) / scale)).padStart(half, '0');
  return `${String.fromCharCode(65 + l1)}${String.fromCharCode(65 + l2)} ${e} ${n}`;
}

/** The grid reference of a cell's south-west corner, e.g. "SD 7175 0925 (250 m)". */
export const cellLabel = (ix: number, iy: number, size: number) => `${gridRef(ix * size, iy * size, 8)} (${size >= 1000 ? `${size / 1000} km` : `${size} m`})`;

/** A cell's key, stable across reports: "250:1487:1637". */
export const cellKey = (ix: number, iy: number, size: number) => `${size}:${ix}:${iy}`;
