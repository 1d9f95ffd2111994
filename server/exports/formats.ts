import type { ExportField } from './schema.js';
import { pointGeoPackage, type GpkgColumn } from './gpkg.js';
import { toCsv as writeCsv, type CsvCell } from '../http/csv.js';

/**
 * The three export formats of a list of records, each written from the same field
 * list so that a column exists, or does not, in all of them alike.
 */

/** A record with its point (WGS84); other fields are read by name. */
type Row = { id: string; lon: number; lat: number };
const get = (r: Row, name: string) => (r as unknown as Record<string, unknown>)[name];

/** The protective marking every export carries where its format has room for it. */
export const MARKING = 'OFFICIAL-SENSITIVE';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));

/** A field's value as plain text (CSV), or null when empty. */
function text(f: ExportField, v: unknown): string | null {
  if (v == null) return null;
  if (f.type === 'datetime') return iso(v);
  if (f.type === 'list') return (v as unknown[]).length ? (v as unknown[]).join(';') : null;
  return String(v);
}

/** GeoJSON FeatureCollection (RFC 7946); lon/lat are the geometry, not properties. */
export function toGeoJson(rows: Row[], fields: readonly ExportField[], meta: Record<string, unknown>) {
  const props = fields.filter((f) => f.name !== 'lon' && f.name !== 'lat');
  return {
    type: 'FeatureCollection' as const,
    ...meta,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
      properties: Object.fromEntries(props.map((f) => [f.name, f.type === 'datetime' ? iso(get(r, f.name)) : (get(r, f.name) ?? null)])),
    })),
  };
}

/**
 * RFC 4180 CSV with a header row; lists are joined with ";". Written by the shared
 * writer (server/http/csv.ts): integer and real fields as numbers, text prefixed with
 * an apostrophe where a spreadsheet would run it as a formula (=, +, -, @, tab, CR).
 */
export function toCsv(rows: Row[], fields: readonly ExportField[]): string {
  const cell = (f: ExportField, v: unknown): CsvCell => {
    if (v != null && (f.type === 'integer' || f.type === 'real') && Number.isFinite(Number(v))) return Number(v);
    return text(f, v);
  };
  return writeCsv([fields.map((f) => f.name), ...rows.map((r) => fields.map((f) => cell(f, get(r, f.name))))]);
}

const GPKG_TYPES: Record<ExportField['type'], GpkgColumn['type']> = {
  text: 'TEXT',
  list: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  datetime: 'DATETIME',
  date: 'DATE',
  boolean: 'BOOLEAN',
};

/** A GeoPackage with one point layer; lon/lat are kept as columns too, for tools that read the table as a sheet. */
export function toGeoPackage(rows: Row[], fields: readonly ExportField[], layer: { table: string; identifier: string; description: string }) {
  const value = (f: ExportField, v: unknown): string | number | null => {
    if (v == null) return null;
    if (f.type === 'boolean') return v ? 1 : 0;
    if (f.type === 'integer' || f.type === 'real') return Number(v);
    return text(f, v);
  };
  return pointGeoPackage({
    ...layer,
    columns: fields.map((f) => ({ name: f.name, type: GPKG_TYPES[f.type] })),
    rows: rows.map((r) => ({ lon: r.lon, lat: r.lat, values: fields.map((f) => value(f, get(r, f.name))) })),
  });
}
