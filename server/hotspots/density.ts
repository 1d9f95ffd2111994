/**
 * The kernel density surface behind GET /api/map/heat?method=kde: a calibrated
 * quartic-kernel density (sightings per km²) on a square BNG grid, with the
 * bandwidth stated, as opposed to the display heatmap's weighted points.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { BBox } from '../geo/bbox.js';
import { unprocessable } from '../http/errors.js';
import { aggregatesRestricted } from '../auth/policy.js';
import { SUPPRESS_BELOW } from '../disclosure/suppress.js';
import { record } from '../audit/service.js';
import { describeFilters, type SightingFilters } from '../sightings/filters.js';
import type { Caller } from '../http/auth.js';
import { defaultRadius, quarticDensity, type DensityGrid, type WeightedPoint } from './kde.js';
import { SAFE_MIN_CELL } from './study.js';
import { LIMITS } from './schema.js';
import * as repo from './repo.js';
import { bngPointsToWgs84 } from '../geo/repo.js';

const AUTO_SIZES = [10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000];
/** A default cell size keeps the surface to about this many cells. */
const AUTO_TARGET_CELLS = 20_000;
/** Restricted roles: the kernel spreads over at least two safe cells. */
const SAFE_MIN_BANDWIDTH = 2 * SAFE_MIN_CELL;
/** Weight of a safe cell holding 1–4 sightings, as the display heatmap gives it. */
const NOMINAL_SMALL_WEIGHT = 2;
const M_PER_DEGREE = 111_320;

/** A WGS84 box widened by `metres` on every side (degrees generous by a tenth for Great Britain). */
function widen(b: BBox, metres: number): BBox {
  const dLat = (1.1 * metres) / M_PER_DEGREE;
  const dLon = (1.1 * metres) / (M_PER_DEGREE * Math.cos((Math.max(Math.abs(b.south), Math.abs(b.north)) * Math.PI) / 180));
  return { west: b.west - dLon, south: b.south - dLat, east: b.east + dLon, north: b.north + dLat };
}

/**
 * Quartic kernel density over the view's bbox. The bandwidth is given, or ArcGIS's
 * default search radius for the sightings in view; sightings within one bandwidth
 * outside the view count too, so the edges are not thinned.
 *
 * Restricted roles: the input is the 250 m safe-grid cells at their centres (never a
 * real position), a cell of 1–4 sightings entering with a nominal weight of 2 as in
 * the display heatmap, so no small count can be read back from the surface; cells are
 * at least 250 m and the bandwidth at least 500 m.
 */
export async function kdeHeat(db: Db, config: Config, v: Caller, f: SightingFilters & { bbox: BBox }, o: { bandwidth?: number; cellSize?: number; zoom?: number }) {
  const restricted = aggregatesRestricted(v.role);
  const notes: string[] = [];
  const raw = (await repo.extentInfo(db.knex, { bbox: f.bbox }, config.operatingArea))!;
  // Outside the operating area there are no sightings and no British National Grid to speak of.
  const info = raw.x0 === null ? { x0: 0, y0: 0, x1: 0, y1: 0 } : (raw as { x0: number; y0: number; x1: number; y1: number });
  const cellsAt = (s: number) => Math.ceil((info.x1 - Math.floor(info.x0 / s) * s) / s) * Math.ceil((info.y1 - Math.floor(info.y0 / s) * s) / s);
  let size = o.cellSize ?? AUTO_SIZES.find((s) => cellsAt(s) <= AUTO_TARGET_CELLS) ?? AUTO_SIZES[AUTO_SIZES.length - 1]!;
  if (restricted && size < SAFE_MIN_CELL) {
    notes.push(`Cells were enlarged from ${size} m to ${SAFE_MIN_CELL} m: aggregate maps for this role use cells of at least ${SAFE_MIN_CELL} m.`);
    size = SAFE_MIN_CELL;
  }
  if (cellsAt(size) > LIMITS.cells) {
    throw unprocessable(`The view would need ${cellsAt(size)} cells of ${size} m; at most ${LIMITS.cells}. Use a larger cellSize or zoom in.`, [
      { path: 'cellSize', message: `too small for this view (${cellsAt(size)} cells; at most ${LIMITS.cells})` },
    ]);
  }
  const grid: DensityGrid = { x0: Math.floor(info.x0 / size) * size, y0: Math.floor(info.y0 / size) * size, size, ncols: 0, nrows: 0 };
  grid.ncols = Math.ceil((info.x1 - grid.x0) / size);
  grid.nrows = Math.ceil((info.y1 - grid.y0) / size);

  const load = async (box: BBox): Promise<WeightedPoint[]> => {
    const ff = { ...f, bbox: box };
    if (!restricted) return db.read(v.readAfter, (k) => repo.densityPoints(k, ff, config.timeZone, Math.max(1, size / 4)));
    const cells = await db.read(v.readAfter, (k) => repo.densityPoints(k, ff, config.timeZone, SAFE_MIN_CELL, true, 'public'));
    return cells.map((c) => ({ ...c, w: c.w < SUPPRESS_BELOW ? NOMINAL_SMALL_WEIGHT : c.w }));
  };
  let bandwidth = o.bandwidth;
  let method: 'given' | 'silverman' = 'given';
  if (bandwidth === undefined) {
    method = 'silverman';
    bandwidth = Math.round(defaultRadius(await load(f.bbox))) || 10 * size;
  }
  const floor = Math.max(size, restricted ? SAFE_MIN_BANDWIDTH : 0);
  if (bandwidth < floor) {
    notes.push(`The bandwidth was raised from ${bandwidth} m to ${floor} m${restricted ? ' (at least two safe cells for this role)' : ' (at least one cell)'}.`);
    bandwidth = floor;
  }
  const points = await load(widen(f.bbox, bandwidth));
  const density = quarticDensity(points, grid, bandwidth);

  const xs: number[] = [];
  const ys: number[] = [];
  const values: number[] = [];
  let max = 0;
  for (let i = 0; i < grid.ncols; i++) {
    for (let j = 0; j < grid.nrows; j++) {
      const d = density[i * grid.nrows + j]! * 1e6;
      if (d <= 0) continue;
      xs.push(grid.x0 + (i + 0.5) * size);
      ys.push(grid.y0 + (j + 0.5) * size);
      values.push(Number(d.toPrecision(4)));
      if (d > max) max = d;
    }
  }
  const at = await bngPointsToWgs84(db.knex, xs.map((x, i) => ({ x, y: ys[i]! })), true);
  const total = points.reduce((a, p) => a + p.w, 0);
  await record(db, v, { action: 'search', targetType: 'map_heat', query: { ...describeFilters(f), method: 'kde', cellSize: size, bandwidth, features: values.length }, outcome: 'ok' });
  return {
    type: 'FeatureCollection' as const,
    method: 'kde' as const,
    zoom: o.zoom ?? null,
    restricted,
    params: {
      kernel: 'quartic' as const,
      bandwidth,
      bandwidthMethod: method,
      cellSize: size,
      units: 'sightings per km²',
      // Sightings the surface is built from (in and within one bandwidth of the view);
      // not given to restricted roles, whose surface uses nominal weights for small cells.
      sightings: restricted ? null : total,
    },
    maxDensity: Number(max.toPrecision(4)),
    notes,
    features: values.map((density, k) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [at[k]!.lon, at[k]!.lat] as [number, number] },
      properties: { density },
    })),
  };
}
