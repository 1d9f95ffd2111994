/**
 * The map's filters as plain values, and the query parameters the server reads
 * from them (see "Shared filter query params" in DESIGN.md). Pure: no DOM, no
 * MapLibre, so the unit tests run it in Node.
 */
import {
  GROOMING_MODELS,
  MAKESAFE_CODES,
  SIGHTING_CATEGORIES,
  SOURCE_AGENCIES,
  WEEKDAYS,
  type GroomingModel,
  type MakesafeIndicator,
  type SightingCategory,
  type SourceAgency,
  type Weekday,
} from '../../../server/lists.js';

/**
 * An hour-of-day window in the team's time zone: `start` 0–23 inclusive, `end`
 * 1–24 exclusive. When `end` is not after `start` the window wraps midnight:
 * `{ start: 22, end: 2 }` holds 22:00–01:59.
 */
export interface HourRange {
  start: number;
  end: number;
}

/** What the user has narrowed the sightings to. Empty lists mean "any". */
export interface Filters {
  /** First day, inclusive, `YYYY-MM-DD` (a whole local day). */
  from: string | null;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string | null;
  hours: HourRange | null;
  days: Weekday[];
  category: SightingCategory[];
  model: GroomingModel[];
  agency: SourceAgency[];
  indicator: MakesafeIndicator[];
}

export const NO_FILTERS: Filters = {
  from: null,
  to: null,
  hours: null,
  days: [],
  category: [],
  model: [],
  agency: [],
  indicator: [],
};

/** The list-valued filters and the vocabulary each draws on, in display order. */
export const LIST_FILTERS = {
  days: WEEKDAYS,
  category: SIGHTING_CATEGORIES,
  model: GROOMING_MODELS,
  agency: SOURCE_AGENCIES,
  indicator: MAKESAFE_CODES,
} as const;
export type ListFilter = keyof typeof LIST_FILTERS;

/**
 * A list in its vocabulary's order, without repeats or unknown values. A list that
 * names every value filters nothing, so it becomes empty.
 * @example normaliseList(['sat', 'fri', 'sat'], WEEKDAYS) // ['fri', 'sat']
 */
export function normaliseList<T extends string>(values: readonly string[], vocabulary: readonly T[]): T[] {
  const wanted = new Set(values);
  const out = vocabulary.filter((v) => wanted.has(v));
  return out.length === vocabulary.length ? [] : out;
}

/** Adds or removes one value of a list filter, keeping it normalised. */
export function toggleValue<K extends ListFilter>(f: Filters, key: K, value: Filters[K][number], on: boolean): Filters {
  const current = f[key] as readonly string[];
  const next = on ? [...current, value] : current.filter((v) => v !== value);
  return { ...f, [key]: normaliseList(next, LIST_FILTERS[key] as readonly string[]) };
}

/** Whether a filter narrows anything at all. */
export const isFiltered = (f: Filters): boolean =>
  f.from !== null ||
  f.to !== null ||
  f.hours !== null ||
  (Object.keys(LIST_FILTERS) as ListFilter[]).some((k) => f[k].length > 0);

// ---- Hours ---------------------------------------------------------------------------

/**
 * Parses `start-end` (whole hours, end exclusive, may wrap midnight). The whole day
 * (`0-24`) filters nothing and comes back as null; bad text as an error message.
 * @example parseHours('22-2') // { start: 22, end: 2 }
 */
export function parseHours(text: string): HourRange | null | string {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) return `hours must look like "22-2" (start-end, whole hours), got "${text}"`;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > 23) return `hours start must be 0–23, got ${start}`;
  if (end > 24) return `hours end must be 0–24, got ${end}`;
  if (start === end % 24 && !(start === 0 && end === 24)) return `hours "${text}" is empty: start and end are the same hour`;
  if (start === 0 && end === 24) return null;
  // 0 and 24 are the same midnight as an end; 24 reads better.
  return { start, end: end === 0 ? 24 : end };
}

/** `22-2`, as the server reads it. */
export const formatHours = (h: HourRange): string => `${h.start}-${h.end}`;

/** The hours (0–23) a window holds, from its start: `{22, 2}` → [22, 23, 0, 1]. */
export function hoursIn(h: HourRange): number[] {
  const out: number[] = [];
  for (let hour = h.start; out.length < 24; hour = (hour + 1) % 24) {
    out.push(hour);
    if ((hour + 1) % 24 === h.end % 24) break;
  }
  return out;
}

/** "22:00–02:00" for people; the end is exclusive, as on a timetable. */
export const describeHours = (h: HourRange): string => `${clock(h.start)}–${clock(h.end)}`;

const clock = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

// ---- Dates ---------------------------------------------------------------------------

/** Whether `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

// ---- To the server ---------------------------------------------------------------------

/**
 * The shared filter parameters of the map endpoints (`from`, `to`, `hours`, `days`,
 * `category`, `agency`, `model`, `indicator`); lists joined with commas, unset ones left out.
 * @example filterParams({ ...NO_FILTERS, hours: { start: 22, end: 2 }, days: ['fri', 'sat'] })
 * // { hours: '22-2', days: 'fri,sat' }
 */
export function filterParams(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.hours) out.hours = formatHours(f.hours);
  for (const key of Object.keys(LIST_FILTERS) as ListFilter[]) {
    if (f[key].length) out[key] = f[key].join(',');
  }
  return out;
}
