/**
 * The study area of a lattice analysis: which cells it has, how big they are, and
 * the sightings in each. Shared by hot spots and emerging hot spots.
 */
import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { formatBBox, type BBox } from '../geo/bbox.js';
import type { SightingFilters } from '../sightings/filters.js';
import { notFound, unprocessable } from '../http/errors.js';
import { SAFE_CELL_SIZES } from '../disclosure/suppress.js';
import { cellArea, cellRange, gridFor, indexOf, type CellGrid, type CellShape } from './grid.js';
import { LIMITS, type CellSizeMethod } from './schema.js';
import * as repo from './repo.js';
import { aggregateScopeOf, type AggregateScope, type Source } from '../map/repo.js';

/** The smallest cell a restricted role may see (DESIGN.md, Roles). */
export const SAFE_MIN_CELL = SAFE_CELL_SIZES[0];
/** Cell sizes tried, smallest first, when none is given. */
const AUTO_SIZES = [100, 200, 250, 500, 1000, 2000];
/** A default cell size keeps the study area to about this many cells. */
const AUTO_TARGET_CELLS = 10_000;
/** Most cells of an extent's bounding box searched for cells that overlap it. */
const MAX_CANDIDATES = 1_000_000;
/** Fewer cells than this and a local statistic has too little to compare against. */
export const MIN_CELLS = 30;

export interface Study {
  extent: repo.Extent;
  shape: CellShape;
  /** metres */
  size: number;
  sizeMethod: CellSizeMethod;
  cells: repo.ExtentCell[];
  /** the cells, masked in, on an empty grid */
  grid: CellGrid;
  /** WGS84 box covering every cell: the sightings to count */
  cover: BBox;
  /** the filters with the extent replaced by `cover` (counts are whole-cell counts) */
  filters: SightingFilters;
  /** whose counts: `public` for restricted roles (sightings at sensitive sites counted at their area) */
  scope: AggregateScope;
  notes: string[];
}

/**
 * Resolves the cells of the study area (bbox, or area: the cells that overlap it),
 * clipped to `clip` (the operating area). Restricted roles get cells of at least 250 m.
 * Refuses (422, naming cellSize) a study area with too many or too few cells.
 */
export async function studyArea(db: Db, f: SightingFilters, opts: { shape?: CellShape; cellSize?: number; restricted: boolean; clip: BBox }): Promise<Study> {
  const extent: repo.Extent = f.areaId ? { areaId: f.areaId } : { bbox: f.bbox! };
  const info = await repo.extentInfo(db.knex, extent, opts.clip);
  if (!info) throw notFound(`No area ${f.areaId}.`);
  if (info.x0 === null || info.y0 === null || info.x1 === null || info.y1 === null) {
    throw unprocessable(`The study area lies outside the operating area ${formatBBox(opts.clip)}, where the analysis runs.`, [
      { path: f.areaId ? 'areaId' : 'bbox', message: 'outside the operating area' },
    ]);
  }
  const bounds = { x0: info.x0, y0: info.y0, x1: info.x1, y1: info.y1 };
  const shape = opts.shape ?? 'square';
  const notes: string[] = [];
  let size: number;
  let sizeMethod: CellSizeMethod;
  if (opts.cellSize !== undefined) {
    size = opts.cellSize;
    sizeMethod = 'given';
  } else {
    size = AUTO_SIZES.find((s) => info.area / cellArea(shape, s) <= AUTO_TARGET_CELLS) ?? AUTO_SIZES[AUTO_SIZES.length - 1]!;
    sizeMethod = 'auto';
  }
  if (opts.restricted && size < SAFE_MIN_CELL) {
    notes.push(`Cells were enlarged from ${size} m to ${SAFE_MIN_CELL} m: aggregate maps for this role use cells of at least ${SAFE_MIN_CELL} m.`);
    size = SAFE_MIN_CELL;
    sizeMethod = 'raised';
  }
  const tooMany = (n: number) =>
    unprocessable(`The study area would hold about ${n} cells of ${size} m; the most one analysis takes is ${LIMITS.cells}. Use a larger cellSize or a smaller area.`, [
      { path: 'cellSize', message: `too small for this study area (about ${n} cells; at most ${LIMITS.cells})` },
    ]);
  const estimate = Math.round(info.area / cellArea(shape, size));
  if (estimate > LIMITS.cells * 1.05) throw tooMany(estimate);
  // A long thin area can have few cells but a vast bounding box, all of which is searched.
  const range = cellRange(shape, size, bounds);
  const candidates = (range.c1 - range.c0 + 1) * (range.r1 - range.r0 + 1);
  if (candidates > MAX_CANDIDATES) {
    throw unprocessable(`The study area's bounding box spans ${candidates} cells of ${size} m; the most searched is ${MAX_CANDIDATES}. Use a larger cellSize or a more compact area.`, [
      { path: 'cellSize', message: `too small for this study area's extent (${candidates} cells in its bounding box)` },
    ]);
  }
  const cells = await repo.extentCells(db.knex, extent, opts.clip, shape, size, range);
  if (cells.length > LIMITS.cells) throw tooMany(cells.length);
  if (cells.length < MIN_CELLS) {
    throw unprocessable(`The study area holds ${cells.length} cells of ${size} m; a hot spot analysis needs at least ${MIN_CELLS} to compare each cell with. Use a smaller cellSize or a larger area.`, [
      { path: 'cellSize', message: `too large for this study area (${cells.length} cells; at least ${MIN_CELLS})` },
    ]);
  }
  const cover = coverOf(cells);
  const { bbox: _b, areaId: _a, ...rest } = f;
  return { extent, shape, size, sizeMethod, cells, grid: gridFor(shape, size, cells), cover, filters: { ...rest, bbox: cover }, scope: aggregateScopeOf(opts.restricted), notes };
}

/** Sightings per cell of the study (whole cells, also where a cell reaches beyond the area), as the grid's values. */
export async function countCells(knex: Knex, timeZone: string, s: Study, source: Source = 'auto'): Promise<{ grid: CellGrid; total: number }> {
  const g = s.grid;
  const range = { ix0: g.col0, ix1: g.col0 + g.ncols - 1, iy0: g.row0, iy1: g.row0 + g.nrows - 1 };
  const rows = await repo.cellCounts(knex, s.filters, timeZone, s.shape, s.size, s.scope, range, source);
  const grid = { ...s.grid, values: new Float64Array(s.grid.mask.length) };
  let total = 0;
  for (const r of rows) {
    const i = indexOf(grid, r.col, r.row);
    if (i >= 0 && grid.mask[i]) {
      grid.values[i] = r.n;
      total += r.n;
    }
  }
  return { grid, total };
}

/** The WGS84 box of the cells' polygons. */
function coverOf(cells: repo.ExtentCell[]): BBox {
  let west = 180, south = 90, east = -180, north = -90;
  for (const c of cells) {
    for (const [lon, lat] of c.geometry.coordinates[0]! as [number, number][]) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  }
  // A hair wider than the rounded (6 decimals) coordinates, so no edge point is lost.
  const pad = 2e-6;
  return { west: west - pad, south: south - pad, east: east + pad, north: north + pad };
}
