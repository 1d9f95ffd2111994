import { z } from 'zod';
import { checkRange, filterFields } from '../sightings/filters.js';
import { selectionFields } from '../sightings/picks.js';

export const EXPORT_FORMATS = ['geojson', 'csv', 'gpkg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Most sightings one export holds; a larger view must be narrowed rather than cut short silently. */
export const MAX_EXPORT = 100_000;

/** `GET /api/exports/sightings`: every sightings filter, a cell, cluster or area picked off the map, and the file format (GeoJSON unless told). */
export function exportQuerySchema(timeZone: string) {
  return z
    .strictObject({ ...filterFields(timeZone), ...selectionFields, format: z.enum(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(', ')}` }).optional() })
    .superRefine(checkRange);
}

/** A column of an export: its name (as the API names the field), its type, and whether only full readers get it. */
export interface ExportField {
  name: string;
  type: 'text' | 'integer' | 'real' | 'datetime' | 'date' | 'boolean' | 'list';
  restricted?: boolean;
}

/** The columns of a sightings export, in order; lon/lat (WGS84) are the point itself. */
export const SIGHTING_EXPORT_FIELDS: readonly ExportField[] = [
  { name: 'id', type: 'text' },
  { name: 'observedAt', type: 'datetime' },
  { name: 'reportedAt', type: 'datetime' },
  { name: 'lon', type: 'real' },
  { name: 'lat', type: 'real' },
  { name: 'precisionM', type: 'integer' },
  { name: 'category', type: 'text' },
  { name: 'groomingModel', type: 'text' },
  { name: 'sourceAgency', type: 'text' },
  { name: 'sourceEval', type: 'integer' },
  { name: 'intelAssessment', type: 'text' },
  { name: 'handlingCode', type: 'text' },
  { name: 'premisesId', type: 'text' },
  { name: 'vehicleId', type: 'text' },
  { name: 'areaId', type: 'text' },
  { name: 'indicators', type: 'list' },
  { name: 'externalRef', type: 'text' },
  { name: 'reviewDue', type: 'date' },
  { name: 'synthetic', type: 'boolean' },
  { name: 'narrative', type: 'text', restricted: true },
  { name: 'subjectRefs', type: 'list', restricted: true },
];
