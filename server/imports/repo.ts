import type { Knex } from 'knex';
import type { ImportCounts, ImportOptions, ImportResult, Rejected } from './schema.js';
import type { PremisesImport, SightingImport, VehicleImport } from './rows.js';

export async function create(knex: Knex, o: ImportOptions & { sha256: string; bytes: number; by: string | null }): Promise<string> {
  const [r] = await knex('imports')
    .insert({ kind: o.kind, file_name: o.fileName, sha256: o.sha256, bytes: o.bytes, format: o.format, mode: o.mode, on_duplicate: o.onDuplicate, started_by: o.by })
    .returning('id');
  return (r as { id: string }).id;
}

export async function finish(knex: Knex, id: string, status: string, c: ImportCounts, rejected: Rejected[], error: string | null = null): Promise<void> {
  await knex('imports')
    .update({
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
       rows_read as "rowsRead", inserted, updated, duplicates, rejected_count as "rejectedCount", rejected, error,
       started_by as "startedBy", started_at as "startedAt", finished_at as "finishedAt"
     from imports where id = ?`,
    [id],
  );
  return r.rows[0];
}

export async function list(knex: Knex, limit: number) {
  const r = await knex.raw(
    `select id, kind, file_name as "fileName", status, rows_read as "rowsRead", inserted, updated, duplicates,
       rejected_count as "rejectedCount", started_at as "startedAt", finished_at as "finishedAt"
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

/** WGS84 of British National Grid points, in order, transformed by PostGIS in one statement. */
export async function transformBng(trx: Knex.Transaction, pts: { easting: number; northing: number }[]): Promise<{ lon: number; lat: number }[]> {
  if (pts.length === 0) return [];
  const r = await trx.raw(
    `select ST_X(g) as lon, ST_Y(g) as lat from (
       select n, ST_Transform(ST_SetSRID(ST_MakePoint(e, nn), 27700), 4326) as g
       from unnest(?::float8[], ?::float8[]) with ordinality as t(e, nn, n)) x order by n`,
    [pts.map((p) => p.easting), pts.map((p) => p.northing)],
  );
  return r.rows;
}

export type ReadySighting = Omit<SightingImport, 'place' | 'premisesRef' | 'plate'> & {
  lon: number;
  lat: number;
  premisesId: string | null;
  vehicleId: string | null;
  reviewDue: string;
  createdBy: string | null;
};

/**
 * One batch in one statement. `skip`: rows whose (source agency, external ref) exists
 * are left alone; `update`: they are overwritten. Returns how many rows were new.
 */
export async function insertSightings(trx: Knex.Transaction, rows: ReadySighting[], onDuplicate: 'skip' | 'update'): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const conflict =
    onDuplicate === 'skip'
      ? 'on conflict (source_agency, external_ref) do nothing'
      : `on conflict (source_agency, external_ref) do update set observed_at = excluded.observed_at, reported_at = excluded.reported_at,
           geom = excluded.geom, precision_m = excluded.precision_m, category = excluded.category, grooming_model = excluded.grooming_model,
           source_eval = excluded.source_eval, intel_assessment = excluded.intel_assessment, handling_code = excluded.handling_code,
           premises_id = excluded.premises_id, vehicle_id = excluded.vehicle_id, narrative = excluded.narrative,
           subject_refs = excluded.subject_refs, indicators = excluded.indicators, updated_at = now()
         where sightings.deleted_at is null`;
  const r = await trx.raw(
    `insert into sightings (observed_at, reported_at, geom, precision_m, category, grooming_model, source_agency, source_eval,
       intel_assessment, handling_code, premises_id, vehicle_id, narrative, subject_refs, indicators, external_ref, review_due, created_by)
     select r."observedAt", coalesce(r."reportedAt", now()), ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r."precisionM", r.category,
       r."groomingModel", r."sourceAgency", r."sourceEval", r."intelAssessment", r."handlingCode", r."premisesId", r."vehicleId",
       r.narrative, r."subjectRefs", r.indicators, r."externalRef", r."reviewDue", r."createdBy"
     from json_to_recordset(?::json) as r("observedAt" timestamptz, "reportedAt" timestamptz, lon float8, lat float8,
       "precisionM" integer, category text, "groomingModel" text, "sourceAgency" text, "sourceEval" smallint,
       "intelAssessment" text, "handlingCode" text, "premisesId" uuid, "vehicleId" uuid, narrative text,
       "subjectRefs" text[], indicators text[], "externalRef" text, "reviewDue" date, "createdBy" uuid)
     ${conflict}
     returning (xmax = 0) as inserted`,
    [JSON.stringify(rows)],
  );
  const inserted = (r.rows as { inserted: boolean }[]).filter((x) => x.inserted).length;
  return { inserted, updated: r.rows.length - inserted };
}

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
     select r."externalRef", r.name, r.category, r.address, r.postcode, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326),
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
 * and transformed to WGS84. Returns whether it was new, or null when skipped as a duplicate.
 */
export async function upsertArea(
  trx: Knex.Transaction,
  a: { name: string; kind: string; code: string | null; geometry: object; srid: number; createdBy: string | null },
  onDuplicate: 'skip' | 'update',
): Promise<'inserted' | 'updated' | 'duplicate'> {
  const geom = `ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), ?), 4326)), 3))`;
  if (a.code) {
    const existing = await trx('areas').where({ code: a.code, kind: a.kind }).first('id');
    if (existing) {
      if (onDuplicate === 'skip') return 'duplicate';
      await trx.raw(`update areas set name = ?, geom = ${geom}, updated_at = now() where id = ?`, [a.name, JSON.stringify(a.geometry), a.srid, existing.id]);
      return 'updated';
    }
  }
  await trx.raw(`insert into areas (name, kind, code, geom, created_by) values (?, ?, ?, ${geom}, ?)`, [a.name, a.kind, a.code, JSON.stringify(a.geometry), a.srid, a.createdBy]);
  return 'inserted';
}

/** Derives every sighting's area again (after boundaries change), as the insert trigger does. */
export async function rederiveAreas(trx: Knex.Transaction): Promise<number> {
  const r = await trx.raw(
    `update sightings s set area_id = (
       select a.id from areas a where ST_Intersects(a.geom, s.geom)
       order by (a.kind = 'ward') desc, ST_Area(a.geom), a.id limit 1)`,
  );
  return r.rowCount ?? r.affectedRows ?? 0;
}
