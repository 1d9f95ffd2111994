import { z } from 'zod';
import {
  GROOMING_MODELS,
  MAKESAFE_CODES,
  SIGHTING_CATEGORIES,
  SOURCE_AGENCIES,
  type GroomingModel,
  type SightingCategory,
  type SourceAgency,
  type Weekday,
} from '../lists.js';
import { parseBBox, type BBox } from '../geo/bbox.js';
import { parseHourWindow, type HourWindow } from '../geo/hourWindow.js';
import { parseWeekdays } from '../geo/weekdays.js';
import { isDateOnly, nextDay, parseInstant } from '../time/zone.js';
import { inYears, OUTSIDE_YEARS, textInYears } from '../http/dates.js';

/** The filters every sightings view shares (list, map, hot spots, reports). */
export interface SightingFilters {
  bbox?: BBox;
  /** inclusive */
  from?: Date;
  /** exclusive */
  to?: Date;
  hours?: HourWindow;
  days?: Weekday[];
  categories?: SightingCategory[];
  agencies?: SourceAgency[];
  models?: GroomingModel[];
  premisesId?: string;
  vehicleId?: string;
  areaId?: string;
  /** A GeoJSON Polygon or MultiPolygon (WGS84) the sightings must fall in, e.g. a drawn area. */
  within?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** Any of these Makesafe indicators. */
  indicators?: string[];
  /** Within `radius` metres of a point, or linked to the premises. */
  near?: { lon: number; lat: number; radius: number; orPremisesId?: string };
  /** Only sightings in these whole cells of the BNG lattice: a restricted reader's region (server/disclosure/gate.ts). */
  cells?: { size: number; ix: number[]; iy: number[] };
  /** One cell of a hot spot lattice (server/hotspots/grid.ts): "list the sightings of this hot spot cell". */
  lattice?: LatticeCell;
  /** Cells of the Web Mercator grid the map clusters on (server/map/cluster.ts): "list the sightings of this cluster". */
  mercatorCells?: { size: number; ix: number[]; iy: number[] };
}

/** A cell of the British National Grid lattice of square or hexagonal cells of `size` metres. */
export interface LatticeCell {
  shape: 'square' | 'hex';
  size: number;
  col: number;
  row: number;
}

/** A string parameter turned into a checked value, or an issue carrying the parser's message. */
export function parsed<T>(parser: (s: string) => T | string) {
  return z.string().transform((s, ctx) => {
    const v = parser(s);
    if (typeof v === 'string') {
      ctx.addIssue({ code: 'custom', message: v });
      return z.NEVER;
    }
    return v;
  });
}

function csvOf<const T extends readonly string[]>(values: T, what: string) {
  return parsed((s): T[number][] | string => {
    const parts = [...new Set(s.split(',').map((p) => p.trim()).filter(Boolean))];
    const bad = parts.filter((p) => !values.includes(p));
    if (parts.length === 0) return `${what} is empty`;
    if (bad.length) return `unknown ${what} ${bad.map((b) => `"${b}"`).join(', ')}; expected any of ${values.join(', ')}`;
    return parts as T[number][];
  });
}

/** `from`/`to`: a date (whole local day) or a timestamp (with offset, or local wall-clock time). */
function timeBound(timeZone: string, end: boolean) {
  return parsed((s): Date | string => {
    // Years far outside any record's (0000, 9999) are refused before any date arithmetic.
    if (!textInYears(s)) return `${OUTSIDE_YEARS}, got "${s}"`;
    // Only a real date has a next day: 2026-13-01 falls through to the message below.
    const text = end && isDateOnly(s) && parseInstant(s, timeZone) ? nextDay(s) : s;
    const d = parseInstant(text, timeZone);
    if (!d) return `must be a date (YYYY-MM-DD) or an ISO 8601 timestamp, got "${s}"`;
    return inYears(d) ? d : `${OUTSIDE_YEARS}, got "${s}"`;
  });
}

/** Query-string fields of the shared filters; extend it for an endpoint's own parameters. */
export function filterFields(timeZone: string) {
  return {
    bbox: parsed(parseBBox).optional(),
    from: timeBound(timeZone, false).optional(),
    to: timeBound(timeZone, true).optional(),
    hours: parsed(parseHourWindow).optional(),
    days: parsed(parseWeekdays).optional(),
    category: csvOf(SIGHTING_CATEGORIES, 'category').optional(),
    agency: csvOf(SOURCE_AGENCIES, 'agency').optional(),
    model: csvOf(GROOMING_MODELS, 'grooming model').optional(),
    indicator: csvOf(MAKESAFE_CODES, 'indicator').optional(),
    premisesId: z.uuid().optional(),
    vehicleId: z.uuid().optional(),
    areaId: z.uuid().optional(),
  };
}

type FilterQuery = z.output<z.ZodObject<ReturnType<typeof filterFields>>>;

/** `from` must not be after `to`; reported on `to`. */
export function checkRange(q: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
}

export function toFilters(q: FilterQuery): SightingFilters {
  const f: SightingFilters = {};
  if (q.bbox) f.bbox = q.bbox;
  if (q.from) f.from = q.from;
  if (q.to) f.to = q.to;
  if (q.hours) f.hours = q.hours;
  if (q.days) f.days = q.days;
  if (q.category) f.categories = q.category;
  if (q.agency) f.agencies = q.agency;
  if (q.model) f.models = q.model;
  if (q.indicator) f.indicators = q.indicator;
  if (q.premisesId) f.premisesId = q.premisesId;
  if (q.vehicleId) f.vehicleId = q.vehicleId;
  if (q.areaId) f.areaId = q.areaId;
  return f;
}

/** The filters as the audit log records them (plain JSON). */
export function describeFilters(f: SightingFilters): Record<string, unknown> {
  return {
    ...f,
    from: f.from?.toISOString(),
    to: f.to?.toISOString(),
    hours: f.hours ? `${f.hours.start}-${f.hours.end}` : undefined,
    within: f.within ? f.within.type : undefined,
    cells: f.cells ? { size: f.cells.size, count: f.cells.ix.length } : undefined,
    mercatorCells: f.mercatorCells ? { size: f.mercatorCells.size, count: f.mercatorCells.ix.length } : undefined,
  };
}
