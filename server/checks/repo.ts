import type { Knex } from 'knex';
import type { LicenceStatus } from '../lists.js';
import { applyFilters } from '../sightings/repo.js';
import type { SightingFilters } from '../sightings/filters.js';

export interface PremisesMatch {
  id: string;
  name: string;
  postcode: string | null;
  licenceRef: string;
  licenceStatus: LicenceStatus;
  lon: number;
  lat: number;
}

/** Premises whose licence reference equals one of `refs`, ignoring case and surrounding spaces. */
export async function premisesByLicenceRefs(knex: Knex, refs: string[]): Promise<PremisesMatch[]> {
  if (!refs.length) return [];
  const r = await knex.raw(
    `select p.id, p.name, p.postcode, p.licence_ref as "licenceRef", p.licence_status as "licenceStatus",
       ST_X(p.geom) as lon, ST_Y(p.geom) as lat
     from premises p where upper(trim(p.licence_ref)) = any(?::text[])`,
    [refs.map((s) => s.trim().toUpperCase())],
  );
  return r.rows;
}

export interface VehicleMatch {
  id: string;
  plate: string;
  licenceNo: string | null;
  make: string | null;
  colour: string | null;
  operator: string | null;
  operatorLicenceStatus: LicenceStatus | null;
}

/** Vehicles with one of the (normalised) plates, with their operator's name and licence status. */
export async function vehiclesByPlates(knex: Knex, plates: string[]): Promise<VehicleMatch[]> {
  if (!plates.length) return [];
  const r = await knex.raw(
    `select v.id, v.plate, v.licence_no as "licenceNo", v.make, v.colour, o.name as operator, o.licence_status as "operatorLicenceStatus"
     from vehicles v left join premises o on o.id = v.operator_id where v.plate = any(?::text[])`,
    [plates],
  );
  return r.rows;
}

export interface SightingCounts {
  total: number;
  recent: number;
  indicators: number;
}

/**
 * Sightings matching the filters (every record, disposed ones too, as in profiles):
 * how many, how many since `recentFrom`, and how many Makesafe indicators they carry.
 */
export async function sightingCounts(knex: Knex, f: SightingFilters, timeZone: string, recentFrom: Date): Promise<SightingCounts> {
  const q = knex({ s: 'sightings' }).select(
    knex.raw(
      `count(*)::int as total, (count(*) filter (where s.observed_at >= ?))::int as recent,
       coalesce(sum(cardinality(s.indicators)), 0)::int as indicators`,
      [recentFrom],
    ),
  );
  const [row] = await applyFilters(q, f, timeZone, 'all', { includeDisposed: true });
  return row as SightingCounts;
}

/** Live intelligence items per subject id (whatever the caller may read of them). */
export async function intelCounts(knex: Knex, subjectType: 'premises' | 'vehicle', ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const r = await knex.raw(
    `select subject_id as id, count(*)::int as n from intel
     where subject_type = ? and subject_id = any(?::uuid[]) and deleted_at is null group by subject_id`,
    [subjectType, ids],
  );
  return new Map((r.rows as { id: string; n: number }[]).map((x) => [x.id, x.n]));
}
