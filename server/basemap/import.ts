/**
 * Loads reference layers of the basemap from published files, streamed:
 *
 * - a GeoPackage: OS Open Roads (`road_link`), OS Open Zoomstack (`roads_local`,
 *   `surfacewater`, `greenspace`, `local_buildings`…), OS OpenMap Local (`Road`,
 *   `SurfaceWater_Area`, `Building`…), read in batches of rows straight from the file;
 * - GeoJSON of one layer (e.g. a GeoPackage table converted with ogr2ogr), read one
 *   feature at a time;
 * - an OpenStreetMap extract as GeoJSON or GeoPackage (ogr2ogr's `lines` and
 *   `multipolygons`), whose features are placed on the layers by their tags (osm.ts).
 *
 * Each layer the file loads is replaced whole inside the caller's transaction, so a
 * failure keeps the previous version. Features that cannot go on a layer (a point among
 * roads, broken coordinates) are reported by number, and the rest load.
 *
 * @example
 * await importBasemapFile(db, 'oproad_gb.gpkg', { layer: 'roads', progress: (n) => console.error(n) });
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { BASEMAP_FORMATS, type BasemapFormat } from '../lists.js';
import { geoJsonFeatures, type GeoJsonFeature } from './geojson.js';
import { openGpkg, type GeometryKind, type Gpkg, type GpkgTable } from './gpkg.js';
import { looksLikeOsm, osmPlacement, osmTags } from './osm.js';
import { clearLayer, insertRows, type BasemapRow } from './repo.js';
import { BASEMAP_LAYERS, type BasemapLayer, type RoadClass } from './schema.js';

export { BASEMAP_FORMATS, type BasemapFormat };

/** A file that cannot be loaded as it is (wrong kind, no table or feature for the layer, unreadable): the caller's fault, not the server's. */
export class BasemapFileError extends Error {}

/** One layer, or every layer the file has features for. */
export type ImportLayer = BasemapLayer | 'all';

export interface LoadOptions {
  /** Default: every layer for an OpenStreetMap extract, else roads. */
  layer?: ImportLayer;
  /** Default: told from the file (a GeoPackage by its SQLite header; OSM by its features' tags). */
  format?: BasemapFormat;
  /** A GeoPackage's feature table to read; default: the tables the published products use for the layer. */
  table?: string;
  /** Coordinates of GeoJSON without a `crs` member: 4326 (default) or 27700. */
  srid?: number;
  /** Names the rows' source; default: the file's own name. */
  fileName?: string;
}

/** What a load tells as it goes. */
export interface LoadHooks {
  /** A feature was read; `fraction` of the file is behind the reader (null while unknown). */
  read?(fraction: number | null): void;
  /** A feature was refused: `n` is its number in the file (GeoJSON) or its row id (GeoPackage). */
  reject?(n: number, path: string, message: string): void;
  /** A batch landed: the rows loaded so far, in all and per layer. */
  progress?(loaded: number, layers: Partial<Record<BasemapLayer, number>>): void;
  /** False once nothing should be written any more (strict mode after a refusal); reading goes on. */
  writing?(): boolean;
}

export interface LoadResult {
  format: BasemapFormat;
  /** Rows loaded per layer replaced. */
  layers: Partial<Record<BasemapLayer, number>>;
  /** The GeoPackage tables read (empty for GeoJSON). */
  tables: string[];
  /** Features read, loaded or not. */
  read: number;
  /** Features placed on a layer (loaded unless writing stopped). */
  placed: number;
}

/** Table names (lower case) each product uses for each layer, in order of preference. */
const TABLES: Record<BasemapLayer, string[]> = {
  // Zoomstack's roads_local is the street-scale one and holds every class; its regional and national tables are generalised copies.
  roads: ['road_link', 'roads_local', 'road', 'roads', 'roads_regional', 'roads_national', 'lines'],
  water: ['surfacewater_area', 'surfacewater', 'water', 'waterlines', 'surfacewater_line', 'tidalwater'],
  green: ['greenspacesite', 'greenspace', 'woodland', 'green', 'parks'],
  buildings: ['building', 'local_buildings', 'buildings', 'district_buildings'],
};

/** The tables ogr2ogr makes of an OSM extract that can hold roads, water, green space and buildings. */
const OSM_TABLES = ['lines', 'multilinestrings', 'multipolygons'];

/** Which geometries each layer takes. */
const FITS: Record<BasemapLayer, ReadonlySet<GeometryKind>> = {
  roads: new Set(['line', 'collection']),
  water: new Set(['line', 'polygon', 'collection']),
  green: new Set(['polygon', 'collection']),
  buildings: new Set(['polygon', 'collection']),
};
const TYPE_FITS: Record<BasemapLayer, RegExp> = {
  roads: /LINE|GEOMETRY/,
  water: /POLYGON|LINE|GEOMETRY/,
  green: /POLYGON|GEOMETRY/,
  buildings: /POLYGON|GEOMETRY/,
};
const SHAPES: Record<BasemapLayer, string> = { roads: 'lines', water: 'lines or polygons', green: 'polygons', buildings: 'polygons' };

/** Rows written per statement batch. */
const BATCH = 1000;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

/**
 * A road's class from OS Open Roads (`road_classification`, `road_function`), Zoomstack
 * and OpenMap Local (`type`, `classification`) or OSM (`highway`).
 * @example roadClass({ road_classification: 'A Road' }) // 'primary'
 */
export function roadClass(p: Record<string, unknown>): RoadClass {
  const fn = String(p.road_function ?? '').toLowerCase();
  if (fn.includes('restricted') || fn.includes('access road')) return 'service';
  const c = String(p.road_classification ?? p.classification ?? p.type ?? '').toLowerCase();
  if (c.startsWith('motorway')) return 'motorway';
  if (c.startsWith('a road') || c.startsWith('primary') || c === 'a' || c.startsWith('national')) return 'primary';
  if (c.startsWith('b road') || c.startsWith('classified unnumbered') || c.startsWith('regional') || c === 'b') return 'secondary';
  if (c.startsWith('restricted')) return 'service';
  const h = String(p.highway ?? '').toLowerCase();
  if (h) {
    if (h.startsWith('motorway')) return 'motorway';
    if (h.startsWith('trunk') || h.startsWith('primary')) return 'primary';
    if (h.startsWith('secondary') || h.startsWith('tertiary')) return 'secondary';
    if (h === 'service') return 'service';
    if (['footway', 'path', 'cycleway', 'pedestrian', 'track', 'steps', 'bridleway'].includes(h)) return 'path';
  }
  return 'minor';
}

/** The name to label a feature with: OS `name_1`, else `name`, else a road number (e.g. "A666"). */
const nameOf = (p: Record<string, unknown>): string | null =>
  text(p.name_1) ?? text(p.name) ?? text(p.distname) ?? text(p.road_classification_number) ?? text(p.roadnumber) ?? null;

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
function chooseTables(gpkg: Gpkg, layer: ImportLayer, osm: boolean, table: string | undefined): { table: GpkgTable; layer: BasemapLayer | 'all' }[] {
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
type SourceFeature =
  | { n: number; props: Record<string, unknown>; kind: GeometryKind; geom: BasemapRow['geom']; fraction: number | null; source: string; layer: ImportLayer }
  | { n: number; problem: { path: string; message: string }; fraction: number | null };

/** The features of a GeoJSON file, checked enough that PostGIS will take them. */
async function* fromGeoJson(file: string, fileName: string, layer: ImportLayer, srid: number | undefined): AsyncGenerator<SourceFeature> {
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
async function* fromGpkg(gpkg: Gpkg, chosen: { table: GpkgTable; layer: ImportLayer }[], fileName: string): AsyncGenerator<SourceFeature> {
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

/**
 * Rows to write, layer by layer: a layer is emptied just before its first batch lands,
 * so only the layers the file has features for are replaced.
 */
class LayerWriter {
  private readonly batches = new Map<string, { layer: BasemapLayer; source: string; rows: BasemapRow[] }>();
  private readonly cleared = new Set<BasemapLayer>();
  readonly loaded: Partial<Record<BasemapLayer, number>> = {};
  total = 0;
  constructor(
    private readonly trx: Knex,
    private readonly hooks: LoadHooks,
  ) {}

  async add(layer: BasemapLayer, source: string, row: BasemapRow) {
    const key = `${layer}\0${source}`;
    const b = this.batches.get(key) ?? { layer, source, rows: [] };
    b.rows.push(row);
    this.batches.set(key, b);
    if (b.rows.length >= BATCH) await this.flush(key);
  }

  private async flush(key: string) {
    const b = this.batches.get(key);
    if (!b || !b.rows.length) return;
    this.batches.delete(key);
    if (this.hooks.writing && !this.hooks.writing()) return;
    if (!this.cleared.has(b.layer)) {
      await clearLayer(this.trx, b.layer, 'all');
      this.cleared.add(b.layer);
    }
    const n = await insertRows(this.trx, b.layer, b.rows, { source: b.source, synthetic: false });
    this.loaded[b.layer] = (this.loaded[b.layer] ?? 0) + n;
    this.total += n;
    this.hooks.progress?.(this.total, this.loaded);
  }

  async finish() {
    for (const key of [...this.batches.keys()]) await this.flush(key);
  }
}

/**
 * Replaces basemap layers with the features of a file, inside the caller's
 * transaction (all or nothing). Refuses, writing nothing, a file with no feature for
 * the layer(s) asked for: an empty layer is more likely a wrong file than a wish.
 */
export async function loadBasemap(trx: Knex, file: string, opts: LoadOptions = {}, hooks: LoadHooks = {}): Promise<LoadResult> {
  const fileName = opts.fileName ?? path.basename(file);
  const sqliteFile = isSqliteFile(file);
  if (opts.format && opts.format.endsWith('gpkg') !== sqliteFile) {
    throw new BasemapFileError(sqliteFile ? `${fileName} is a GeoPackage, not ${opts.format}: use --format gpkg or osm-gpkg` : `${fileName} is not a GeoPackage (SQLite) file: use --format geojson or osm-geojson`);
  }
  let gpkg: Gpkg | undefined;
  let format: BasemapFormat;
  let tables: string[] = [];
  let source: AsyncGenerator<SourceFeature>;
  try {
    if (sqliteFile) {
      try {
        gpkg = openGpkg(file);
      } catch (err) {
        throw new BasemapFileError((err as Error).message);
      }
      const osmTablesHere = gpkg.tables.some((t) => OSM_TABLES.includes(t.name.toLowerCase()) && t.columns.includes('osm_id'));
      format = opts.format ?? (osmTablesHere ? 'osm-gpkg' : 'gpkg');
      const osm = format === 'osm-gpkg';
      const chosen = chooseTables(gpkg, opts.layer ?? (osm ? 'all' : 'roads'), osm, opts.table);
      tables = chosen.map((c) => c.table.name);
      source = fromGpkg(gpkg, chosen, fileName);
    } else {
      if (opts.table) throw new BasemapFileError('--table is for GeoPackage files only');
      format = opts.format ?? 'geojson';
      source = fromGeoJson(file, fileName, opts.layer ?? 'roads', opts.srid);
    }

    const writer = new LayerWriter(trx, hooks);
    let read = 0;
    let placed = 0;
    let osm = format.startsWith('osm');
    let layerAsked = opts.layer;
    for await (const f of source) {
      read++;
      hooks.read?.(f.fraction);
      if ('problem' in f) {
        hooks.reject?.(f.n, f.problem.path, f.problem.message);
        continue;
      }
      if (read === 1 && !opts.format && format === 'geojson' && looksLikeOsm(f.props)) {
        // Told by the first feature: an OSM extract's features go to the layer their tags say.
        format = 'osm-geojson';
        osm = true;
      }
      layerAsked ??= osm ? 'all' : 'roads';
      const layer = f.layer === 'all' || osm ? layerAsked : f.layer;
      if (osm) {
        const at = osmPlacement(osmTags(f.props), f.kind);
        if (!at || (layer !== 'all' && at.layer !== layer)) continue;
        placed++;
        await writer.add(at.layer, f.source, { name: at.name, class: at.class, geom: f.geom });
        continue;
      }
      if (layer === 'all') throw new BasemapFileError(`a ${format} file holds one layer: say which with --layer (${BASEMAP_LAYERS.join(', ')})`);
      // An OpenStreetMap `lines` table read as one layer also holds rivers, railways and boundaries: only highways are roads.
      if (layer === 'roads' && 'highway' in f.props && !f.props.highway) continue;
      if (!FITS[layer].has(f.kind)) {
        hooks.reject?.(f.n, 'geometry', `a ${f.kind} cannot go on the ${layer} layer, which takes ${SHAPES[layer]}`);
        continue;
      }
      placed++;
      await writer.add(layer, f.source, { name: nameOf(f.props), class: layer === 'roads' ? roadClass(f.props) : null, geom: f.geom });
    }
    await writer.finish();
    if (placed === 0) {
      const asked = layerAsked && layerAsked !== 'all' ? `the ${layerAsked} layer` : 'any basemap layer';
      throw new BasemapFileError(`${fileName} has no features for ${asked} (${read} read${format.startsWith('osm') ? '; OpenStreetMap features need highway, building, waterway, natural=water, leisure=park or landuse tags' : ''}): nothing was replaced`);
    }
    return { format, layers: writer.loaded, tables, read, placed };
  } finally {
    gpkg?.close();
  }
}

export interface ImportOptions extends LoadOptions {
  /** Hears the running number of rows loaded after each batch. */
  progress?: (rows: number) => void;
}

export interface ImportResult extends LoadResult {
  layer: ImportLayer;
  /** The tables read, comma-separated ('' for GeoJSON). */
  table: string;
  rows: number;
}

/** Replaces basemap layers with the features of a file, in a transaction of its own. */
export async function importBasemapFile(db: Db, file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { progress, ...load } = opts;
  const r = await db.knex.transaction((trx) => loadBasemap(trx, file, load, { progress: (n) => progress?.(n) }));
  const rows = Object.values(r.layers).reduce((a, b) => a + b, 0);
  const layers = Object.keys(r.layers) as BasemapLayer[];
  return { ...r, layer: opts.layer ?? (layers.length === 1 ? layers[0]! : 'all'), table: r.tables.join(', '), rows };
}
