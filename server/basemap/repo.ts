/**
 * Every line of SQL of the street basemap. Geometry is stored in EPSG:3857 (see
 * migration 009); tile queries compare it with `ST_TileEnvelope` as it is, so the
 * GiST indexes are used, and PostGIS clips (and on PostgreSQL encodes) the tiles.
 */
import type { Knex } from 'knex';
import type { BasemapLayer } from './schema.js';

/** Tile buffer in tile units (of 4096): lines and halos that cross a tile edge join up. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

export const LAYER_TABLE: Record<BasemapLayer, string> = {
  roads: 'basemap_roads',
  water: 'basemap_water',
  green: 'basemap_green',
  buildings: 'basemap_buildings',
};

/** Which rows a tile carries: road classes drawn at its zoom, and whether buildings are. */
export interface TileSelection {
  z: number;
  x: number;
  y: number;
  roadClasses: string[];
  buildings: boolean;
}

/**
 * The whole tile as MVT bytes, encoded by PostGIS (`ST_AsMVT`, PostgreSQL only: PGlite's
 * PostGIS lacks protobuf). Empty layers are left out, as `ST_AsMVT` of no rows is empty.
 */
export async function mvtTile(knex: Knex, t: TileSelection): Promise<Buffer> {
  const env = [t.z, t.x, t.y];
  const big = [t.z, t.x, t.y, TILE_BUFFER / TILE_EXTENT];
  const mvt = (layer: string, columns: string, table: string, where = '') => `
    coalesce((select ST_AsMVT(q, '${layer}', ${TILE_EXTENT}, 'geom') from (
      select ${columns} ST_AsMVTGeom(f.geom, ST_TileEnvelope(?, ?, ?), ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
      from ${table} f where f.geom && ST_TileEnvelope(?, ?, ?, margin => ?) ${where}
    ) q where q.geom is not null), ''::bytea)`;
  const sql = `select ${[
    mvt('water', 'f.name,', 'basemap_water'),
    mvt('green', 'f.name,', 'basemap_green'),
    mvt('buildings', '', 'basemap_buildings', t.buildings ? '' : 'and false'),
    mvt('roads', 'f.name, f.class,', 'basemap_roads', 'and f.class = any(?::text[])'),
  ].join(' || ')} as tile`;
  const bindings = [...env, ...big, ...env, ...big, ...env, ...big, ...env, ...big, t.roadClasses];
  const { rows } = await knex.raw<{ rows: { tile: Buffer | Uint8Array }[] }>(sql, bindings);
  return Buffer.from(rows[0]!.tile);
}

/** One feature of a tile, clipped to the tile and its buffer, as GeoJSON in EPSG:4326. */
export interface TileFeatureRow {
  layer: BasemapLayer;
  name: string | null;
  class: string | null;
  geojson: string;
}

/**
 * The features of a tile clipped in SQL (to the tile plus its buffer) and returned as
 * GeoJSON, for the embedded database to encode in JavaScript.
 */
export async function tileFeatures(knex: Knex, t: TileSelection): Promise<TileFeatureRow[]> {
  const big = [t.z, t.x, t.y, TILE_BUFFER / TILE_EXTENT];
  const part = (layer: BasemapLayer, name: string, cls: string, table: string, where = '') => `
    select '${layer}' as layer, ${name} as name, ${cls} as class,
      ST_AsGeoJSON(ST_Transform(ST_ClipByBox2D(f.geom, ST_TileEnvelope(?, ?, ?, margin => ?)), 4326), 7) as geojson
    from ${table} f where f.geom && ST_TileEnvelope(?, ?, ?, margin => ?) ${where}`;
  const sql = [
    part('water', 'f.name', 'null::text', 'basemap_water'),
    part('green', 'f.name', 'null::text', 'basemap_green'),
    part('buildings', 'null::text', 'null::text', 'basemap_buildings', t.buildings ? '' : 'and false'),
    part('roads', 'f.name', 'f.class', 'basemap_roads', 'and f.class = any(?::text[])'),
  ].join(' union all ');
  const { rows } = await knex.raw<{ rows: TileFeatureRow[] }>(sql, [...big, ...big, ...big, ...big, ...big, ...big, ...big, ...big, t.roadClasses]);
  return rows.filter((r) => r.geojson !== null);
}

/** A basemap feature to store: its geometry as GeoJSON (EPSG:4326 unless `srid` says otherwise) or WKB (hex) in `srid`. */
export interface BasemapRow {
  name?: string | null;
  class?: string | null;
  geom: { geojson: string; srid?: number } | { wkbHex: string; srid: number };
}

/** SQL that makes the stored geometry of a layer from a row's bindings. */
function geomSql(knex: Knex, layer: BasemapLayer, g: BasemapRow['geom']): Knex.Raw {
  const source = 'geojson' in g ? knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), ?)', [g.geojson, g.srid ?? 4326]) : knex.raw("ST_GeomFromWKB(decode(?, 'hex'), ?)", [g.wkbHex, g.srid]);
  // Sources come with heights (OS Open Roads is 3-D) and mixed single/multi parts; tiles want neither.
  const kind = layer === 'roads' ? 2 : layer === 'water' ? 0 : 3;
  const shaped = kind === 0 ? 'ST_Force2D(ST_Transform(?, 3857))' : `ST_Multi(ST_CollectionExtract(ST_Force2D(ST_Transform(?, 3857)), ${kind}))`;
  return knex.raw(shaped, [source]);
}

/** Inserts rows into a layer, in statements of `batch` rows. */
export async function insertRows(trx: Knex, layer: BasemapLayer, rows: readonly BasemapRow[], meta: { source: string; synthetic: boolean }, batch = 500): Promise<number> {
  for (let i = 0; i < rows.length; i += batch) {
    const values = rows.slice(i, i + batch).map((r) => ({
      ...(layer === 'buildings' ? {} : { name: r.name ?? null }),
      ...(layer === 'roads' ? { class: r.class ?? 'minor' } : {}),
      source: meta.source,
      synthetic: meta.synthetic,
      geom: geomSql(trx, layer, r.geom),
    }));
    await trx(LAYER_TABLE[layer]).insert(values);
  }
  return rows.length;
}

/** Deletes a layer's rows: all of them, or only the synthetic demo's. */
export async function clearLayer(trx: Knex, layer: BasemapLayer, only: 'all' | 'synthetic'): Promise<void> {
  const q = trx(LAYER_TABLE[layer]);
  await (only === 'synthetic' ? q.where('synthetic', true) : q).delete();
}

/** Rows per layer, for the import report. */
export async function layerCount(knex: Knex, layer: BasemapLayer): Promise<number> {
  const row = await knex(LAYER_TABLE[layer]).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** The nearest named road to a point, with its distance in metres. */
export interface NearestStreetRow {
  i: number;
  name: string;
  metres: number;
}

/**
 * For each point ([lon, lat], EPSG:4326) the nearest named road within `maxM` metres:
 * a KNN walk of the roads' GiST index (`<->` in Web Mercator) per point, then the true
 * distance on the spheroid. Points with no named road that near are left out.
 */
export async function nearestStreets(knex: Knex, points: readonly (readonly [number, number])[], maxM: number): Promise<NearestStreetRow[]> {
  if (!points.length) return [];
  const { rows } = await knex.raw<{ rows: NearestStreetRow[] }>(
    `select p.i, r.name, ST_Distance(ST_Transform(r.geom, 4326)::geography, p.pt::geography) as metres
     from (select u.i, ST_SetSRID(ST_MakePoint(u.x, u.y), 4326) as pt, ST_Transform(ST_SetSRID(ST_MakePoint(u.x, u.y), 4326), 3857) as merc
           from unnest(?::int[], ?::float8[], ?::float8[]) as u(i, x, y)) p
     cross join lateral (select name, geom from basemap_roads where name is not null order by geom <-> p.merc limit 1) r
     where ST_DWithin(ST_Transform(r.geom, 4326)::geography, p.pt::geography, ?)
     order by p.i`,
    [points.map((_, i) => i), points.map((p) => p[0]), points.map((p) => p[1]), maxM],
  );
  return rows.map((r) => ({ i: Number(r.i), name: r.name, metres: Number(r.metres) }));
}
