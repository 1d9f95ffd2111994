import type { Knex } from 'knex';
import { lonLatColumns, wgs84OfBng } from './sql.js';

/** WGS84 lon/lat of a British National Grid point, transformed by PostGIS. */
export async function bngToWgs84(knex: Knex, easting: number, northing: number): Promise<{ lon: number; lat: number }> {
  const r = await knex.raw(
    `select ST_X(p) as lon, ST_Y(p) as lat from (select ${wgs84OfBng('?', '?')} as p) t`,
    [easting, northing],
  );
  return r.rows[0];
}

/**
 * WGS84 lon/lat of British National Grid points, in order, transformed by PostGIS in one
 * statement; to 6 decimals (about 0.1 m) when `rounded`, as map answers carry them. The
 * one way the repos take a list of BNG points to WGS84 (hot spot centres, imports, reports).
 */
export async function bngPointsToWgs84(knex: Knex, pts: readonly { x: number; y: number }[], rounded: boolean): Promise<{ lon: number; lat: number }[]> {
  if (!pts.length) return [];
  const r = await knex.raw(
    `select ${rounded ? lonLatColumns('p') : 'ST_X(p) as lon, ST_Y(p) as lat'}
     from unnest(?::float8[], ?::float8[]) with ordinality as u (x, y, i), lateral (select ${wgs84OfBng('u.x', 'u.y')} as p) t
     order by u.i`,
    [pts.map((p) => p.x), pts.map((p) => p.y)],
  );
  return r.rows;
}

/** Why PostGIS finds a geometry invalid (e.g. "Self-intersection[-2.4 53.5]"), or null when valid. */
export async function invalidReason(knex: Knex, geometry: object): Promise<string | null> {
  const r = await knex.raw(
    `select case when ST_IsValid(g) then null else ST_IsValidReason(g) end as reason
     from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4326) as g) t`,
    [JSON.stringify(geometry)],
  );
  return r.rows[0].reason;
}
