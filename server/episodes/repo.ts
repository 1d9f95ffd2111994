import type { Knex } from 'knex';
import { splitAntimeridian } from '../geo/bbox.js';
import { ENVELOPE, envelopeBindings, POINT } from '../geo/sql.js';
import { SENSITIVE_PREMISES_CATEGORIES } from '../lists.js';
import type { Episode, EpisodeFilters, FlowProperties, FoundProperties, LineFeature, PointFeature } from './schema.js';

/** Whether the place a child went missing from is sensitive: a point is a home address; premises by their category. */
const SENSITIVE = `(p.id is null or p.category = any(?::text[]))`;
const sensitiveBinding = (): Knex.Value[] => [[...SENSITIVE_PREMISES_CATEGORIES]];

/** Hours from report to found, to a tenth; null while the child is not found. */
const DURATION = `round((extract(epoch from (e.found_time - e.reported_missing_at)) / 3600)::numeric, 1)::float8`;

const FROM = `episodes e
  join subjects su on su.id = e.subject_id
  left join premises p on p.id = e.missing_from_premises_id`;

/** Live episodes of live subjects only. */
const LIVE = `e.deleted_at is null and e.disposed_at is null and su.deleted_at is null and su.disposed_at is null`;

const COLUMNS = `e.id, e.subject_id as "subjectId", su.ref as "subjectRef",
  e.missing_from_premises_id as "premisesId", p.name as "premisesName", p.category as "premisesCategory",
  round(ST_X(e.missing_from_geom)::numeric, 6)::float8 as "fromLon", round(ST_Y(e.missing_from_geom)::numeric, 6)::float8 as "fromLat",
  ${SENSITIVE} as sensitive,
  e.reported_missing_at as "reportedMissingAt", e.found_time as "foundTime", ${DURATION} as "durationHours",
  round(ST_X(e.found_geom)::numeric, 6)::float8 as "foundLon", round(ST_Y(e.found_geom)::numeric, 6)::float8 as "foundLat",
  e.found_precision_m as "precisionM",
  e.returned_by_vehicle_id as "vehicleId", (select v.plate from vehicles v where v.id = e.returned_by_vehicle_id) as plate,
  e.returned_by_subject_id as "returnedBySubjectId", (select rs.ref from subjects rs where rs.id = e.returned_by_subject_id) as "returnedBySubjectRef",
  e.notes, e.external_ref as "externalRef", e.synthetic, to_char(e.review_due, 'YYYY-MM-DD') as "reviewDue",
  e.created_at as "createdAt", e.updated_at as "updatedAt"`;

interface Row {
  id: string;
  subjectId: string;
  subjectRef: string | null;
  premisesId: string | null;
  premisesName: string | null;
  premisesCategory: string | null;
  fromLon: number;
  fromLat: number;
  sensitive: boolean;
  reportedMissingAt: Date;
  foundTime: Date | null;
  durationHours: number | null;
  foundLon: number | null;
  foundLat: number | null;
  precisionM: number | null;
  vehicleId: string | null;
  plate: string | null;
  returnedBySubjectId: string | null;
  returnedBySubjectRef: string | null;
  notes: string | null;
  externalRef: string | null;
  synthetic: boolean;
  reviewDue: string;
  createdAt: Date;
  updatedAt: Date;
}

function episodeOf(r: Row): Episode {
  return {
    id: r.id,
    subjectId: r.subjectId,
    subjectRef: r.subjectRef,
    missingFrom: { premisesId: r.premisesId, premisesName: r.premisesName, premisesCategory: r.premisesCategory, lat: r.fromLat, lon: r.fromLon, sensitive: r.sensitive },
    reportedMissingAt: r.reportedMissingAt,
    foundTime: r.foundTime,
    durationHours: r.durationHours,
    foundAt: r.foundLon === null || r.foundLat === null ? null : { lat: r.foundLat, lon: r.foundLon, precisionM: r.precisionM },
    returnedBy: r.vehicleId ? { vehicleId: r.vehicleId, plate: r.plate } : r.returnedBySubjectId ? { subjectId: r.returnedBySubjectId, subjectRef: r.returnedBySubjectRef } : null,
    notes: r.notes,
    externalRef: r.externalRef,
    synthetic: r.synthetic,
    reviewDue: r.reviewDue,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * The filters as SQL over FROM. A box takes an episode that starts or ends in it; the
 * envelope is in the columns' SRID so that their GiST indexes are used.
 */
function where(f: EpisodeFilters): { sql: string; bindings: Knex.Value[] } {
  const parts = [LIVE];
  const bindings: Knex.Value[] = [];
  if (f.subjectId) parts.push('e.subject_id = ?'), bindings.push(f.subjectId);
  if (f.premisesId) parts.push('e.missing_from_premises_id = ?'), bindings.push(f.premisesId);
  if (f.from) parts.push('e.reported_missing_at >= ?'), bindings.push(f.from);
  if (f.to) parts.push('e.reported_missing_at < ?'), bindings.push(f.to);
  if (f.bbox) {
    const boxes = splitAntimeridian(f.bbox);
    parts.push(`(${boxes.map(() => `e.missing_from_geom && ${ENVELOPE} or e.found_geom && ${ENVELOPE}`).join(' or ')})`);
    for (const b of boxes) bindings.push(...envelopeBindings(b), ...envelopeBindings(b));
  }
  return { sql: parts.join(' and '), bindings };
}

/** Newest report first; one more than the limit, so the caller can tell whether more matched. */
export async function list(knex: Knex, f: EpisodeFilters, limit: number): Promise<Episode[]> {
  const w = where(f);
  const r = await knex.raw(`select ${COLUMNS} from ${FROM} where ${w.sql} order by e.reported_missing_at desc, e.id limit ?`, [...sensitiveBinding(), ...w.bindings, limit + 1]);
  return (r.rows as Row[]).map(episodeOf);
}

export async function findById(knex: Knex, id: string): Promise<Episode | undefined> {
  const r = await knex.raw(`select ${COLUMNS} from ${FROM} where ${LIVE} and e.id = ?`, [...sensitiveBinding(), id]);
  const row = r.rows[0] as Row | undefined;
  return row && episodeOf(row);
}

/** Flows from missing-from to found-at, for found episodes only. */
export async function flows(knex: Knex, f: EpisodeFilters): Promise<LineFeature<FlowProperties>[]> {
  const w = where(f);
  const r = await knex.raw(
    `select e.id, ST_AsGeoJSON(ST_MakeLine(e.missing_from_geom, e.found_geom), 6)::json as geometry,
       su.ref as "subjectRef", e.reported_missing_at as "reportedMissingAt", ${DURATION} as "durationHours", ${SENSITIVE} as "sensitiveOrigin"
     from ${FROM} where ${w.sql} and e.found_geom is not null
     order by e.reported_missing_at, e.id`,
    [...sensitiveBinding(), ...w.bindings],
  );
  return (r.rows as ({ id: string; geometry: LineFeature<FlowProperties>['geometry'] } & Omit<FlowProperties, 'episodeId'>)[]).map(({ id, geometry, ...p }) => ({
    type: 'Feature' as const,
    id,
    geometry,
    properties: { episodeId: id, ...p },
  }));
}

/** Where children were found, as points. */
export async function found(knex: Knex, f: EpisodeFilters): Promise<PointFeature<FoundProperties>[]> {
  const w = where(f);
  const r = await knex.raw(
    `select e.id, round(ST_X(e.found_geom)::numeric, 6)::float8 as lon, round(ST_Y(e.found_geom)::numeric, 6)::float8 as lat,
       e.found_precision_m as "precisionM", e.found_time as "foundTime"
     from ${FROM} where ${w.sql} and e.found_geom is not null
     order by e.reported_missing_at, e.id`,
    w.bindings,
  );
  return (r.rows as { id: string; lon: number; lat: number; precisionM: number | null; foundTime: Date | null }[]).map((x) => ({
    type: 'Feature' as const,
    id: x.id,
    geometry: { type: 'Point' as const, coordinates: [x.lon, x.lat] as [number, number] },
    properties: { episodeId: x.id, precisionM: x.precisionM, foundTime: x.foundTime },
  }));
}

/** A live subject's kind, or undefined when there is none with the id. */
export async function subjectKind(knex: Knex, id: string): Promise<string | undefined> {
  const r = await knex.raw('select kind from subjects where id = ? and deleted_at is null and disposed_at is null', [id]);
  return (r.rows[0] as { kind: string } | undefined)?.kind;
}

/** Whether premises with the id exist (an episode takes its point from them). */
export async function premisesExists(knex: Knex, id: string): Promise<boolean> {
  const r = await knex.raw('select 1 from premises where id = ?', [id]);
  return r.rows.length > 0;
}

/** Columns of an episode to write; a point is lon/lat, and missing-from premises lend their own point. */
export interface EpisodeRow {
  subject_id?: string;
  missing_from_premises_id?: string | null;
  from?: { lon: number; lat: number };
  reported_missing_at?: Date;
  found_time?: Date | null;
  found?: { lon: number; lat: number } | null;
  found_precision_m?: number | null;
  returned_by_vehicle_id?: string | null;
  returned_by_subject_id?: string | null;
  notes?: string | null;
  external_ref?: string | null;
  synthetic?: boolean;
  review_due?: string;
  created_by?: string | null;
}

function columnsOf(knex: Knex, row: EpisodeRow): Record<string, unknown> {
  const { from, found, ...rest } = row;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (from) out.missing_from_geom = knex.raw(POINT, [from.lon, from.lat]);
  else if (row.missing_from_premises_id) out.missing_from_geom = knex.raw('(select geom from premises where id = ?)', [row.missing_from_premises_id]);
  if (found !== undefined) out.found_geom = found ? knex.raw(POINT, [found.lon, found.lat]) : null;
  return out;
}

export async function insert(trx: Knex.Transaction, row: EpisodeRow): Promise<string> {
  const [r] = await trx('episodes').insert(columnsOf(trx, row)).returning('id');
  return (r as { id: string }).id;
}

/** The report time of a live episode (a found time is checked against it), or undefined. */
export async function reportedAt(knex: Knex, id: string): Promise<Date | undefined> {
  const r = await knex.raw('select reported_missing_at as at from episodes where id = ? and deleted_at is null and disposed_at is null', [id]);
  return (r.rows[0] as { at: Date } | undefined)?.at;
}

/** Updates a live episode; false when there is none with the id. */
export async function update(trx: Knex.Transaction, id: string, row: EpisodeRow): Promise<boolean> {
  const n = await trx('episodes').update({ ...columnsOf(trx, row), updated_at: trx.fn.now() }).where({ id }).whereNull('deleted_at').whereNull('disposed_at');
  return n > 0;
}

export async function softDelete(trx: Knex.Transaction, id: string): Promise<boolean> {
  const n = await trx('episodes').update({ deleted_at: trx.fn.now(), updated_at: trx.fn.now() }).where({ id }).whereNull('deleted_at');
  return n > 0;
}

// ---- Imports (server/imports/episodes.ts): subjects found or made by reference, episodes kept by external_ref.

/** Subjects by force reference, upper case (references are matched as typed, whatever the case). */
export async function subjectsByRef(trx: Knex.Transaction, refs: string[]): Promise<Map<string, { id: string; kind: string }>> {
  if (refs.length === 0) return new Map();
  const r = await trx.raw('select id, kind, ref from subjects where upper(ref) = any(?::text[]) and deleted_at is null and disposed_at is null', [refs.map((x) => x.toUpperCase())]);
  return new Map((r.rows as { id: string; kind: string; ref: string }[]).map((s) => [s.ref.toUpperCase(), { id: s.id, kind: s.kind }]));
}

/** Makes subjects named only by a reference and a kind, with a description of where they came from; returns ids by upper-case ref. */
export async function insertSubjects(
  trx: Knex.Transaction,
  rows: { ref: string; kind: string; description: string; reviewDue: string; createdBy: string | null }[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const r = await trx('subjects')
    .insert(rows.map((s) => ({ kind: s.kind, ref: s.ref, description: s.description, review_due: s.reviewDue, created_by: s.createdBy })))
    .returning(['id', 'ref']);
  return new Map((r as { id: string; ref: string }[]).map((s) => [s.ref.toUpperCase(), s.id]));
}

/** Episodes by external reference, deleted or not (a deleted one keeps its reference taken). */
export async function byExternalRefs(trx: Knex.Transaction, refs: string[]): Promise<Map<string, { id: string; deleted: boolean }>> {
  if (refs.length === 0) return new Map();
  const r = await trx.raw('select id, external_ref as ref, (deleted_at is not null or disposed_at is not null) as deleted from episodes where external_ref = any(?::text[])', [refs]);
  return new Map((r.rows as { id: string; ref: string; deleted: boolean }[]).map((e) => [e.ref, { id: e.id, deleted: e.deleted }]));
}
