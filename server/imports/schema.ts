import { z } from 'zod';

export const IMPORT_KINDS = ['sightings', 'premises', 'vehicles', 'areas'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const importParams = z.strictObject({ kind: z.enum(IMPORT_KINDS) });

export const importQuerySchema = z.strictObject({
  mode: z.enum(['lenient', 'strict']).optional(),
  onDuplicate: z.enum(['skip', 'update']).optional(),
  /** SRID of GeoJSON coordinates when the file has no `crs` member: 4326 or 27700. */
  srid: z.enum(['4326', '27700']).transform(Number).optional(),
  /** Areas: repair invalid polygons with ST_MakeValid instead of rejecting them. */
  repair: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  fileName: z.string().trim().min(1).max(255).optional(),
});

export interface ImportOptions {
  kind: ImportKind;
  format: 'csv' | 'geojson';
  mode: 'lenient' | 'strict';
  onDuplicate: 'skip' | 'update';
  srid?: number;
  repair?: boolean;
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

export interface ImportResult extends ImportCounts {
  id: string;
  status: 'running' | 'done' | 'rejected' | 'failed' | 'interrupted';
  rejected: Rejected[];
}
