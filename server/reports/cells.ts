/**
 * The fixed British National Grid lattice reports count on (EPSG:27700 metres, origin
 * 0,0, the ladder of safe sizes): cell (ix, iy) spans [ix·size, (ix+1)·size) ×
 * [iy·size, (iy+1)·size), as PostGIS computes with `floor(x / size)`.
 */

export { reportCellSize } from '../disclosure/suppress.js';

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
