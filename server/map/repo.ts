import type { Knex } from 'knex';
import { applyFilters } from '../sightings/repo.js';
import type { Scope } from '../auth/policy.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { BBox } from '../geo/bbox.js';
import { binHours, localHours, type Binned, type Bucket, type HourCount, type Interval } from './timeline.js';
import { lonLatColumns, wgs84OfBng } from '../geo/sql.js';
import { sensitivePremises, SENSITIVE_BINDING } from '../premises/repo.js';
import * as agg from '../aggregates/repo.js';
import { BNG_SQUARE, bngSquaresAnswer, cubeAnswers, cubeLevel, cubeNamesSingles, factsAnswer, hourMarginalAnswer, hoursAnswer, type AggregateSettings } from '../aggregates/plan.js';
import { clusterGridSize } from './cluster.js';

/**
 * Whose aggregate a query counts: a record scope, or `public`, a restricted reader's
 * (planners, licensing officers: `gate.restricted`), where every sighting counts but one
 * linked to a sensitive site is counted at its area (`aggregateSightings`).
 */
export type AggregateScope = Scope | 'public';

/** The aggregate scope of a reader whose aggregates are restricted, or not. */
export const aggregateScopeOf = (restricted: boolean): AggregateScope => (restricted ? 'public' : 'all');

/** Columns of `sightings` an aggregate may read, beside its place (geom, bng_*, merc_*). */
const AGGREGATE_COLUMN_NAMES = ['id', 'observed_at', 'reported_at', 'category', 'grooming_model', 'source_agency', 'source_eval', 'intel_assessment',
  'handling_code', 'premises_id', 'vehicle_id', 'area_id', 'indicators', 'synthetic', 'created_by', 'deleted_at', 'disposed_at'];
const AGGREGATE_COLUMNS = AGGREGATE_COLUMN_NAMES.map((c) => `s.${c}`).join(', ');
/** The same for a sighting at a sensitive site: linked to no premises, so a filter by the site's id finds what one by an unknown id finds. */
const SENSITIVE_COLUMNS = AGGREGATE_COLUMN_NAMES.map((c) => (c === 'premises_id' ? 'null::uuid as premises_id' : `s.${c}`)).join(', ');

/** Where a sighting at a sensitive site is counted for restricted readers: a point inside its area (a ward where it has one), else the centre of its 8 km lattice cell. */
const AREA_POINT = `coalesce((select ST_PointOnSurface(a.geom) from areas a where a.id = s.area_id),
  ST_Transform(ST_SetSRID(ST_MakePoint((floor(s.bng_e / 8000) + 0.5) * 8000, (floor(s.bng_n / 8000) + 0.5) * 8000), 27700), 4326))`;

/**
 * The sightings a restricted reader's aggregates count, as a relation `s` with the columns
 * of `sightings` that aggregates read. Every sighting is there (so every total, ward and
 * category count is the same), but one linked to a sensitive site (a children's home, a
 * refuge: issue 21) stands at a point inside its area instead of at the site. Why there,
 * and not suppressed where it is: every restricted count of a region (map cells, drawn
 * polygons, radii round premises, report cells) is made from whole cells of where
 * sightings stand, and any two of them can be differenced; suppressing the site's cell in
 * one view leaves it readable as the difference of two others. Placed at its area's point,
 * no region smaller than the area can hold it, whatever is asked or subtracted, and the
 * area's own count is unchanged. Nor is it linked to its site there: a filter by the site's
 * id (which a licensing officer may hold from before it was one) counts what a filter by an
 * unknown id counts. Ordinary sightings keep their columns, so the GiST and lattice filters
 * still use the indexes (the two branches are a plain UNION ALL).
 */
export function aggregateSightings(knex: Knex): Knex.Raw {
  return knex.raw(
    `(select ${AGGREGATE_COLUMNS}, s.geom, s.bng_e, s.bng_n, s.merc_x, s.merc_y
      from sightings s
      where s.premises_id is null or not exists (select 1 from premises p where p.id = s.premises_id and ${sensitivePremises('p')})
      union all
      select ${SENSITIVE_COLUMNS}, c.geom, ST_X(c.b), ST_Y(c.b), ST_X(c.geom) * 111319.49079327357, ln(tan(radians(90 + ST_Y(c.geom)) / 2)) * 6378137
      from sightings s
      join premises p on p.id = s.premises_id and ${sensitivePremises('p')}
      cross join lateral (select ${AREA_POINT} as geom) g
      cross join lateral (select g.geom, ST_Transform(g.geom, 27700) as b) c) as s`,
    [SENSITIVE_BINDING, SENSITIVE_BINDING],
  );
}

/** `sightings s`, or for `public` the relation of `aggregateSightings`, and the record scope its filters take. */
export function aggregateSource(knex: Knex, scope: AggregateScope): { from: Knex.QueryBuilder; scope: Scope } {
  if (scope === 'public') return { from: knex.from(aggregateSightings(knex)), scope: 'all' };
  return { from: knex({ s: 'sightings' }), scope };
}

/**
 * Where counts come from: `auto` (the aggregates when they can answer), or `rows`, the
 * sightings table itself: the reference the exactness test holds the aggregates to.
 */
export type Source = 'auto' | 'rows';

/**
 * The aggregates (issue 20) when they can count for this reader in this time zone: they
 * keep the counts of `all` and `public`, built on the team's wall clock.
 */
/** The aggregates' settings with the count scope they are read in. */
type Aggregates = AggregateSettings & { scope: agg.CountScope };

async function aggregatesFor(knex: Knex, timeZone: string, scope: AggregateScope, source: Source = 'auto'): Promise<Aggregates | undefined> {
  if (source === 'rows' || (scope !== 'all' && scope !== 'public')) return undefined;
  const s = await agg.readSettings(knex);
  return s && s.timeZone === timeZone ? { ...s, scope } : undefined;
}

/**
 * Filtered live sightings, disposed ones included (they still count in aggregates): from
 * `sighting_facts` when it keeps every column the filters and `columns` read, else the rows.
 */
async function filtered(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, columns: string[], source: Source = 'auto', bindings: Knex.RawBinding[] = []): Promise<{ q: Knex.QueryBuilder }> {
  const s = await aggregatesFor(knex, timeZone, scope, source);
  // Wrapped: a query builder is a thenable, and a promise of one would run it.
  const select = knex.raw(columns.join(', '), bindings);
  if (s && factsAnswer(f)) return { q: agg.applyFactFilters(knex.from(agg.factsRelation(knex, s.scope, s)).select(select), f, timeZone, s) };
  const src = aggregateSource(knex, scope);
  return { q: applyFilters(src.from.select(select), f, timeZone, src.scope, { includeDisposed: true }) };
}

/**
 * Filtered sightings as `columns` of `s` (with their bindings), for other domains'
 * aggregates (hot spot lattices): from `sighting_facts` when it can answer (the columns
 * may then name id, observed_at, category, geom, bng_e/n and merc_x/y only), else the rows.
 */
export const countedSightings = (knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, columns: string[], bindings: Knex.RawBinding[] = [], source: Source = 'auto') =>
  filtered(knex, f, timeZone, scope, columns, source, bindings);

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
 * The periods the cube can answer a grid of `size` for, each with its whole local days,
 * or undefined when any of them needs the facts or the rows (plan.cubeAnswers), or is too
 * short for the cube to name its cells of one at this level (plan.cubeNamesSingles).
 */
function cubePeriods(f: SightingFilters, periods: readonly { from?: Date | undefined; to?: Date | undefined }[], timeZone: string, size: number, s: Aggregates | undefined, singles: boolean) {
  const level = s && cubeLevel(s, size, clusterGridSize);
  if (!s || !level || !f.bbox) return undefined;
  const today = Math.floor(Date.now() / 86_400_000);
  const out: agg.CubePeriod[] = [];
  for (const p of periods) {
    const days = cubeAnswers({ ...f, from: p.from, to: p.to }, timeZone);
    if (!days || (singles && !cubeNamesSingles(level.level, days, today))) return undefined;
    out.push({ from: p.from, to: p.to, days });
  }
  return { s, level, periods: out };
}

/** A cell with its one sighting's name, built field by field (a spread copy of each of a view's cells costs the heap). */
const named = (x: CellCount, id: string | null, observedAt: Date | null): GridCell => ({ ix: x.ix, iy: x.iy, n: x.n, lon: x.lon, lat: x.lat, categories: x.categories, id, observedAt });

/** The cube's cells for each period, each cell holding one sighting given its id and time (when `withSingles`). */
async function cubeCells(knex: Knex, f: SightingFilters, timeZone: string, size: number, c: NonNullable<ReturnType<typeof cubePeriods>>, withSingles: boolean): Promise<GridCell[][]> {
  const grids = await agg.cubeGrid(knex, f as SightingFilters & { bbox: BBox }, c.periods, timeZone, c.s.scope, c.s, c.level, size);
  if (!withSingles) return grids.map((cells) => cells.map((x) => named(x, null, null)));
  const ones = await agg.singles(knex, f, c.periods, timeZone, c.s.scope, c.s, size, grids.flatMap((cells, k) => cells.filter((x) => x.n === 1).map((x) => ({ k, ix: x.ix, iy: x.iy }))));
  const one = new Map(ones.map((o) => [`${o.k}:${o.ix}:${o.iy}`, o]));
  return grids.map((cells, k) =>
    cells.map((x) => {
      const o = x.n === 1 ? one.get(`${k}:${x.ix}:${x.iy}`) : undefined;
      return named(x, o?.id ?? null, o?.observedAt ?? null);
    }),
  );
}

/**
 * The facts' cells, each cell holding one sighting given its id and time (when
 * `withSingles`). Up to zoom 12 a view is a town, its facts many and its cells of one few
 * (two years at zoom 12: 13 of 6,250 cells), so the first pass counts and times them and
 * only those cells are then named, each through the time index at its instant. From zoom
 * 13 a view is a few streets, half its cells can hold one, and they are named in one pass.
 */
async function factCells(knex: Knex, f: SightingFilters, timeZone: string, s: Aggregates, size: number, withSingles: boolean): Promise<GridCell[]> {
  if (!withSingles) return agg.factGrid(knex, f, timeZone, s.scope, s, size, 'counts');
  if (size < clusterGridSize(12)) return agg.factGrid(knex, f, timeZone, s.scope, s, size, 'named');
  const cells = await agg.factGrid(knex, f, timeZone, s.scope, s, size, 'timed');
  const lone = cells.filter((x) => x.n === 1);
  const ones = await agg.singlesAt(knex, f, timeZone, s.scope, s, size, lone.map((x) => ({ ix: x.ix, iy: x.iy, t: x.observedAt! })));
  const one = new Map(ones.map((o) => [`${o.ix}:${o.iy}`, o.id]));
  return cells.map((x) => (x.n === 1 ? named(x, one.get(`${x.ix}:${x.iy}`) ?? null, x.observedAt) : x));
}

/**
 * `mercatorGrid` for each of a playback's periods: from the cube in one query when it can
 * answer them all, else one period at a time.
 */
export async function mercatorGrids(
  knex: Knex, f: SightingFilters, periods: readonly { from: Date; to: Date }[], timeZone: string, scope: AggregateScope, size: number, source: Source = 'auto', singles = true,
): Promise<GridCell[][]> {
  if (!periods.length) return [];
  const s = await aggregatesFor(knex, timeZone, scope, source);
  const c = cubePeriods(f, periods, timeZone, size, s, singles);
  if (c) return cubeCells(knex, f, timeZone, size, c, singles);
  const out: GridCell[][] = [];
  for (const p of periods) out.push(await gridOf(knex, { ...f, from: p.from, to: p.to }, timeZone, scope, size, source, singles, s));
  return out;
}

/**
 * Sightings snapped to a Web Mercator grid of `size` metres, each cell placed at the
 * mean of its points. Aggregating here keeps low zooms from shipping every point to Node.
 * A cell of one sighting names it (`id`, `observedAt`) unless `singles` is false (heat
 * draws counts only: from the cube or the facts, naming them is a query of its own, and
 * from the facts such cells carry no category split either).
 */
export async function mercatorGrid(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, size: number, source: Source = 'auto', singles = true): Promise<GridCell[]> {
  return gridOf(knex, f, timeZone, scope, size, source, singles, await aggregatesFor(knex, timeZone, scope, source));
}

/** `mercatorGrid` with the aggregates' settings already read (`s`: undefined when they cannot answer). */
async function gridOf(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, size: number, source: Source, singles: boolean, s: Aggregates | undefined): Promise<GridCell[]> {
  const c = cubePeriods(f, [{ from: f.from, to: f.to }], timeZone, size, s, singles);
  if (c) return (await cubeCells(knex, f, timeZone, size, c, singles))[0]!;
  if (s && factsAnswer(f)) return factCells(knex, f, timeZone, s, size, singles);
  // Web Mercator metres are stored per sighting (migration 007): a cell key is one division.
  const { q: pts } = await filtered(knex, f, timeZone, scope, [
    `floor(s.merc_x / ${Number(size)})::int as ix`,
    `floor(s.merc_y / ${Number(size)})::int as iy`,
    's.category',
    'ST_X(s.geom) as x',
    'ST_Y(s.geom) as y',
    'case when s.disposed_at is null then s.id::text end as id',
    's.observed_at',
  ], source);
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
export async function safeGrid(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, size: number, source: Source = 'auto'): Promise<SafeCell[]> {
  const { bbox, ...rest } = f;
  const cells = await cellRange(knex, bbox, size);
  let perCat = cells && (await cubeSquares(knex, rest, timeZone, scope, size, cells, source))?.q;
  if (!perCat) {
    const { q: pts } = await filtered(knex, cells ? { ...rest, bbox: cells.wgs84 } : rest, timeZone, scope, [
      `floor(s.bng_e / ${Number(size)})::int as ix`,
      `floor(s.bng_n / ${Number(size)})::int as iy`,
      's.category',
    ], source);
    const range = cells ? 'where ix between ? and ? and iy between ? and ?' : '';
    perCat = knex.raw(`select ix, iy, category, count(*)::int as n from (?) pts ${range} group by ix, iy, category`, [pts, ...(cells ? [cells.ix0, cells.ix1, cells.iy0, cells.iy1] : [])]);
  }
  const r = await knex.raw(
    `with per_cat as (?),
     cells as (select ix, iy, sum(n)::int as n, jsonb_object_agg(category, n) as categories from per_cat group by ix, iy)
     select ix, iy, n, categories,
       ${lonLatColumns('c')},
       ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(ix * ?, iy * ?, (ix + 1) * ?, (iy + 1) * ?, 27700), 4326), 6)::json -> 'coordinates' -> 0 as outline
     from cells, lateral (select ${wgs84OfBng('(ix + 0.5) * ?', '(iy + 0.5) * ?')} as c) p`,
    [perCat, size, size, size, size, size, size],
  );
  return r.rows;
}

/**
 * Counts in whole British National Grid squares of `size` metres over `range`, by category,
 * from the cube's 250 m squares (migration 022) when they answer these filters for this
 * reader (plan.bngSquaresAnswer), as a relation of `ix, iy, category, n` (`ix, iy, n` without
 * `byCategory`); else undefined, and the caller counts the points. Wrapped: a raw query is a
 * thenable, and a promise of one would run it.
 */
export async function cubeSquares(
  knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, size: number, range: agg.SquareRange, source: Source = 'auto', byCategory = true,
): Promise<{ q: Knex.Raw } | undefined> {
  const s = await aggregatesFor(knex, timeZone, scope, source);
  const side = size / BNG_SQUARE;
  const days = s && bngSquaresAnswer(f, timeZone, size, (range.ix1 - range.ix0 + 1) * (range.iy1 - range.iy0 + 1) * side * side);
  return s && days ? { q: agg.bngSquares(knex, f, days, s.scope, s, size, range, byCategory) } : undefined;
}

/** The whole BNG cells touching a WGS84 bbox, and a WGS84 box that covers them. */
export async function cellRange(knex: Knex, bbox: BBox | undefined, size: number) {
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
export async function hourCounts(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, source: Source = 'auto'): Promise<HourCount[]> {
  const s = await aggregatesFor(knex, timeZone, scope, source);
  if (s) {
    const days = hoursAnswer(f, timeZone);
    const marginal = days ? undefined : hourMarginalAnswer(f, timeZone);
    const hours = days
      ? await agg.dayHours(knex, f, days, 'categories', s.scope, s)
      : marginal
        ? await agg.dayHours(knex, f, marginal.days, marginal.dim, s.scope, s)
        : factsAnswer(f)
          ? await agg.factHours(knex, f, timeZone, s.scope, s)
          : undefined;
    if (hours) return localHours(hours);
  }
  const { q: pts } = await filtered(knex, f, timeZone, scope, [`date_trunc('hour', s.observed_at at time zone '${timeZone.replace(/'/g, "''")}') as local`], source);
  const r = await knex.raw(`with pts as (?) select to_char(local, 'YYYY-MM-DD"T"HH24') as hour, n from (select local, count(*)::int as n from pts group by 1) h`, [pts]);
  return r.rows;
}

/**
 * Counts per local day, week or month and the weekday × hour matrix, from one pass over
 * the points. Several intervals at once, so a caller choosing one need not scan twice.
 */
export async function timelines<I extends Interval>(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, intervals: readonly I[]): Promise<Binned<I>> {
  return binHours(await hourCounts(knex, f, timeZone, scope), intervals);
}

/** One interval's timeline. */
export async function timeline(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, interval: Interval): Promise<Timeline> {
  const t = await timelines(knex, f, timeZone, scope, [interval]);
  return { buckets: t.buckets[interval], matrix: t.matrix, total: t.total };
}

/** Counts per area of a kind under the filters. */
/** Sightings per area of a kind, with the area's residents (if loaded) and its size in km² (on the spheroid). */
export async function countsByArea(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, kind: string, source: Source = 'auto'): Promise<{ id: string; name: string; n: number; population: number | null; km2: number }[]> {
  const { q: pts } = await filtered(knex, f, timeZone, scope, ['s.geom'], source);
  const r = await knex.raw(
    `with pts as (?)
     select a.id, a.name, count(pts.geom)::int as n, a.population, ST_Area(a.geom::geography) / 1e6 as km2
     from areas a left join pts on ST_Intersects(a.geom, pts.geom)
     where a.kind = ? group by a.id, a.name, a.population, a.geom order by a.name`,
    [pts, kind],
  );
  return r.rows;
}

export async function countByCategory(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope, source: Source = 'auto'): Promise<Record<string, number>> {
  const { q: pts } = await filtered(knex, f, timeZone, scope, ['s.category'], source);
  const r = await knex.raw(`with pts as (?) select category, count(*)::int as n from pts group by category`, [pts]);
  return Object.fromEntries((r.rows as { category: string; n: number }[]).map((x) => [x.category, x.n]));
}

/** How many sightings carry each Makesafe indicator. */
export async function countIndicators(knex: Knex, f: SightingFilters, timeZone: string, scope: AggregateScope): Promise<Record<string, number>> {
  // Indicators are not among the facts' columns.
  const { q: pts } = await filtered(knex, f, timeZone, scope, ['s.indicators'], 'rows');
  const r = await knex.raw(`with pts as (?) select i as indicator, count(*)::int as n from pts, unnest(pts.indicators) as i group by i`, [pts]);
  return Object.fromEntries((r.rows as { indicator: string; n: number }[]).map((x) => [x.indicator, x.n]));
}
