import type { Knex } from 'knex';
import type { LicenceStatus } from '../lists.js';
import { applyFilters } from '../sightings/repo.js';
import { ordinaryPremises, sensitivePremises, SENSITIVE_BINDING } from '../premises/repo.js';
import type { SightingFilters } from '../sightings/filters.js';
import { aggregateSource, type AggregateScope } from '../map/repo.js';

export interface PremisesMatch {
  id: string;
  name: string;
  postcode: string | null;
  licenceRef: string;
  licenceStatus: LicenceStatus;
  lon: number;
  lat: number;
}

/**
 * Premises whose licence reference equals one of `refs`, ignoring case and surrounding spaces.
 * With `hideSensitive` a sensitive site (a registered children's home has a reference too) is not found.
 */
export async function premisesByLicenceRefs(knex: Knex, refs: string[], opts: { hideSensitive: boolean }): Promise<PremisesMatch[]> {
  if (!refs.length) return [];
  const r = await knex.raw(
    `select p.id, p.name, p.postcode, p.licence_ref as "licenceRef", p.licence_status as "licenceStatus",
       ST_X(p.geom) as lon, ST_Y(p.geom) as lat
     from premises p where upper(trim(p.licence_ref)) = any(?::text[])${opts.hideSensitive ? ` and ${ordinaryPremises('p')}` : ''}`,
    [refs.map((s) => s.trim().toUpperCase()), ...(opts.hideSensitive ? [SENSITIVE_BINDING] : [])],
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

/**
 * Vehicles with one of the (normalised) plates, with their operator's name and licence status
 * (none, with `hideSensitive`, where the operator recorded is a sensitive site).
 */
export async function vehiclesByPlates(knex: Knex, plates: string[], opts: { hideSensitive: boolean }): Promise<VehicleMatch[]> {
  if (!plates.length) return [];
  const operator = (col: string) => (opts.hideSensitive ? `case when ${sensitivePremises('o')} then null else ${col} end` : col);
  const r = await knex.raw(
    `select v.id, v.plate, v.licence_no as "licenceNo", v.make, v.colour, ${operator('o.name')} as operator, ${operator('o.licence_status')} as "operatorLicenceStatus"
     from vehicles v left join premises o on o.id = v.operator_id where v.plate = any(?::text[])`,
    [...(opts.hideSensitive ? [SENSITIVE_BINDING, SENSITIVE_BINDING] : []), plates],
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
export async function sightingCounts(knex: Knex, f: SightingFilters, timeZone: string, recentFrom: Date, scope: AggregateScope): Promise<SightingCounts> {
  // Restricted readers: sightings at sensitive sites count at their area, not round the premises next door.
  const src = aggregateSource(knex, scope);
  const q = src.from.select(
    knex.raw(
      `count(*)::int as total, (count(*) filter (where s.observed_at >= ?))::int as recent,
       coalesce(sum(cardinality(s.indicators)), 0)::int as indicators`,
      [recentFrom],
    ),
  );
  const [row] = await applyFilters(q, f, timeZone, src.scope, { includeDisposed: true });
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
