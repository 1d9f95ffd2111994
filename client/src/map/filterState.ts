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
import { parseHourWindow, type HourWindow } from '../../../server/geo/hourWindow.js';

/** What the user has narrowed the sightings to. Empty lists mean "any". */
export interface Filters {
  /** First day, inclusive, `YYYY-MM-DD` (a whole local day). */
  from: string | null;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string | null;
  /** Whole hours in the team's time zone, end exclusive; may wrap midnight. */
  hours: HourWindow | null;
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
 * Parses `start-end` as the server does (`parseHourWindow`), for the URL: the whole
 * day (`0-24`) filters nothing and comes back as null; midnight as an end reads 24.
 * @example parseHours('22-2') // { start: 22, end: 2 }; parseHours('18-0') // { start: 18, end: 24 }
 */
export function parseHours(text: string): HourWindow | null | string {
  const w = parseHourWindow(text);
  if (typeof w === 'string') return w;
  if (w.start === 0 && w.end === 24) return null;
  return w.end === 0 ? { start: w.start, end: 24 } : w;
}

/** `22-2`, as the server reads it. */
export const formatHours = (h: HourWindow): string => `${h.start}-${h.end}`;

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
