import { z } from 'zod';
import { areaGeometrySchema } from '../geo/geojson.js';
import { checkRange, filterFields } from '../sightings/filters.js';
import type { Published } from '../disclosure/secondary.js';

/** `json` is the report itself, for the client's preview; the others are exports. */
export const REPORT_FORMATS = ['json', 'pdf', 'csv', 'xlsx', 'geojson'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const format = z.enum(REPORT_FORMATS, { message: `must be one of ${REPORT_FORMATS.join(', ')}` });

/** `GET /api/reports/areas/:id?from&to&format` */
export function areaReportQuerySchema(timeZone: string) {
  const { from, to } = filterFields(timeZone);
  return z.strictObject({ from, to, format: format.optional() }).superRefine(checkRange);
}

/** `POST /api/reports/polygon`: a drawn area, its name on the report, the period and the format. */
export function polygonReportBodySchema(timeZone: string) {
  const { from, to } = filterFields(timeZone);
  return z
    .strictObject({ geometry: areaGeometrySchema, name: z.string().trim().min(1).max(200).optional(), from, to, format: format.optional() })
    .superRefine(checkRange);
}

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

export type PeriodRole = 'current' | 'previous' | 'lastYear';

/** A period as reports show it: instants (ISO 8601) and the words for it. */
export interface PeriodInfo {
  from: string;
  to: string;
  label: string;
}

export interface ReportCell {
  key: string;
  ix: number;
  iy: number;
  size: number;
  /** OS grid reference of the south-west corner */
  ref: string;
  count: Published;
  /** The commonest category; null where a restricted reader's count is hidden */
  topCategory: string | null;
  /**
   * The cell named for people: the street nearest its centre and, for readers who may
   * see premises, the nearest premises ("Deane Road, near Bras Lamp Grill"). Given for
   * the busiest cells listed; null for the others, for any count a reader cannot see, and
   * where nothing is near.
   */
  where: string | null;
}

export interface RepeatPlace {
  /** Premises name, only for roles that may read premises profiles */
  name: string | null;
  category: string;
  count: Published;
  ref: string | null;
  /** The street the premises is on (nearest named street); null when not named */
  street: string | null;
  /** Number on the map, when drawn */
  mark: number | null;
}

/** Everything an area report shows, already disclosure-controlled for its reader. */
export interface AreaReport {
  title: string;
  area: { id: string | null; name: string; kind: string };
  marking: typeof PROTECTIVE_MARKING;
  period: PeriodInfo;
  previous: PeriodInfo;
  lastYear: PeriodInfo;
  timeZone: string;
  generatedAt: string;
  generatedBy: { name: string; role: string };
  restricted: boolean;
  disclosure: { wholeCells: boolean; wholeMonths: boolean; rounded: boolean; cellSize: number; namesShown: boolean };
  headline: { current: Published; previous: Published; lastYear: Published; changeOnPrevious: string | null; changeOnLastYear: string | null };
  trend: { month: string; label: string; count: Published; periods: PeriodRole[] }[];
  grid: { bandHours: number; days: string[]; bands: string[]; cells: Published[][]; rowTotals: Published[]; colTotals: Published[]; total: Published };
  categories: { key: string; label: string; count: Published }[];
  models: { key: string; label: string; count: Published }[];
  cells: ReportCell[];
  hotspots: ReportCell[];
  repeatPlaces: { named: boolean; rows: RepeatPlace[] };
  /** Hot spots by Getis-Ord Gi* (server/hotspots) on the report's lattice: confidence only, no counts. */
  hotspotAnalysis: { cells: HotSpotCell[]; note: string | null };
  map: {
    /** WGS84 `[west, south, east, north]` the map shows */
    bounds: [number, number, number, number];
    area: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
    wards: { name: string; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }; label: [number, number] }[];
    /** Cell outlines, WGS84, in the order of `cells` */
    cells: { type: 'Polygon'; coordinates: number[][][] }[];
    /** Repeat places by their number in the table, only where names are shown */
    places: { mark: number; lonLat: [number, number] }[];
  };
}

/** A cell of the Gi* analysis that is a hot (or cold) spot. */
export interface HotSpotCell {
  /** ArcGIS Gi_Bin, −3…3 (±3 = 99 %, ±2 = 95 %, ±1 = 90 % confidence) */
  bin: number;
  /** OS grid reference of the cell's centre, 8 figures */
  ref: string;
  /** Nearest street (and, for readers who may see premises, premises) to the centre, as for `ReportCell.where` */
  where: string | null;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}
