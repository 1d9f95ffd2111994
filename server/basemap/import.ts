/**
 * Loads a reference layer of the basemap from a published GeoPackage: OS Open Roads
 * (`road_link`), OS Open Zoomstack (`roads_*`, `surfacewater`, `greenspace`,
 * `local_buildings`…), OS OpenMap Local (`Road`, `SurfaceWater_Area`, `Building`…) or an
 * OpenStreetMap extract (`lines` with `highway`, `multipolygons`). The layer is
 * replaced whole in one transaction: a failure keeps the previous version.
 *
 * @example
 * await importBasemapFile(db, 'oproad_gb.gpkg', { layer: 'roads', progress: (n) => console.error(n) });
 */
import type { Db } from '../db/index.js';
import { openGpkg, type GpkgTable } from './gpkg.js';
import { clearLayer, insertRows, type BasemapRow } from './repo.js';
import type { BasemapLayer, RoadClass } from './schema.js';

export interface ImportOptions {
  layer: BasemapLayer;
  /** The feature table to read; default: the tables the published products use for the layer. */
  table?: string;
  /** Hears the running number of rows loaded after each batch. */
  progress?: (rows: number) => void;
}

export interface ImportResult {
  layer: BasemapLayer;
  table: string;
  rows: number;
}

/** Table names (lower case) each product uses for each layer, in order of preference. */
const TABLES: Record<BasemapLayer, string[]> = {
  roads: ['road_link', 'roads_national', 'roads_regional', 'roads_local', 'road', 'roads', 'lines'],
  water: ['surfacewater_area', 'surfacewater', 'water', 'waterlines', 'surfacewater_line', 'tidalwater'],
  green: ['greenspacesite', 'greenspace', 'woodland', 'green', 'parks'],
  buildings: ['building', 'local_buildings', 'buildings', 'district_buildings'],
};

const KIND: Record<BasemapLayer, RegExp> = {
  roads: /LINE/,
  water: /POLYGON|LINE|GEOMETRY/,
  green: /POLYGON|GEOMETRY/,
  buildings: /POLYGON|GEOMETRY/,
};

const BATCH = 1000;

/** Which table(s) of the file to read for the layer. */
function chooseTable(tables: GpkgTable[], opts: ImportOptions): GpkgTable {
  const list = tables.map((t) => `${t.name} (${t.geometryType})`).join(', ') || 'none';
  if (opts.table) {
    const t = tables.find((x) => x.name === opts.table);
    if (!t) throw new Error(`the GeoPackage has no feature table "${opts.table}"; its tables: ${list}`);
    return t;
  }
  for (const name of TABLES[opts.layer]) {
    const t = tables.find((x) => x.name.toLowerCase() === name && KIND[opts.layer].test(x.geometryType));
    if (t) return t;
  }
  const fitting = tables.filter((x) => KIND[opts.layer].test(x.geometryType));
  if (fitting.length === 1) return fitting[0]!;
  throw new Error(`no table for the ${opts.layer} layer in the GeoPackage (give one with --table); its tables: ${list}`);
}

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

/** Replaces one basemap layer with the features of a GeoPackage file. */
export async function importBasemapFile(db: Db, file: string, opts: ImportOptions): Promise<ImportResult> {
  const gpkg = await openGpkg(file);
  try {
    const table = chooseTable(gpkg.tables, opts);
    if (opts.layer === 'roads' && !/LINE/.test(table.geometryType)) throw new Error(`table ${table.name} holds ${table.geometryType}, not lines; roads need lines`);
    const source = `${file.split('/').pop()}:${table.name}`;
    const rows = await db.knex.transaction(async (trx) => {
      await clearLayer(trx, opts.layer, 'all');
      let batch: BasemapRow[] = [];
      let loaded = 0;
      const flush = async () => {
        loaded += await insertRows(trx, opts.layer, batch, { source, synthetic: false });
        batch = [];
        opts.progress?.(loaded);
      };
      for (const f of gpkg.features(table)) {
        // An OpenStreetMap `lines` table also holds rivers, railways and boundaries: only highways are roads.
        if (opts.layer === 'roads' && 'highway' in f.props && !f.props.highway) continue;
        batch.push({ name: nameOf(f.props), class: opts.layer === 'roads' ? roadClass(f.props) : null, geom: { wkbHex: f.wkbHex, srid: f.srid } });
        if (batch.length >= BATCH) await flush();
      }
      if (batch.length) await flush();
      return loaded;
    });
    return { layer: opts.layer, table: table.name, rows };
  } finally {
    gpkg.close();
  }
}
