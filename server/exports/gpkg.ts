import initSqlJs, { type SqlJsStatic } from 'sql.js';

/**
 * Writes a point layer as an OGC GeoPackage (1.3) in memory with sql.js: the three
 * required metadata tables, one features table whose `geom` column holds
 * GeoPackageBinary points in EPSG:4326, and the application_id / user_version that
 * mark the SQLite file as a GeoPackage. No spatial index: sql.js has no R*Tree module,
 * and GIS tools build one when they need it.
 */

export interface GpkgColumn {
  name: string;
  type: 'TEXT' | 'INTEGER' | 'REAL' | 'DATETIME' | 'DATE' | 'BOOLEAN';
}

export interface PointLayer {
  /** The features table's name, e.g. "sightings". */
  table: string;
  /** Human-readable layer name (gpkg_contents.identifier). */
  identifier: string;
  description: string;
  columns: GpkgColumn[];
  /** One row per feature: a WGS84 point and its values in `columns` order. */
  rows: { lon: number; lat: number; values: (string | number | null)[] }[];
}

/** "GPKG" as a big-endian 32-bit integer. */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** GeoPackage 1.3.0 */
export const GPKG_USER_VERSION = 10300;

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

let sqlJs: Promise<SqlJsStatic> | undefined;

/**
 * A GeoPackageBinary point: the "GP" header (version 0, little-endian, no envelope,
 * standard geometry), the SRS id, then the point as little-endian WKB.
 * @example pointBlob(-2.43, 53.58, 4326).length // 29
 */
export function pointBlob(lon: number, lat: number, srsId = 4326): Uint8Array {
  const buf = new ArrayBuffer(8 + 21);
  const v = new DataView(buf);
  v.setUint8(0, 0x47); // G
  v.setUint8(1, 0x50); // P
  v.setUint8(2, 0); // version 1 of the format
  v.setUint8(3, 0b0000_0001); // flags: little-endian, envelope 0 (none), not empty, standard
  v.setInt32(4, srsId, true);
  v.setUint8(8, 1); // WKB little-endian
  v.setUint32(9, 1, true); // wkbPoint
  v.setFloat64(13, lon, true);
  v.setFloat64(21, lat, true);
  return new Uint8Array(buf);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The GeoPackage file's bytes. */
export async function pointGeoPackage(layer: PointLayer): Promise<Uint8Array> {
  const SQL = await (sqlJs ??= initSqlJs());
  const db = new SQL.Database();
  try {
    db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}; PRAGMA user_version = ${GPKG_USER_VERSION};`);
    db.run(`
      CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    `);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run(['WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
    srs.run(['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']);
    srs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    srs.free();

    const t = quote(layer.table);
    const cols = layer.columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');
    db.run(`CREATE TABLE ${t} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT${cols ? `, ${cols}` : ''})`);
    const ins = db.prepare(`INSERT INTO ${t} (geom${layer.columns.map((c) => `, ${quote(c.name)}`).join('')}) VALUES (?${', ?'.repeat(layer.columns.length)})`);
    db.run('BEGIN');
    for (const r of layer.rows) ins.run([pointBlob(r.lon, r.lat), ...r.values]);
    db.run('COMMIT');
    ins.free();

    const ext = extentOf(layer.rows);
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      layer.table, 'features', layer.identifier, layer.description, new Date().toISOString(),
      ext?.minX ?? null, ext?.minY ?? null, ext?.maxX ?? null, ext?.maxY ?? null, 4326,
    ]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, ?, ?)', [layer.table, 'geom', 'POINT', 4326, 0, 0]);
    return db.export();
  } finally {
    db.close();
  }
}

function extentOf(rows: PointLayer['rows']) {
  if (rows.length === 0) return undefined;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const { lon, lat } of rows) {
    if (lon < minX) minX = lon;
    if (lon > maxX) maxX = lon;
    if (lat < minY) minY = lat;
    if (lat > maxY) maxY = lat;
  }
  return { minX, minY, maxX, maxY };
}
