/**
 * Pure helpers of the import page: the validation report as table rows and as a
 * CSV file, the content type a file is sent as, and how far a running import is.
 */
import { toCsv } from '../../../server/http/csv.js';
import type { BasemapFormat, ImportKind, PlaceFormat } from '../../../server/lists.js';
import type { BasemapLayer } from '../../../server/basemap/schema.js';
import type { Rejected } from '../../../server/imports/schema.js';

/** One rejected file row as the server reports it: `row` is the file line (header = 1), or the feature's number in GeoJSON. */
export type { Rejected };

/** One line of the report table: a bad field of a rejected row. */
export interface ReportLine {
  row: number;
  /** The column (or GeoJSON member) at fault; "" when the whole row is malformed. */
  field: string;
  reason: string;
}

/**
 * One line per bad field, in file order. A strict-mode refusal (422) names its rows
 * as problem paths `rows.<line>.<field>`; those are read back into the same lines.
 *
 *   reportLines([{ row: 11, errors: [{ path: 'observed_at', message: 'is required' }] }])
 *   → [{ row: 11, field: 'observed_at', reason: 'is required' }]
 */
export function reportLines(rejected: readonly Rejected[]): ReportLine[] {
  return rejected
    .flatMap((r) => r.errors.map((e) => ({ row: r.row, field: e.path, reason: e.message })))
    .sort((a, b) => a.row - b.row);
}

/** The rejected rows of a strict-mode 422: its `errors` are `rows.<line>[.<field>]`. */
export function rejectedOfProblem(errors: readonly { path: string; message: string }[]): Rejected[] {
  const byRow = new Map<number, Rejected>();
  for (const e of errors) {
    const m = /^rows\.(\d+)(?:\.(.*))?$/.exec(e.path);
    if (!m) continue;
    const row = Number(m[1]);
    const r = byRow.get(row) ?? { row, errors: [] };
    r.errors.push({ path: m[2] ?? '', message: e.message });
    byRow.set(row, r);
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row);
}

/** The report as CSV (`row,field,reason`, CRLF line ends), for the team's own records: Lantern's one CSV writer, with its formula neutralisation. */
export function reportCsv(lines: readonly ReportLine[]): string {
  return toCsv([['row', 'field', 'reason'], ...lines.map((l) => [l.row, l.field, l.reason])]);
}

/** The report file's name: `<file>-rejected-rows.csv`. */
export const reportFileName = (fileName: string): string => `${fileName.replace(/\.[^.]+$/, '') || 'import'}-rejected-rows.csv`;

/** The media type a GeoPackage is sent as. */
export const GEOPACKAGE_TYPE = 'application/geopackage+sqlite3';

/**
 * What the file is sent as: GeoJSON by its extension (or its declared type), a
 * GeoPackage by its extension (basemap only), CSV otherwise. Areas come only as
 * GeoJSON, basemaps only as GeoJSON or GeoPackage; null when a file cannot be sent as that kind.
 */
export function contentTypeOf(fileName: string, declared: string, kind: ImportKind): 'text/csv' | 'application/geo+json' | typeof GEOPACKAGE_TYPE | null {
  const geo = /\.(geo)?json$/i.test(fileName) || /json/i.test(declared);
  if (kind === 'basemap') return /\.gpkg$/i.test(fileName) || /geopackage|sqlite/i.test(declared) ? GEOPACKAGE_TYPE : geo ? 'application/geo+json' : null;
  if (kind === 'areas') return geo ? 'application/geo+json' : null;
  if (kind === 'places' || kind === 'episodes') return geo ? null : 'text/csv';
  return geo ? 'application/geo+json' : 'text/csv';
}

/** The query string of the import's options; only those that differ from the server's defaults. */
export function importQuery(o: {
  fileName: string;
  strict: boolean;
  update: boolean;
  srid: '' | '4326' | '27700';
  repair: boolean;
  kind: ImportKind;
  placeFormat?: PlaceFormat;
  /** Basemap: '' lets the server choose (every layer of an OSM extract, else roads). */
  basemapLayer?: BasemapLayer | 'all' | '';
  /** Basemap: '' lets the server tell the format from the file. */
  basemapFormat?: BasemapFormat | '';
}): string {
  const q = new URLSearchParams({ fileName: o.fileName.slice(0, 255) });
  if (o.strict) q.set('mode', 'strict');
  // A basemap import replaces its layers whole: there is nothing to update.
  if (o.update && o.kind !== 'basemap') q.set('onDuplicate', 'update');
  if ((o.kind === 'areas' || o.kind === 'basemap') && o.srid) q.set('srid', o.srid);
  if (o.kind === 'basemap' && o.basemapLayer) q.set('layer', o.basemapLayer);
  if (o.kind === 'basemap' && o.basemapFormat) q.set('format', o.basemapFormat);
  if (o.kind === 'areas' && o.repair) q.set('repair', 'true');
  if (o.kind === 'places' && o.placeFormat) q.set('format', o.placeFormat);
  return `?${q.toString()}`;
}

/**
 * How far a running import is, 0–1, from the bytes the server has read of the file;
 * null when it cannot tell (GeoJSON is read whole, or nothing reported yet).
 */
export function importFraction(s: { bytes?: number | null; bytesRead?: number | null; status: string }): number | null {
  if (s.status !== 'running') return 1;
  if (!s.bytes || s.bytesRead === null || s.bytesRead === undefined) return null;
  return Math.max(0, Math.min(1, s.bytesRead / s.bytes));
}

/** A problem with one of the file's columns, as the server names it (`columns.<name>`): unknown, or required and missing. */
export interface ColumnProblem {
  column: string;
  message: string;
}

/**
 * The column problems among a report's warnings or a refusal's errors.
 *
 *   columnProblems([{ path: 'columns.source_evaluation', message: 'is not a column … did you mean "source_eval"?' }])
 *   → [{ column: 'source_evaluation', message: 'is not a column … did you mean "source_eval"?' }]
 */
export function columnProblems(errors: readonly { path: string; message: string }[]): ColumnProblem[] {
  return errors.filter((e) => e.path.startsWith('columns.')).map((e) => ({ column: e.path.slice('columns.'.length), message: e.message }));
}

/**
 * A refused import: by strict mode (a bad row was read) or, before any row was read,
 * for its header (a required column missing).
 */
export const refusedFor = (s: { status: string; rowsRead: number }): 'strict mode' | 'columns' | null =>
  s.status !== 'rejected' ? null : s.rowsRead === 0 ? 'columns' : 'strict mode';
