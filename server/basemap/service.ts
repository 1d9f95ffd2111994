/**
 * The street basemap: vector tiles from the reference layers in PostGIS, the MapLibre
 * style that draws them, and the layer-replacing import.
 */
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LegacyTile } from 'geojson-vt';
import type { Db } from '../db/index.js';
import { BUILDINGS_MIN_ZOOM, ROAD_CLASSES, ROAD_MIN_ZOOM, type BasemapLayer, type TileParams } from './schema.js';
import { TILE_BUFFER, TILE_EXTENT, mvtTile, nearestStreets, tileFeatures, type TileSelection } from './repo.js';

/** What a tile at this position carries: the road classes drawn from its zoom on, buildings from 14. */
export function tileSelection({ z, x, y }: TileParams): TileSelection {
  return { z, x, y, roadClasses: ROAD_CLASSES.filter((c) => ROAD_MIN_ZOOM[c] <= z), buildings: z >= BUILDINGS_MIN_ZOOM };
}

/**
 * One vector tile (MVT bytes) with layers `roads` (name, class), `water` (name),
 * `green` (name) and `buildings`; a layer with nothing in the tile is left out.
 * PostgreSQL encodes it with `ST_AsMVT`; the embedded database, whose PostGIS has no
 * protobuf, clips the rows in SQL and encodes them with geojson-vt and vt-pbf.
 */
export async function tile(db: Db, params: TileParams): Promise<Buffer> {
  const sel = tileSelection(params);
  if (db.kind === 'postgres') return mvtTile(db.knex, sel);
  const rows = await tileFeatures(db.knex, sel);
  const byLayer = new Map<BasemapLayer, Feature[]>();
  for (const r of rows) {
    const properties: Record<string, string> = {};
    if (r.name !== null) properties.name = r.name;
    if (r.class !== null) properties.class = r.class;
    const list = byLayer.get(r.layer) ?? [];
    list.push({ type: 'Feature', geometry: JSON.parse(r.geojson) as Geometry, properties });
    byLayer.set(r.layer, list);
  }
  const layers: Record<string, LegacyTile> = {};
  // Same order as ST_AsMVT's concatenation, so both databases give the same layer list.
  for (const layer of ['water', 'green', 'buildings', 'roads'] as const satisfies readonly BasemapLayer[]) {
    const features = byLayer.get(layer);
    if (!features?.length) continue;
    const data: FeatureCollection = { type: 'FeatureCollection', features };
    // Index nothing up front: the rows are already only this tile's, so slicing straight to it is cheapest.
    const index = new GeoJSONVT(data, { maxZoom: sel.z, indexMaxZoom: 0, indexMaxPoints: 0, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 2 });
    const t = index.getTile(sel.z, sel.x, sel.y);
    if (t && t.features.length) layers[layer] = t;
  }
  return Buffer.from(fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }));
}


/**
 * The nearest named street to each point ([lon, lat], EPSG:4326), or null when none is
 * within `maxM` metres (default 250): for naming hot spot cells and places for people
 * ("Fictional Street") beside their grid reference.
 * @example await nearestStreetNames(db, [[-2.4312, 53.5771]]) // ['Fictional Street']
 */
export async function nearestStreetNames(db: Db, points: readonly (readonly [number, number])[], maxM = 250): Promise<(string | null)[]> {
  const found = await nearestStreets(db.knex, points, maxM);
  const out: (string | null)[] = points.map(() => null);
  for (const r of found) out[r.i] = r.name;
  return out;
}
