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
import path from 'node:path';
import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { BASEMAP_FORMATS, type BasemapFormat } from '../lists.js';
import { openGpkg, type GeometryKind, type Gpkg } from './gpkg.js';
import { looksLikeOsm, osmPlacement, osmTags } from './osm.js';
import { clearLayer, insertRows, type BasemapRow } from './repo.js';
import { BASEMAP_LAYERS, type BasemapLayer, type RoadClass } from './schema.js';
import { BasemapFileError, chooseTables, fromGeoJson, fromGpkg, isSqliteFile, OSM_TABLES, SHAPES, type ImportLayer, type SourceFeature } from './sources.js';

export { BASEMAP_FORMATS, type BasemapFormat };

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

/** Which geometries each layer takes. */
const FITS: Record<BasemapLayer, ReadonlySet<GeometryKind>> = {
  roads: new Set(['line', 'collection']),
  water: new Set(['line', 'polygon', 'collection']),
  green: new Set(['polygon', 'collection']),
  buildings: new Set(['polygon', 'collection']),
};
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
