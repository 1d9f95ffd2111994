import type { Knex } from 'knex';
import { applyFilters } from '../sightings/repo.js';
import type { Scope } from '../auth/policy.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { BBox } from '../geo/bbox.js';
import { binHours, type Binned, type Bucket, type HourCount, type Interval } from './timeline.js';
import { lonLatColumns, wgs84OfBng } from '../geo/sql.js';

/** Filtered live sightings, disposed ones included (they still count in aggregates). */
function filtered(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, columns: string[]): Knex.QueryBuilder {
  return applyFilters(knex({ s: 'sightings' }).select(columns.map((c) => knex.raw(c))), f, timeZone, scope, { includeDisposed: true });
}

/** A cell's count and its split by category. */
interface CellCount {
  /** The cell's indices on the grid (metres / size, floored). */
  ix: number;
  iy: number;
  /** Where the cell is drawn, WGS84: the mean of its points (`GridCell`), its centre (`SafeCell`). */
  lon: number;
  lat: number;
  n: number;
  categories: Record<string, number>;
}

export interface GridCell extends CellCount {
  /** The sighting's id when the cell holds exactly one that is still a record. */
  id: string | null;
  observedAt: Date | null;
}

/**
 * Sightings snapped to a Web Mercator grid of `size` metres, each cell placed at the
 * mean of its points. Aggregating here keeps low zooms from shipping every point to Node.
 */
export async function mercatorGrid(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, size: number): Promise<GridCell[]> {
  // Web Mercator metres are stored per sighting (migration 007): a cell key is one division.
  const pts = filtered(knex, f, timeZone, scope, [
    `floor(s.merc_x / ${Number(size)})::int as ix`,
    `floor(s.merc_y / ${Number(size)})::int as iy`,
    's.category',
    'ST_X(s.geom) as x',
    'ST_Y(s.geom) as y',
    'case when s.disposed_at is null then s.id::text end as id',
    's.observed_at',
  ]);
  const r = await knex.raw(
    `with pts as (?),
     per_cat as (
       select ix, iy, category, count(*)::int as n, sum(x) as sx, sum(y) as sy, min(id) as id, min(observed_at) as t
       from pts group by ix, iy, category)
     select ix, iy, round((sum(sx) / sum(n))::numeric, 6) as lon, round((sum(sy) / sum(n))::numeric, 6) as lat,
       sum(n)::int as n, jsonb_object_agg(category, n) as categories,
       case when sum(n) = 1 then min(id) end as id, case when sum(n) = 1 then min(t) end as "observedAt"
     from per_cat group by ix, iy
     -- In a fixed order: supercluster's cluster ids follow its input's order, and a cluster is opened again by its id.
     order by ix, iy`,
    [pts],
  );
  return r.rows;
}

export interface SafeCell extends CellCount {
  /** The cell's square, WGS84: a closed ring of its four corners */
  outline: [number, number][];
}

/**
 * Counts on a fixed British National Grid lattice of `size` metres (origin 0,0), for
 * disclosure-controlled views. The bbox is widened to whole cells so every returned
 * count covers its whole cell: overlapping views cannot be differenced.
 */
export async function safeGrid(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, size: number): Promise<SafeCell[]> {
  const { bbox, ...rest } = f;
  const cells = await cellRange(knex, bbox, size);
  const pts = filtered(knex, cells ? { ...rest, bbox: cells.wgs84 } : rest, timeZone, scope, [
    `floor(s.bng_e / ${Number(size)})::int as ix`,
    `floor(s.bng_n / ${Number(size)})::int as iy`,
    's.category',
  ]);
  const range = cells ? 'where ix between ? and ? and iy between ? and ?' : '';
  const r = await knex.raw(
    `with pts as (?),
     per_cat as (select ix, iy, category, count(*)::int as n from pts ${range} group by ix, iy, category),
     cells as (select ix, iy, sum(n)::int as n, jsonb_object_agg(category, n) as categories from per_cat group by ix, iy)
     select ix, iy, n, categories,
       ${lonLatColumns('c')},
       ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(ix * ?, iy * ?, (ix + 1) * ?, (iy + 1) * ?, 27700), 4326), 6)::json -> 'coordinates' -> 0 as outline
     from cells, lateral (select ${wgs84OfBng('(ix + 0.5) * ?', '(iy + 0.5) * ?')} as c) p`,
    [pts, ...(cells ? [cells.ix0, cells.ix1, cells.iy0, cells.iy1] : []), size, size, size, size, size, size],
  );
  return r.rows;
}

/** The whole BNG cells touching a WGS84 bbox, and a WGS84 box that covers them. */
async function cellRange(knex: Knex, bbox: BBox | undefined, size: number) {
  if (!bbox) return undefined;
  const r = await knex.raw(
    `with b as (select ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 4326), 27700) as g),
     c as (select floor(ST_XMin(g) / ?)::int as ix0, floor(ST_XMax(g) / ?)::int as ix1,
                  floor(ST_YMin(g) / ?)::int as iy0, floor(ST_YMax(g) / ?)::int as iy1 from b)
     select ix0, ix1, iy0, iy1, ST_XMin(w) as west, ST_YMin(w) as south, ST_XMax(w) as east, ST_YMax(w) as north
     from c, lateral (select ST_Transform(ST_MakeEnvelope(ix0 * ?, iy0 * ?, (ix1 + 1) * ?, (iy1 + 1) * ?, 27700), 4326) as w) t`,
    [bbox.west, bbox.south, bbox.east, bbox.north, size, size, size, size, size, size, size, size],
  );
  const row = r.rows[0];
  return { ...row, wgs84: { west: row.west, south: row.south, east: row.east, north: row.north } as BBox };
}

export type { Interval } from './timeline.js';

export interface Timeline {
  buckets: Bucket[];
  /** [isodow − 1][hour] */
  matrix: number[][];
  total: number;
}

/** Sightings per local hour under the filters, in the team's time zone. */
export async function hourCounts(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope): Promise<HourCount[]> {
  const pts = filtered(knex, f, timeZone, scope, [`date_trunc('hour', s.observed_at at time zone '${timeZone.replace(/'/g, "''")}') as local`]);
  const r = await knex.raw(`with pts as (?) select to_char(local, 'YYYY-MM-DD"T"HH24') as hour, n from (select local, count(*)::int as n from pts group by 1) h`, [pts]);
  return r.rows;
}

/**
 * Counts per local day, week or month and the weekday × hour matrix, from one pass over
 * the points. Several intervals at once, so a caller choosing one need not scan twice.
 */
export async function timelines<I extends Interval>(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, intervals: readonly I[]): Promise<Binned<I>> {
  return binHours(await hourCounts(knex, f, timeZone, scope), intervals);
}

/** One interval's timeline. */
export async function timeline(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, interval: Interval): Promise<Timeline> {
  const t = await timelines(knex, f, timeZone, scope, [interval]);
  return { buckets: t.buckets[interval], matrix: t.matrix, total: t.total };
}

/** Counts per area of a kind under the filters. */
/** Sightings per area of a kind, with the area's residents (if loaded) and its size in km² (on the spheroid). */
export async function countsByArea(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, kind: string): Promise<{ id: string; name: string; n: number; population: number | null; km2: number }[]> {
  const pts = filtered(knex, f, timeZone, scope, ['s.geom']);
  const r = await knex.raw(
    `with pts as (?)
     select a.id, a.name, count(pts.geom)::int as n, a.population, ST_Area(a.geom::geography) / 1e6 as km2
     from areas a left join pts on ST_Intersects(a.geom, pts.geom)
     where a.kind = ? group by a.id, a.name, a.population, a.geom order by a.name`,
    [pts, kind],
  );
  return r.rows;
}

export async function countByCategory(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope): Promise<Record<string, number>> {
  const pts = filtered(knex, f, timeZone, scope, ['s.category']);
  const r = await knex.raw(`with pts as (?) select category, count(*)::int as n from pts group by category`, [pts]);
  return Object.fromEntries((r.rows as { category: string; n: number }[]).map((x) => [x.category, x.n]));
}

/** How many sightings carry each Makesafe indicator. */
export async function countIndicators(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope): Promise<Record<string, number>> {
  const pts = filtered(knex, f, timeZone, scope, ['s.indicators']);
  const r = await knex.raw(`with pts as (?) select i as indicator, count(*)::int as n from pts, unnest(pts.indicators) as i group by i`, [pts]);
  return Object.fromEntries((r.rows as { indicator: string; n: number }[]).map((x) => [x.indicator, x.n]));
}
