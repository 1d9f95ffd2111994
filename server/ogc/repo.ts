import type { Knex } from 'knex';
import { splitAntimeridian, type BBox } from '../geo/bbox.js';
import { applyFilters } from '../sightings/repo.js';
import type { Scope } from '../auth/policy.js';
import { columns as premisesColumns, ordinaryPremises, SENSITIVE_BINDING } from '../premises/repo.js';
import { columns as areaColumns } from '../areas/repo.js';
import type { Premises } from '../premises/schema.js';
import type { Area } from '../areas/schema.js';
import { envelopeBindings, inEnvelope, lonLatColumns, wgs84OfBng } from '../geo/sql.js';

/** SQL of the OGC API: extents, paged premises and areas, and the outlines of grid cells. */

export interface Extent {
  bbox: BBox | null;
  first: Date | null;
  last: Date | null;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const boxOf = (r: { west: number | null; south: number | null; east: number | null; north: number | null }): BBox | null =>
  r.west === null ? null : { west: round6(r.west), south: round6(r.south!), east: round6(r.east!), north: round6(r.north!) };

/**
 * The spatial and temporal extent of the sightings a scope covers. With `snapMetres`
 * the box is widened to whole cells of the British National Grid lattice, so it does
 * not give away the outermost sighting's position.
 */
export async function sightingExtent(knex: Knex, scope: Scope, snapMetres?: number): Promise<Extent> {
  const box = snapMetres
    ? `ST_Transform(ST_MakeEnvelope(floor(min(s.bng_e) / ${Number(snapMetres)}) * ${Number(snapMetres)}, floor(min(s.bng_n) / ${Number(snapMetres)}) * ${Number(snapMetres)},
         ceil(max(s.bng_e) / ${Number(snapMetres)}) * ${Number(snapMetres)}, ceil(max(s.bng_n) / ${Number(snapMetres)}) * ${Number(snapMetres)}, 27700), 4326)`
    : 'ST_SetSRID(ST_Extent(s.geom)::geometry, 4326)';
  const q = applyFilters(knex({ s: 'sightings' }).select(knex.raw(`${box} as b, min(s.observed_at) as first, max(s.observed_at) as last`)), {}, 'UTC', scope, { includeDisposed: true });
  const r = await knex.raw(`with e as (?) select ST_XMin(b) as west, ST_YMin(b) as south, ST_XMax(b) as east, ST_YMax(b) as north, first, last from e`, [q]);
  const row = r.rows[0];
  return { bbox: boxOf(row), first: row.first, last: row.last };
}

/**
 * The extent of a whole table's geometries (premises or areas). `hideSensitive` leaves
 * sensitive sites out of the premises' extent: the outermost one would be drawn by its edge.
 */
export async function tableExtent(knex: Knex, table: 'premises' | 'areas', opts: { hideSensitive?: boolean } = {}): Promise<Extent> {
  const hide = table === 'premises' && opts.hideSensitive;
  const r = await knex.raw(
    `select ST_XMin(b) as west, ST_YMin(b) as south, ST_XMax(b) as east, ST_YMax(b) as north
     from (select ST_SetSRID(ST_Extent(p.geom)::geometry, 4326) as b from ${table === 'premises' ? 'premises' : 'areas'} p${hide ? ` where ${ordinaryPremises('p')}` : ''}) t`,
    hide ? [SENSITIVE_BINDING] : [],
  );
  return { bbox: boxOf(r.rows[0]), first: null, last: null };
}

/** `geom && box` for each half of a bbox that may cross the antimeridian (uses the GiST index). */
function inBox(q: Knex.QueryBuilder, column: string, bbox: BBox | undefined): Knex.QueryBuilder {
  if (!bbox) return q;
  return q.where((w) => {
    for (const b of splitAntimeridian(bbox)) w.orWhereRaw(inEnvelope(column), envelopeBindings(b));
  });
}

/** Sensitive sites left out (every role but analysts and admins): neither listed nor counted in `numberMatched`. */
const ordinaryOnly = (q: Knex.QueryBuilder, hideSensitive: boolean): Knex.QueryBuilder => (hideSensitive ? q.whereRaw(ordinaryPremises('p'), [SENSITIVE_BINDING]) : q);

/** Premises in a bbox, by name then id (a stable order for paging). */
export async function premisesPage(knex: Knex, bbox: BBox | undefined, limit: number, offset: number, hideSensitive: boolean): Promise<Premises[]> {
  const q = knex({ p: 'premises' }).select(knex.raw(premisesColumns)).orderBy(['p.name', 'p.id']).limit(limit).offset(offset);
  return (await inBox(ordinaryOnly(q, hideSensitive), 'p.geom', bbox)) as Premises[];
}

export async function premisesCount(knex: Knex, bbox: BBox | undefined, hideSensitive: boolean): Promise<number> {
  const [row] = await inBox(ordinaryOnly(knex({ p: 'premises' }).count({ n: '*' }), hideSensitive), 'p.geom', bbox);
  return Number((row as { n: number | string }).n);
}

/** Areas (of a kind) whose outline's box meets a bbox, by kind, name, id. */
export async function areasPage(knex: Knex, bbox: BBox | undefined, kind: string | undefined, limit: number, offset: number): Promise<Area[]> {
  const q = knex('areas').select(knex.raw(areaColumns)).orderBy(['kind', 'name', 'id']).limit(limit).offset(offset);
  if (kind) q.where('kind', kind);
  return (await inBox(q, 'geom', bbox)) as Area[];
}

export async function areasCount(knex: Knex, bbox: BBox | undefined, kind: string | undefined): Promise<number> {
  const q = knex('areas').count({ n: '*' });
  if (kind) q.where('kind', kind);
  const [row] = await inBox(q, 'geom', bbox);
  return Number((row as { n: number | string }).n);
}

export interface CellShape {
  ix: number;
  iy: number;
  /** The cell's square on the British National Grid, as a WGS84 polygon. */
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  /** Its centre, WGS84 */
  lon: number;
  lat: number;
}

/** Outlines and centres of cells (ix, iy) of the BNG lattice of `size` metres (origin 0,0). */
export async function cellShapes(knex: Knex, size: number, cells: { ix: number; iy: number }[]): Promise<CellShape[]> {
  if (cells.length === 0) return [];
  const r = await knex.raw(
    `select ix, iy, ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(ix * ?, iy * ?, (ix + 1) * ?, (iy + 1) * ?, 27700), 4326), 6)::json as geometry,
       ${lonLatColumns('c')}
     from unnest(?::int[], ?::int[]) as t(ix, iy),
       lateral (select ${wgs84OfBng('(ix + 0.5) * ?', '(iy + 0.5) * ?')} as c) p`,
    [size, size, size, size, cells.map((c) => c.ix), cells.map((c) => c.iy), size, size],
  );
  return r.rows;
}
