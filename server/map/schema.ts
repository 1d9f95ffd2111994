import { z } from 'zod';
import { AREA_KINDS, FRAMES_PER_REQUEST, type AreaKind, type SightingCategory } from '../lists.js';
import { checkRange, filterFields, parsed } from '../sightings/filters.js';
import { inYears } from '../http/dates.js';
import { nextDay, parseInstant } from '../time/zone.js';
import { areaGeometrySchema } from '../geo/geojson.js';
import type { Published } from '../disclosure/secondary.js';
import type { Interval } from './timeline.js';

const zoom = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number 0–22')
  .transform(Number)
  .pipe(z.number().min(0).max(22, 'must be a number 0–22'));

export function viewQuerySchema(timeZone: string) {
  const { bbox, ...rest } = filterFields(timeZone);
  return z
    .strictObject({ ...rest, bbox: bbox.unwrap(), zoom })
    .superRefine(checkRange);
}

/** One frame of `frames`: `YYYY-MM-DD/YYYY-MM-DD`, whole local days, both ends inclusive as the date filters. */
function parseFrame(text: string, timeZone: string): { from: Date; to: Date } | string {
  const m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(text);
  const first = m && parseInstant(m[1]!, timeZone);
  const last = m && parseInstant(m[2]!, timeZone);
  if (!m || !first || !last) return `each frame must be two dates, YYYY-MM-DD/YYYY-MM-DD, got "${text}"`;
  const to = parseInstant(nextDay(m[2]!), timeZone);
  if (!to || !inYears(first) || !inYears(to)) return `a frame's dates must be within the years records can have, got "${text}"`;
  if (first >= to) return `a frame must not end before it starts, got "${text}"`;
  return { from: first, to };
}

/** A view's filters without a period, and the frames of a playback that give it one each. */
export function framesQuerySchema(timeZone: string) {
  const { bbox, from: _from, to: _to, ...rest } = filterFields(timeZone);
  const frames = parsed((s): { from: Date; to: Date }[] | string => {
    const parts = s.split(',');
    if (parts.length > FRAMES_PER_REQUEST) return `at most ${FRAMES_PER_REQUEST} frames a request, got ${parts.length}`;
    const out: { from: Date; to: Date }[] = [];
    for (const p of parts) {
      const f = parseFrame(p, timeZone);
      if (typeof f === 'string') return f;
      out.push(f);
    }
    return out;
  });
  return z.strictObject({ ...rest, bbox: bbox.unwrap(), zoom, frames });
}

export function timelineQuerySchema(timeZone: string) {
  return z
    .strictObject({ ...filterFields(timeZone), interval: z.enum(['auto', 'day', 'week', 'month']).optional() })
    .superRefine(checkRange);
}

export function choroplethQuerySchema(timeZone: string) {
  return z.strictObject({ ...filterFields(timeZone), kind: z.enum(AREA_KINDS).optional() }).superRefine(checkRange);
}

export function statsQuerySchema(timeZone: string) {
  return z.strictObject(filterFields(timeZone)).superRefine(checkRange);
}

/** A drawn polygon and the same filters as the query string, as JSON strings. */
export function statsBodySchema(timeZone: string) {
  const f = filterFields(timeZone);
  return z.strictObject({ geometry: areaGeometrySchema, ...f }).superRefine(checkRange);
}

/** A place on the map: WGS84 `[lon, lat]`. */
export interface MapPoint {
  type: 'Point';
  coordinates: [number, number];
}

/** Several sightings near each other (supercluster's conventions), for roles that read records. */
export interface ClusterProps {
  cluster: true;
  /** Never set: tells a cluster from a disclosure cell (`CellProps`). */
  cell?: undefined;
  cluster_id: number | null;
  point_count: number;
  point_count_abbreviated: string;
  /** The zoom at which this cluster splits (click to zoom there). */
  expansion_zoom: number;
  categories: Partial<Record<SightingCategory, number>>;
  /** The `cluster` parameter of `GET /api/sightings` (with this view's bbox and filters) that lists exactly these sightings. */
  members?: string;
}

/** One sighting, for roles that read records. */
export interface PointProps {
  cluster: false;
  id: string;
  category: SightingCategory;
  /** ISO 8601 */
  observedAt: string;
}

/** A point or cluster of sightings, for roles that read records. */
export interface ClusterFeature {
  type: 'Feature';
  id?: string | number;
  geometry: MapPoint;
  properties: ClusterProps | PointProps;
}

/** A disclosure-controlled grid cell (restricted roles), drawn at the cell's centre; only categories that read a number are listed. */
export interface CellProps {
  cluster: true;
  cell: true;
  /** Metres */
  cellSize: number;
  point_count: number;
  point_count_abbreviated: string;
  expansion_zoom: number;
  categories: Partial<Record<SightingCategory, Published>>;
  /** The British National Grid square the count belongs to, WGS84: a closed ring of its corners */
  outline: [number, number][];
}

export interface SafeFeature {
  type: 'Feature';
  geometry: MapPoint;
  properties: CellProps;
}

/** `GET /api/map/clusters` */
export interface ClusterResult {
  type: 'FeatureCollection';
  zoom: number;
  restricted: boolean;
  /** Metres: the disclosure grid's cell size for restricted roles, else null. */
  cellSize: number | null;
  /** Sightings matching the filters inside the view. */
  total: Published;
  features: (ClusterFeature | SafeFeature)[];
}

/** `GET /api/map/clusters/frames`: each frame's clusters, in the order asked. */
export interface ClusterFramesResult {
  frames: ClusterResult[];
}

/** `GET /api/map/heat/frames`: each frame's heat, in the order asked. */
export interface HeatFramesResult {
  frames: HeatResult[];
}

/** `GET /api/map/heat`: weighted points (weight = sightings in the cell). */
export interface HeatResult {
  type: 'FeatureCollection';
  zoom: number;
  restricted: boolean;
  /** Metres: the disclosure grid's cell size for restricted roles, else null. */
  cellSize: number | null;
  maxWeight: number;
  features: { type: 'Feature'; geometry: MapPoint; properties: { weight: number; count: number } }[];
}

/** `GET /api/map/timeline`: counts by day, week or month and the weekday × hour matrix. */
export interface TimelineResult {
  interval: Interval;
  timeZone: string;
  restricted: boolean;
  total: Published;
  /** `start`: the local date a bucket starts on, `YYYY-MM-DD` (weeks start on Monday) */
  buckets: { start: string; count: Published }[];
  /** 7 × 24: rows Monday…Sunday, columns hour 0…23, in `timeZone` */
  matrix: Published[][];
}

/** `GET /api/map/choropleth`: counts per area of a kind. */
export interface ChoroplethArea {
  id: string;
  name: string;
  count: Published;
  /** residents, where an import (or the demo) gave them */
  population: number | null;
  areaKm2: number;
  /** sightings per 1,000 residents, from the count as published; null without a population or a shown count */
  perThousand: number | null;
  /** sightings per km², from the count as published; null when the count is hidden */
  perKm2: number | null;
}

export interface ChoroplethResult {
  kind: AreaKind;
  restricted: boolean;
  /** what the map is shaded by: per 1,000 residents when every area has a population, else per km² */
  basis: 'population' | 'area';
  areas: ChoroplethArea[];
}

/** `POST /api/map/stats` (a drawn polygon) and, with its area, `GET /api/areas/:id/stats`. */
export interface PeriodStats {
  period: { from: string; to: string };
  count: Published;
  previous: { from: string; to: string; count: Published };
  lastYear: { from: string; to: string; count: Published };
  /** Percentage change against the previous period; null when it cannot be told (zero or hidden). */
  changePct: number | null;
  byCategory: Partial<Record<SightingCategory, Published>>;
  /** 7 × 24, as the timeline's */
  matrix: Published[][];
  restricted: boolean;
}

/** `GET /api/areas/:id/stats` */
export interface AreaStats extends PeriodStats {
  area: { id: string; name: string; kind: AreaKind };
}

/** `GET /api/map/basemap`: where the client finds its basemap. */
export interface BasemapInfo {
  /** A MapLibre style URL, or null */
  style: string | null;
  /** Path of a PMTiles file on this server, or null */
  pmtiles: string | null;
}
