import { z } from 'zod';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions')
  .max(20_000)
  .refine((r) => r.length < 4 || (r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]), 'a ring must end where it starts');

export const polygonSchema = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(100) });
export const multiPolygonSchema = z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1).max(100)).min(1).max(1000) });

/** A GeoJSON Polygon or MultiPolygon in WGS84 ([lon, lat]); validity beyond shape is PostGIS's to judge. */
export const areaGeometrySchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);
export type AreaGeometry = z.infer<typeof areaGeometrySchema>;
