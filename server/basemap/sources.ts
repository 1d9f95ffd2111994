/**
 * The features of a basemap file as the import reads them: which kind of file it is, which
 * tables of a GeoPackage hold a layer, and each feature of a GeoJSON file or a GeoPackage
 * checked enough that PostGIS will take it (import.ts places them on the layers).
 */
import fs from 'node:fs';
import { geoJsonFeatures, type GeoJsonFeature } from './geojson.js';
import type { GeometryKind, Gpkg, GpkgTable } from './gpkg.js';
import type { BasemapRow } from './repo.js';
import { BASEMAP_LAYERS, type BasemapLayer } from './schema.js';

/** A file that cannot be loaded as it is (wrong kind, no table or feature for the layer, unreadable): the caller's fault, not the server's. */
export class BasemapFileError extends Error {}

/** One layer, or every layer the file has features for. */
export type ImportLayer = BasemapLayer | 'all';

/** Table names (lower case) each product uses for each layer, in order of preference. */
const TABLES: Record<BasemapLayer, string[]> = {
  // Zoomstack's roads_local is the street-scale one and holds every class; its regional and national tables are generalised copies.
  roads: ['road_link', 'roads_local', 'road', 'roads', 'roads_regional', 'roads_national', 'lines'],
  water: ['surfacewater_area', 'surfacewater', 'water', 'waterlines', 'surfacewater_line', 'tidalwater'],
  green: ['greenspacesite', 'greenspace', 'woodland', 'green', 'parks'],
  buildings: ['building', 'local_buildings', 'buildings', 'district_buildings'],
};

/** The tables ogr2ogr makes of an OSM extract that can hold roads, water, green space and buildings. */
export const OSM_TABLES = ['lines', 'multilinestrings', 'multipolygons'];

/** GeoPackage geometry type names each layer takes (a table's `geometry_type_name`). */
const TYPE_FITS: Record<BasemapLayer, RegExp> = {
  roads: /LINE|GEOMETRY/,
  water: /POLYGON|LINE|GEOMETRY/,
  green: /POLYGON|GEOMETRY/,
  buildings: /POLYGON|GEOMETRY/,
};
/** What each layer takes, in words for the messages that refuse a table or a feature. */
export const SHAPES: Record<BasemapLayer, string> = { roads: 'lines', water: 'lines or polygons', green: 'polygons', buildings: 'polygons' };

/** A GeoPackage is an SQLite file: its first 16 bytes say so. */
export function isSqliteFile(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    fs.closeSync(fd);
  }
}

/** Which feature tables of a GeoPackage to read for the layer(s). */
export function chooseTables(gpkg: Gpkg, layer: ImportLayer, osm: boolean, table: string | undefined): { table: GpkgTable; layer: BasemapLayer | 'all' }[] {
  const tables = gpkg.tables;
  const list = tables.map((t) => `${t.name} (${t.geometryType})`).join(', ') || 'none';
  if (table) {
    const t = tables.find((x) => x.name === table);
    if (!t) throw new BasemapFileError(`the GeoPackage has no feature table "${table}"; its tables: ${list}`);
    if (layer !== 'all' && !osm && !TYPE_FITS[layer].test(t.geometryType)) throw new BasemapFileError(`table ${t.name} holds ${t.geometryType}; the ${layer} layer takes ${SHAPES[layer]}`);
    return [{ table: t, layer }];
  }
  if (osm) {
    const found = tables.filter((t) => OSM_TABLES.includes(t.name.toLowerCase()));
    if (!found.length) throw new BasemapFileError(`no OpenStreetMap tables (${OSM_TABLES.join(', ')}) in the GeoPackage; its tables: ${list}`);
    return found.map((t) => ({ table: t, layer }));
  }
  const pick = (l: BasemapLayer): GpkgTable | undefined => {
    for (const name of TABLES[l]) {
      const t = tables.find((x) => x.name.toLowerCase() === name && TYPE_FITS[l].test(x.geometryType));
      if (t) return t;
    }
    return undefined;
  };
  if (layer === 'all') {
    const chosen = BASEMAP_LAYERS.flatMap((l) => {
      const t = pick(l);
      return t ? [{ table: t, layer: l }] : [];
    });
    if (!chosen.length) throw new BasemapFileError(`no table for any basemap layer in the GeoPackage (give one with --table and a --layer); its tables: ${list}`);
    return chosen;
  }
  const t = pick(layer) ?? (() => {
    const fitting = tables.filter((x) => TYPE_FITS[layer].test(x.geometryType));
    return fitting.length === 1 ? fitting[0] : undefined;
  })();
  if (!t) throw new BasemapFileError(`no table for the ${layer} layer in the GeoPackage (give one with --table); its tables: ${list}`);
  return [{ table: t, layer }];
}

/** Geometry types of GeoJSON, by kind. */
const GEOJSON_KINDS: Record<string, GeometryKind> = {
  Point: 'point',
  MultiPoint: 'point',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
  GeometryCollection: 'collection',
};

/** Why a GeoJSON geometry's coordinates cannot be stored, or null when they can. */
function coordinateProblem(g: { type: string; coordinates?: unknown; geometries?: unknown }, lonLat: boolean): string | null {
  const position = (p: unknown): boolean =>
    Array.isArray(p) && p.length >= 2 && p.length <= 4 && p.every((v) => typeof v === 'number' && Number.isFinite(v)) && (!lonLat || (Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90));
  const line = (l: unknown, min: number) => Array.isArray(l) && l.length >= min && l.every(position);
  const polygon = (p: unknown) => Array.isArray(p) && p.length >= 1 && p.every((r) => line(r, 4));
  const c = g.coordinates;
  switch (g.type) {
    case 'Point':
      return position(c) ? null : 'a Point needs [x, y]';
    case 'MultiPoint':
      return line(c, 1) ? null : 'a MultiPoint needs a list of [x, y]';
    case 'LineString':
      return line(c, 2) ? null : 'a LineString needs two or more positions';
    case 'MultiLineString':
      return Array.isArray(c) && c.length >= 1 && c.every((l) => line(l, 2)) ? null : 'a MultiLineString needs lines of two or more positions';
    case 'Polygon':
      return polygon(c) ? null : 'a Polygon needs rings of four or more positions';
    case 'MultiPolygon':
      return Array.isArray(c) && c.length >= 1 && c.every(polygon) ? null : 'a MultiPolygon needs polygons of rings of four or more positions';
    case 'GeometryCollection':
      return Array.isArray(g.geometries) && g.geometries.every((x) => x && typeof x === 'object' && coordinateProblem(x as { type: string }, lonLat) === null) ? null : 'a GeometryCollection of valid geometries';
    default:
      return 'unknown geometry type';
  }
}

/** One feature of the file, ready to place, or the reason it cannot be read. */
export type SourceFeature =
  | { n: number; props: Record<string, unknown>; kind: GeometryKind; geom: BasemapRow['geom']; fraction: number | null; source: string; layer: ImportLayer }
  | { n: number; problem: { path: string; message: string }; fraction: number | null };

/** The features of a GeoJSON file, checked enough that PostGIS will take them. */
export async function* fromGeoJson(file: string, fileName: string, layer: ImportLayer, srid: number | undefined): AsyncGenerator<SourceFeature> {
  const size = fs.statSync(file).size || 1;
  let fileSrid: number | undefined;
  const features = geoJsonFeatures(file, (h) => (fileSrid = h.srid));
  try {
    for (;;) {
      let next: IteratorResult<GeoJsonFeature, void>;
      try {
        next = await features.next();
      } catch (err) {
        throw new BasemapFileError(`${fileName}: ${(err as Error).message}`);
      }
      if (next.done) return;
      const f = next.value;
      const fraction = Math.min(1, f.bytes / size);
      const feature = f.value as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
      if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
        yield { n: f.n, problem: { path: '', message: 'not a GeoJSON Feature' }, fraction };
        continue;
      }
      const g = feature.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
      if (!g || typeof g !== 'object' || typeof g.type !== 'string' || !GEOJSON_KINDS[g.type]) {
        yield { n: f.n, problem: { path: 'geometry', message: g ? 'not a GeoJSON geometry' : 'no geometry' }, fraction };
        continue;
      }
      const s = fileSrid ?? srid ?? 4326;
      const lonLat = s === 4326 || s === 4258;
      const problem = coordinateProblem(g as { type: string }, lonLat);
      if (problem) {
        yield { n: f.n, problem: { path: 'geometry.coordinates', message: `${problem}${lonLat ? ' (longitude, latitude in degrees)' : ''}` }, fraction };
        continue;
      }
      const props = feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? (feature.properties as Record<string, unknown>) : {};
      const json = JSON.stringify(g);
      const geom: BasemapRow['geom'] = lonLat ? { geojson: json } : { geojson: json, srid: s };
      yield { n: f.n, props, kind: GEOJSON_KINDS[g.type]!, geom, fraction, source: fileName, layer };
    }
  } finally {
    // Stopped early (a failure further on): the reader closes the file.
    await features.return(undefined);
  }
}

/** The features of the chosen tables of a GeoPackage, batch by batch. */
export async function* fromGpkg(gpkg: Gpkg, chosen: { table: GpkgTable; layer: ImportLayer }[], fileName: string): AsyncGenerator<SourceFeature> {
  for (const [i, { table, layer }] of chosen.entries()) {
    if (!(table.srsId > 0)) throw new BasemapFileError(`table ${table.name} has no coordinate system (srs_id ${table.srsId})`);
    const last = gpkg.lastRowid(table) || 1;
    for (const batch of gpkg.features(table)) {
      for (const f of batch) {
        const fraction = (i + Math.min(1, f.rowid / last)) / chosen.length;
        yield { n: f.rowid, props: f.props, kind: f.kind, geom: { wkbHex: f.wkbHex, srid: f.srid }, fraction, source: `${fileName}:${table.name}`, layer };
      }
      // Let the event loop breathe between batches: the import's progress is polled meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
