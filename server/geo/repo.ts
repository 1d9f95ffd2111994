import type { Knex } from 'knex';

/** WGS84 lon/lat of a British National Grid point, transformed by PostGIS. */
export async function bngToWgs84(knex: Knex, easting: number, northing: number): Promise<{ lon: number; lat: number }> {
  const r = await knex.raw(
    `select ST_X(p) as lon, ST_Y(p) as lat from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 27700), 4326) as p) t`,
    [easting, northing],
  );
  return r.rows[0];
}
