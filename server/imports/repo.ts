import type { Knex } from 'knex';
import type { FieldError } from '../http/errors.js';
import type { ImportCounts, ImportOptions, ImportResult, ImportSummary, Rejected } from './schema.js';
import type { PremisesImport, VehicleImport } from './rows.js';
import { pointAt, wgs84OfBng } from '../geo/sql.js';

export async function create(knex: Knex, o: ImportOptions & { sha256: string; bytes: number; by: string | null }): Promise<string> {
  const [r] = await knex('imports')
    .insert({ kind: o.kind, file_name: o.fileName, sha256: o.sha256, bytes: o.bytes, format: o.format, mode: o.mode, on_duplicate: o.onDuplicate, started_by: o.by, basemap: o.basemap ? JSON.stringify(o.basemap) : null })
    .returning('id');
  return (r as { id: string }).id;
}

/** Records an import's outcome; `basemap`, when given, replaces what a basemap import asked for with what it did. */
export async function finish(knex: Knex, id: string, status: string, c: ImportCounts, rejected: Rejected[], error: string | null = null, basemap?: object, warnings: FieldError[] = []): Promise<void> {
  await knex('imports')
    .update({
      warnings: JSON.stringify(warnings),
      ...(basemap ? { basemap: JSON.stringify(basemap) } : {}),
      status,
      rows_read: c.rowsRead,
      inserted: c.inserted,
      updated: c.updated,
      duplicates: c.duplicates,
      rejected_count: c.rejectedCount,
      rejected: JSON.stringify(rejected),
      error,
      finished_at: knex.fn.now(),
    })
    .where({ id });
}

/** Held by an import's transaction for its whole life: a lock nobody holds means the importer died. */
export async function holdImportLock(trx: Knex.Transaction, id: string): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('lantern.import'), hashtext(?))", [id]);
}

/**
 * Marks interrupted the imports still 'running' whose transaction no longer exists
 * (its lock is free): a process died mid-import and the database rolled it back.
 * Imports younger than `minAgeSeconds` are left alone: another process may have
 * registered one a moment ago and not yet taken its lock.
 */
export async function markInterrupted(knex: Knex, minAgeSeconds: number): Promise<number> {
  const running = (await knex('imports').where({ status: 'running' }).where('started_at', '<', knex.raw('now() - make_interval(secs => ?)', [minAgeSeconds])).select('id')) as { id: string }[];
  let n = 0;
  for (const { id } of running) {
    const orphaned = await knex.transaction(async (trx) => {
      const r = await trx.raw("select pg_try_advisory_xact_lock(hashtext('lantern.import'), hashtext(?)) as free", [id]);
      if (!r.rows[0].free) return false;
      await trx('imports')
        .update({ status: 'interrupted', finished_at: trx.fn.now(), error: 'the importing process stopped; the database rolled the import back' })
        .where({ id, status: 'running' });
      return true;
    });
    if (orphaned) n++;
  }
  return n;
}

export async function find(knex: Knex, id: string): Promise<(ImportResult & Record<string, unknown>) | undefined> {
  const r = await knex.raw(
    `select id, kind, file_name as "fileName", sha256, bytes, format, mode, on_duplicate as "onDuplicate", status,
       rows_read as "rowsRead", inserted, updated, duplicates, rejected_count as "rejectedCount", rejected, warnings, error, basemap,
       started_by as "startedBy", started_at as "startedAt", finished_at as "finishedAt"
     from imports where id = ?`,
    [id],
  );
  return r.rows[0];
}

export async function list(knex: Knex, limit: number): Promise<ImportSummary[]> {
  const r = await knex.raw(
    `select id, kind, file_name as "fileName", status, rows_read as "rowsRead", inserted, updated, duplicates,
       rejected_count as "rejectedCount", basemap, started_at as "startedAt", finished_at as "finishedAt"
     from imports order by started_at desc limit ?`,
    [limit],
  );
  return r.rows;
}

/** Premises by licence ref and by external ref (the keys partners' files use). */
export async function premisesRefs(trx: Knex.Transaction): Promise<Map<string, string>> {
  const r = await trx.raw('select id, licence_ref, external_ref from premises');
  const m = new Map<string, string>();
  for (const p of r.rows as { id: string; licence_ref: string | null; external_ref: string | null }[]) {
    if (p.licence_ref) m.set(p.licence_ref.toUpperCase(), p.id);
    if (p.external_ref) m.set(p.external_ref.toUpperCase(), p.id);
  }
  return m;
}

export async function plateIds(trx: Knex.Transaction): Promise<Map<string, string>> {
  const r = await trx.raw('select id, plate from vehicles');
  return new Map((r.rows as { id: string; plate: string }[]).map((v) => [v.plate, v.id]));
}

/**
 * The staging table of a sightings import: one chunk of the file's valid rows at a
 * time, loaded with COPY, then landed in `sightings` by one set-based statement.
 * Temporary and dropped at commit, so it lives and dies with the import's transaction.
 */
export const SIGHTING_STAGE = 'import_sightings_stage';

/** Its columns, in the order each COPY line gives them. */
export const SIGHTING_STAGE_COLUMNS = [
  'line', 'observed_at', 'reported_at', 'lon', 'lat', 'easting', 'northing', 'precision_m', 'category', 'grooming_model',
  'source_agency', 'source_eval', 'intel_assessment', 'handling_code', 'premises_id', 'vehicle_id', 'narrative',
  'subject_refs', 'indicators', 'external_ref', 'review_due',
] as const;

export async function createSightingStage(trx: Knex.Transaction): Promise<void> {
  await trx.raw(
    `create temporary table ${SIGHTING_STAGE} (
       line integer not null, observed_at timestamptz not null, reported_at timestamptz,
       -- WGS84 as given, or filled in from easting/northing (EPSG:27700) by placeStagedBng
       lon float8, lat float8, easting float8, northing float8,
       precision_m integer, category text not null, grooming_model text not null, source_agency text not null,
       source_eval smallint not null, intel_assessment text not null, handling_code text not null,
       premises_id uuid, vehicle_id uuid, narrative text, subject_refs text[] not null, indicators text[] not null,
       external_ref text, review_due date not null,
       -- The sighting the row lands as: a new id, or (existed) the live sighting it updates.
       sid uuid not null default gen_random_uuid(), existed boolean not null default false
     ) on commit drop`,
  );
}

/**
 * Staged rows given in British National Grid get their WGS84 position, transformed by
 * PostGIS; returns them, so that the caller can judge each against the operating area.
 */
export async function placeStagedBng(trx: Knex.Transaction): Promise<{ line: number; lon: number; lat: number }[]> {
  const r = await trx.raw(
    `update ${SIGHTING_STAGE} s set lon = ST_X(t.g), lat = ST_Y(t.g)
     from (select line, ${wgs84OfBng('easting', 'northing')} as g
           from ${SIGHTING_STAGE} where easting is not null) t
     where s.line = t.line
     returning s.line, s.lon, s.lat`,
  );
  return r.rows;
}

/** Takes rows out of the stage by file line (rejected after staging). */
export async function unstage(trx: Knex.Transaction, lines: number[]): Promise<void> {
  if (lines.length) await trx.raw(`delete from ${SIGHTING_STAGE} where line = any(?::int[])`, [lines]);
}

export async function clearStage(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`truncate ${SIGHTING_STAGE}`);
}

const SIGHTING_COLUMNS = `id, observed_at, reported_at, geom, precision_m, category, grooming_model, source_agency, source_eval,
  intel_assessment, handling_code, premises_id, vehicle_id, narrative, indicators, external_ref, review_due, created_by`;

/**
 * Lands the staged rows (one per source agency and external ref: the caller has
 * settled repeats within the chunk). `skip`: a row whose (source agency, external
 * ref) already exists is left alone; `update`: the existing live row is overwritten
 * first, then only the new ones are inserted. Rows that are neither count as duplicates.
 */
export async function landStagedSightings(
  trx: Knex.Transaction,
  onDuplicate: 'skip' | 'update',
  createdBy: string | null,
  /** The MoPI review date of a subject made for a reference (server/subjects, subjectReviewDue). */
  subjectsReviewDue: string,
): Promise<{ inserted: number; updated: number }> {
  let updated = 0;
  if (onDuplicate === 'update') {
    // Fresh statistics, so that the join uses the (source_agency, external_ref) index, not a scan of sightings.
    await trx.raw(`analyze ${SIGHTING_STAGE}`);
    await trx.raw(
      `update ${SIGHTING_STAGE} st set sid = s.id, existed = true from sightings s
       where s.source_agency = st.source_agency and s.external_ref = st.external_ref and s.deleted_at is null`,
    );
    const u = await trx.raw(
      `update sightings s set observed_at = st.observed_at, reported_at = coalesce(st.reported_at, now()),
         geom = ${pointAt('st.lon', 'st.lat')}, precision_m = st.precision_m, category = st.category,
         grooming_model = st.grooming_model, source_eval = st.source_eval, intel_assessment = st.intel_assessment,
         handling_code = st.handling_code, premises_id = st.premises_id, vehicle_id = st.vehicle_id, narrative = st.narrative,
         indicators = st.indicators, updated_at = now()
       from ${SIGHTING_STAGE} st
       where s.id = st.sid and st.existed`,
    );
    updated = rowCount(u);
  }
  const values = `sid, observed_at, coalesce(reported_at, now()), g, precision_m, category,
       grooming_model, source_agency, source_eval, intel_assessment, handling_code, premises_id, vehicle_id,
       narrative, indicators, external_ref, review_due, ?::uuid`;
  // Rows that update a sighting are not inserted again.
  const staged = `(select *, ${pointAt('lon', 'lat')} as g from ${SIGHTING_STAGE} where not existed) st`;
  const i = await trx.raw(
    // What the sightings_derive_area and sightings_derive_bng triggers would do, set-based:
    // the caller has asked them to step aside (deriveHere).
    `insert into sightings (${SIGHTING_COLUMNS}, area_id, bng_e, bng_n)
         select ${values}, (
             select a.id from areas a where ST_Intersects(a.geom, st.g)
             order by (a.kind = 'ward') desc, ST_Area(a.geom), a.id limit 1),
           ST_X(b.p), ST_Y(b.p)
         from ${staged} cross join lateral (select ST_Transform(st.g, 27700) as p) b
         on conflict (source_agency, external_ref) do nothing`,
    [createdBy],
  );
  await linkStagedSubjects(trx, createdBy, subjectsReviewDue);
  return { inserted: rowCount(i), updated };
}

/**
 * The landed rows' subject references become links (seen with) to the subjects of those
 * references, each made (kind unknown, described by its reference) where none has it yet;
 * an updated sighting's links are replaced by its row's, as its other fields are. A row
 * that did not land (a duplicate skipped) has a `sid` no sighting has, and links nothing.
 */
async function linkStagedSubjects(trx: Knex.Transaction, createdBy: string | null, reviewDue: string): Promise<void> {
  const landed = `${SIGHTING_STAGE} st join sightings s on s.id = st.sid cross join lateral unnest(st.subject_refs) as r(ref)`;
  await trx.raw(
    `insert into subjects (kind, ref, description, review_due, created_by)
     select 'unknown_adult', x.ref, 'Subject reference ' || x.ref, ?::date, ?::uuid
     from (select distinct r.ref from ${landed}) x
     on conflict (ref) where ref is not null do nothing`,
    [reviewDue, createdBy],
  );
  await trx.raw(`delete from subject_links l using ${SIGHTING_STAGE} st where st.existed and l.sighting_id = st.sid`);
  await trx.raw(
    `insert into subject_links (subject_id, role, sighting_id, created_by)
     select distinct su.id, 'seen_with', st.sid, ?::uuid from ${landed} join subjects su on su.ref = r.ref
     on conflict do nothing`,
    [createdBy],
  );
}

/**
 * Tells the per-row insert triggers that derive a sighting's area and grid position to
 * step aside (`true`) or act again (`false`) for the rest of the transaction: while aside,
 * the caller lands rows deriving area and grid itself. A setting local to the transaction
 * (migration 021), so every other writer of sightings still gets the triggers and none
 * waits for the import.
 */
export async function deriveHere(trx: Knex.Transaction, on: boolean): Promise<void> {
  await trx.raw("select set_config('lantern.derived_here', ?, true)", [on ? 'on' : 'off']);
}

/** Rows a statement wrote: pg calls it rowCount, PGlite affectedRows. */
const rowCount = (r: { rowCount?: number | null; affectedRows?: number }) => r.rowCount ?? r.affectedRows ?? 0;

export type ReadyPremises = Omit<PremisesImport, 'place'> & { lon: number; lat: number; createdBy: string | null };

/** Premises keyed by external ref (rows without one are always new). */
export async function upsertPremises(trx: Knex.Transaction, rows: ReadyPremises[], onDuplicate: 'skip' | 'update'): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const conflict =
    onDuplicate === 'skip'
      ? 'on conflict (external_ref) do nothing'
      : `on conflict (external_ref) do update set name = excluded.name, category = excluded.category, address = excluded.address,
           postcode = excluded.postcode, geom = excluded.geom, licence_ref = excluded.licence_ref,
           licence_status = excluded.licence_status, updated_at = now()`;
  const r = await trx.raw(
    `insert into premises (external_ref, name, category, address, postcode, geom, licence_ref, licence_status, created_by)
     select r."externalRef", r.name, r.category, r.address, r.postcode, ${pointAt('r.lon', 'r.lat')},
       r."licenceRef", r."licenceStatus", r."createdBy"
     from json_to_recordset(?::json) as r("externalRef" text, name text, category text, address text, postcode text,
       lon float8, lat float8, "licenceRef" text, "licenceStatus" text, "createdBy" uuid)
     ${conflict}
     returning (xmax = 0) as inserted`,
    [JSON.stringify(rows)],
  );
  const inserted = (r.rows as { inserted: boolean }[]).filter((x) => x.inserted).length;
  return { inserted, updated: r.rows.length - inserted };
}

export type ReadyVehicle = Omit<VehicleImport, 'operatorRef'> & { operatorId: string | null; createdBy: string | null };

/** Vehicles keyed by plate. */
export async function upsertVehicles(trx: Knex.Transaction, rows: ReadyVehicle[], onDuplicate: 'skip' | 'update'): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const conflict =
    onDuplicate === 'skip'
      ? 'on conflict (plate) do nothing'
      : `on conflict (plate) do update set licence_no = excluded.licence_no, operator_id = excluded.operator_id,
           make = excluded.make, colour = excluded.colour, updated_at = now()`;
  const r = await trx.raw(
    `insert into vehicles (plate, licence_no, operator_id, make, colour, created_by)
     select r.plate, r."licenceNo", r."operatorId", r.make, r.colour, r."createdBy"
     from json_to_recordset(?::json) as r(plate text, "licenceNo" text, "operatorId" uuid, make text, colour text, "createdBy" uuid)
     ${conflict}
     returning (xmax = 0) as inserted`,
    [JSON.stringify(rows)],
  );
  const inserted = (r.rows as { inserted: boolean }[]).filter((x) => x.inserted).length;
  return { inserted, updated: r.rows.length - inserted };
}

/** Why a GeoJSON geometry in `srid` is invalid (null when valid). */
export async function geometryProblem(trx: Knex.Transaction, geometry: object, srid: number): Promise<string | null> {
  const r = await trx.raw(
    `select case when ST_IsValid(g) then null else ST_IsValidReason(g) end as reason from (select ST_SetSRID(ST_GeomFromGeoJSON(?), ?) as g) t`,
    [JSON.stringify(geometry), srid],
  );
  return r.rows[0].reason;
}

/**
 * Inserts or updates (by code, when given) an area from GeoJSON in `srid`, made valid
 * and transformed to WGS84. Repair is ST_MakeValid's `structure` method (each ring's
 * enclosed area, holes taken out): unlike the default `linework` method, its time
 * grows little with the number of self-intersections (20,000 vertices crossing 1,177
 * times: 1 s against 16 s on PGlite). Says whether the area was new, updated or
 * skipped as a duplicate, and its id when written.
 */
export async function upsertArea(
  trx: Knex.Transaction,
  a: { name: string; kind: string; code: string | null; population: number | null; geometry: object; srid: number; createdBy: string | null },
  onDuplicate: 'skip' | 'update',
): Promise<{ outcome: 'inserted' | 'updated' | 'duplicate'; id: string | null }> {
  const geom = `ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), ?), 4326), 'method=structure'), 3))`;
  if (a.code) {
    const existing = await trx('areas').where({ code: a.code, kind: a.kind }).first('id');
    if (existing) {
      if (onDuplicate === 'skip') return { outcome: 'duplicate', id: null };
      // A file without populations leaves the ones loaded before in place.
      await trx.raw(`update areas set name = ?, geom = ${geom}, population = coalesce(?, population), updated_at = now() where id = ?`, [a.name, JSON.stringify(a.geometry), a.srid, a.population, existing.id]);
      return { outcome: 'updated', id: existing.id as string };
    }
  }
  const r = await trx.raw(`insert into areas (name, kind, code, population, geom, created_by) values (?, ?, ?, ?, ${geom}, ?) returning id`, [a.name, a.kind, a.code, a.population, JSON.stringify(a.geometry), a.srid, a.createdBy]);
  return { outcome: 'inserted', id: (r.rows[0] as { id: string }).id };
}

/**
 * Derives again, as the insert trigger does, the area of every sighting the changed
 * areas may concern: those inside their bounding boxes now, and those that were in
 * them before. Other sightings cannot have changed area, so are not re-checked.
 */
export async function rederiveAreas(trx: Knex.Transaction, changed: string[]): Promise<number> {
  if (changed.length === 0) return 0;
  const r = await trx.raw(
    `with touched as (
       select s.id from sightings s where s.area_id = any(?::uuid[])
       union
       select s.id from areas c join sightings s on s.geom && c.geom where c.id = any(?::uuid[]))
     update sightings s set area_id = (
       select a.id from areas a where ST_Intersects(a.geom, s.geom)
       order by (a.kind = 'ward') desc, ST_Area(a.geom), a.id limit 1)
     from touched t where s.id = t.id`,
    [changed, changed],
  );
  return rowCount(r);
}
