import type { Knex } from 'knex';
import type { BBox } from './bbox.js';

/**
 * Small SQL snippets the repos share. Each takes its values as bindings (`?`), or,
 * for `pointAt` and `lonLatColumns`, column expressions written by the repo itself:
 * never a value from a request.
 */

/**
 * A WGS84 point (EPSG:4326) from two SQL expressions, longitude first.
 * @example pointAt('st.lon', 'st.lat') // 'ST_SetSRID(ST_MakePoint(st.lon, st.lat), 4326)'
 */
export const pointAt = (lon: string, lat: string): string => `ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;

/** A WGS84 point from two bindings: lon, then lat (degrees). */
export const POINT = pointAt('?', '?');

/** The same point as a knex value for inserts and updates, both coordinates bound. */
export const pointOf = (knex: Knex, lon: number, lat: number): Knex.Raw => knex.raw(POINT, [lon, lat]);

/** A WGS84 box from four bindings: `envelopeBindings(bbox)`. */
export const ENVELOPE = 'ST_MakeEnvelope(?, ?, ?, ?, 4326)';

/** The bindings of `ENVELOPE`: west, south, east, north (degrees). */
export const envelopeBindings = (b: BBox): [number, number, number, number] => [b.west, b.south, b.east, b.north];

/**
 * Columns `lon` and `lat` of a WGS84 point expression, rounded to 6 decimals (about 0.1 m).
 * @example lonLatColumns('p.geom') // 'round(ST_X(p.geom)::numeric, 6) as lon, round(ST_Y(p.geom)::numeric, 6) as lat'
 */
export const lonLatColumns = (geom: string): string => `round(ST_X(${geom})::numeric, 6) as lon, round(ST_Y(${geom})::numeric, 6) as lat`;

/**
 * A British National Grid point (EPSG:27700) from two SQL expressions in metres, easting first.
 * @example bngPointAt('x', 'y') // 'ST_SetSRID(ST_MakePoint(x, y), 27700)'
 */
export const bngPointAt = (easting: string, northing: string): string => `ST_SetSRID(ST_MakePoint(${easting}, ${northing}), 27700)`;

/** The WGS84 point of a British National Grid point given as two SQL expressions (metres), transformed by PostGIS. */
export const wgs84OfBng = (easting: string, northing: string): string => `ST_Transform(${bngPointAt(easting, northing)}, 4326)`;

/** `geom && box` for a WGS84 bbox as four bindings (uses the GiST index). */
export const inEnvelope = (column: string): string => `${column} && ${ENVELOPE}`;
