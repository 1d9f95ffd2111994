import type { Knex } from 'knex';
import type { BBox } from '../geo/bbox.js';
import { bngPointAt } from '../geo/sql.js';

/**
 * SQL of the disclosure gate: the fixed British National Grid lattice cells (origin 0,0,
 * `size` metres) that a restricted reader's region is made of.
 */

/** Whole cells of the BNG lattice, as parallel index arrays (cell ix spans [ix·size, (ix+1)·size)). */
export interface CellSet {
  size: number;
  ix: number[];
  iy: number[];
}

/** A region as asked for: any of a WGS84 box, a GeoJSON polygon and a stored area, intersected. */
export interface RegionShape {
  bbox?: BBox;
  geojson?: unknown;
  areaId?: string;
}

/** The region in BNG (EPSG:27700) as SQL, with its bindings; parts are intersected. */
function regionSql(shape: RegionShape): { sql: string; bindings: Knex.RawBinding[] } | null {
  const parts: { sql: string; bindings: Knex.RawBinding[] }[] = [];
  if (shape.bbox) parts.push({ sql: 'ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 4326), 27700)', bindings: [shape.bbox.west, shape.bbox.south, shape.bbox.east, shape.bbox.north] });
  if (shape.geojson) parts.push({ sql: 'ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), 27700)', bindings: [JSON.stringify(shape.geojson)] });
  if (shape.areaId) parts.push({ sql: 'ST_Transform((select a.geom from areas a where a.id = ?), 27700)', bindings: [shape.areaId] });
  if (!parts.length) return null;
  return parts.slice(1).reduce((acc, p) => ({ sql: `ST_Intersection(${acc.sql}, ${p.sql})`, bindings: [...acc.bindings, ...p.bindings] }), parts[0]!);
}

/** The BNG extent of a region (nulls when it is empty). */
export async function regionExtent(knex: Knex, shape: RegionShape): Promise<{ x0: number | null; y0: number | null; x1: number | null; y1: number | null }> {
  const g = regionSql(shape)!;
  const r = await knex.raw(`select ST_XMin(g) as x0, ST_YMin(g) as y0, ST_XMax(g) as x1, ST_YMax(g) as y1 from (select ${g.sql} as g) t`, g.bindings);
  return r.rows[0];
}

/**
 * The lattice cells whose centre lies in the region; a region too small to hold a
 * centre gets the cells it touches. Also a WGS84 box covering them, for the index.
 */
export async function wholeCells(knex: Knex, shape: RegionShape, size: number): Promise<CellSet & { bbox: BBox | null }> {
  const g = regionSql(shape)!;
  const r = await knex.raw(
    `with g as (select ${g.sql} as g),
     b as (select g, floor(ST_XMin(g) / ?::float8)::int as x0, floor(ST_XMax(g) / ?::float8)::int as x1, floor(ST_YMin(g) / ?::float8)::int as y0, floor(ST_YMax(g) / ?::float8)::int as y1 from g where g is not null and not ST_IsEmpty(g)),
     c as (select ix, iy,
             ST_Intersects(g, ${bngPointAt('(ix + 0.5) * ?::float8', '(iy + 0.5) * ?::float8')}) as centre,
             ST_Intersects(g, ST_MakeEnvelope(ix * ?::float8, iy * ?::float8, (ix + 1) * ?::float8, (iy + 1) * ?::float8, 27700)) as touches
           from b, generate_series(b.x0, b.x1) as ix, generate_series(b.y0, b.y1) as iy)
     select ix, iy, centre from c where touches order by ix, iy`,
    [...g.bindings, size, size, size, size, size, size, size, size, size, size],
  );
  const rows = r.rows as { ix: number; iy: number; centre: boolean }[];
  const chosen = rows.some((c) => c.centre) ? rows.filter((c) => c.centre) : rows;
  const ix = chosen.map((c) => c.ix);
  const iy = chosen.map((c) => c.iy);
  if (!chosen.length) return { size, ix, iy, bbox: null };
  const b = await knex.raw(
    `select ST_XMin(w) as west, ST_YMin(w) as south, ST_XMax(w) as east, ST_YMax(w) as north
     from (select ST_Transform(ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 27700), 4326) as w) t`,
    [Math.min(...ix) * size, Math.min(...iy) * size, (Math.max(...ix) + 1) * size, (Math.max(...iy) + 1) * size],
  );
  // A hair wider: the box is only for the index, the cell test decides.
  const pad = 2e-6;
  const w = b.rows[0] as BBox;
  return { size, ix, iy, bbox: { west: w.west - pad, south: w.south - pad, east: w.east + pad, north: w.north + pad } };
}
