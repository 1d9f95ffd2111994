import type { Knex } from 'knex';
import type { AreaGeometry } from '../geo/geojson.js';
import type { BBox } from '../geo/bbox.js';
import { applyFilters } from '../sightings/repo.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { Period } from './period.js';
import { ordinaryPremises, SENSITIVE_BINDING } from '../premises/repo.js';
import { aggregateSource, type AggregateScope } from '../map/repo.js';
import { wholeCells as regionCells, type CellSet } from '../disclosure/repo.js';

/**
 * SQL of area reports. Every sighting query goes through `applyFilters` (aggregates:
 * every live sighting counts, disposed ones too); a restricted reader's region adds a
 * test that the sighting's whole lattice cell belongs to the report.
 */

/** Where a report counts: the shared filters (bbox, polygon or area), and for restricted readers a set of whole cells. */
export interface Region {
  f: SightingFilters;
  cells?: CellSet;
  /** `public` for restricted readers: sightings at sensitive sites are counted at their area (map/repo aggregateSightings). */
  scope?: AggregateScope;
}

/** A BNG box, metres. */
export interface BngBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const geomOf = `ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)`;

function sightings(knex: Knex, region: Region, p: Period, timeZone: string, columns: string[]): Knex.QueryBuilder {
  const src = aggregateSource(knex, region.scope ?? 'all');
  const q = applyFilters(src.from.select(columns.map((c) => knex.raw(c))), { ...region.f, from: p.from, to: p.to }, timeZone, src.scope, { includeDisposed: true });
  if (region.cells) {
    const { size, ix, iy } = region.cells;
    q.whereRaw(
      `(floor(ST_X(ST_Transform(s.geom, 27700)) / ?::float8)::int, floor(ST_Y(ST_Transform(s.geom, 27700)) / ?::float8)::int) in (select * from unnest(?::int[], ?::int[]))`,
      [size, size, ix, iy],
    );
  }
  return q;
}

const zone = (timeZone: string) => `(s.observed_at at time zone '${timeZone.replace(/'/g, "''")}')`;

/** The BNG extent of a WGS84 polygon. */
export async function extent(knex: Knex, geometry: AreaGeometry): Promise<BngBox> {
  const r = await knex.raw(
    `select ST_XMin(g) as x0, ST_YMin(g) as y0, ST_XMax(g) as x1, ST_YMax(g) as y1 from (select ST_Transform(${geomOf}, 27700) as g) t`,
    [JSON.stringify(geometry)],
  );
  return r.rows[0];
}

/**
 * The lattice cells whose centre lies in the polygon (the cells it touches when it holds
 * no centre), and a WGS84 box covering them for the index: the disclosure gate's cells of
 * the polygon, so that a report and a map view cut a region the same way.
 */
export const wholeCells = (knex: Knex, geometry: AreaGeometry, size: number): Promise<CellSet & { bbox: BBox | null }> => regionCells(knex, { geojson: geometry }, size);

export async function total(knex: Knex, region: Region, p: Period, timeZone: string): Promise<number> {
  const [row] = await sightings(knex, region, p, timeZone, ['count(*)::int as n']);
  return Number((row as { n: number }).n);
}

/** Counts per local calendar month, `YYYY-MM`. */
export async function byMonth(knex: Knex, region: Region, p: Period, timeZone: string): Promise<Record<string, number>> {
  const q = sightings(knex, region, p, timeZone, [`to_char(${zone(timeZone)}, 'YYYY-MM') as month`]);
  const r = await knex.raw(`with pts as (?) select month, count(*)::int as n from pts group by month`, [q]);
  return Object.fromEntries((r.rows as { month: string; n: number }[]).map((x) => [x.month, x.n]));
}

/** Counts by local weekday (0 = Monday) and band of `bandHours` hours (0 = from midnight). */
export async function byWeekdayBand(knex: Knex, region: Region, p: Period, timeZone: string, bandHours: number): Promise<number[][]> {
  const q = sightings(knex, region, p, timeZone, [`extract(isodow from ${zone(timeZone)})::int as d`, `extract(hour from ${zone(timeZone)})::int as h`]);
  const r = await knex.raw(`with pts as (?) select d, floor(h / ?::int)::int as b, count(*)::int as n from pts group by 1, 2`, [q, bandHours]);
  const grid = Array.from({ length: 7 }, () => Array<number>(24 / bandHours).fill(0));
  for (const c of r.rows as { d: number; b: number; n: number }[]) grid[c.d - 1]![c.b] = c.n;
  return grid;
}

/** Counts by sighting category or by grooming model. */
export async function byField(knex: Knex, region: Region, p: Period, timeZone: string, field: 'category' | 'grooming_model'): Promise<Record<string, number>> {
  const q = sightings(knex, region, p, timeZone, [`s.${field} as k`]);
  const r = await knex.raw(`with pts as (?) select k, count(*)::int as n from pts group by k`, [q]);
  return Object.fromEntries((r.rows as { k: string; n: number }[]).map((x) => [x.k, x.n]));
}

export interface CellCount {
  ix: number;
  iy: number;
  n: number;
  /** The most frequent category in the cell */
  topCategory: string;
}

/** Counts per lattice cell of `size` metres. */
export async function byCell(knex: Knex, region: Region, p: Period, timeZone: string, size: number): Promise<CellCount[]> {
  const q = sightings(knex, region, p, timeZone, [
    `floor(ST_X(ST_Transform(s.geom, 27700)) / ${Number(size)})::int as ix`,
    `floor(ST_Y(ST_Transform(s.geom, 27700)) / ${Number(size)})::int as iy`,
    's.category',
  ]);
  const r = await knex.raw(
    `with pts as (?) select ix, iy, count(*)::int as n, mode() within group (order by category) as "topCategory" from pts group by ix, iy order by ix, iy`,
    [q],
  );
  return r.rows;
}

export interface PlaceCount {
  id: string;
  name: string;
  category: string;
  n: number;
  /** BNG metres, for the map */
  x: number;
  y: number;
}

/**
 * Premises linked to two or more of the report's sightings, most first. `hideSensitive`
 * leaves sensitive sites out of the table, by name or by kind (their sightings stay in
 * every count of the report).
 */
export async function repeatPlaces(knex: Knex, region: Region, p: Period, timeZone: string, opts: { hideSensitive: boolean }): Promise<PlaceCount[]> {
  const q = sightings(knex, region, p, timeZone, ['s.premises_id']).whereNotNull('s.premises_id');
  const r = await knex.raw(
    `with pts as (?), per as (select premises_id, count(*)::int as n from pts group by premises_id having count(*) >= 2)
     select p.id, p.name, p.category, per.n, ST_X(b) as x, ST_Y(b) as y
     from per join premises p on p.id = per.premises_id, lateral (select ST_Transform(p.geom, 27700) as b) t
     ${opts.hideSensitive ? `where ${ordinaryPremises('p')}` : ''}
     order by per.n desc, p.name, p.id`,
    [q, ...(opts.hideSensitive ? [SENSITIVE_BINDING] : [])],
  );
  return r.rows;
}

export interface MapLayers {
  /** Wards around the area, clipped to the view: WGS84 GeoJSON with a label point */
  wards: { name: string; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }; label: [number, number] }[];
}

/** The wards around a report's area within its view (a BNG box), as WGS84 GeoJSON. */
export async function mapLayers(knex: Knex, view: BngBox, excludeId: string | null): Promise<MapLayers> {
  const w = await knex.raw(
    `with v as (select ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 27700) as v),
     c as (select a.name, ST_Transform(ST_ClipByBox2D(ST_Transform(a.geom, 27700), v.v), 4326) as g
           from areas a, v where a.kind = 'ward' and a.id is distinct from ?::uuid and ST_Intersects(a.geom, ST_Transform(v.v, 4326)))
     select name, ST_AsGeoJSON(g, 6)::json as geometry, ST_X(ST_PointOnSurface(g)) as lon, ST_Y(ST_PointOnSurface(g)) as lat
     from c where not ST_IsEmpty(g) order by name`,
    [view.x0, view.y0, view.x1, view.y1, excludeId],
  );
  return {
    wards: (w.rows as { name: string; geometry: MapLayers['wards'][number]['geometry']; lon: number; lat: number }[]).map((r) => ({
      name: r.name,
      geometry: r.geometry,
      label: [Number(r.lon.toFixed(6)), Number(r.lat.toFixed(6))],
    })),
  };
}

/** WGS84 corners of a BNG box, `[west, south, east, north]`. */
export async function viewBounds(knex: Knex, view: BngBox): Promise<[number, number, number, number]> {
  const r = await knex.raw(
    `select ST_XMin(w) as w, ST_YMin(w) as s, ST_XMax(w) as e, ST_YMax(w) as n from (select ST_Transform(ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 27700), 4326)::box2d as w) t`,
    [view.x0, view.y0, view.x1, view.y1],
  );
  const b = r.rows[0];
  return [Number(b.w), Number(b.s), Number(b.e), Number(b.n)];
}

/** For WGS84 cell outlines: the BNG centre of each, and whether it lies in the report's polygon. */
export async function cellCentres(knex: Knex, cells: { type: 'Polygon'; coordinates: number[][][] }[], geometry: AreaGeometry): Promise<{ x: number; y: number; inside: boolean }[]> {
  if (!cells.length) return [];
  const r = await knex.raw(
    `with a as (select ${geomOf} as a)
     select ST_X(b) as x, ST_Y(b) as y, ST_Intersects(a.a, ST_Centroid(c)) as inside
     from a, unnest(?::text[]) with ordinality as t(g, ord),
          lateral (select ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) as c) cc,
          lateral (select ST_Transform(ST_Centroid(c), 27700) as b) bb
     order by ord`,
    [JSON.stringify(geometry), cells.map((c) => JSON.stringify(c))],
  );
  return (r.rows as { x: number; y: number; inside: boolean }[]).map((c) => ({ x: Number(c.x), y: Number(c.y), inside: c.inside }));
}
