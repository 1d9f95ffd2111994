import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { badRequest } from '../http/errors.js';
import { containsPoint, formatBBox } from './bbox.js';
import type { LocationInput } from './location.js';
import { bngToWgs84 } from './repo.js';

/**
 * Resolves a location given as lat/lon or British National Grid (transformed by
 * PostGIS) and checks it lies in the operating area; undefined when none was given.
 * Kept apart from `location.ts`, whose request fields the client bundles.
 */
export async function locate(db: Db, config: Config, v: LocationInput): Promise<{ lon: number; lat: number } | undefined> {
  let p: { lon: number; lat: number } | undefined;
  let fields: [string, string] = ['lat', 'lon'];
  if (v.lat !== undefined && v.lon !== undefined) p = { lon: v.lon, lat: v.lat };
  else if (v.easting !== undefined && v.northing !== undefined) {
    p = await bngToWgs84(db.knex, v.easting, v.northing);
    fields = ['easting', 'northing'];
  }
  if (p && !containsPoint(config.operatingArea, p.lon, p.lat)) {
    const message = `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}) is outside the operating area ${formatBBox(config.operatingArea)}`;
    throw badRequest(`The location ${message}.`, fields.map((path) => ({ path, message })));
  }
  return p;
}
