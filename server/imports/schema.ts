import { z } from 'zod';
import { IMPORT_KINDS, PLACE_FORMATS, type ImportKind, type PlaceFormat } from '../lists.js';

export { IMPORT_KINDS, PLACE_FORMATS, type ImportKind, type PlaceFormat };

export const importParams = z.strictObject({ kind: z.enum(IMPORT_KINDS) });

export const importQuerySchema = z.strictObject({
  mode: z.enum(['lenient', 'strict']).optional(),
  onDuplicate: z.enum(['skip', 'update']).optional(),
  /** SRID of GeoJSON coordinates when the file has no `crs` member: 4326 or 27700. */
  srid: z.enum(['4326', '27700']).transform(Number).optional(),
  /** Areas: repair invalid polygons with ST_MakeValid instead of rejecting them. */
  repair: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  fileName: z.string().trim().min(1).max(255).optional(),
  /** Places: which gazetteer file this is (required for places, refused for other kinds). */
  format: z.enum(PLACE_FORMATS).optional(),
});

export interface ImportOptions {
  kind: ImportKind;
  format: 'csv' | 'geojson';
  mode: 'lenient' | 'strict';
  onDuplicate: 'skip' | 'update';
  srid?: number;
  repair?: boolean;
  /** Places only: the gazetteer file's format. */
  placeFormat?: PlaceFormat;
  fileName: string | null;
}

export interface Rejected {
  /** Line in the file (header is line 1), or feature number for GeoJSON. */
  row: number;
  errors: { path: string; message: string }[];
}

export interface ImportCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejectedCount: number;
}

/** Live counts of a running import (GET /api/imports/:id): `bytesRead` of the file's `bytes` (null for GeoJSON). */
export interface ImportProgress extends ImportCounts {
  bytesRead: number | null;
}

export interface ImportResult extends ImportCounts {
  id: string;
  status: 'running' | 'done' | 'rejected' | 'failed' | 'interrupted';
  rejected: Rejected[];
}
