import { z } from 'zod';
import { checkRange, filterFields } from '../sightings/filters.js';
import { SHAPES, type CellShape } from './grid.js';
import type { EmergingPattern } from '../lists.js';
import type { Published } from '../disclosure/secondary.js';
import type { BandwidthChoice, BandwidthMethod } from './bandwidth.js';

export { SHAPES, type CellShape } from './grid.js';
export { EMERGING_PATTERNS, type EmergingPattern } from './emerging.js';

/** Limits of the hot spot analyses, in one place. */
export const LIMITS = {
  /** cell size, metres */
  cellSize: [50, 2000],
  /** Gi* neighbourhood, metres */
  bandwidth: [50, 50_000],
  /** bandwidth ÷ cell size: beyond this a "neighbourhood" is most of any sensible map */
  bandwidthCells: 100,
  /** cells in one analysis (Greater Manchester at 250 m is about 20 000) */
  cells: 40_000,
  /** space-time bins (cells × steps) in one emerging hot spot analysis */
  bins: 2_000_000,
  steps: [10, 520],
  /** Knox test */
  knoxEvents: 3000,
} as const;

/** A whole or decimal number of some unit, from a query string, within bounds. */
function numberIn(min: number, max: number, unit: string, opts: { int?: boolean } = {}) {
  const message = `must be ${opts.int ? 'a whole number' : 'a number'}${unit ? ` of ${unit}` : ''} from ${min} to ${max}`;
  return z
    .string()
    .regex(opts.int ? /^\d+$/ : /^\d+(\.\d+)?$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}

const shape = z.enum(SHAPES, { error: (iss) => `must be square or hex, got "${String(iss.input)}"` });

/** bbox or areaId: exactly one, since it is the study area. */
function oneExtent(q: { bbox?: unknown; areaId?: unknown }, ctx: z.RefinementCtx): void {
  if (q.bbox && q.areaId) ctx.addIssue({ code: 'custom', path: ['areaId'], message: 'give bbox or areaId, not both' });
  else if (!q.bbox && !q.areaId) ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'a study area is required: bbox or areaId' });
}

function sameSide(q: { bbox?: { west: number; east: number } }, ctx: z.RefinementCtx): void {
  if (q.bbox && q.bbox.west > q.bbox.east) ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'must not cross the antimeridian (the analysis runs on the British National Grid)' });
}

function bandwidthFits(q: { cellSize?: number; bandwidth?: number }, ctx: z.RefinementCtx): void {
  if (q.bandwidth === undefined || q.cellSize === undefined) return;
  if (q.bandwidth < q.cellSize) ctx.addIssue({ code: 'custom', path: ['bandwidth'], message: `must be at least the cell size (${q.cellSize} m), so that cells have neighbours` });
  if (q.bandwidth > LIMITS.bandwidthCells * q.cellSize) ctx.addIssue({ code: 'custom', path: ['bandwidth'], message: `must be at most ${LIMITS.bandwidthCells} cells (${LIMITS.bandwidthCells * q.cellSize} m)` });
}

const latticeFields = {
  cellSize: numberIn(LIMITS.cellSize[0], LIMITS.cellSize[1], 'metres').optional(),
  shape: shape.optional(),
  bandwidth: numberIn(LIMITS.bandwidth[0], LIMITS.bandwidth[1], 'metres').optional(),
};

/** GET /api/hotspots */
export function hotspotQuerySchema(timeZone: string) {
  return z
    .strictObject({ ...filterFields(timeZone), ...latticeFields })
    .superRefine(checkRange)
    .superRefine(oneExtent)
    .superRefine(sameSide)
    .superRefine(bandwidthFits);
}
export type HotspotQuery = z.output<ReturnType<typeof hotspotQuerySchema>>;

/** GET /api/hotspots/emerging */
export function emergingQuerySchema(timeZone: string) {
  return z
    .strictObject({
      ...filterFields(timeZone),
      ...latticeFields,
      step: z.enum(['week', 'month'], { error: (iss) => `must be week or month, got "${String(iss.input)}"` }).optional(),
      timeLag: numberIn(0, 4, '', { int: true }).optional(),
    })
    .superRefine(checkRange)
    .superRefine(oneExtent)
    .superRefine(sameSide)
    .superRefine(bandwidthFits);
}
export type EmergingQuery = z.output<ReturnType<typeof emergingQuerySchema>>;

/** GET /api/hotspots/places */
export function placesQuerySchema(timeZone: string) {
  return z
    .strictObject({
      ...filterFields(timeZone),
      radius: numberIn(10, 250, 'metres').optional(),
      limit: numberIn(1, 1000, '', { int: true }).optional(),
    })
    .superRefine(checkRange)
    .superRefine(oneExtent);
}
export type PlacesQuery = z.output<ReturnType<typeof placesQuerySchema>>;

/** GET /api/hotspots/near-repeat */
export function nearRepeatQuerySchema(timeZone: string) {
  return z
    .strictObject({
      ...filterFields(timeZone),
      distanceBand: numberIn(10, 2000, 'metres').optional(),
      distanceBands: numberIn(1, 20, '', { int: true }).optional(),
      timeBand: numberIn(1, 365, 'days').optional(),
      timeBands: numberIn(1, 30, '', { int: true }).optional(),
      simulations: numberIn(19, 999, '', { int: true }).optional(),
      seed: numberIn(0, 2 ** 32 - 1, '', { int: true }).optional(),
    })
    .superRefine(checkRange);
}
export type NearRepeatQuery = z.output<ReturnType<typeof nearRepeatQuerySchema>>;

/** GET /api/map/heat?method=kde: the heat view's parameters plus the density's own. */
export function kdeQuerySchema(timeZone: string) {
  const { bbox, ...rest } = filterFields(timeZone);
  return z
    .strictObject({
      ...rest,
      bbox: bbox.unwrap(),
      zoom: numberIn(0, 22, '').optional(),
      method: z.literal('kde'),
      bandwidth: numberIn(50, 10_000, 'metres').optional(),
      cellSize: numberIn(10, 2000, 'metres').optional(),
    })
    .superRefine(checkRange)
    .superRefine(sameSide);
}
export type KdeQuery = z.output<ReturnType<typeof kdeQuerySchema>>;

/** How the cell size was chosen: as given, by the rule of thumb, or raised to the disclosure minimum. */
export type CellSizeMethod = 'given' | 'auto' | 'raised';

/** A lattice cell's outline, WGS84. */
export interface CellPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

/** How a lattice analysis was run. */
export interface HotSpotParams {
  cellSize: number;
  cellSizeMethod: CellSizeMethod;
  bandwidth: number;
  bandwidthMethod: BandwidthMethod;
  shape: CellShape;
  /** cells analysed (n of the Gi* formula) */
  n: number;
  /** sightings in those cells */
  sightings: Published;
  fdr: true;
  /** how a default bandwidth was found: Moran's I z by distance, and k of the fallback */
  scale?: Omit<BandwidthChoice, 'bandwidth' | 'method'>;
}

/** A lattice cell of `GET /api/hotspots`, id "col:row" on the British National Grid. */
export interface HotSpotFeature {
  type: 'Feature';
  id: string;
  geometry: CellPolygon;
  properties: {
    count: Published;
    /** Withheld (null) for restricted roles */
    giZ: number | null;
    giP: number | null;
    /** −3…3 as ArcGIS's Gi_Bin, FDR-corrected: ±3 99 %, ±2 95 %, ±1 90 % */
    bin: number;
    neighbours: number;
    /**
     * With `names`, for a significant cell: its nearest street and, for roles that may
     * read premises, nearest premises ("Deane Road, near Bras Lamp Grill"). Null for
     * other cells, where nothing is near, and for restricted readers where the count is hidden.
     */
    where?: string | null;
  };
}

/** `GET /api/hotspots`: Getis-Ord Gi* on a lattice. */
export interface HotSpotCollection {
  type: 'FeatureCollection';
  restricted: boolean;
  params: HotSpotParams;
  notes: string[];
  features: HotSpotFeature[];
}

export interface EmergingParams extends HotSpotParams {
  step: 'week' | 'month';
  steps: number;
  /** ISO 8601: the cube's first and last edges */
  from: string;
  to: string;
  timeLag: number;
  neighbourhood: string;
  significance: number;
  trendSignificance: number;
}

export interface EmergingFeature {
  type: 'Feature';
  id: string;
  geometry: CellPolygon;
  properties: {
    pattern: EmergingPattern;
    count: Published;
    trendZ: number;
    trendP: number;
    hotSteps: number;
    coldSteps: number;
    /** Per-step bins, only where there is a pattern: they are what it was read from */
    bins: number[] | null;
  };
}

/** `GET /api/hotspots/emerging`: emerging hot spot analysis on a space-time cube. */
export interface EmergingCollection {
  type: 'FeatureCollection';
  restricted: boolean;
  params: EmergingParams;
  summary: Record<EmergingPattern, number>;
  notes: string[];
  features: EmergingFeature[];
}

export interface Place {
  kind: 'premises' | 'location' | 'cell';
  /** premises id (premises only) */
  id: string | null;
  name: string | null;
  category: string | null;
  /** WGS84: the premises, the middle of the sightings at a location, or a cell's centre */
  lon: number;
  lat: number;
  n: number;
}

export interface RankedPlace extends Omit<Place, 'n'> {
  rank: number;
  count: Published;
  /** this place's share of all sightings, 0–1 */
  share: number;
  /** share held by this place and every one ranked above it */
  cumulativeShare: number;
}

export interface PlaceRanking {
  total: Published;
  /** places holding at least one sighting (through the disclosure gate: a new place would say a sighting is there) */
  places: Published;
  /** fewest places that hold half / 80 % of all sightings (null when places shown one by one do not reach it) */
  placesFor50: number | null;
  placesFor80: number | null;
  /** share of all sightings held by the busiest fifth of places */
  shareOfTop20Percent: number | null;
  ranked: RankedPlace[];
  /** Places not listed individually (beyond the limit, or folded in for disclosure control). */
  rest: { places: Published; count: Published; share: number } | null;
}

/** `GET /api/hotspots/places`: repeat places, the 80/20 view. */
export interface PlacesCollection {
  type: 'FeatureCollection';
  restricted: boolean;
  /** `radius`: metres a location gathers sightings within (null where names are not shown); `locationCell`: metres */
  params: { radius: number | null; locationCell: number; names: boolean };
  summary: Omit<PlaceRanking, 'ranked'>;
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: Omit<RankedPlace, 'lon' | 'lat'> }[];
}
