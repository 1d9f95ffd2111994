import fs from 'node:fs';
import { parse } from 'csv-parse';
import { badRequest, unprocessable } from '../http/errors.js';
import type { Cells } from './rows.js';

export interface SourceRecord {
  /** File line where the record starts (header = 1), or the feature's number in GeoJSON. */
  line: number;
  cells: Cells;
  geometry?: { type: string; coordinates: unknown } | null;
  /** Set when the row itself is malformed (e.g. wrong number of fields). */
  problem?: string;
  /** Bytes of the file read up to the end of this record (CSV), for progress. */
  bytes?: number;
}

/** "Observed At" and "observed_at" are the same column. */
const headerName = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Line breaks inside the record's quoted cells: `info.lines` counts them, the record starts above them. */
function newlinesIn(record: Cells): number {
  let n = 0;
  for (const k in record) {
    const v = record[k];
    if (v === undefined) continue;
    for (let i = v.indexOf('\n'); i !== -1; i = v.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** Reads CSV records one at a time from a file (quoted fields, commas and newlines in text, BOM). */
export async function* csvRecords(file: string): AsyncGenerator<SourceRecord> {
  const parser = fs.createReadStream(file).pipe(
    parse({ columns: (h: string[]) => h.map(headerName), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let badLengths = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Cells; info: { lines: number; bytes: number; invalid_field_length: number } }>) {
      const line = info.lines - newlinesIn(record);
      if (info.invalid_field_length > badLengths) {
        badLengths = info.invalid_field_length;
        yield { line, cells: record, bytes: info.bytes, problem: 'the row has a different number of fields from the header' };
      } else {
        yield { line, cells: record, bytes: info.bytes };
      }
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code?.startsWith('CSV_')) throw badRequest(`The file is not valid CSV near line ${e.lines ?? '?'}: ${e.message}`, [{ path: '', message: e.message ?? 'invalid CSV' }]);
    throw err;
  }
}

export interface GeoJsonFile {
  srid?: number;
  records: SourceRecord[];
}

/** Reads a GeoJSON FeatureCollection (or one Feature); the `crs` member, if any, names the SRID. */
export function geoJsonRecords(file: string): GeoJsonFile {
  let doc: { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw badRequest(`The file is not valid JSON: ${(err as Error).message}`, [{ path: '', message: 'malformed JSON' }]);
  }
  const features = doc?.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc.features : doc?.type === 'Feature' ? [doc] : undefined;
  if (!features) throw unprocessable('Expected a GeoJSON FeatureCollection.', [{ path: 'type', message: 'must be FeatureCollection' }]);
  const crs = doc.crs?.properties?.name;
  const m = crs ? /EPSG::?(\d+)$/i.exec(crs) : null;
  if (crs && !m) throw unprocessable(`Unknown crs "${crs}".`, [{ path: 'crs', message: 'use EPSG:4326 or EPSG:27700' }]);
  const srid = m ? Number(m[1]) : undefined;
  if (srid !== undefined && srid !== 4326 && srid !== 4258 && srid !== 27700) {
    throw unprocessable(`crs EPSG:${srid} is not supported.`, [{ path: 'crs', message: 'use EPSG:4326 or EPSG:27700' }]);
  }
  const records = features.map((f, i): SourceRecord => {
    const feature = f as { properties?: Record<string, unknown> | null; geometry?: { type: string; coordinates: unknown } | null };
    const cells: Cells = {};
    for (const [k, v] of Object.entries(feature.properties ?? {})) {
      cells[headerName(k)] = v === null || v === undefined ? undefined : Array.isArray(v) ? v.join(';') : String(v);
    }
    return { line: i + 1, cells, geometry: feature.geometry ?? null };
  });
  return { ...(srid ? { srid: srid === 4258 ? 4326 : srid } : {}), records };
}
