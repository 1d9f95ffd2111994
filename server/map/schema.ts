import { z } from 'zod';
import { AREA_KINDS } from '../lists.js';
import { checkRange, filterFields } from '../sightings/filters.js';
import { areaGeometrySchema } from '../geo/geojson.js';

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
