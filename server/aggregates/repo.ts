import type { Knex } from 'knex';
import { applyFilters } from '../sightings/repo.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { BBox } from '../geo/bbox.js';
import { GROOMING_MODELS, SENSITIVE_PREMISES_CATEGORIES, SIGHTING_CATEGORIES, SOURCE_AGENCIES } from '../lists.js';
import { BNG_SQUARE, codesOf, cubeSpans, edgeStrips, hourOfWeekSlots, innerCells, isoDays, MERC_PER_DEGREE, weekdaysByHour, type AggregateSettings } from './plan.js';

/**
 * Whose counts: `all` (record-level readers: every sighting where it is) or `public`
 * (restricted readers: one at a sensitive site stands at its area's point). The facts
 * keep both: place 0 is both's, 1 is `all`'s, 2 is `public`'s (migration 017).
 */
export type CountScope = 'all' | 'public';
const OTHER_PLACE: Record<CountScope, number> = { all: 2, public: 1 };

/** The settings the aggregates were built with (migration 017 writes the one row). */
export async function readSettings(knex: Knex): Promise<AggregateSettings | undefined> {
  const r = await knex.raw(`select time_zone as "timeZone", categories, agencies, models, sensitive, cube_levels::int[] as "cubeLevels" from aggregate_settings`);
  return r.rows[0];
}

/** The settings this code would build: the team's zone and today's lists. */
export const wantedSettings = (timeZone: string, cubeLevels: readonly number[]): AggregateSettings => ({
  timeZone,
  categories: [...SIGHTING_CATEGORIES],
  agencies: [...SOURCE_AGENCIES],
  models: [...GROOMING_MODELS],
  sensitive: [...SENSITIVE_PREMISES_CATEGORIES],
  cubeLevels: [...cubeLevels],
});

/** Builds every aggregate again from `sightings`, with these settings, in one transaction. */
export async function rebuild(knex: Knex, s: AggregateSettings): Promise<void> {
  await knex.transaction(async (tx) => {
    await tx.raw('update aggregate_settings set time_zone = ?, categories = ?, agencies = ?, models = ?, sensitive = ?, cube_levels = ?',
      [s.timeZone, s.categories, s.agencies, s.models, s.sensitive, s.cubeLevels]);
    await tx.raw('select sighting_aggregates_rebuild()');
  });
  for (const t of ['sighting_facts', 'sighting_cube', 'sighting_day_hours']) await knex.raw(`analyze ${t}`);
}

/**
 * From here to `flushAggregates`, in this transaction, writes to sightings note which
 * sightings changed instead of updating the aggregates (migration 018): a bulk write
 * pays for them once, not once per statement.
 */
export async function deferAggregates(trx: Knex.Transaction): Promise<void> {
  await trx.raw('select sighting_aggregates_defer()');
}

/** Brings the aggregates up to date with everything written since `deferAggregates`; returns how many sightings. */
export async function flushAggregates(trx: Knex.Transaction): Promise<number> {
  const r = await trx.raw('select sighting_aggregates_flush() as n');
  return r.rows[0].n;
}

/** Rows in each aggregate (rebuild's report, docs/benchmarks.md). */
export async function sizes(knex: Knex): Promise<{ facts: number; cube: number; dayHours: number; sightings: number }> {
  const r = await knex.raw(`select (select count(*) from sighting_facts)::int as facts, (select count(*) from sighting_cube)::int as cube,
    (select count(*) from sighting_day_hours)::int as "dayHours",
    (select count(*) from sightings where deleted_at is null)::int as sightings`);
  return r.rows[0];
}

/**
 * `sighting_facts` as a relation `s` with the columns of `sightings` that aggregates read,
 * so that their SQL and `applyFilters`' spatial and time filters run on it unchanged.
 */
export function factsRelation(knex: Knex, scope: CountScope, settings: AggregateSettings): Knex.Raw {
  return knex.raw(
    `(select f.id, f.t as observed_at, (?::text[])[f.cat] as category, f.lh, f.cat, f.agency, f.model,
       case when f.disposed then f.t end as disposed_at, null::timestamptz as deleted_at,
       f.geom, f.merc_x, f.merc_y, f.bng_e, f.bng_n
     from sighting_facts f where f.place <> ?) as s`,
    [settings.categories, OTHER_PLACE[scope]],
  );
}

/** The local hour of week of a facts row (0 = Monday 00:00): 1970-01-01 was a Thursday. */
const SLOT = '(((s.lh + 72) % 168) + 168) % 168';

/** The filters on the facts relation: time and place as `applyFilters` writes them, the rest on codes. */
export function applyFactFilters(q: Knex.QueryBuilder, f: SightingFilters, timeZone: string, settings: AggregateSettings): Knex.QueryBuilder {
  const { hours, days, categories, agencies, models, ...placeAndTime } = f;
  applyFilters(q, placeAndTime, timeZone, 'all', { includeDisposed: true });
  if (hours || days) q.whereRaw(`${SLOT} = any(?::int[])`, [hourOfWeekSlots(hours, days)]);
  if (categories) q.whereRaw('s.cat = any(?::int[])', [codesOf(settings.categories, categories)]);
  if (agencies) q.whereRaw('s.agency = any(?::int[])', [codesOf(settings.agencies, agencies)]);
  if (models) q.whereRaw('s.model = any(?::int[])', [codesOf(settings.models, models)]);
  return q;
}

/** Local hour counts under the filters, from the facts. */
export async function factHours(knex: Knex, f: SightingFilters, timeZone: string, scope: CountScope, settings: AggregateSettings): Promise<{ lh: number; n: number }[]> {
  const q = applyFactFilters(knex.from(factsRelation(knex, scope, settings)).select(knex.raw('s.lh, count(*)::int as n')).groupBy('s.lh'), f, timeZone, settings);
  return (await q) as { lh: number; n: number }[];
}

/** The period, hours and weekdays on an hour rollup `h` (whole local days from `days`). */
const DAY_HOURS = Array.from({ length: 24 }, (_, k) => `h${String(k).padStart(2, '0')}`);
const DIMS = { categories: 0, agencies: 1, models: 2 } as const;

/**
 * Local hour counts from the day rows of `sighting_day_hours` (migration 020): whole days,
 * hours, weekdays and at most one of categories, agencies and grooming models
 * (plan.hoursAnswer, plan.hourMarginalAnswer). An hour or weekday filter keeps, hour by
 * hour of the day, the weekdays whose slot it keeps.
 */
export async function dayHours(
  knex: Knex, f: SightingFilters, days: { from?: number; to?: number }, dim: keyof typeof DIMS, scope: CountScope, settings: AggregateSettings,
): Promise<{ lh: number; n: number }[]> {
  const sums: string[] = [];
  const sb: Knex.RawBinding[] = [];
  const kept = f.hours || f.days ? weekdaysByHour(hourOfWeekSlots(f.hours, f.days)) : undefined;
  DAY_HOURS.forEach((h, k) => {
    const weekdays = kept?.[k];
    if (!weekdays) sums.push(`sum(h.${h})::int`);
    else if (weekdays.length === 0) sums.push('0');
    else sums.push(`coalesce(sum(h.${h}) filter (where ((h.day + 3) % 7 + 7) % 7 = any(?::int[])), 0)::int`), sb.push(weekdays);
  });
  const where: string[] = ['h.place <> ?', 'h.dim = ?'];
  const b: Knex.RawBinding[] = [OTHER_PLACE[scope], DIMS[dim]];
  if (days.from !== undefined) where.push('h.day >= ?'), b.push(days.from);
  if (days.to !== undefined) where.push('h.day < ?'), b.push(days.to);
  const codes = f[dim];
  if (codes) where.push('h.code = any(?::int[])'), b.push(codesOf(settings[dim], codes));
  const r = await knex.raw(`select h.day, array[${sums.join(', ')}] as n from sighting_day_hours h where ${where.join(' and ')} group by h.day`, [...sb, ...b]);
  const out: { lh: number; n: number }[] = [];
  for (const row of r.rows as { day: number; n: number[] }[]) row.n.forEach((n, k) => n !== 0 && out.push({ lh: row.day * 24 + k, n }));
  return out;
}

/** A Mercator grid cell's count by category code and the sums of its points' coordinates. */
interface CellPart {
  ix: number;
  iy: number;
  n: number;
  lon: number;
  lat: number;
  categories: Record<string, number>;
}

/** What `factGrid` tells of a cell beyond its count and place. */
export type FactCellDetail = 'counts' | 'timed' | 'named';

/**
 * Counts per cell of the Mercator grid of `size` metres under the filters, from the facts
 * (any filter plan.factsAnswer takes), by category code, not name. `named` also names a
 * cell's one sighting (its id and time) in the same pass, at a uuid's text per fact: at zoom
 * 12 over a town's two years 0.9 s against 0.5 s without (PostgreSQL, 1M). `timed` gives
 * such a cell its time only, for `singlesAt` to name the few that need it. `counts` (heat)
 * carries no split, time or name.
 */
export async function factGrid(
  knex: Knex, f: SightingFilters, timeZone: string, scope: CountScope, settings: AggregateSettings, size: number, detail: FactCellDetail,
): Promise<(CellPart & { id: string | null; observedAt: Date | null })[]> {
  const named = detail === 'named';
  const pts = applyFactFilters(
    knex.from(factsRelation(knex, scope, settings)).select(knex.raw(
      `floor(s.merc_x / ?)::int as ix, floor(s.merc_y / ?)::int as iy, s.cat, ST_X(s.geom) as x, ST_Y(s.geom) as y, s.observed_at${named ? ', case when s.disposed_at is null then s.id::text end as id' : ''}`,
      [size, size],
    )),
    f, timeZone, settings,
  );
  if (detail === 'counts') {
    const c = await knex.raw(
      `select ix, iy, count(*)::int as n, round(avg(x)::numeric, 6)::float8 as lon, round(avg(y)::numeric, 6)::float8 as lat
       from (?) pts group by ix, iy order by ix, iy`,
      [pts],
    );
    // Objects built, not spread from the driver's rows: spreading 24,000 of them grew the heap
    // by 30 MB a request (a whole-town heat view at zoom 12; bench peak RSS 482 to 669 MB).
    return (c.rows as CellPart[]).map((x) => ({ ix: x.ix, iy: x.iy, n: x.n, lon: x.lon, lat: x.lat, categories: {}, id: null, observedAt: null }));
  }
  const r = await knex.raw(
    `with per_cat as (
       select ix, iy, cat, count(*)::int as n, sum(x) as sx, sum(y) as sy, min(observed_at) as t${named ? ', min(id) as id' : ''}
       from (?) pts group by ix, iy, cat)
     select ix, iy, sum(n)::int as n, round((sum(sx) / sum(n))::numeric, 6)::float8 as lon, round((sum(sy) / sum(n))::numeric, 6)::float8 as lat,
       jsonb_object_agg(cat, n) as cats, case when sum(n) = 1 then min(t) end as "observedAt"${named ? ', case when sum(n) = 1 then min(id) end as id' : ''}
     from per_cat group by ix, iy order by ix, iy`,
    [pts],
  );
  // Codes to names here: a name per fact in SQL cost more than the whole count (1M facts).
  type Row = { ix: number; iy: number; n: number; lon: number; lat: number; cats: Record<string, number>; observedAt: Date | null; id?: string | null };
  return (r.rows as Row[]).map((c) => ({
    ix: c.ix, iy: c.iy, n: c.n, lon: c.lon, lat: c.lat,
    categories: Object.fromEntries(Object.entries(c.cats).map(([k, n]) => [settings.categories[Number(k) - 1]!, n])),
    id: c.id ?? null,
    observedAt: c.observedAt,
  }));
}

/** One period of a grid asked for: its instants [from, to) and the same as whole local days (plan.cubeAnswers). */
export interface CubePeriod {
  from?: Date | undefined;
  to?: Date | undefined;
  days: { from?: number; to?: number };
}

/**
 * The periods as a relation `fr (k, t0, t1)`: k the period's place in the list, an open end null.
 * Instants are bound as ISO text: the pg driver would send a Date in the server's zone.
 */
function periodsRelation(periods: readonly CubePeriod[]): { sql: string; bindings: Knex.Value[] } {
  return {
    sql: `(values ${periods.map(() => '(?::int, ?::timestamptz, ?::timestamptz)').join(', ')}) as fr (k, t0, t1)`,
    bindings: periods.flatMap((p, k) => [k, p.from?.toISOString() ?? null, p.to?.toISOString() ?? null]),
  };
}
/** A facts row `s` in the period `fr` (in a lateral subquery: the time index then finds each period's rows). */
const IN_PERIOD = "s.observed_at >= coalesce(fr.t0, '-infinity') and s.observed_at < coalesce(fr.t1, 'infinity')";

/**
 * Counts per cell of the Mercator grid of `size` metres under the filters, for each period
 * (plan.cubeAnswers; a playback's frames in one query, a view's one period likewise): the
 * cells inside the bbox from `sighting_cube` at `level`, its cells merged `shift` halvings
 * (plan.cubeLevel); the cells on the bbox's edge from the facts (their points are counted
 * one by one against the bbox, as the rows would be). Each cell at the mean of its points.
 * The filters' own from/to are not read: each period is.
 */
export async function cubeGrid(
  knex: Knex, f: SightingFilters & { bbox: BBox }, periods: readonly CubePeriod[], timeZone: string, scope: CountScope,
  settings: AggregateSettings, { level, shift }: { level: number; shift: number }, size: number,
): Promise<CellPart[][]> {
  const { from: _from, to: _to, ...g } = f;
  const inner = innerCells(f.bbox, size);
  const parts: string[] = [];
  const pb: Knex.RawBinding[] = [];
  if (inner) {
    const cube: string[] = ['c.lvl = ?', 'c.place <> ?'];
    const cb: Knex.RawBinding[] = [level, OTHER_PLACE[scope]];
    // Each period's spans of day and month rows (months only without a weekday filter), as rows `sp (k, span, d0, d1)`.
    const spans = periods.flatMap((p, k) => {
      const c = cubeSpans(p.days, Boolean(f.days));
      return [...c.days.map(([a, b]) => [k, 1, a, b]), ...(c.months ? [[k, 30, c.months[0], c.months[1]]] : [])];
    });
    if (f.categories) cube.push('c.cat = any(?::int[])'), cb.push(codesOf(settings.categories, f.categories));
    // 1970-01-01 (day 0) was a Thursday, ISO day 4.
    if (f.days) cube.push('((c.day + 3) % 7 + 7) % 7 + 1 = any(?::int[])'), cb.push(isoDays(f.days));
    // The inner cells' range at the stored level: each cell of the grid asked is 2^shift of its cells each way.
    const k = 2 ** shift;
    cube.push('c.ix between ? and ? and c.iy between ? and ?');
    cb.push(inner.ix0 * k, (inner.ix1 + 1) * k - 1, inner.iy0 * k, (inner.iy1 + 1) * k - 1);
    // Lateral: each span reads its own range of the primary key (lvl, span, day, …).
    parts.push(`select sp.k, x.* from (values ${spans.map(() => '(?::int, ?::smallint, ?::int, ?::int)').join(', ')}) as sp (k, span, d0, d1)
      cross join lateral (
        select c.ix >> ${shift} as ix, c.iy >> ${shift} as iy, c.cat, sum(c.n)::int as n, sum(c.sx) as sx, sum(c.sy) as sy
        from sighting_cube c where c.span = sp.span and c.day >= sp.d0 and c.day < sp.d1 and ${cube.join(' and ')} group by 1, 2, 3) x`);
    pb.push(...spans.flat(), ...cb);
  }
  const fr = periodsRelation(periods);
  const edge = applyFactFilters(
    knex.from(factsRelation(knex, scope, settings))
      .whereRaw(IN_PERIOD)
      .select(knex.raw(`floor(s.merc_x / ?)::int as ix, floor(s.merc_y / ?)::int as iy, s.cat, count(*)::int as n, sum(ST_X(s.geom)) as sx, sum(ST_Y(s.geom)) as sy`, [size, size])),
    g, timeZone, settings,
  ).groupByRaw('1, 2, 3');
  if (inner) {
    const strips = edgeStrips(f.bbox, inner, size);
    edge.where((w) => { for (const b of strips) w.orWhereRaw('s.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.west, b.south, b.east, b.north]); });
    edge.whereRaw('not (floor(s.merc_x / ?)::int between ? and ? and floor(s.merc_y / ?)::int between ? and ?)', [size, inner.ix0, inner.ix1, size, inner.iy0, inner.iy1]);
  }
  parts.push(`select fr.k, e.* from ${fr.sql} cross join lateral (?) e`);
  pb.push(...fr.bindings, edge);
  const r = await knex.raw(
    `with parts as (${parts.join(' union all ')}),
     per_cat as (select k, ix, iy, cat, sum(n)::int as n, sum(sx) as sx, sum(sy) as sy from parts group by 1, 2, 3, 4 having sum(n) <> 0)
     select k, ix, iy, round((sum(sx) / sum(n))::numeric, 6)::float8 as lon, round((sum(sy) / sum(n))::numeric, 6)::float8 as lat, sum(n)::int as n,
       jsonb_object_agg((?::text[])[cat], n) as categories
     from per_cat group by k, ix, iy order by k, ix, iy`,
    [...pb, settings.categories],
  );
  const out: CellPart[][] = periods.map(() => []);
  for (const x of r.rows as (CellPart & { k: number })[]) out[x.k]!.push({ ix: x.ix, iy: x.iy, n: x.n, lon: x.lon, lat: x.lat, categories: x.categories });
  return out;
}

/** The cube's level of 250 m British National Grid squares (migration 022). */
const BNG_LEVEL = -BNG_SQUARE;

/** A range of whole squares of one size, by index (metres / size, floored), both ends in. */
export interface SquareRange {
  ix0: number;
  ix1: number;
  iy0: number;
  iy1: number;
}

/**
 * Counts per square of `size` metres on the British National Grid (a whole number of the
 * cube's 250 m squares a side) and category, over the squares of `range`, in the whole days
 * `days` (plan.bngSquaresAnswer), as a relation of `ix, iy, cat, category, n` (`ix, iy, n`
 * without `byCategory`): each square the sum of its 250 m squares' month and day rows. Only
 * the categories and weekdays of `f` are read: the place is the range, the period `days`.
 */
export function bngSquares(
  knex: Knex, f: SightingFilters, days: { from?: number; to?: number }, scope: CountScope, settings: AggregateSettings, size: number, range: SquareRange, byCategory = true,
): Knex.Raw {
  const k = size / BNG_SQUARE;
  const c = cubeSpans(days, Boolean(f.days));
  const spans = [...c.days.map(([a, b]) => [1, a, b]), ...(c.months ? [[30, c.months[0], c.months[1]]] : [])];
  const where: string[] = ['c.lvl = ?', 'c.place <> ?', 'c.ix between ? and ?', 'c.iy between ? and ?'];
  const wb: Knex.RawBinding[] = [BNG_LEVEL, OTHER_PLACE[scope], range.ix0 * k, (range.ix1 + 1) * k - 1, range.iy0 * k, (range.iy1 + 1) * k - 1];
  if (f.categories) where.push('c.cat = any(?::int[])'), wb.push(codesOf(settings.categories, f.categories));
  // 1970-01-01 (day 0) was a Thursday, ISO day 4.
  if (f.days) where.push('((c.day + 3) % 7 + 7) % 7 + 1 = any(?::int[])'), wb.push(isoDays(f.days));
  // Lateral and grouped: each span reads its own range of the primary key (lvl, span, day, …).
  // Without the grouping the planner flattened the lateral into a hash join on the span and
  // scanned the whole cube in parallel (EXPLAIN at 1M: 283 ms for a year cut mid-month; 103 ms grouped).
  const [cat, names, keys] = byCategory ? [', c.cat', ', x.cat, (?::text[])[x.cat] as category', '1, 2, 3'] : ['', '', '1, 2'];
  return knex.raw(
    `select x.ix, x.iy${names}, sum(x.n)::int as n
     from (values ${spans.map(() => '(?::smallint, ?::int, ?::int)').join(', ')}) as sp (span, d0, d1)
     cross join lateral (
       select floor(c.ix::float8 / ?)::int as ix, floor(c.iy::float8 / ?)::int as iy${cat}, sum(c.n)::int as n
       from sighting_cube c where c.span = sp.span and c.day >= sp.d0 and c.day < sp.d1 and ${where.join(' and ')} group by ${keys}) x
     group by ${keys} having sum(x.n) <> 0`,
    [...(byCategory ? [settings.categories] : []), ...spans.flat(), k, k, ...wb],
  );
}

/**
 * `singles` for cells whose one sighting's time is known (`factGrid`'s `t`): each found
 * through the time index at that instant, with the same filters.
 */
export async function singlesAt(
  knex: Knex, f: SightingFilters, timeZone: string, scope: CountScope, settings: AggregateSettings, size: number, cells: { ix: number; iy: number; t: Date }[],
): Promise<{ ix: number; iy: number; id: string | null; observedAt: Date }[]> {
  if (!cells.length) return [];
  const at = applyFactFilters(
    knex.from(factsRelation(knex, scope, settings))
      .whereRaw('s.observed_at = c.t and floor(s.merc_x / ?)::int = c.ix and floor(s.merc_y / ?)::int = c.iy', [size, size])
      .select(knex.raw(`case when s.disposed_at is null then s.id::text end as id, s.observed_at as "observedAt"`)),
    f, timeZone, settings,
  ).limit(1);
  const r = await knex.raw(
    `select c.ix, c.iy, x.id, x."observedAt" from unnest(?::int[], ?::int[], ?::timestamptz[]) c (ix, iy, t) cross join lateral (?) x`,
    [cells.map((c) => c.ix), cells.map((c) => c.iy), cells.map((c) => c.t.toISOString()) as Knex.Value, at],
  );
  return r.rows;
}

/**
 * The one sighting in each of these cells (cells a period's grid counted 1 in), with the
 * same filters in that period: its id while it is a record (not disposed) and its time.
 */
export async function singles(
  knex: Knex, f: SightingFilters, periods: readonly CubePeriod[], timeZone: string, scope: CountScope, settings: AggregateSettings, size: number,
  cells: { k: number; ix: number; iy: number }[],
): Promise<{ k: number; ix: number; iy: number; id: string | null; observedAt: Date }[]> {
  if (!cells.length) return [];
  const { from: _from, to: _to, ...g } = f;
  // Each cell's own box, a little wider, so that the index finds its points; the cell number decides.
  const pad = 1e-5;
  const R = 6_378_137;
  const lat = (y: number) => ((2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180) / Math.PI;
  // As arrays (nine bindings however many cells: a playback's frames can hold thousands), and
  // lateral, so that each cell is found through the GiST index in its own small box. The
  // limit (a cell counted 1 holds one such point) keeps the planner from joining every point
  // of the view to the cells, and the period as a range keeps it off the time index, whose
  // range is the whole view's (EXPLAIN at 1M: 34 ms a cell with it, under 0.1 ms without).
  // An open end is an unbounded range's: [from, to) as IN_PERIOD.
  const col = <T>(f: (c: { k: number; ix: number; iy: number }) => T) => cells.map(f);
  const inCell = applyFactFilters(
    knex.from(factsRelation(knex, scope, settings))
      .whereRaw(`s.geom && ST_MakeEnvelope(fr.w, fr.so, fr.e, fr.no, 4326) and tstzrange(fr.t0, fr.t1) @> s.observed_at`)
      .whereRaw('floor(s.merc_x / ?)::int = fr.ix and floor(s.merc_y / ?)::int = fr.iy', [size, size])
      .select(knex.raw(`case when s.disposed_at is null then s.id::text end as id, s.observed_at as "observedAt"`)),
    g, timeZone, settings,
  ).limit(1);
  const q = knex.raw(
    `select fr.k, fr.ix, fr.iy, x.id, x."observedAt"
     from unnest(?::int[], ?::int[], ?::int[], ?::timestamptz[], ?::timestamptz[], ?::float8[], ?::float8[], ?::float8[], ?::float8[])
       as fr (k, ix, iy, t0, t1, w, so, e, no)
     cross join lateral (?) x`,
    [
      col((c) => c.k), col((c) => c.ix), col((c) => c.iy),
      col((c) => periods[c.k]!.from?.toISOString() ?? null) as Knex.Value, col((c) => periods[c.k]!.to?.toISOString() ?? null) as Knex.Value,
      col((c) => (c.ix * size) / MERC_PER_DEGREE - pad), col((c) => lat(c.iy * size) - pad),
      col((c) => ((c.ix + 1) * size) / MERC_PER_DEGREE + pad), col((c) => lat((c.iy + 1) * size) + pad),
      inCell,
    ],
  );
  return (await q).rows as { k: number; ix: number; iy: number; id: string | null; observedAt: Date }[];
}
