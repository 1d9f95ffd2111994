/**
 * GeoJSON Features of records, built one way for every route and the OGC collections.
 * Coordinates are WGS84 `[lon, lat]`; each record's `id` is the Feature's id and is
 * kept in its properties too, for clients that drop Feature ids.
 */

/** A GeoJSON Point (WGS84 degrees). */
export interface PointGeometry {
  type: 'Point';
  coordinates: [number, number];
}

/**
 * A Point Feature of a record that carries `lon`/`lat` columns; they become the geometry.
 * @example pointFeature({ id: 'a', lon: -2.43, lat: 53.58, name: 'x' })
 * // { type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [-2.43, 53.58] }, properties: { id: 'a', name: 'x' } }
 */
export function pointFeature<T extends { id: string; lon: number; lat: number }>(record: T): PointFeatureOf<T> {
  const { lon, lat, ...properties } = record;
  const geometry: PointGeometry = { type: 'Point', coordinates: [lon, lat] };
  return { type: 'Feature' as const, id: record.id, geometry, properties };
}

/** A record as `pointFeature` gives it: its `lon`/`lat` become the geometry. */
export interface PointFeatureOf<T extends { id: string; lon: number; lat: number }> {
  type: 'Feature';
  id: string;
  geometry: PointGeometry;
  properties: Omit<T, 'lon' | 'lat'>;
}

/** A record as `shapeFeature` gives it: its own geometry, and the rest as properties. */
export interface ShapeFeatureOf<T extends { id: string; geometry: unknown }> {
  type: 'Feature';
  id: string;
  geometry: T['geometry'];
  properties: Omit<T, 'geometry'>;
}

/** A Feature of a record that carries its own GeoJSON `geometry` (areas, disruption targets). */
export function shapeFeature<T extends { id: string; geometry: unknown }>(record: T): ShapeFeatureOf<T> {
  const { geometry, ...properties } = record;
  return { type: 'Feature' as const, id: record.id, geometry: geometry as T['geometry'], properties };
}
