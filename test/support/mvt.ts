import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

/** The slippy-map tile (x, y) holding [lon, lat] at zoom z. */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

/** The basemap's tile URL of a tile. */
export const tilePath = ({ z, x, y }: { z: number; x: number; y: number }) => `/api/basemap/tiles/${z}/${x}/${y}.mvt`;

/** Every feature's properties in a layer of an MVT ([] when the layer is absent). */
export function layerProps(body: Buffer, layer: string): Record<string, unknown>[] {
  const vt = new VectorTile(new PbfReader(body));
  const l = vt.layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i).properties) : [];
}
