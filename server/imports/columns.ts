import {
  AREA_KINDS,
  GROOMING_MODELS,
  HANDLING_CODES,
  INTEL_ASSESSMENTS,
  LICENCE_STATUSES,
  MAKESAFE_CODES,
  PREMISES_CATEGORIES,
  SIGHTING_CATEGORIES,
  SOURCE_AGENCIES,
  type PlaceFormat,
} from '../lists.js';
import type { CsvCell } from '../http/csv.js';

/**
 * The columns each import kind accepts: the one list the row readers (rows.ts), the
 * header check, the template download and the Imports page all use. Pure, so that the
 * client imports it too.
 *
 * The header rule: names are compared as the CSV reader normalises them (`headerName`).
 * For sightings, premises, vehicles and episodes a header that lacks a required column (or any
 * way of giving a location) is refused whole, naming the missing columns and every
 * column Lantern does not read with the nearest accepted name: no row of such a file
 * could import. Columns Lantern does not read beside a complete header are a warning
 * in the import report, and their values are left out. Area boundaries, gazetteers and
 * basemaps are read as published, so their other properties and columns are expected.
 */

/** "Observed At", " observed-at " and "observed_at" are the same column. */
export const headerName = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

export interface ImportColumn {
  name: string;
  /** Every row needs a value (a location column is judged with its group instead). */
  required: boolean;
  /** One of the ways of giving the row's place: lat and lon, easting and northing, or grid_ref; a row needs one. */
  location?: boolean;
  /** What it takes, in words. */
  takes: string;
  /** The codes it takes, when it takes codes (case, spaces and hyphens are forgiven). */
  values?: readonly string[];
  /** The template's example value; lat and lon come from the place the template is made for. */
  example?: CsvCell;
}

export interface KindColumns {
  /** The file the kind is read from. */
  file: string;
  /** Whether the header is checked against the list (see the module's rule). */
  checked: boolean;
  columns: readonly ImportColumn[];
}

const text = (max: number) => `text, up to ${max.toLocaleString('en-GB')} characters`;
const LOCATION: ImportColumn[] = [
  { name: 'lat', required: false, location: true, takes: 'latitude, WGS84 decimal degrees (with lon)' },
  { name: 'lon', required: false, location: true, takes: 'longitude, WGS84 decimal degrees (with lat)' },
  { name: 'easting', required: false, location: true, takes: 'British National Grid easting in metres (with northing), or a whole grid reference' },
  { name: 'northing', required: false, location: true, takes: 'British National Grid northing in metres (with easting)' },
  { name: 'grid_ref', required: false, location: true, takes: 'OS grid reference such as SD 71700 09200' },
];

const SIGHTINGS: ImportColumn[] = [
  { name: 'external_ref', required: false, takes: `your reference for the row (${text(200)}); with source_agency it keeps a re-import from adding the row twice`, example: 'EXAMPLE-1' },
  { name: 'observed_at', required: true, takes: 'date and time seen: 2026-05-01T22:30 or 01/05/2026 22:30 (local time unless an offset is given)', example: '2026-03-06 22:15' },
  { name: 'reported_at', required: false, takes: 'date and time reported, as observed_at (default: the time of import)' },
  ...LOCATION,
  { name: 'precision_m', required: false, takes: 'how far the point may be from the place seen, metres (1 to 100,000)', example: 25 },
  { name: 'category', required: true, takes: 'what was seen', values: SIGHTING_CATEGORIES, example: 'adult_loitering' },
  { name: 'grooming_model', required: false, takes: 'grooming model (default unknown)', values: GROOMING_MODELS, example: 'unknown' },
  { name: 'source_agency', required: true, takes: 'the agency the report came from', values: SOURCE_AGENCIES, example: 'police' },
  { name: 'source_eval', required: true, takes: '3x5x2 source evaluation: 1 reliable, 2 untested, 3 not reliable', values: ['1', '2', '3'], example: 2 },
  { name: 'intel_assessment', required: true, takes: '3x5x2 intelligence assessment', values: INTEL_ASSESSMENTS, example: 'B' },
  { name: 'handling_code', required: true, takes: '3x5x2 handling code: P lawful sharing permitted, C with conditions', values: HANDLING_CODES, example: 'P' },
  { name: 'indicators', required: false, takes: 'Makesafe indicators, separated by ; or |', values: MAKESAFE_CODES },
  { name: 'narrative', required: false, takes: text(10_000), example: 'Synthetic example row: replace it with your own' },
  { name: 'subject_refs', required: false, takes: 'subject references, separated by ; or | (each up to 100 characters)' },
  { name: 'premises_ref', required: false, takes: 'licence or external reference of premises already in Lantern' },
  { name: 'plate', required: false, takes: 'registration of a vehicle already in Lantern' },
];

const PREMISES: ImportColumn[] = [
  { name: 'name', required: true, takes: text(300), example: 'Example Hotel (synthetic)' },
  { name: 'category', required: true, takes: 'kind of premises', values: PREMISES_CATEGORIES, example: 'hotel' },
  { name: 'address', required: false, takes: text(500), example: '1 Example Street, Exampletown' },
  { name: 'postcode', required: false, takes: 'UK postcode such as BL1 1AA (any spacing or case)' },
  ...LOCATION,
  { name: 'licence_ref', required: false, takes: `licence reference (${text(100)}); sightings and vehicles name premises by it`, example: 'EXAMPLE-LIC-1' },
  { name: 'licence_status', required: false, takes: 'licence status (default none)', values: LICENCE_STATUSES, example: 'active' },
  { name: 'external_ref', required: false, takes: `your reference (${text(200)}); a re-import with the same one is a duplicate`, example: 'EXAMPLE-PREMISES-1' },
];

const VEHICLES: ImportColumn[] = [
  { name: 'plate', required: true, takes: 'UK registration (any spacing or case); a re-import of a plate is a duplicate', example: 'ZZ99 EXA' },
  { name: 'licence_no', required: false, takes: `taxi or private hire licence number (${text(100)})`, example: 'EXAMPLE-PH-1' },
  { name: 'operator_ref', required: false, takes: 'licence or external reference of the operator’s premises, already in Lantern' },
  { name: 'make', required: false, takes: text(100), example: 'Example' },
  { name: 'colour', required: false, takes: text(50), example: 'Silver' },
];

/**
 * Missing episodes, one row per episode (analysts' and admins' data: the file names
 * children). The child is named by the force's reference and made a subject when new.
 */
const EPISODES: ImportColumn[] = [
  { name: 'external_ref', required: false, takes: `your reference for the episode (${text(200)}); a re-import with the same one is a duplicate, or updates it on request`, example: 'EXAMPLE-EPISODE-1' },
  { name: 'subject_ref', required: true, takes: 'the child’s reference in your own system (up to 100 characters); a new reference makes a new child at risk', example: 'EXAMPLE-CHILD-1' },
  { name: 'missing_from_premises_ref', required: false, takes: 'licence or external reference of the premises (a children’s home, a school) the child went missing from, already in Lantern; or give missing_from_lat and missing_from_lon' },
  { name: 'missing_from_lat', required: false, takes: 'latitude of the place missing from (a home address: kept sensitive), WGS84 decimal degrees (with missing_from_lon)' },
  { name: 'missing_from_lon', required: false, takes: 'longitude of the place missing from, WGS84 decimal degrees (with missing_from_lat)' },
  { name: 'reported_missing_at', required: true, takes: 'date and time reported missing: 2026-05-01T22:30 or 01/05/2026 22:30 (local time unless an offset is given)', example: '2026-03-06 22:15' },
  { name: 'found_time', required: false, takes: 'date and time found, as reported_missing_at, not before it', example: '2026-03-07 03:40' },
  { name: 'found_lat', required: false, takes: 'latitude where found, WGS84 decimal degrees (with found_lon)' },
  { name: 'found_lon', required: false, takes: 'longitude where found, WGS84 decimal degrees (with found_lat)' },
  { name: 'found_precision_m', required: false, takes: 'how far the found point may be from the place, metres (1 to 100,000; with found_lat and found_lon)', example: 50 },
  { name: 'returned_by_plate', required: false, takes: 'registration of the vehicle that brought the child back, already in Lantern' },
  { name: 'returned_by_subject_ref', required: false, takes: 'reference of the person who brought the child back (a new one is made an unknown adult); not with returned_by_plate' },
  { name: 'notes', required: false, takes: `return interview notes (${text(10_000)})`, example: 'Synthetic example row: replace it with your own' },
];

/** GeoJSON properties of an area; ONS files name theirs e.g. WD22CD and WD22NM. */
const AREAS: ImportColumn[] = [
  { name: 'name', required: true, takes: 'the area’s name, or an ONS …NM property (WD22NM)' },
  { name: 'code', required: false, takes: 'its code, or an ONS …CD property (WD22CD); a re-import of a code updates or skips the area' },
  { name: 'kind', required: false, takes: 'kind of area (default ward)', values: AREA_KINDS },
  { name: 'population', required: false, takes: 'residents, a whole number (thousands commas allowed), for rates per 1,000' },
];

export const COLUMNS = {
  sightings: { file: 'CSV, or GeoJSON points whose properties are these columns', checked: true, columns: SIGHTINGS },
  premises: { file: 'CSV', checked: true, columns: PREMISES },
  vehicles: { file: 'CSV', checked: true, columns: VEHICLES },
  episodes: { file: 'CSV, one row per missing episode; a bad row refuses the whole file', checked: true, columns: EPISODES },
  areas: { file: 'GeoJSON polygons in EPSG:4326 or 27700, with these properties', checked: false, columns: AREAS },
} as const satisfies Record<string, KindColumns>;

export type ColumnKind = keyof typeof COLUMNS;
/** The kinds whose header is checked and that offer a CSV template. */
export const TEMPLATE_KINDS = ['sightings', 'premises', 'vehicles'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The columns Lantern reads of each gazetteer file, as OS and ONS publish it (other columns are expected and left out). */
export const PLACE_COLUMNS: Record<PlaceFormat, { header: boolean; columns: readonly string[] }> = {
  codepoint: { header: false, columns: ['Postcode', 'Positional_quality_indicator', 'Eastings', 'Northings'] },
  onspd: { header: true, columns: ['pcds (or pcd2, pcd, pcd7, pcd8)', 'doterm', 'oseast1m', 'osnrth1m', 'osgrdind'] },
  'open-names': { header: false, columns: ['ID', 'NAME1', 'NAME2', 'LOCAL_TYPE', 'GEOMETRY_X', 'GEOMETRY_Y', 'MBR_XMIN … MBR_YMAX', 'POPULATED_PLACE', 'DISTRICT_BOROUGH', 'COUNTY_UNITARY'] },
  'open-uprn': { header: true, columns: ['UPRN', 'X_COORDINATE', 'Y_COORDINATE'] },
};

/** Each kind's required columns: the row readers ask the list, so that they and it cannot differ. */
const requiredOf = (k: KindColumns): ReadonlySet<string> => new Set(k.columns.filter((c) => c.required).map((c) => c.name));
export const REQUIRED: Record<ColumnKind, ReadonlySet<string>> = {
  sightings: requiredOf(COLUMNS.sightings),
  premises: requiredOf(COLUMNS.premises),
  vehicles: requiredOf(COLUMNS.vehicles),
  episodes: requiredOf(COLUMNS.episodes),
  areas: requiredOf(COLUMNS.areas),
};

/** Other names people give a column, for suggestions only: Lantern reads the accepted name. */
const HINTS: Record<string, string> = {
  latitude: 'lat',
  longitude: 'lon',
  lng: 'lon',
  long: 'lon',
  eastings: 'easting',
  northings: 'northing',
  gridref: 'grid_ref',
  os_grid_reference: 'grid_ref',
  date: 'observed_at',
  datetime: 'observed_at',
  date_time: 'observed_at',
  time: 'observed_at',
  timestamp: 'observed_at',
  occurred_at: 'observed_at',
  registration: 'plate',
  registration_number: 'plate',
  reg: 'plate',
  vrm: 'plate',
  vrn: 'plate',
  agency: 'source_agency',
  evaluation: 'source_eval',
  assessment: 'intel_assessment',
  handling: 'handling_code',
  notes: 'narrative',
  description: 'narrative',
  details: 'narrative',
  reference: 'external_ref',
  type: 'category',
};

/** Edits (insert, delete, substitute) between two short names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

const commonPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/**
 * The accepted name an unknown column most likely means, if one is near enough: a
 * known other name (latitude → lat), the same letters without underscores, one name
 * the start of the other (source_evaluation → source_eval), a slip of a letter or two
 * (narative → narrative), or a long shared start (licence_number → licence_no).
 * Names the file already has are never suggested.
 */
export function nearestColumn(name: string, accepted: readonly string[], present: readonly string[] = []): string | undefined {
  const open = accepted.filter((a) => !present.includes(a));
  const hint = HINTS[name];
  if (hint && open.includes(hint)) return hint;
  let best: { name: string; score: number } | undefined;
  for (const a of open) {
    const d = distance(name, a);
    const shorter = Math.min(name.length, a.length);
    const prefix = commonPrefix(name, a);
    let score: number | undefined;
    if (name.replace(/_/g, '') === a.replace(/_/g, '')) score = 0;
    else if (prefix === shorter && shorter >= 3) score = 1 + d / 100;
    else if (d <= Math.max(1, Math.floor(Math.max(name.length, a.length) / 4))) score = 2 + d;
    else if (prefix >= 4 && prefix >= 0.75 * shorter) score = 3 + d;
    if (score !== undefined && (!best || score < best.score)) best = { name: a, score };
  }
  return best?.name;
}

export interface ColumnVerdict {
  /** Required columns the header lacks; `location` when it gives no way of placing a row. */
  missing: string[];
  /** Header names Lantern does not read, with the accepted name each most likely means. */
  unknown: { name: string; suggestion?: string }[];
}

/** Judges a file's header (names normalised by `headerName`; blank ones ignored) against the kind's columns. */
export function judgeColumns(kind: ColumnKind, header: readonly string[]): ColumnVerdict {
  const columns = COLUMNS[kind].columns;
  const accepted = columns.map((c) => c.name);
  const given = header.filter((h) => h !== '');
  const has = (n: string) => given.includes(n);
  const missing = columns.filter((c) => c.required && !has(c.name)).map((c) => c.name);
  const locates = columns.some((c) => c.location);
  // An easting may hold a whole grid reference, so it places a row without a northing.
  if (locates && !((has('lat') && has('lon')) || has('easting') || has('grid_ref'))) missing.push('location');
  const unknown = [...new Set(given.filter((h) => !accepted.includes(h)))].map((h) => {
    const suggestion = nearestColumn(h, accepted, given);
    return suggestion ? { name: h, suggestion } : { name: h };
  });
  return { missing, unknown };
}

/** The header row and one synthetic example row that imports cleanly, placed at `at` (which must lie in the operating area). */
export function templateRows(kind: TemplateKind, at: { lon: number; lat: number }): CsvCell[][] {
  const columns = COLUMNS[kind].columns;
  const place: Record<string, number> = { lat: Math.round(at.lat * 1e5) / 1e5, lon: Math.round(at.lon * 1e5) / 1e5 };
  return [columns.map((c) => c.name), columns.map((c) => place[c.name] ?? c.example ?? null)];
}

/** The template's file name. */
export const templateFileName = (kind: TemplateKind) => `lantern-${kind}-template.csv`;
