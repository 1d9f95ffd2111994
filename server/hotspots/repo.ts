import type { Knex } from 'knex';
import { applyFilters } from '../sightings/repo.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { BBox } from '../geo/bbox.js';
import { cellRing, type CellShape } from './grid.js';
import type { Place } from './places.js';
import type { WeightedPoint } from './kde.js';
import { lonLatColumns, wgs84OfBng } from '../geo/sql.js';
import { ordinaryPremises, SENSITIVE_BINDING } from '../premises/repo.js';
import { countedSightings, cubeSquares, type AggregateScope, type Source } from '../map/repo.js';
import type { SquareRange } from '../aggregates/repo.js';

/**
 * SQL of the hot spot analyses. Geometry is PostGIS's: the extent and the cells are
 * worked in British National Grid metres (EPSG:27700) and handed back as WGS84 GeoJSON.
 * Aggregates count every live sighting, disposed ones included (scope 'all').
 */

/** The study area: a WGS84 bbox, or a stored area (the cells that overlap it). */
export type Extent = { bbox: BBox } | { areaId: string };

const SQRT3 = Math.sqrt(3);

/**
 * The extent as a BNG geometry expression: clipped to `clip` (the operating area, where
 * the British National Grid is meaningful) and transformed; the bbox is densified first
 * so that its edges stay true when transformed.
 */
function extentGeom(e: Extent, clip: BBox): { sql: string; bindings: Knex.RawBinding[] } {
  const c = [clip.west, clip.south, clip.east, clip.north];
  if ('areaId' in e) {
    return { sql: 'ST_Transform(ST_Intersection((select a.geom from areas a where a.id = ?), ST_MakeEnvelope(?, ?, ?, ?, 4326)), 27700)', bindings: [e.areaId, ...c] };
  }
  const b = e.bbox;
  return { sql: 'ST_Transform(ST_Segmentize(ST_Intersection(ST_MakeEnvelope(?, ?, ?, ?, 4326), ST_MakeEnvelope(?, ?, ?, ?, 4326)), 0.01), 27700)', bindings: [b.west, b.south, b.east, b.north, ...c] };
}

export interface ExtentInfo {
  /** BNG bounds, metres (null when the extent lies outside the clip) */
  x0: number | null;
  y0: number | null;
  x1: number | null;
  y1: number | null;
  /** m² */
  area: number;
}

/** The extent's BNG bounds and area; undefined when the area does not exist. */
export async function extentInfo(knex: Knex, e: Extent, clip: BBox): Promise<ExtentInfo | undefined> {
  const g = extentGeom(e, clip);
  const r = await knex.raw(
    `select ST_XMin(g) as x0, ST_YMin(g) as y0, ST_XMax(g) as x1, ST_YMax(g) as y1, coalesce(ST_Area(g), 0) as area
     from (select ${g.sql} as g) e where g is not null`,
    g.bindings,
  );
  return r.rows[0];
}

/** Cell centre (x, y) in BNG metres from `c`, `r` and the constants `k.s` (size), `k.cw` (hex column spacing). */
const centreSql = (shape: CellShape) =>
  shape === 'square' ? { x: '(c + 0.5) * k.s', y: '(r + 0.5) * k.s' } : { x: 'c * k.cw', y: '(r + 0.5 * (c & 1)) * k.s' };

/** The cell outline around centre (x, y), EPSG:27700; `k.rr` is a hexagon's circumradius. */
const polygonSql = (shape: CellShape) =>
  shape === 'square'
    ? 'ST_MakeEnvelope(x - k.s / 2, y - k.s / 2, x + k.s / 2, y + k.s / 2, 27700)'
    : `ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x + k.rr, y), ST_MakePoint(x + k.rr / 2, y + k.s / 2),
        ST_MakePoint(x - k.rr / 2, y + k.s / 2), ST_MakePoint(x - k.rr, y), ST_MakePoint(x - k.rr / 2, y - k.s / 2),
        ST_MakePoint(x + k.rr / 2, y - k.s / 2), ST_MakePoint(x + k.rr, y)])), 27700)`;

/**
 * Runs a query with PostgreSQL's JIT off. PostGIS declares its functions costly, so a
 * lattice query over 20 000 cells or 200 000 sightings passes the JIT threshold and
 * spends 100–200 ms compiling to save a few; SET LOCAL keeps this to the one transaction.
 * (PGlite has no JIT; the setting is accepted and changes nothing.)
 */
function withoutJit<T>(knex: Knex, run: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    await trx.raw('set local jit = off');
    return run(trx);
  });
}

const constants = (size: number) => [size, (SQRT3 / 2) * size, size / SQRT3];

export interface ExtentCell {
  col: number;
  row: number;
  /** the cell's polygon, WGS84 */
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

/**
 * Metres an extent is shrunk by before cells are tested against it: a boundary stored in
 * WGS84 and drawn along grid lines comes back a few millimetres off them, and the cell
 * beyond would otherwise join the study for a sliver that holds nothing.
 */
const EDGE_TOLERANCE_M = 0.05;

/**
 * Every cell of the lattice that overlaps the extent, with its WGS84 polygon, searched
 * within the given index ranges. Overlap, not centre-in: a cell on the edge whose centre
 * falls outside still holds sightings inside, and each of them must be counted.
 */
export async function extentCells(
  knex: Knex,
  e: Extent,
  clip: BBox,
  shape: CellShape,
  size: number,
  range: { c0: number; c1: number; r0: number; r1: number },
): Promise<ExtentCell[]> {
  const g = extentGeom(e, clip);
  const ctr = centreSql(shape);
  const r = await withoutJit(knex, (trx) => trx.raw(
    // Materialized: computed once, not once per candidate cell (and prepared for ST_Intersects).
    `with e as materialized (select ST_Buffer(${g.sql}, -?::float8) as g),
     k as (select ?::float8 as s, ?::float8 as cw, ?::float8 as rr),
     cells as (select c, r, ${ctr.x} as x, ${ctr.y} as y from k, generate_series(?::int, ?::int) c, generate_series(?::int, ?::int) r)
     select c as col, r as row from cells, e, k
     where ST_Intersects(e.g, ${polygonSql(shape)})`,
    [...g.bindings, EDGE_TOLERANCE_M, ...constants(size), range.c0, range.c1, range.r0, range.r1],
  ));
  const cells = r.rows as { col: number; row: number }[];
  const polygons = await latticePolygons(knex, shape, size, cells);
  return cells.map((c, k) => ({ col: c.col, row: c.row, geometry: polygons[k]! }));
}

/**
 * WGS84 polygons of lattice cells, in the order given, each its BNG outline (`cellRing`,
 * counter-clockwise) transformed by PostGIS to 6 decimals. Neighbours share corners, so
 * each distinct corner is transformed once: 4,380 squares have about 4,500, not 21,900.
 */
export async function latticePolygons(knex: Knex, shape: CellShape, size: number, cells: readonly { col: number; row: number }[]): Promise<ExtentCell['geometry'][]> {
  // Keyed by x, then y: a string key per corner took nearly three times as long (4.7 against 1.8 ms for 4,380 cells).
  const corners = new Map<number, Map<number, number>>();
  const xs: number[] = [];
  const ys: number[] = [];
  const rings = cells.map((c) => cellRing(shape, size, c.col, c.row).map(([x, y]) => {
    let atX = corners.get(x);
    if (!atX) corners.set(x, (atX = new Map()));
    let i = atX.get(y);
    if (i === undefined) {
      i = xs.push(x) - 1;
      ys.push(y);
      atX.set(y, i);
    }
    return i;
  }));
  const wgs = await cornersToWgs84(knex, xs, ys);
  return rings.map((ring) => ({ type: 'Polygon', coordinates: [ring.map((i) => wgs[i]!)] }));
}

/**
 * WGS84 of BNG points, in order, to 6 decimals as PostGIS writes GeoJSON: sent as the text
 * of one line through them all and transformed in one call, several times faster than as
 * many one-point geometries (the text parses faster than arrays made into points).
 */
async function cornersToWgs84(knex: Knex, xs: number[], ys: number[]): Promise<[number, number][]> {
  // Never fewer than four: the corners of at least one cell.
  if (!xs.length) return [];
  const line = `LINESTRING(${xs.map((x, i) => `${x} ${ys[i]}`).join(',')})`;
  const r = await knex.raw('select ST_AsGeoJSON(ST_Transform(ST_GeomFromText(?, 27700), 4326), 6)::json as line', [line]);
  return (r.rows[0].line as { coordinates: [number, number][] }).coordinates;
}

/**
 * Filtered sightings as BNG x, y plus extra columns, for the cell SQL below: from the map's
 * facts when they can answer (issue 20), else the rows (`rows`: the extra columns need them).
 */
async function points(knex: Knex, f: SightingFilters, timeZone: string, extra: string[] = [], bindings: Knex.RawBinding[] = [], scope: AggregateScope = 'all', source: Source = 'auto'): Promise<{ q: Knex.QueryBuilder }> {
  // bng_e/bng_n are the point in EPSG:27700, kept by a trigger (migration 006): no transform per row.
  // `public` (restricted readers): sightings at sensitive sites stand at their area (map/repo aggregateSightings).
  // Wrapped, as countedSightings' answer is: a query builder is a thenable.
  return countedSightings(knex, f, timeZone, scope, ['s.bng_e as x', 's.bng_n as y', ...extra], bindings, source);
}

/**
 * Lattice indices (col, row) of BNG point columns `x`, `y`, as grid.ts's `cellOf`:
 * floor division for squares; for hexagons the nearer of the nearest centres of the
 * even and the odd columns (two rectangular lattices √3·size × size).
 */
export function cellIndexSql(shape: CellShape): { col: string; row: string } {
  if (shape === 'square') return { col: 'floor(x / k.s)::int', row: 'floor(y / k.s)::int' };
  const nearerA = `((x - floor(x / k.w + 0.5) * k.w) ^ 2 + (y - floor(y / k.s + 0.5) * k.s) ^ 2
    <= (x - (floor(x / k.w) + 0.5) * k.w) ^ 2 + (y - (floor(y / k.s) + 0.5) * k.s) ^ 2)`;
  return {
    col: `(case when ${nearerA} then 2 * floor(x / k.w + 0.5) else 2 * floor(x / k.w) + 1 end)::int`,
    row: `(case when ${nearerA} then floor(y / k.s + 0.5) else floor(y / k.s) end)::int`,
  };
}

/**
 * Sightings per lattice cell under the filters (give a bbox so the GiST index narrows the
 * search). Square cells given their `range` (whole cells, each counted whole) are summed
 * from the cube's 250 m squares when they answer (map/repo cubeSquares); the bbox is then
 * no filter, the range is.
 */
export async function cellCounts(
  knex: Knex, f: SightingFilters, timeZone: string, shape: CellShape, size: number, scope: AggregateScope = 'all', range?: SquareRange, source: Source = 'auto',
): Promise<{ col: number; row: number; n: number }[]> {
  const { bbox: _bbox, ...placeless } = f;
  const cube = shape === 'square' && range ? await cubeSquares(knex, placeless, timeZone, scope, size, range, source, false) : undefined;
  if (cube) return (await knex.raw('select ix as col, iy as row, n from (?) q', [cube.q])).rows;
  const idx = cellIndexSql(shape);
  const r = await withoutJit(knex, async (trx) => trx.raw(
    `with pts as (?), k as (select ?::float8 as s, ?::float8 as w)
     select ${idx.col} as col, ${idx.row} as row, count(*)::int as n from pts, k group by 1, 2`,
    [(await points(trx, f, timeZone, [], [], scope, source)).q, size, SQRT3 * size],
  ));
  return r.rows;
}

/**
 * Sightings per lattice cell and time step; `edges` are the steps' boundaries
 * (ascending, n + 1 of them), step i covering [edges[i], edges[i + 1]).
 */
export async function cubeCounts(
  knex: Knex,
  f: SightingFilters,
  timeZone: string,
  shape: CellShape,
  size: number,
  edges: Date[],
  scope: AggregateScope = 'all',
): Promise<{ col: number; row: number; step: number; n: number }[]> {
  const idx = cellIndexSql(shape);
  const epochs = edges.map((d) => d.getTime() / 1000);
  const r = await withoutJit(knex, async (trx) => trx.raw(
    `with pts as (?), k as (select ?::float8 as s, ?::float8 as w)
     select ${idx.col} as col, ${idx.row} as row, step, count(*)::int as n from pts, k
     where step >= 0 and step < ? group by 1, 2, 3`,
    [
      (await points(trx, { ...f, from: edges[0], to: edges[edges.length - 1] }, timeZone, ['width_bucket(extract(epoch from s.observed_at)::float8, ?::float8[]) - 1 as step'], [epochs], scope)).q,
      size,
      SQRT3 * size,
      edges.length - 1,
    ],
  ));
  return r.rows;
}

/** First and last observation under the filters. */
export async function timeRange(knex: Knex, f: SightingFilters, timeZone: string): Promise<{ first: Date | null; last: Date | null }> {
  const q = applyFilters(knex({ s: 'sightings' }).select(knex.raw('min(s.observed_at) as first, max(s.observed_at) as last')), f, timeZone, 'all', { includeDisposed: true });
  const [row] = await q;
  return row as { first: Date | null; last: Date | null };
}

/**
 * Up to `limit` sightings (BNG metres, epoch ms) for the Knox test, and how many matched.
 * Over the limit, a fixed pseudo-random sample: ordered by a hash of the id, so the same
 * data always gives the same sample.
 */
export async function knoxEvents(knex: Knex, f: SightingFilters, timeZone: string, limit: number): Promise<{ matched: number; events: { x: number; y: number; t: number }[] }> {
  const counted = await applyFilters(knex({ s: 'sightings' }).count({ n: '*' }), f, timeZone, 'all', { includeDisposed: true });
  const matched = Number((counted[0] as { n: number | string }).n);
  const q = (await points(knex, f, timeZone, ['(extract(epoch from s.observed_at) * 1000)::float8 as t'])).q.orderByRaw('md5(s.id::text)').limit(limit);
  return { matched, events: (await q) as { x: number; y: number; t: number }[] };
}

/**
 * Sightings by place. With `premises`, each sighting belongs to its linked premises,
 * else to the nearest premises within `radius` metres; every other sighting belongs to
 * a street location: a square BNG cell `cell` metres wide, placed at the mean of its
 * sightings, or at the cell's centre with `atCentre` (no real position disclosed).
 */
export async function placeCounts(
  knex: Knex,
  f: SightingFilters,
  timeZone: string,
  opts: { premises: boolean; radius: number; cell: number; atCentre: boolean; hideSensitive: boolean; scope?: AggregateScope },
): Promise<Place[]> {
  const { q: pts } = await points(knex, f, timeZone, ['s.geom', 's.premises_id'], [], opts.scope, 'rows');
  // A sensitive site is never a place for a role that may not see one: its sightings (linked
  // or near) belong to their street location instead, still counted but not at a named point.
  const hide = opts.premises && opts.hideSensitive;
  const linked = hide ? `(select l.id from premises l where l.id = pts.premises_id and ${ordinaryPremises('l')})` : 'pts.premises_id';
  const near = hide ? ` and ${ordinaryPremises('p')}` : '';
  // The bbox test (degrees generous for Great Britain's latitudes) lets the GiST index work; geography gives metres.
  const nearest = opts.premises
    ? `case when pts.premises_id is not null then ${linked} else (select p.id from premises p
         where p.geom && ST_Expand(pts.geom, ?) and ST_DWithin(p.geom::geography, pts.geom::geography, ?)${near}
         order by p.geom <-> pts.geom limit 1) end`
    : 'null::uuid';
  const [atX, atY] = opts.atCentre ? ['(i + 0.5) * ?', '(j + 0.5) * ?'] : ['sx / n', 'sy / n'];
  const r = await knex.raw(
    `with pts as (?),
     placed as (select pts.x, pts.y, ${nearest} as pid from pts),
     by_premises as (
       select 'premises' as kind, p.id::text as id, p.name, p.category, count(*)::int as n,
         ${lonLatColumns('p.geom')}
       from placed join premises p on p.id = placed.pid group by p.id),
     by_location as (
       select floor(x / ?) as i, floor(y / ?) as j, sum(x) as sx, sum(y) as sy, count(*)::int as n
       from placed where pid is null group by 1, 2)
     select * from by_premises
     union all
     select ?::text, null, null, null, n, round(ST_X(p)::numeric, 6), round(ST_Y(p)::numeric, 6)
     from by_location, lateral (select ${wgs84OfBng(atX, atY)} as p) t`,
    [
      pts,
      ...(hide ? [SENSITIVE_BINDING] : []),
      ...(opts.premises ? [opts.radius / 50_000, opts.radius, ...(hide ? [SENSITIVE_BINDING] : [])] : []),
      opts.cell,
      opts.cell,
      opts.atCentre ? 'cell' : 'location',
      ...(opts.atCentre ? [opts.cell, opts.cell] : []),
    ],
  );
  return r.rows;
}

/**
 * Sightings for a density surface, merged on a `snap`-metre BNG lattice: one weighted
 * point per occupied snap cell at the mean of its sightings (`atCentre`: at the cell's
 * centre instead, so no real position is used).
 */
export async function densityPoints(knex: Knex, f: SightingFilters, timeZone: string, snap: number, atCentre = false, scope: AggregateScope = 'all'): Promise<WeightedPoint[]> {
  const at = atCentre ? '(i + 0.5) * ? as x, (j + 0.5) * ? as y' : 'sx / w as x, sy / w as y';
  const r = await knex.raw(
    `with pts as (?), c as (select floor(x / ?) as i, floor(y / ?) as j, sum(x) as sx, sum(y) as sy, count(*)::float8 as w from pts group by 1, 2)
     select ${at}, w from c`,
    [(await points(knex, f, timeZone, [], [], scope)).q, snap, snap, ...(atCentre ? [snap, snap] : [])],
  );
  return r.rows;
}

/**
 * The nearest premises to each point ([lon, lat], WGS84) within `maxM` metres, by name:
 * for naming hot spot cells and report cells for people. Unmatched points are left out.
 * Sensitive sites name nothing unless `sensitive` says the reader may see them.
 */
export async function nearestPremises(knex: Knex, points: readonly (readonly [number, number])[], maxM: number, opts: { sensitive: boolean }): Promise<{ i: number; name: string }[]> {
  if (!points.length) return [];
  const hide = !opts.sensitive;
  const r = await knex.raw(
    `select p.i, m.name
     from (select u.i, ST_SetSRID(ST_MakePoint(u.x, u.y), 4326) as pt from unnest(?::int[], ?::float8[], ?::float8[]) as u(i, x, y)) p
     cross join lateral (select q.name, q.geom from premises q where q.geom && ST_Expand(p.pt, ?)${hide ? ` and ${ordinaryPremises('q')}` : ''}
       order by q.geom <-> p.pt, q.name limit 1) m
     where ST_DWithin(m.geom::geography, p.pt::geography, ?)
     order by p.i`,
    [points.map((_, i) => i), points.map((p) => p[0]), points.map((p) => p[1]), maxM / 50_000, ...(hide ? [SENSITIVE_BINDING] : []), maxM],
  );
  return (r.rows as { i: number; name: string }[]).map((x) => ({ i: Number(x.i), name: x.name }));
}
