import { z } from 'zod';
import { AREA_KINDS } from '../lists.js';
import { parseBBox, type BBox } from '../geo/bbox.js';
import { filterFields, parsed, type SightingFilters } from '../sightings/filters.js';
import { SAFE_CELL_SIZES } from '../disclosure/suppress.js';
import { parseDatetime, type TimeRange } from './datetime.js';

/** The one CRS served: WGS84 longitude, latitude (OGC's CRS84). */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export const DEFAULT_LIMIT = 100;
/** Larger `limit`s are served as this many per page (the standard allows the server to cap). */
export const MAX_LIMIT = 10_000;

export const COLLECTION_IDS = ['sightings', 'premises', 'areas', 'sighting-cells'] as const;
export type CollectionId = (typeof COLLECTION_IDS)[number];

/** `bbox`: four numbers, or six with heights (minLon,minLat,minZ,maxLon,maxLat,maxZ), whose heights are ignored. */
export function parseOgcBBox(text: string): BBox | string {
  const parts = text.split(',');
  if (parts.length === 6) {
    if (parts.some((p) => p.trim() === '' || !Number.isFinite(Number(p)))) return `bbox must be numbers, got "${text}"`;
    return parseBBox([parts[0], parts[1], parts[3], parts[4]].join(','));
  }
  return parseBBox(text);
}

const crs = z.literal(CRS84, { message: `only ${CRS84} is served` });
/** `f`: every answer is JSON (GeoJSON for features); clients name it in several ways. */
const FORMATS = ['json', 'geojson', 'application/json', 'application/geo+json'] as const;
const format = z.enum(FORMATS, { message: `f must be one of ${FORMATS.join(', ')}` });
const whole = (what: string, min: number) =>
  z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number).pipe(z.number().int().min(min, `${what} must be at least ${min}`));

/** The parameters of every `items` request, per OGC API – Features Part 1 (and `crs`/`bbox-crs` of Part 2, CRS84 only). */
function itemsFields(timeZone: string) {
  return {
    bbox: parsed(parseOgcBBox).optional(),
    'bbox-crs': crs.optional(),
    crs: crs.optional(),
    datetime: parsed((s): TimeRange | string => parseDatetime(s, timeZone)).optional(),
    limit: whole('limit', 1).transform((n) => Math.min(n, MAX_LIMIT)).optional(),
    offset: whole('offset', 0).optional(),
    f: format.optional(),
  };
}

/** Sighting filters beyond the standard ones (the same as the rest of the API's). */
function sightingExtras(timeZone: string) {
  const { hours, days, category, agency, model, indicator, premisesId, vehicleId, areaId } = filterFields(timeZone);
  return { hours, days, category, agency, model, indicator, premisesId, vehicleId, areaId };
}

const cellSizes = SAFE_CELL_SIZES.map(String) as [string, ...string[]];

/** The `items` query of each collection; unknown parameters are a 400, as the standard asks. */
export function itemsQuerySchemas(timeZone: string) {
  const base = itemsFields(timeZone);
  return {
    sightings: z.strictObject({ ...base, ...sightingExtras(timeZone) }),
    'sighting-cells': z.strictObject({
      ...base,
      ...sightingExtras(timeZone),
      cellSize: z.enum(cellSizes, { message: `cellSize must be one of ${cellSizes.join(', ')} (metres)` }).transform(Number).optional(),
    }),
    premises: z.strictObject(base),
    areas: z.strictObject({ ...base, kind: z.enum(AREA_KINDS, { message: `kind must be one of ${AREA_KINDS.join(', ')}` }).optional() }),
  } satisfies Record<CollectionId, z.ZodType>;
}

/** An `items` request once checked: what the service needs, whatever the collection. */
export interface ItemsRequest {
  bbox?: BBox;
  range: TimeRange;
  limit: number;
  offset: number;
  /** The sightings filters beyond bbox and time (sightings and sighting-cells). */
  filters: SightingFilters;
  cellSize?: number;
  kind?: string;
}

/** Landing page, conformance, collections and single features: only the format. */
export const metaQuerySchema = z.strictObject({ f: format.optional(), crs: crs.optional() });
