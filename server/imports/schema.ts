import { z } from 'zod';
import { BASEMAP_FORMATS, IMPORT_KINDS, PLACE_FORMATS, type BasemapFormat, type ImportKind, type PlaceFormat } from '../lists.js';
import { BASEMAP_LAYERS, type BasemapLayer } from '../basemap/schema.js';

export { BASEMAP_FORMATS, IMPORT_KINDS, PLACE_FORMATS, type BasemapFormat, type ImportKind, type PlaceFormat };

/** What a basemap import may replace: one layer, or every layer the file has features for. */
export const BASEMAP_IMPORT_LAYERS = [...BASEMAP_LAYERS, 'all'] as const;
export type BasemapImportLayer = BasemapLayer | 'all';

export const importParams = z.strictObject({ kind: z.enum(IMPORT_KINDS) });

export const importQuerySchema = z.strictObject({
  mode: z.enum(['lenient', 'strict']).optional(),
  onDuplicate: z.enum(['skip', 'update']).optional(),
  /** SRID of GeoJSON coordinates when the file has no `crs` member: 4326 or 27700. */
  srid: z.enum(['4326', '27700']).transform(Number).optional(),
  /** Areas: repair invalid polygons with ST_MakeValid instead of rejecting them. */
  repair: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  fileName: z.string().trim().min(1).max(255).optional(),
  /** Places: which gazetteer file this is (required). Basemap: which kind of file (default: told from the file). Refused for other kinds. */
  format: z.enum([...PLACE_FORMATS, ...BASEMAP_FORMATS]).optional(),
  /** Basemap only: the layer to replace, or `all` (an OSM extract's default). */
  layer: z.enum(BASEMAP_IMPORT_LAYERS).optional(),
  /** Basemap only: the GeoPackage table to read. */
  table: z.string().trim().min(1).max(128).optional(),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** What a basemap import was asked for; the format is told from the file when not given. */
export interface BasemapImportOptions {
  layer?: BasemapImportLayer;
  format?: BasemapFormat;
  table?: string;
}

/** What a basemap import did: the file's format, the tables read, rows loaded per layer, features not for the basemap. */
export interface BasemapImportDetail extends BasemapImportOptions {
  format: BasemapFormat;
  tables: string[];
  layers: Partial<Record<BasemapLayer, number>>;
  ignored: number;
}

export interface ImportOptions {
  kind: ImportKind;
  /** The file's container: CSV, GeoJSON, or (basemap only) a GeoPackage. */
  format: 'csv' | 'geojson' | 'gpkg';
  mode: 'lenient' | 'strict';
  onDuplicate: 'skip' | 'update';
  srid?: number;
  repair?: boolean;
  /** Places only: the gazetteer file's format. */
  placeFormat?: PlaceFormat;
  /** Basemap only. */
  basemap?: BasemapImportOptions;
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

export type ImportStatusName = 'running' | 'done' | 'rejected' | 'failed' | 'interrupted';

export interface ImportResult extends ImportCounts {
  id: string;
  status: ImportStatusName;
  rejected: Rejected[];
  /** About the file as a whole: each column Lantern does not read (`columns.<name>`), with the accepted name it may mean. */
  warnings: { path: string; message: string }[];
  /** Basemap imports: what was loaded. */
  basemap?: BasemapImportDetail;
}

/** A basemap import as stored: the options it was given and, once done, what it loaded. */
export type StoredBasemap = BasemapImportOptions & Partial<Omit<BasemapImportDetail, keyof BasemapImportOptions>>;

/** A past import as `GET /api/imports` lists it. */
export interface ImportSummary extends ImportCounts {
  id: string;
  kind: ImportKind;
  fileName: string | null;
  status: ImportStatusName;
  /** Basemap imports only. */
  basemap?: StoredBasemap | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One import as `GET /api/imports/:id` (or a finished `POST`) gives it. */
export interface ImportStatus extends ImportCounts {
  id: string;
  status: ImportStatusName;
  kind?: ImportKind;
  fileName?: string | null;
  startedAt?: Date;
  finishedAt?: Date | null;
  /** The file's size, bytes. */
  bytes?: number;
  /** While running: how much of the file the server has read (CSV only). */
  bytesRead?: number | null;
  /** The first rejected rows with reasons (the count covers them all). */
  rejected?: Rejected[];
  /** About the file as a whole: columns Lantern does not read (`columns.<name>`), or, for a file refused for its header, the columns at fault. */
  warnings?: { path: string; message: string }[];
  error?: string | null;
  basemap?: StoredBasemap | null;
}
