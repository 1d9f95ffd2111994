import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { containsPoint } from '../geo/bbox.js';
import type { FieldError } from '../http/errors.js';
import type { Caller } from '../http/auth.js';
import { csvHeader, csvRecords, geoJsonRecords, type SourceRecord } from './records.js';
import { COLUMNS, judgeColumns, type ColumnKind } from './columns.js';
import type { RowResult } from './rows.js';
import type { ImportCounts, ImportOptions, ImportProgress, Rejected } from './schema.js';

/** Rejected rows kept for the report; the count covers them all. */
const KEEP_REJECTED = 1000;

/** What one import has read, written and rejected so far; `report` passes it on as progress. */
export class Tally {
  readonly counts: ImportCounts = { rowsRead: 0, inserted: 0, updated: 0, duplicates: 0, rejectedCount: 0 };
  readonly rejected: Rejected[] = [];
  /** About the file as a whole (columns Lantern does not read), for the report. */
  readonly warnings: FieldError[] = [];
  /** How far into the file the reader is (CSV only; GeoJSON is parsed whole). */
  private bytesRead: number | null = null;
  constructor(private readonly onProgress: (c: ImportProgress) => void) {}
  read(rec: SourceRecord) {
    this.counts.rowsRead++;
    if (rec.bytes !== undefined) this.bytesRead = rec.bytes;
  }
  reject(row: number, errors: FieldError[]) {
    this.counts.rejectedCount++;
    if (this.rejected.length < KEEP_REJECTED) this.rejected.push({ row, errors });
  }
  /** Counts a batch of `offered` rows the database took: those neither inserted nor updated were duplicates. */
  landed(offered: number, r: { inserted: number; updated: number }) {
    this.counts.inserted += r.inserted;
    this.counts.updated += r.updated;
    this.counts.duplicates += offered - r.inserted - r.updated;
  }
  report() {
    this.onProgress({ ...this.counts, bytesRead: this.bytesRead });
  }
}

/** One running import: its transaction, options and tally, for the importers. */
export interface Ctx {
  db: Db;
  trx: Knex.Transaction;
  config: Config;
  actor: Caller;
  opts: ImportOptions;
  tally: Tally;
  /** In strict mode, stop writing once a row is bad (but keep reading to report every bad row). */
  writing: () => boolean;
}

/**
 * Rejects row `line` when its point (WGS84) lies outside the operating area, naming the
 * field the place was given in (`easting` for a British National Grid reference, else
 * `lat`). True when the row was rejected.
 */
export function rejectOutside(c: Ctx, line: number, p: { lon: number; lat: number }, bng: boolean): boolean {
  if (containsPoint(c.config.operatingArea, p.lon, p.lat)) return false;
  c.tally.reject(line, [{ path: bng ? 'easting' : 'lat', message: `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}) is outside the operating area` }]);
  return true;
}

/**
 * The row a reader makes of a record, or undefined after rejecting the record
 * (a syntax problem of the file, or the reader's field errors).
 */
export function readRow<T>(c: Ctx, rec: SourceRecord, reader: (cells: SourceRecord['cells']) => RowResult<T>): T | undefined {
  if (rec.problem) {
    c.tally.reject(rec.line, [{ path: '', message: rec.problem }]);
    return undefined;
  }
  const r = reader(rec.cells);
  if (!r.ok) {
    c.tally.reject(rec.line, r.errors);
    return undefined;
  }
  return r.row;
}

/** A file refused for its header before any row was read: `errors` name the columns (`columns.<name>`). */
export class ColumnsRefused extends Error {
  constructor(
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
  }
}

/**
 * Checks the file's header against the kind's columns (the rule is in columns.ts):
 * throws ColumnsRefused when a required column is missing, else adds a warning per
 * column Lantern does not read.
 */
export function checkColumns(c: Ctx, kind: ColumnKind, header: readonly string[]): void {
  const { missing, unknown } = judgeColumns(kind, header);
  const unread = (u: { name: string; suggestion?: string }, consequence = '') =>
    `is not a column Lantern reads for ${kind}${consequence}${u.suggestion ? `: did you mean "${u.suggestion}"?` : ''}`;
  if (missing.length) {
    const where = missing.map((m) => (m === 'location' ? 'a location (lat and lon, easting and northing, or grid_ref)' : `"${m}"`));
    const hints = unknown.map((u) => (u.suggestion ? `"${u.name}" (did you mean "${u.suggestion}"?)` : `"${u.name}"`));
    throw new ColumnsRefused(
      `The file's header has no ${where.join(', ')}, which every ${kind} row needs, so nothing was imported.${hints.length ? ` Lantern does not read ${hints.join(', ')}.` : ''} Fix the header and import the file again.`,
      [
        ...missing.map((m) => ({ path: `columns.${m}`, message: m === 'location' ? 'is required: lat and lon, easting and northing, or grid_ref' : 'is required, and the file has no such column' })),
        ...unknown.map((u) => ({ path: `columns.${u.name}`, message: unread(u) })),
      ],
    );
  }
  c.tally.warnings.push(...unknown.map((u) => ({ path: `columns.${u.name}`, message: unread(u, ', so its values were not imported') })));
}

/** The property names of a GeoJSON file's features, and lon/lat (or easting/northing) when a feature is a Point. */
function geoJsonHeader(records: readonly SourceRecord[], bng: boolean): string[] {
  const names = new Set<string>();
  for (const r of records) {
    for (const k in r.cells) names.add(k);
    if (r.geometry?.type === 'Point') for (const k of bng ? ['easting', 'northing'] : ['lon', 'lat']) names.add(k);
  }
  return [...names];
}

/**
 * The file's records: CSV rows, or GeoJSON features with a Point's coordinates as
 * lon/lat (or easting/northing) cells. For a kind whose columns are checked, the
 * header is judged first (`checkColumns`); a GeoJSON file's header is every property
 * its features have.
 */
export async function openSource(c: Ctx, file: string): Promise<AsyncIterable<SourceRecord> | Iterable<SourceRecord>> {
  const kind = c.opts.kind in COLUMNS && COLUMNS[c.opts.kind as ColumnKind].checked ? (c.opts.kind as ColumnKind) : null;
  if (c.opts.format === 'csv') {
    const header = kind ? await csvHeader(file) : null;
    if (kind && header) checkColumns(c, kind, header);
    return csvRecords(file);
  }
  const records = geoJsonRecords(file).records;
  if (kind && records.length > 0) checkColumns(c, kind, geoJsonHeader(records, c.opts.srid === 27700));
  return geoJsonPoints(records, c.opts);
}

/** The features as records, a Point's coordinates as cells. */
function* geoJsonPoints(records: readonly SourceRecord[], opts: ImportOptions): Generator<SourceRecord> {
  for (const r of records) {
    const g = r.geometry as { type?: string; coordinates?: unknown } | null;
    if (g?.type === 'Point' && Array.isArray(g.coordinates)) {
      const [x, y] = g.coordinates as unknown[];
      // Only numbers: an array here (even one nested 200,000 deep) is a malformed point, not text to read.
      if (typeof x !== 'number' || typeof y !== 'number') {
        yield { ...r, problem: 'geometry: a Point needs coordinates [x, y] of two numbers' };
        continue;
      }
      const bng = opts.srid === 27700;
      yield { ...r, cells: { ...r.cells, ...(bng ? { easting: String(x), northing: String(y) } : { lon: String(x), lat: String(y) }) } };
    } else yield r;
  }
}
