/**
 * The SQL of the demo seed. The fixed town's rows travel as one JSON parameter per
 * statement, unpacked by json_to_recordset: one binding, and the same text on
 * PGlite and PostgreSQL (PGlite refuses several statements in one query). The
 * sightings, up to millions, are copied into a staging table and moved from there.
 */
import type { Knex } from 'knex';
import type { AreaSeed, PremisesSeed, VehicleSeed } from './generate.js';

/** Whether the synthetic town is already loaded (its wards are written first). */
export async function demoPresent(knex: Knex): Promise<boolean> {
  const r = await knex.raw('select exists (select 1 from areas where synthetic) as present');
  return Boolean(r.rows[0].present);
}

export async function insertAreas(knex: Knex, areas: readonly AreaSeed[]): Promise<number> {
  if (areas.length === 0) return 0;
  await knex.raw(
    `insert into areas (id, name, kind, code, population, geom, synthetic)
     select r.id, r.name, r.kind, r.code, r.population, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326)), true
     from json_to_recordset(?::json) as r(id uuid, name text, kind text, code text, population integer, geometry json)`,
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
 * The staging table the sightings are copied into, a chunk at a time, before they
 * move into `sightings`. Temporary and dropped at commit: it lives only in the
 * seed's transaction. `n` keeps the order they were generated in.
 */
export async function createSightingsStage(trx: Knex.Transaction): Promise<void> {
  await trx.raw(
    `create temp table demo_sightings_stage (n integer not null, id uuid not null, observed_at timestamptz not null,
       reported_at timestamptz not null, lon float8 not null, lat float8 not null, precision_m integer, category text,
       grooming_model text, source_agency text, source_eval smallint, intel_assessment text, handling_code text,
       premises_id uuid, vehicle_id uuid, narrative text, subject_refs text[], indicators text[], external_ref text,
       review_due date) on commit drop`,
  );
}

/** The COPY (less its FROM) that fills the stage; copy.ts's `copyLine` makes its rows, fields in this order. */
export const STAGE_COPY =
  'copy demo_sightings_stage (n, id, observed_at, reported_at, lon, lat, precision_m, category, grooming_model, source_agency, ' +
  'source_eval, intel_assessment, handling_code, premises_id, vehicle_id, narrative, subject_refs, indicators, external_ref, review_due)';

/**
 * Moves the staged chunk into `sightings`, in the order generated, and empties the
 * stage. The area is derived here for the whole chunk at once, by the rule of the
 * sightings_derive_area trigger (the ward containing the point, else the smallest
 * other area; ties by id), which prepareBulkSightings switches off meanwhile: per
 * row it was the slowest part of the load. bng_e/bng_n are left to their trigger,
 * which is cheap per row, where ST_Transform in a statement sets PROJ up again for
 * each one (most of a second on PGlite). Created/updated times are the report
 * time, so the demo's "recently added" lists look like a working team's.
 */
export async function moveStagedSightings(trx: Knex.Transaction): Promise<void> {
  await trx.raw(
    `insert into sightings (id, observed_at, reported_at, geom, area_id, precision_m, category, grooming_model, source_agency,
       source_eval, intel_assessment, handling_code, premises_id, vehicle_id, narrative, indicators, external_ref,
       synthetic, created_at, updated_at, review_due)
     select s.id, s.observed_at, s.reported_at, s.geom, placed.area_id, s.precision_m, s.category, s.grooming_model,
            s.source_agency, s.source_eval, s.intel_assessment, s.handling_code, s.premises_id, s.vehicle_id, s.narrative,
            s.indicators, s.external_ref, true, s.reported_at, s.reported_at, s.review_due
     from (select *, ST_SetSRID(ST_MakePoint(lon, lat), 4326) as geom from demo_sightings_stage) s
     left join (
       -- One join for the chunk, areas found through their GiST index.
       select distinct on (p.n) p.n, a.id as area_id
       from demo_sightings_stage p join areas a on ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
       order by p.n, (a.kind = 'ward') desc, ST_Area(a.geom), a.id
     ) placed on placed.n = s.n
     order by s.n`,
  );
  await linkStagedSubjects(trx);
  await trx.raw('truncate demo_sightings_stage');
}

/**
 * The staged chunk's subject references become synthetic subjects (one per reference, its
 * id derived from the reference so that every load makes the same ids; reviewed when the
 * last sighting naming it is) and `seen_with` links, in the order generated.
 */
async function linkStagedSubjects(trx: Knex.Transaction): Promise<void> {
  const named = 'demo_sightings_stage st cross join lateral unnest(st.subject_refs) with ordinality as r(ref, k)';
  await trx.raw(
    `insert into subjects (id, kind, ref, description, synthetic, review_due)
     select md5('lantern-demo-subject:' || r.ref)::uuid, 'unknown_adult', r.ref, 'Subject reference ' || r.ref || ' (synthetic)', true, max(st.review_due)
     from ${named} group by r.ref order by r.ref
     on conflict (ref) where ref is not null
       do update set review_due = greatest(subjects.review_due, excluded.review_due) where subjects.synthetic`,
  );
  await trx.raw(
    `insert into subject_links (subject_id, role, sighting_id)
     select su.id, 'seen_with', st.id from ${named} join subjects su on su.ref = r.ref
     order by st.n, r.k
     on conflict do nothing`,
  );
}

/**
 * For the length of the seed's transaction: room to sort a chunk and build an index
 * in memory, no JIT (it compiled the move again for every chunk), and the per-row
 * area trigger off (moveStagedSightings derives the area). The map's aggregates
 * (migration 017) are built once at the end instead of chunk by chunk: each chunk
 * would update the same cube rows again. Other writers of sightings wait for the
 * transaction meanwhile, so none can miss the triggers.
 */
export async function prepareBulkSightings(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`set local work_mem = '64MB'`);
  await trx.raw(`set local maintenance_work_mem = '256MB'`);
  await trx.raw('set local jit = off');
  await trx.raw('alter table sightings disable trigger sightings_area_ins');
  await trx.raw('alter table sightings disable trigger sightings_aggregates_ins');
}

export async function finishBulkSightings(trx: Knex.Transaction): Promise<void> {
  await trx.raw('alter table sightings enable trigger sightings_area_ins');
  await trx.raw('alter table sightings enable trigger sightings_aggregates_ins');
  await trx.raw('select sighting_aggregates_rebuild()');
}

/** Whether `sightings` holds no row at all (the seed then builds its indexes afterwards). */
export async function sightingsEmpty(trx: Knex.Transaction): Promise<boolean> {
  const r = await trx.raw('select not exists (select 1 from sightings) as empty');
  return Boolean(r.rows[0].empty);
}

/**
 * Drops the indexes of `sightings` that enforce nothing (not unique, behind no
 * constraint) and returns how to build them again: one build after a bulk load is
 * several times cheaper than keeping them up to date row by row. Within a
 * transaction this holds `sightings` to itself until commit, so only worth it on
 * an empty table.
 */
export async function dropSecondaryIndexes(trx: Knex.Transaction): Promise<string[]> {
  const r = await trx.raw(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i
     where i.indrelid = 'sightings'::regclass and not i.indisunique
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by 1`,
  );
  const rows = r.rows as { name: string; definition: string }[];
  for (const { name } of rows) await trx.raw(`drop index ${name}`);
  return rows.map((row) => row.definition);
}

/** Builds again what dropSecondaryIndexes dropped (its own `create index` statements, from the catalogue). */
export async function createIndexes(trx: Knex.Transaction, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await trx.raw(definition);
}

/** Synthetic sightings that fell outside every area (should be none: the wards tile the town). */
export async function countUnplacedSightings(knex: Knex): Promise<number> {
  const r = await knex.raw('select count(*) as n from sightings where synthetic and area_id is null');
  return Number(r.rows[0].n);
}

/** Fresh planner statistics after a bulk load, so the first map queries are not planned blind. */
export async function analyzeDemoTables(knex: Knex): Promise<void> {
  await knex.raw('analyze areas, premises, vehicles, sightings, subjects, subject_links, sighting_facts, sighting_cube, sighting_day_hours');
}
