/**
 * The SQL of the demo seed. Rows travel as one JSON parameter per statement and
 * are unpacked by json_to_recordset: one statement per batch, one binding, and the
 * same text on PGlite and PostgreSQL (PGlite refuses several statements in one query).
 */
import type { Knex } from 'knex';
import type { AreaSeed, PremisesSeed, VehicleSeed } from './generate.js';
import type { SightingSeed } from './sightings.js';

/** Whether the synthetic town is already loaded (its wards are written first). */
export async function demoPresent(knex: Knex): Promise<boolean> {
  const r = await knex.raw('select exists (select 1 from areas where synthetic) as present');
  return Boolean(r.rows[0].present);
}

export async function insertAreas(knex: Knex, areas: readonly AreaSeed[]): Promise<number> {
  if (areas.length === 0) return 0;
  await knex.raw(
    `insert into areas (id, name, kind, code, geom, synthetic)
     select r.id, r.name, r.kind, r.code, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326)), true
     from json_to_recordset(?::json) as r(id uuid, name text, kind text, code text, geometry json)`,
    [JSON.stringify(areas)],
  );
  return areas.length;
}

export async function insertPremises(knex: Knex, premises: readonly PremisesSeed[]): Promise<number> {
  if (premises.length === 0) return 0;
  await knex.raw(
    `insert into premises (id, name, category, address, postcode, geom, licence_ref, licence_status, external_ref, synthetic)
     select r.id, r.name, r.category, r.address, r.postcode, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326),
            r."licenceRef", r."licenceStatus", r."externalRef", true
     from json_to_recordset(?::json) as r(id uuid, name text, category text, address text, postcode text,
       lon float8, lat float8, "licenceRef" text, "licenceStatus" text, "externalRef" text)`,
    [JSON.stringify(premises)],
  );
  return premises.length;
}

export async function insertVehicles(knex: Knex, vehicles: readonly VehicleSeed[]): Promise<number> {
  if (vehicles.length === 0) return 0;
  await knex.raw(
    `insert into vehicles (id, plate, licence_no, operator_id, make, colour, synthetic)
     select r.id, r.plate, r."licenceNo", r."operatorId", r.make, r.colour, true
     from json_to_recordset(?::json) as r(id uuid, plate text, "licenceNo" text, "operatorId" uuid, make text, colour text)`,
    [JSON.stringify(vehicles)],
  );
  return vehicles.length;
}

/**
 * One batch of sightings. The area is left to the sightings_derive_area trigger, so
 * the wards must be in first. Created/updated times are the report time, so the
 * demo's "recently added" lists look like a working team's.
 */
export async function insertSightings(knex: Knex, rows: readonly SightingSeed[]): Promise<number> {
  if (rows.length === 0) return 0;
  await knex.raw(
    `insert into sightings (id, observed_at, reported_at, geom, precision_m, category, grooming_model, source_agency,
       source_eval, intel_assessment, handling_code, premises_id, vehicle_id, narrative, subject_refs, indicators, external_ref,
       synthetic, created_at, updated_at, review_due)
     select r.id, r."observedAt", r."reportedAt", ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r."precisionM",
            r.category, r."groomingModel", r."sourceAgency", r."sourceEval", r."intelAssessment", r."handlingCode",
            r."premisesId", r."vehicleId", r.narrative, r."subjectRefs", r.indicators, r."externalRef",
            true, r."reportedAt", r."reportedAt", r."reviewDue"
     from json_to_recordset(?::json) as r(id uuid, "observedAt" timestamptz, "reportedAt" timestamptz, lon float8,
       lat float8, "precisionM" integer, category text, "groomingModel" text, "sourceAgency" text, "sourceEval" smallint,
       "intelAssessment" text, "handlingCode" text, "premisesId" uuid, "vehicleId" uuid, narrative text,
       "subjectRefs" text[], indicators text[], "externalRef" text, "reviewDue" date)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

/** Synthetic sightings that fell outside every area (should be none: the wards tile the town). */
export async function countUnplacedSightings(knex: Knex): Promise<number> {
  const r = await knex.raw('select count(*) as n from sightings where synthetic and area_id is null');
  return Number(r.rows[0].n);
}

/** Fresh planner statistics after a bulk load, so the first map queries are not planned blind. */
export async function analyzeDemoTables(knex: Knex): Promise<void> {
  await knex.raw('analyze areas, premises, vehicles, sightings');
}
