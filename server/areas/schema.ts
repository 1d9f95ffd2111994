import { z } from 'zod';
import { AREA_KINDS, type AreaKind } from '../lists.js';
import { areaGeometrySchema, type AreaGeometry } from '../geo/geojson.js';

export const listAreasQuerySchema = z.strictObject({ kind: z.enum(AREA_KINDS).optional() });

export const createAreaSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(AREA_KINDS).default('custom'),
  geometry: areaGeometrySchema,
});
export type CreateArea = z.infer<typeof createAreaSchema>;

export interface Area {
  id: string;
  name: string;
  kind: AreaKind;
  synthetic: boolean;
  geometry: AreaGeometry;
}
