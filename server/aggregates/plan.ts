/**
 * Which precomputed aggregate can answer a question exactly (issue 20), decided from the
 * filters alone. Pure: unit-tested with hand-checked values; the SQL is in repo.ts.
 *
 * - `sighting_facts` answers any filter over time, hour, weekday, category, agency,
 *   grooming model and place (bbox, area, polygon, lattice cells).
 * - `sighting_cube` answers Mercator-grid counts at its zoom levels when the period is
 *   whole local days and the only other filters are categories, weekdays (without hours)
 *   and a bbox (its inner cells; the cells on its edge are counted from the facts); and
 *   counts in whole British National Grid squares of 250 m multiples over a wide range.
 * - `sighting_day_hours` answers hour counts when the period is whole local days, with
 *   hours, weekdays and one of categories, agencies or grooming models, and no place.
 * Anything else (premises, vehicle, indicators, radius) reads the rows.
 */
import type { SightingFilters } from '../sightings/filters.js';
import type { BBox } from '../geo/bbox.js';
import { hoursOf, nightShift, type HourWindow } from '../geo/hourWindow.js';
import { isoDow } from '../geo/weekdays.js';
import { localDate, localToUtc } from '../time/zone.js';
import type { Weekday } from '../lists.js';

/** The row of `aggregate_settings`: what the aggregates were built with. */
export interface AggregateSettings {
  timeZone: string;
  categories: string[];
  agencies: string[];
  models: string[];
  sensitive: string[];
  cubeLevels: number[];
}

type FilterKey = keyof SightingFilters;

/** Filters `sighting_facts` can apply (the rest need columns it does not keep). */
const FACT_FILTERS: readonly FilterKey[] = ['bbox', 'from', 'to', 'hours', 'days', 'categories', 'agencies', 'models', 'areaId', 'within', 'cells', 'mercatorCells'];
const CUBE_FILTERS: readonly FilterKey[] = ['bbox', 'from', 'to', 'days', 'categories'];
const HOUR_FILTERS: readonly FilterKey[] = ['from', 'to', 'hours', 'days', 'categories'];

const setKeys = (f: SightingFilters) => (Object.keys(f) as FilterKey[]).filter((k) => f[k] !== undefined);
const only = (f: SightingFilters, allowed: readonly FilterKey[]) => setKeys(f).every((k) => allowed.includes(k));

/** Whether the facts can answer these filters. */
export const factsAnswer = (f: SightingFilters): boolean => only(f, FACT_FILTERS);

const DAY_MS = 86_400_000;

/**
 * The local day (days since 1970-01-01 on the zone's calendar) that starts at this
 * instant, or undefined when the instant is not a local midnight.
 * @example localDayStarting(new Date('2026-07-01T23:00:00Z'), 'Europe/London') // 20636 (2026-07-02)
 */
export function localDayStarting(t: Date, timeZone: string): number | undefined {
  const date = localDate(t, timeZone);
  if (localToUtc(date, timeZone)?.getTime() !== t.getTime()) return undefined;
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** The period as whole local days [from, to), or undefined when an end is not a local midnight. Open ends stay open. */
export function wholeDays(f: SightingFilters, timeZone: string): { from?: number; to?: number } | undefined {
  const from = f.from ? localDayStarting(f.from, timeZone) : undefined;
  const to = f.to ? localDayStarting(f.to, timeZone) : undefined;
  if ((f.from && from === undefined) || (f.to && to === undefined)) return undefined;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/**
 * The hours of the week (0 = Monday 00:00 local … 167 = Sunday 23:00) the hour and
 * weekday filters keep, read as `applyFilters` reads them: the hour on the wall clock, and
 * the weekday of the wall clock moved back by the window's night shift.
 * @example hourOfWeekSlots({ start: 22, end: 2 }, ['fri']) // [118, 119, 120, 121]: Friday 22:00, 23:00, Saturday 00:00, 01:00
 */
export function hourOfWeekSlots(hours: HourWindow | undefined, days: readonly Weekday[] | undefined): number[] {
  const keepHour = hours ? new Set(hoursOf(hours)) : undefined;
  const keepDay = days ? new Set(days.map(isoDow)) : undefined;
  const shift = hours ? nightShift(hours) : 0;
  const out: number[] = [];
  for (let slot = 0; slot < 168; slot++) {
    const dow = Math.floor((((slot - shift) % 168) + 168) % 168 / 24) + 1;
    if ((!keepHour || keepHour.has(slot % 24)) && (!keepDay || keepDay.has(dow))) out.push(slot);
  }
  return out;
}

/**
 * The hours-of-week slots as the day rows of the hour counts read them: for each hour of
 * the day (0–23), the weekdays (0 = Monday … 6 = Sunday) whose slot at that hour is kept.
 * @example weekdaysByHour([118, 119, 120, 121])[22] // [4]: Friday 22:00; and [0] of it is [5], Saturday 00:00
 */
export function weekdaysByHour(slots: readonly number[]): number[][] {
  const out = Array.from({ length: 24 }, () => [] as number[]);
  for (const slot of [...slots].sort((a, b) => a - b)) out[slot % 24]!.push(Math.floor(slot / 24));
  return out;
}

/** ISO weekdays (1 = Monday) kept by a weekday filter without hours: the cube's days are whole local days. */
export const isoDays = (days: readonly Weekday[]): number[] => days.map(isoDow);

/** Codes of list values as the aggregates store them: positions from 1 in the settings' list. */
export const codesOf = (list: readonly string[], values: readonly string[]): number[] => values.map((v) => list.indexOf(v) + 1);

/**
 * The cube level that answers a grid of this cell size, and by how many halvings its cells
 * are merged: a level's cells nest in the next coarser zoom's (sizes double exactly), so
 * zoom 9 is read from level 10's cells, two by two each way (`ix >> 1`).
 * @example cubeLevel({ cubeLevels: [8, 10] } as AggregateSettings, gridSize(9), gridSize) // { level: 10, shift: 1 }
 */
export function cubeLevel(settings: AggregateSettings, size: number, gridSize: (zoom: number) => number): { level: number; shift: number } | undefined {
  for (const level of [...settings.cubeLevels].sort((a, b) => a - b)) {
    for (let shift = 0; shift <= 1; shift++) if (gridSize(level - shift) === size) return { level, shift };
  }
  return undefined;
}

/** The cube's finest level (migration 023): zoom 12's cells, about 300 m. */
export const FINEST_LEVEL = 12;

/**
 * The shortest period, in local days, for which a cluster view is read from the finest
 * level. Clusters name a cell of one sighting, and the cube names each such cell by a
 * lookup of its own; over a short period most of a town's cells at zoom 12 hold one, while
 * its facts are few and the time index finds them, and the facts name their cells in one
 * pass. Measured at 1M on a whole-town view: 7 days 46 ms from the facts against 312 ms from
 * the cube, 60 days 152 against 162, 90 days 203 against 165, two years 603 against 406.
 * Coarser levels' cells hold more; they answer any period (zoom 10, 7 days: 14 ms from the
 * facts, 17 from the cube).
 */
export const FINEST_LEVEL_MIN_DAYS = 90;

/**
 * Whether the cube should answer a cluster view (cells of one named) at this level over
 * these whole days; `today` (days since 1970-01-01) closes a period left open at its end.
 * @example cubeNamesSingles(12, { from: 20778, to: 20785 }, 20785) // false: a week at zoom 12
 */
export function cubeNamesSingles(level: number, days: { from?: number; to?: number }, today: number): boolean {
  if (level < FINEST_LEVEL || days.from === undefined) return true;
  return (days.to ?? today + 1) - days.from >= FINEST_LEVEL_MIN_DAYS;
}

/** How a Mercator-grid count is answered: the cube for whole-day periods under its filters, else the facts. */
export function cubeAnswers(f: SightingFilters, timeZone: string): { from?: number; to?: number } | undefined {
  if (!only(f, CUBE_FILTERS) || (f.days && f.hours)) return undefined;
  return wholeDays(f, timeZone);
}

/** The side of the cube's British National Grid squares, metres (migration 022, level −250). */
export const BNG_SQUARE = 250;

/**
 * Fewer of the cube's squares than this in a range, and counting the range's points
 * through the GiST index is the cheaper: the cube's rows are keyed by level and day first,
 * so a range reads every row of its period's months and days and keeps those inside.
 */
export const BNG_SQUARES_WORTH_IT = 1024;

/**
 * Whether the cube's 250 m British National Grid squares answer counts in whole squares of
 * `size` metres over `squares` of its own squares: a whole number of them a side (on the
 * same origin), a period of whole local days and only the cube's filters (the caller
 * counts whole squares of a range, so its bbox is no filter here), and a range wide enough
 * to be worth it.
 * @example bngSquaresAnswer({ categories: ['other'] }, 'Europe/London', 1000, 5400) // {}
 * @example bngSquaresAnswer({}, 'Europe/London', 300, 5400) // undefined: not a whole number of squares
 */
export function bngSquaresAnswer(f: SightingFilters, timeZone: string, size: number, squares: number): { from?: number; to?: number } | undefined {
  if (size % BNG_SQUARE !== 0 || squares < BNG_SQUARES_WORTH_IT) return undefined;
  return cubeAnswers(f, timeZone);
}

/** Whether the hour counts answer: whole local days, no place, only hours, weekdays and categories. */
export function hoursAnswer(f: SightingFilters, timeZone: string): { from?: number; to?: number } | undefined {
  if (!only(f, HOUR_FILTERS)) return undefined;
  return wholeDays(f, timeZone);
}

const MARGINAL_FILTERS: readonly FilterKey[] = ['from', 'to', 'hours', 'days', 'agencies', 'models'];

/**
 * Whether the hour counts by agency or by grooming model answer (migration 019): whole local
 * days, no place, no category, hours and weekdays, and an agency filter or a model filter but
 * not both (they are kept side by side, not crossed).
 * @example hourMarginalAnswer({ agencies: ['police'], hours: { start: 22, end: 4 } }, 'Europe/London') // { days: {}, dim: 'agencies' }
 */
export function hourMarginalAnswer(f: SightingFilters, timeZone: string): { days: { from?: number; to?: number }; dim: 'agencies' | 'models' } | undefined {
  if (!only(f, MARGINAL_FILTERS) || Boolean(f.agencies) === Boolean(f.models)) return undefined;
  const days = wholeDays(f, timeZone);
  return days && { days, dim: f.agencies ? 'agencies' : 'models' };
}

/** Web Mercator metres per degree of longitude (R = 6378137 m), as `sightings.merc_x` is made. */
export const MERC_PER_DEGREE = 111_319.490_793_273_57;
const R = 6_378_137;
const latOf = (y: number) => ((2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180) / Math.PI;

/**
 * The Mercator cells of a grid of `size` metres that lie inside a bbox with a margin
 * (degrees) to spare, so that every point of theirs is in the bbox by any reckoning: the
 * bbox test of the rows is PostGIS's `&&`, on float4 boxes. Undefined when none does.
 * The cells outside this range but touching the bbox are its edge: counted from the facts.
 */
export function innerCells(b: BBox, size: number, margin = 1e-4): { ix0: number; ix1: number; iy0: number; iy1: number } | undefined {
  if (b.west > b.east) return undefined;
  const ix0 = Math.ceil(((b.west + margin) * MERC_PER_DEGREE) / size);
  const ix1 = Math.floor(((b.east - margin) * MERC_PER_DEGREE) / size) - 1;
  const mercY = (lat: number) => Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) * R;
  let iy0 = Math.ceil(mercY(b.south + margin) / size);
  let iy1 = Math.floor(mercY(b.north - margin) / size) - 1;
  // The inverse projection's rounding: keep only rows whose edges are inside by the margin.
  while (iy0 <= iy1 && latOf(iy0 * size) < b.south + margin / 2) iy0++;
  while (iy0 <= iy1 && latOf((iy1 + 1) * size) > b.north - margin / 2) iy1--;
  if (ix0 > ix1 || iy0 > iy1) return undefined;
  return { ix0, ix1, iy0, iy1 };
}

/**
 * The bbox's strips outside the inner cells (west, east, south, north of them), WGS84,
 * reaching a little into the inner cells: they find the edge cells' points through the
 * index, and the cell numbers, not the strips, decide which points are on the edge.
 */
export function edgeStrips(b: BBox, inner: { ix0: number; ix1: number; iy0: number; iy1: number }, size: number, overlap = 1e-5): BBox[] {
  const w = (inner.ix0 * size) / MERC_PER_DEGREE + overlap;
  const e = ((inner.ix1 + 1) * size) / MERC_PER_DEGREE - overlap;
  const s = latOf(inner.iy0 * size) + overlap;
  const n = latOf((inner.iy1 + 1) * size) - overlap;
  return [
    { west: b.west, south: b.south, east: w, north: b.north },
    { west: e, south: b.south, east: b.east, north: b.north },
    { west: w, south: b.south, east: e, north: s },
    { west: w, south: n, east: e, north: b.north },
  ];
}

/** The first day (days since 1970-01-01) of the month a day falls in. */
export function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the month after the one a day falls in. */
export function nextMonthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/** Day index bounds standing in for an open end (the cube's day is an int4). */
const NO_START = -2_147_483_648;
const NO_END = 2_147_483_647;

/**
 * How the cube covers a period of whole days [from, to): the whole months inside it from
 * its month rows, the days before and after them from its day rows. With a weekday filter
 * only day rows will do (a month mixes weekdays).
 * @example cubeSpans({ from: 20089, to: 20150 }, false) // 2025-01-01 … 2025-03-03: months [20089, 20148), days [20148, 20150)
 */
export function cubeSpans(days: { from?: number; to?: number }, byWeekday: boolean): { months?: [number, number]; days: [number, number][] } {
  const from = days.from ?? NO_START;
  const to = days.to ?? NO_END;
  if (byWeekday) return { days: [[from, to]] };
  const first = days.from === undefined ? NO_START : monthStart(from) === from ? from : nextMonthStart(from);
  const last = days.to === undefined ? NO_END : monthStart(to);
  if (first >= last) return { days: [[from, to]] };
  return { months: [first, last], days: [[from, first], [last, to]].filter(([a, b]) => a! < b!) as [number, number][] };
}
