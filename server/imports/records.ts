import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { badRequest, unprocessable } from '../http/errors.js';
import { hasLoneSurrogate } from '../http/body.js';
import type { Cells } from './rows.js';
import { headerName } from './columns.js';

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

/** A CSV syntax error (csv-parse's codes: `INVALID_OPENING_QUOTE`, `CSV_QUOTE_NOT_CLOSED`, …) as a row problem. */
function csvProblem(e: CsvError): string {
  const field = typeof e.column === 'string' ? ` in field "${e.column}"` : '';
  if (e.code === 'INVALID_OPENING_QUOTE') return `a quote (") inside an unquoted field${field}: put the field in quotes and double the quote ("")`;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed (a missing ")';
  return `not valid CSV${field}: ${e.message}`;
}

/**
 * Reads CSV records one at a time from a file (quoted fields, commas and newlines in
 * text, BOM). A record with a CSV syntax error (e.g. a quote inside an unquoted field)
 * is reported as that line's problem, like any other bad row, and reading goes on.
 */
export async function* csvRecords(file: string): AsyncGenerator<SourceRecord> {
  const skipped: CsvError[] = [];
  const parser = fs.createReadStream(file).pipe(
    parse({
      columns: (h: string[]) => h.map(headerName),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        // One record may raise several (each stray quote); the first names it.
        if (err && skipped[skipped.length - 1]?.lines !== err.lines) skipped.push(err);
        return undefined;
      },
    }),
  );
  let badLengths = 0;
  let sent = 0;
  /** Skipped records before `line`, as problem records in file order. */
  function* skippedBefore(line: number): Generator<SourceRecord> {
    while (sent < skipped.length && (skipped[sent]!.lines as number) < line) {
      const e = skipped[sent++]!;
      yield { line: e.lines as number, cells: {}, problem: csvProblem(e) };
    }
  }
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Cells; info: { lines: number; bytes: number; invalid_field_length: number } }>) {
      const line = info.lines - newlinesIn(record);
      yield* skippedBefore(line);
      if (info.invalid_field_length > badLengths) {
        badLengths = info.invalid_field_length;
        yield { line, cells: record, bytes: info.bytes, problem: 'the row has a different number of fields from the header' };
      } else {
        yield { line, cells: record, bytes: info.bytes };
      }
    }
    yield* skippedBefore(Infinity);
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : undefined;
      throw badRequest(`The file is not valid CSV near line ${line ?? '?'}: ${err.message}`, [{ path: line ? `rows.${line}` : '', message: csvProblem(err) }]);
    }
    throw err;
  }
}

/**
 * The file's header, normalised as `csvRecords` names its cells; null when the file has
 * no record or its first one is not valid CSV (`csvRecords` then reports the problem).
 */
export async function csvHeader(file: string): Promise<string[] | null> {
  const stream = fs.createReadStream(file);
  const parser = stream.pipe(parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, to: 1 }));
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record.map(headerName);
    return null;
  } catch (err) {
    if (err instanceof CsvError) return null;
    throw err;
  } finally {
    stream.destroy();
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
    const feature = (f && typeof f === 'object' ? f : {}) as { properties?: Record<string, unknown> | null; geometry?: { type: string; coordinates: unknown } | null };
    const cells: Cells = {};
    const problems: string[] = [];
    const properties = feature.properties && typeof feature.properties === 'object' ? feature.properties : {};
    for (const [k, v] of Object.entries(properties)) {
      const text = cellText(v);
      if (text === null || hasLoneSurrogate(k) || (text !== undefined && hasLoneSurrogate(text))) problems.push(`properties.${k.replace(/[\ud800-\udfff]/g, '\ufffd')}`);
      else cells[headerName(k)] = text;
    }
    const record: SourceRecord = { line: i + 1, cells, geometry: feature.geometry ?? null };
    if (problems.length) record.problem = `${problems.join(', ')}: must be text, a number, true/false or a list of them (and whole characters)`;
    return record;
  });
  return { ...(srid ? { srid: srid === 4258 ? 4326 : srid } : {}), records };
}

/** A property as cell text; null when it is not one (an object, or a list holding lists or objects). */
function cellText(v: unknown): string | undefined | null {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.join(';');
  return null;
}
