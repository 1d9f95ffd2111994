import {
  GROOMING_MODELS,
  HANDLING_CODES,
  INTEL_ASSESSMENTS,
  LICENCE_STATUSES,
  MAKESAFE_CODES,
  PREMISES_CATEGORIES,
  SIGHTING_CATEGORIES,
  SOURCE_AGENCIES,
} from '../lists.js';
import type { FieldError } from '../http/errors.js';
import { parseGridRef } from '../geo/gridRef.js';
import { normalisePostcode } from '../premises/postcode.js';
import { normalisePlate } from '../vehicles/plate.js';
import { blank, readCode, readList, readNumber, readText, readTime, type Read } from './fields.js';
import { REQUIRED, type ColumnKind } from './columns.js';

/** A file row as the CSV parser gives it: header name → cell text. */
export type Cells = Record<string, string | undefined>;

/** A location as given: WGS84, or British National Grid still to be transformed by PostGIS. */
export type Place = { lon: number; lat: number } | { easting: number; northing: number };

/** Code lists as the readers match them, made once rather than per row. */
const SOURCE_EVALS = ['1', '2', '3'] as const;
const ASSESSMENTS = INTEL_ASSESSMENTS.map((a) => a.toLowerCase());
const HANDLING = HANDLING_CODES.map((h) => h.toLowerCase());

export type RowResult<T> = { ok: true; row: T } | { ok: false; errors: FieldError[] };

/** A row's values and field errors; whether a field is required is the kind's column list's to say (columns.ts). */
class Collector {
  readonly errors: FieldError[] = [];
  private readonly required: ReadonlySet<string>;
  constructor(kind: ColumnKind) {
    this.required = REQUIRED[kind];
  }
  take<T>(field: string, r: Read<T>): T | undefined {
    if (r.error) this.errors.push({ path: field, message: r.error });
    else if (r.value === undefined && this.required.has(field)) this.errors.push({ path: field, message: 'is required' });
    return r.value;
  }
  fail(path: string, message: string) {
    this.errors.push({ path, message });
  }
}

/** lat/lon, easting/northing or an OS grid reference (column grid_ref, or letters in easting). */
function readPlace(c: Cells, k: Collector): Place | undefined {
  const grid = !blank(c.grid_ref) ? c.grid_ref : /[a-z]/i.test(c.easting ?? '') ? c.easting : undefined;
  if (grid) {
    const g = parseGridRef(grid);
    if (typeof g === 'string') k.fail(c.grid_ref ? 'grid_ref' : 'easting', g);
    else return g;
    return undefined;
  }
  const lat = k.take('lat', readNumber(c.lat, 'latitude', -90, 90));
  const lon = k.take('lon', readNumber(c.lon, 'longitude', -180, 180));
  const easting = k.take('easting', readNumber(c.easting, 'easting', 0, 700_000));
  const northing = k.take('northing', readNumber(c.northing, 'northing', 0, 1_300_000));
  if (lat !== undefined && lon !== undefined) return { lon, lat };
  if (easting !== undefined && northing !== undefined) return { easting, northing };
  const given = [blank(c.lat), blank(c.lon), blank(c.easting), blank(c.northing)].filter((b) => !b).length;
  if (k.errors.length === 0) k.fail(given ? (blank(c.lat) || blank(c.lon) ? 'lat' : 'northing') : 'location', given ? 'a location needs both coordinates of a pair' : 'a location is required: lat/lon, easting/northing or grid_ref');
  return undefined;
}

export interface SightingImport {
  externalRef: string | null;
  observedAt: Date;
  reportedAt: Date | null;
  place: Place;
  precisionM: number | null;
  category: string;
  groomingModel: string;
  sourceAgency: string;
  sourceEval: number;
  intelAssessment: string;
  handlingCode: string;
  narrative: string | null;
  subjectRefs: string[];
  indicators: string[];
  premisesRef: string | null;
  plate: string | null;
}

/**
 * Reads one sightings row. Forgiving about form (case, spacing, UK dates, grid
 * references), strict about content: every bad field is named with its reason.
 */
export function readSighting(c: Cells, timeZone: string, now = new Date()): RowResult<SightingImport> {
  const k = new Collector('sightings');
  const observedAt = k.take('observed_at', readTime(c.observed_at, timeZone));
  if (observedAt && observedAt.getTime() > now.getTime() + 5 * 60_000) k.fail('observed_at', 'is in the future');
  const reportedAt = k.take('reported_at', readTime(c.reported_at, timeZone));
  const place = readPlace(c, k);
  const category = k.take('category', readCode(c.category, SIGHTING_CATEGORIES, 'category'));
  const groomingModel = k.take('grooming_model', readCode(c.grooming_model, GROOMING_MODELS, 'grooming model'));
  const sourceAgency = k.take('source_agency', readCode(c.source_agency, SOURCE_AGENCIES, 'source agency'));
  const sourceEval = k.take('source_eval', readCode(c.source_eval, SOURCE_EVALS, 'source evaluation (1–3)'));
  const intelAssessment = k.take('intel_assessment', readCode(c.intel_assessment?.toUpperCase(), ASSESSMENTS, 'intelligence assessment (A–E)'));
  const handlingCode = k.take('handling_code', readCode(c.handling_code, HANDLING, 'handling code (P or C)'));
  const precisionM = k.take('precision_m', readNumber(c.precision_m, 'precision', 1, 100_000));
  const indicators = readList(c.indicators).map((i) => k.take('indicators', readCode(i, MAKESAFE_CODES, 'Makesafe indicator'))).filter((x): x is NonNullable<typeof x> => !!x);
  const narrative = k.take('narrative', readText(c.narrative, 'narrative', 10_000)) ?? null;
  const externalRef = k.take('external_ref', readText(c.external_ref, 'external_ref', 200)) ?? null;
  const subjectRefs = readList(c.subject_refs).map((x) => k.take('subject_refs', readText(x, 'subject ref', 100))).filter((x): x is string => !!x);
  let plate: string | null = null;
  if (!blank(c.plate)) {
    plate = normalisePlate(c.plate!) ?? null;
    if (!plate) k.fail('plate', `"${c.plate}" is not a vehicle registration`);
  }
  if (k.errors.length) return { ok: false, errors: k.errors };
  return {
    ok: true,
    row: {
      externalRef,
      observedAt: observedAt!,
      reportedAt: reportedAt ?? null,
      place: place!,
      precisionM: precisionM ?? null,
      category: category!,
      groomingModel: groomingModel ?? 'unknown',
      sourceAgency: sourceAgency!,
      sourceEval: Number(sourceEval),
      intelAssessment: intelAssessment!.toUpperCase(),
      handlingCode: handlingCode!.toUpperCase(),
      narrative,
      subjectRefs,
      indicators: [...new Set(indicators)],
      premisesRef: blank(c.premises_ref) ? null : c.premises_ref!.trim(),
      plate,
    },
  };
}

export interface PremisesImport {
  externalRef: string | null;
  name: string;
  category: string;
  address: string | null;
  postcode: string | null;
  place: Place;
  licenceRef: string | null;
  licenceStatus: string;
}

/** Reads one row of a premises register (licensing's spreadsheet). */
export function readPremises(c: Cells): RowResult<PremisesImport> {
  const k = new Collector('premises');
  const name = k.take('name', readText(c.name, 'name', 300));
  const address = k.take('address', readText(c.address, 'address', 500)) ?? null;
  const licenceRef = k.take('licence_ref', readText(c.licence_ref, 'licence_ref', 100)) ?? null;
  const externalRef = k.take('external_ref', readText(c.external_ref, 'external_ref', 200)) ?? null;
  const category = k.take('category', readCode(c.category, PREMISES_CATEGORIES, 'premises category'));
  const licenceStatus = k.take('licence_status', readCode(c.licence_status, LICENCE_STATUSES, 'licence status'));
  let postcode: string | null = null;
  if (!blank(c.postcode)) {
    postcode = normalisePostcode(c.postcode!) ?? null;
    if (!postcode) k.fail('postcode', `"${c.postcode}" is not a UK postcode such as BL1 1AA`);
  }
  const place = readPlace(c, k);
  if (k.errors.length) return { ok: false, errors: k.errors };
  return {
    ok: true,
    row: {
      externalRef,
      name: name!,
      category: category!,
      address,
      postcode,
      place: place!,
      licenceRef,
      licenceStatus: licenceStatus ?? 'none',
    },
  };
}

export interface VehicleImport {
  plate: string;
  licenceNo: string | null;
  operatorRef: string | null;
  make: string | null;
  colour: string | null;
}

/** Reads one row of a taxi and private-hire register. */
export function readVehicle(c: Cells): RowResult<VehicleImport> {
  const k = new Collector('vehicles');
  const plate = blank(c.plate) ? undefined : normalisePlate(c.plate!);
  if (!plate) k.fail('plate', blank(c.plate) ? 'is required' : `"${c.plate}" is not a vehicle registration`);
  const text = (field: string, max: number) => k.take(field, readText(c[field], field, max)) ?? null;
  const row = { plate: plate!, licenceNo: text('licence_no', 100), operatorRef: text('operator_ref', 200), make: text('make', 100), colour: text('colour', 50) };
  if (k.errors.length) return { ok: false, errors: k.errors };
  return { ok: true, row };
}
