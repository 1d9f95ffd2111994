import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { copyInto, copyLine } from '../db/copy.js';
import type { FieldError } from '../http/errors.js';
import type { PlaceKind } from '../lists.js';
import { compactKey, searchKey } from '../places/normalise.js';
import * as places from '../places/repo.js';
import type { Ctx } from './context.js';
import type { PlaceFormat } from './schema.js';

/**
 * The gazetteer importer: OS Code-Point Open, the ONS Postcode Directory, OS Open Names
 * and OS Open UPRN as published (CSV, British National Grid). Read a row at a time
 * (line numbers, field errors), the valid rows staged with COPY a chunk at a time and
 * landed by one statement in which PostGIS transforms the grid references. The first
 * landing deletes the source's earlier rows, so a re-import replaces them in the
 * import's one transaction.
 */

/** Rows staged and landed at a time: bounded memory, few statements. */
const CHUNK = 20_000;
/** Progress is reported every this many rows read. */
const PROGRESS_EVERY = 5000;

/** The `places.source` of each format: a re-import of a format replaces that source's rows. */
export const PLACE_SOURCES: Record<PlaceFormat, string> = {
  codepoint: 'OS Code-Point Open',
  onspd: 'ONS Postcode Directory',
  'open-names': 'OS Open Names',
  'open-uprn': 'OS Open UPRN',
};

/**
 * The columns of the two formats published without a header row (OS technical
 * specifications; the download's Doc folder holds them as a header file).
 */
const CODEPOINT_COLUMNS = ['postcode', 'positional_quality_indicator', 'eastings', 'northings', 'country_code', 'nhs_regional_ha_code', 'nhs_ha_code', 'admin_county_code', 'admin_district_code', 'admin_ward_code'];
const OPEN_NAMES_COLUMNS = [
  'id', 'names_uri', 'name1', 'name1_lang', 'name2', 'name2_lang', 'type', 'local_type', 'geometry_x', 'geometry_y',
  'most_detail_view_res', 'least_detail_view_res', 'mbr_xmin', 'mbr_ymin', 'mbr_xmax', 'mbr_ymax', 'postcode_district',
  'postcode_district_uri', 'populated_place', 'populated_place_uri', 'populated_place_type', 'district_borough',
  'district_borough_uri', 'district_borough_type', 'county_unitary', 'county_unitary_uri', 'county_unitary_type',
  'region', 'region_uri', 'country', 'country_uri', 'related_spatial_object', 'same_as_dbpedia', 'same_as_geonames',
];

/** Formats whose files start with a header row (ONSPD, Open UPRN); the others are read by position. */
const HEADERLESS: Partial<Record<PlaceFormat, string[]>> = { codepoint: CODEPOINT_COLUMNS, 'open-names': OPEN_NAMES_COLUMNS };

/** One place read from a row: a grid reference still to transform. */
export interface GridPlace {
  name: string;
  kind: PlaceKind;
  easting: number;
  northing: number;
  /** 27700 (British National Grid), or 29903 (Irish Grid) for ONSPD's Northern Ireland postcodes. */
  srid: number;
  precisionM: number;
  sourceRef: string;
}

/** A row read: places (Open Names may give two names), `skip` for a row the format says to leave out, or field errors. */
type Read = { places: GridPlace[] } | { skip: string } | { errors: FieldError[] };
type Cells = Record<string, string | undefined>;

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$/;

/** "bl11aa", "BL1  1AA" → "BL1 1AA"; undefined when it is not shaped like a postcode. */
function postcodeName(text: string | undefined): string | undefined {
  const m = POSTCODE.exec((text ?? '').trim().toUpperCase());
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** Easting and northing as metres within the grid's extent, or the errors naming the columns. */
function gridRef(cells: Cells, e: string, n: string, errors: FieldError[]): { easting: number; northing: number } | undefined {
  const easting = Number(cells[e]);
  const northing = Number(cells[n]);
  if (!cells[e] || !Number.isFinite(easting) || easting < 0 || easting > 700_000) errors.push({ path: e, message: `must be an easting in metres (0 to 700000), got "${cells[e] ?? ''}"` });
  if (!cells[n] || !Number.isFinite(northing) || northing < 0 || northing > 1_300_000) errors.push({ path: n, message: `must be a northing in metres (0 to 1300000), got "${cells[n] ?? ''}"` });
  return errors.length ? undefined : { easting, northing };
}

/**
 * A postcode's precision from its positional quality: Code-Point Open's 10–60 and
 * ONSPD's osgrdind 1–6 mean the same. The point is a building near the postcode's mean
 * (or the mean itself) for 1–4, and a postcode unit spans about 100 m; an ONS
 * estimate from its neighbours (5) about 200 m; a sector mean (6) a kilometre.
 */
const POSTCODE_PRECISION: Record<number, number> = { 1: 100, 2: 100, 3: 100, 4: 100, 5: 200, 6: 1000 };

/** OS Code-Point Open: Postcode, Positional_quality_indicator, Eastings, Northings, … (no header). */
function readCodepoint(cells: Cells): Read {
  const errors: FieldError[] = [];
  const name = postcodeName(cells.postcode);
  if (!name) errors.push({ path: 'postcode', message: `must be a postcode, got "${cells.postcode ?? ''}"` });
  const pqi = Number(cells.positional_quality_indicator);
  if (pqi === 90) return { skip: 'no coordinates (quality 90)' };
  const precisionM = POSTCODE_PRECISION[pqi / 10];
  if (precisionM === undefined) errors.push({ path: 'positional_quality_indicator', message: `must be 10, 20, 30, 40, 50, 60 or 90, got "${cells.positional_quality_indicator ?? ''}"` });
  const g = gridRef(cells, 'eastings', 'northings', errors);
  if (errors.length) return { errors };
  return { places: [{ name: name!, kind: 'postcode', ...g!, srid: 27700, precisionM: precisionM!, sourceRef: name! }] };
}

/** The first of the cells named that has a value (ONSPD's column names have changed between releases). */
const first = (cells: Cells, ...names: string[]): [string, string | undefined] => {
  const k = names.find((n) => cells[n] !== undefined) ?? names[0]!;
  return [k, cells[k]];
};

/** ONS Postcode Directory: pcds, doterm, oseast1m, osnrth1m, osgrdind, … (header). Terminated postcodes and those without a grid reference are left out. */
function readOnspd(cells: Cells): Read {
  const [pcCol, pc] = first(cells, 'pcds', 'pcd2', 'pcd', 'pcd7', 'pcd8');
  const [, doterm] = first(cells, 'doterm');
  if (doterm) return { skip: 'terminated' };
  const [eCol, e] = first(cells, 'oseast1m', 'east1m');
  const [nCol, n] = first(cells, 'osnrth1m', 'north1m');
  const [, grid] = first(cells, 'osgrdind', 'gridind');
  if (!e || !n || grid === '9' || grid === '8') return { skip: 'no grid reference' };
  const errors: FieldError[] = [];
  const name = postcodeName(pc);
  if (!name) errors.push({ path: pcCol, message: `must be a postcode, got "${pc ?? ''}"` });
  const g = gridRef({ [eCol]: e, [nCol]: n }, eCol, nCol, errors);
  if (errors.length) return { errors };
  // Northern Ireland's grid references are on the Irish Grid.
  const srid = name!.startsWith('BT') ? 29903 : 27700;
  return { places: [{ name: name!, kind: 'postcode', ...g!, srid, precisionM: POSTCODE_PRECISION[Number(grid)] ?? 100, sourceRef: name! }] };
}

const ROAD_TYPES = new Set(['named road', 'section of named road', 'numbered road', 'section of numbered road']);

/** Open Names' kinds: roads are streets, postcodes postcodes, everything else (cities to woods) a place. */
function namesKind(localType: string): PlaceKind {
  const t = localType.toLowerCase();
  if (ROAD_TYPES.has(t)) return 'street';
  if (t === 'postcode') return 'postcode';
  return 'place';
}

/** Without a bounding box: a road's half-length, a settlement's radius, roughly. */
const DEFAULT_NAMES_PRECISION: Record<PlaceKind, number> = { street: 250, postcode: 100, place: 1000, premises: 25, address: 10 };

/** OS Open Names: ID, NAMES_URI, NAME1, …, TYPE, LOCAL_TYPE, GEOMETRY_X, GEOMETRY_Y, …, MBR_XMIN … MBR_YMAX, … (no header). */
function readOpenNames(cells: Cells): Read {
  const errors: FieldError[] = [];
  if (!cells.id) errors.push({ path: 'id', message: 'is required' });
  if (!cells.name1) errors.push({ path: 'name1', message: 'is required' });
  if (!cells.local_type) errors.push({ path: 'local_type', message: 'is required' });
  const g = gridRef(cells, 'geometry_x', 'geometry_y', errors);
  if (errors.length) return { errors };
  const kind = namesKind(cells.local_type!);
  // Half the diagonal of the feature's bounding box: how far its point may be from where it is meant.
  const box = ['mbr_xmin', 'mbr_ymin', 'mbr_xmax', 'mbr_ymax'].map((k) => (cells[k] ? Number(cells[k]) : NaN));
  const half = Math.hypot(box[2]! - box[0]!, box[3]! - box[1]!) / 2;
  const precisionM = Number.isFinite(half) ? Math.max(10, Math.min(50_000, Math.round(half))) : DEFAULT_NAMES_PRECISION[kind];
  // "Deane Road, Bolton": roads and places say where they are; a postcode is itself.
  const where = kind === 'postcode' ? undefined : (cells.populated_place || cells.district_borough || cells.county_unitary);
  const named = (n: string) => (where && where !== n ? `${n}, ${where}` : n);
  const one = { kind, ...g!, srid: 27700, precisionM };
  const out: GridPlace[] = [{ ...one, name: kind === 'postcode' ? (postcodeName(cells.name1) ?? cells.name1!) : named(cells.name1!), sourceRef: cells.id! }];
  // Welsh or Gaelic names are searchable too.
  if (cells.name2) out.push({ ...one, name: named(cells.name2), sourceRef: `${cells.id}#name2` });
  return { places: out };
}

/**
 * OS Open UPRN: UPRN, X_COORDINATE, Y_COORDINATE, LATITUDE, LONGITUDE (header). The
 * point is inside the addressed building or plot: 10 m.
 */
function readOpenUprn(cells: Cells): Read {
  const errors: FieldError[] = [];
  const uprn = cells.uprn ?? '';
  if (!/^[0-9]{1,12}$/.test(uprn)) errors.push({ path: 'uprn', message: `must be a UPRN (up to 12 digits), got "${uprn}"` });
  const g = gridRef(cells, 'x_coordinate', 'y_coordinate', errors);
  if (errors.length) return { errors };
  return { places: [{ name: `UPRN ${uprn}`, kind: 'address', ...g!, srid: 27700, precisionM: 10, sourceRef: uprn }] };
}

const READERS: Record<PlaceFormat, (cells: Cells) => Read> = { codepoint: readCodepoint, onspd: readOnspd, 'open-names': readOpenNames, 'open-uprn': readOpenUprn };

interface Row {
  line: number;
  bytes: number;
  cells?: Cells;
  problem?: string;
}

/** The file's rows as named cells (by header, or by the published column order), with line numbers; CSV syntax errors as a row's problem. */
async function* rows(file: string, format: PlaceFormat): AsyncGenerator<Row> {
  const skipped: CsvError[] = [];
  const parser = fs.createReadStream(file).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true, on_skip: (err) => (err ? void skipped.push(err) : undefined) }),
  );
  let names = HEADERLESS[format];
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
    while (skipped.length) {
      const e = skipped.shift()!;
      yield { line: (e.lines as number) ?? info.lines, bytes: info.bytes, problem: `not valid CSV: ${e.message}` };
    }
    if (!names) {
      names = record.map((h) => h.trim().toLowerCase());
      continue;
    }
    const cells: Cells = {};
    names.forEach((n, i) => {
      if (record[i] !== undefined && record[i] !== '') cells[n] = record[i];
    });
    yield { line: info.lines, bytes: info.bytes, cells };
  }
  for (const e of skipped) yield { line: e.lines as number, bytes: 0, problem: `not valid CSV: ${e.message}` };
}

/** Imports a gazetteer file of `c.opts.placeFormat`, replacing that source's earlier rows. */
export async function importPlaces(c: Ctx, file: string): Promise<void> {
  const format = c.opts.placeFormat!;
  const source = PLACE_SOURCES[format];
  const read = READERS[format];
  await places.createPlaceStage(c.trx);
  let replaced = false;
  let lines: string[] = [];
  const land = async () => {
    if (!c.writing()) {
      lines = [];
      return;
    }
    if (!replaced) {
      await places.deleteSource(c.trx, source);
      replaced = true;
    }
    const offered = await copyInto(c.trx, c.db, places.PLACE_STAGE, places.PLACE_STAGE_COLUMNS, lines.join(''));
    lines = [];
    c.tally.landed(offered, { inserted: await places.landStagedPlaces(c.trx, source), updated: 0 });
    c.tally.report();
  };
  for await (const row of rows(file, format)) {
    c.tally.read({ line: row.line, cells: {}, bytes: row.bytes });
    if (c.tally.counts.rowsRead % PROGRESS_EVERY === 0) c.tally.report();
    if (row.problem || !row.cells) {
      c.tally.reject(row.line, [{ path: '', message: row.problem ?? 'empty row' }]);
      continue;
    }
    const r = read(row.cells);
    if ('errors' in r) c.tally.reject(row.line, r.errors);
    if (!('places' in r)) continue;
    for (const p of r.places) lines.push(copyLine([p.name.slice(0, 300), p.kind, searchKey(p.name), compactKey(p.name), p.easting, p.northing, p.srid, p.precisionM, p.sourceRef]));
    if (lines.length >= CHUNK) await land();
  }
  // An empty (or all-skipped) file still replaces the source: it now has no rows.
  await land();
  c.tally.report();
}
