/**
 * Reads the feature tables of an OGC GeoPackage with sql.js, one row at a time, as
 * WKB (hex) plus the row's attributes. The geometry is left to PostGIS: only the
 * GeoPackageBinary header is stripped here.
 */
import fs from 'node:fs';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

export interface GpkgTable {
  name: string;
  geometryColumn: string;
  /** e.g. LINESTRING, MULTIPOLYGON, GEOMETRY */
  geometryType: string;
  srsId: number;
}

export interface GpkgFeature {
  wkbHex: string;
  srid: number;
  props: Record<string, unknown>;
}

/** An open GeoPackage: its feature tables, and their rows on demand. */
export interface Gpkg {
  tables: GpkgTable[];
  features(table: GpkgTable): Generator<GpkgFeature>;
  close(): void;
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/**
 * The WKB inside a GeoPackageBinary blob, or undefined for an empty geometry.
 * @example wkbOf(pointBlob(-2.43, 53.58)) // the 21-byte WKB point
 */
export function wkbOf(blob: Uint8Array): Uint8Array | undefined {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" magic)');
  const flags = blob[3]!;
  if (flags & 0b1_0000) return undefined;
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0b111];
  if (envelope === undefined) throw new Error(`bad GeoPackage envelope indicator ${(flags >> 1) & 0b111}`);
  return blob.subarray(8 + envelope);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Opens a GeoPackage file (read into memory: sql.js has no file access). */
export async function openGpkg(file: string): Promise<Gpkg> {
  const SQL = await (sqlJs ??= initSqlJs());
  let db: Database;
  try {
    db = new SQL.Database(fs.readFileSync(file));
    db.exec('select 1 from gpkg_contents limit 1');
  } catch (err) {
    throw new Error(`${file} is not a GeoPackage: ${(err as Error).message}`);
  }
  const rows = db.exec(
    `select c.table_name, g.column_name, g.geometry_type_name, g.srs_id from gpkg_contents c
     join gpkg_geometry_columns g on g.table_name = c.table_name where c.data_type = 'features' order by c.table_name`,
  )[0]?.values ?? [];
  const tables = rows.map(([name, col, type, srs]) => ({ name: String(name), geometryColumn: String(col), geometryType: String(type).toUpperCase(), srsId: Number(srs) }));
  return {
    tables,
    *features(table) {
      const stmt = db.prepare(`select * from ${quote(table.name)}`);
      try {
        while (stmt.step()) {
          const row = stmt.getAsObject();
          const blob = row[table.geometryColumn];
          if (!(blob instanceof Uint8Array)) continue;
          const wkb = wkbOf(blob);
          if (!wkb) continue;
          const props: Record<string, unknown> = { ...row };
          delete props[table.geometryColumn];
          yield { wkbHex: Buffer.from(wkb).toString('hex'), srid: table.srsId, props };
        }
      } finally {
        stmt.free();
      }
    },
    close: () => db.close(),
  };
}
