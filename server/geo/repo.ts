import type { Knex } from 'knex';
import { wgs84OfBng } from './sql.js';

/** WGS84 lon/lat of a British National Grid point, transformed by PostGIS. */
export async function bngToWgs84(knex: Knex, easting: number, northing: number): Promise<{ lon: number; lat: number }> {
  const r = await knex.raw(
    `select ST_X(p) as lon, ST_Y(p) as lat from (select ${wgs84OfBng('?', '?')} as p) t`,
    [easting, northing],
  );
  return r.rows[0];
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
