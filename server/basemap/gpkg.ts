/**
 * Reads the feature tables of an OGC GeoPackage straight from the file, in batches of
 * rows, as WKB (hex) plus the row's attributes. SQLite (compiled to WebAssembly, with
 * file access) reads only the pages a batch needs, so a national GeoPackage of several
 * gigabytes costs as little memory as a small one. The geometry is left to PostGIS:
 * only the GeoPackageBinary header is stripped here.
 */
import { createRequire } from 'node:module';
import type sqliteModule from 'node-sqlite3-wasm';

// Loaded when a GeoPackage is first opened: SQLite's WebAssembly is about 17 MB of a server's memory.
const require = createRequire(import.meta.url);
let sqlite: typeof sqliteModule | undefined;
const loadSqlite = () => (sqlite ??= require('node-sqlite3-wasm') as typeof sqliteModule);

export interface GpkgTable {
  name: string;
  geometryColumn: string;
  /** e.g. LINESTRING, MULTIPOLYGON, GEOMETRY */
  geometryType: string;
  srsId: number;
  /** The table's columns (attributes and geometry). */
  columns: string[];
}

export interface GpkgFeature {
  /** The row's key: its place in the table. */
  rowid: number;
  wkbHex: string;
  /** The geometry's kind from its WKB header: 'point', 'line', 'polygon' or 'collection'. */
  kind: GeometryKind;
  srid: number;
  props: Record<string, unknown>;
}

export type GeometryKind = 'point' | 'line' | 'polygon' | 'collection';

/** An open GeoPackage: its feature tables, and their rows on demand. */
export interface Gpkg {
  tables: GpkgTable[];
  /** Batches of a table's features in key order; `batch` rows are held at a time. */
  features(table: GpkgTable, batch?: number): Generator<GpkgFeature[]>;
  /** The highest key of the table, for telling how far through it a reader is. */
  lastRowid(table: GpkgTable): number;
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

/**
 * The kind of a WKB geometry from its type code (ISO 1000s for Z/M, or EWKB flag bits).
 * @example wkbKind(Uint8Array.of(1, 2, 0, 0, 0)) // 'line'
 */
export function wkbKind(wkb: Uint8Array): GeometryKind | undefined {
  if (wkb.length < 5) return undefined;
  const view = new DataView(wkb.buffer, wkb.byteOffset, 5);
  const code = (view.getUint32(1, wkb[0] === 1) & 0x0fff_ffff) % 1000;
  return ({ 1: 'point', 4: 'point', 2: 'line', 5: 'line', 3: 'polygon', 6: 'polygon', 7: 'collection' } as const)[code as 1];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Opens a GeoPackage file for reading (the file stays on disk: rows are read as asked for). */
export function openGpkg(file: string): Gpkg {
  let db: sqliteModule.Database;
  try {
    db = new (loadSqlite().Database)(file, { readOnly: true, fileMustExist: true });
    db.get('select 1 from gpkg_contents limit 1');
  } catch (err) {
    throw new Error(`${file.split('/').pop()} is not a GeoPackage: ${(err as Error).message}`);
  }
  try {
    const rows = db.all(
      `select c.table_name as name, g.column_name as col, g.geometry_type_name as type, g.srs_id as srs from gpkg_contents c
       join gpkg_geometry_columns g on g.table_name = c.table_name where c.data_type = 'features' order by c.table_name`,
    ) as { name: string; col: string; type: string; srs: number }[];
    const tables = rows.map((r) => ({
      name: String(r.name),
      geometryColumn: String(r.col),
      geometryType: String(r.type).toUpperCase(),
      srsId: Number(r.srs),
      columns: (db.all(`select name from pragma_table_info(?)`, [String(r.name)]) as { name: string }[]).map((c) => String(c.name)),
    }));
    return {
      tables,
      *features(table, batch = 1000) {
        // Keyset pages by rowid: each batch is one short query, and nothing holds the whole table.
        const stmt = db.prepare(`select rowid as "lantern rowid", * from ${quote(table.name)} where rowid > ? order by rowid limit ?`);
        try {
          let after = -Infinity;
          for (;;) {
            const rows = stmt.all([Number.isFinite(after) ? after : -(2 ** 53), batch]) as Record<string, unknown>[];
            if (!rows.length) return;
            const out: GpkgFeature[] = [];
            for (const row of rows) {
              const rowid = Number(row['lantern rowid']);
              after = rowid;
              const blob = row[table.geometryColumn];
              if (!(blob instanceof Uint8Array)) continue;
              const wkb = wkbOf(blob);
              const kind = wkb && wkbKind(wkb);
              if (!wkb || !kind) continue;
              const props: Record<string, unknown> = { ...row };
              delete props['lantern rowid'];
              delete props[table.geometryColumn];
              out.push({ rowid, wkbHex: Buffer.from(wkb).toString('hex'), kind, srid: table.srsId, props });
            }
            yield out;
          }
        } finally {
          stmt.finalize();
        }
      },
      lastRowid(table) {
        const r = db.get(`select max(rowid) as last from ${quote(table.name)}`) as { last: number | null } | null;
        return Number(r?.last ?? 0);
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
