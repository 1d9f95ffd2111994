import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import * as imports from './imports/service.js';
import { backup, restore } from './db/backup.js';
import { chainHead } from './audit/service.js';
import { IMPORT_KINDS, PLACE_FORMATS, type ImportKind, type ImportOptions, type ImportProgress, type ImportResult, type PlaceFormat } from './imports/schema.js';
import { openDb, type Db } from './db/index.js';
import { migrate } from './migrate.js';
import { DataDirLockedError } from './db/lock.js';
import { ROLES } from './lists.js';
import { AppError } from './http/errors.js';
import { secureAuditLog, SYSTEM_ACTOR, verify } from './audit/service.js';
import { CheckpointStore } from './audit/checkpoint.js';
import { createUser, listUsers } from './users/service.js';
import { DemoAlreadyLoadedError, seedDemo } from '../seeds/demo/index.js';
import { isSqliteFile } from './basemap/sources.js';
import { aggregateSizes, rebuildAggregates } from './aggregates/service.js';
import { BASEMAP_FORMATS, BASEMAP_IMPORT_LAYERS, type BasemapFormat, type BasemapImportLayer } from './imports/schema.js';

const USAGE = `Usage: npm run cli -- <command>
  migrate                                   bring the schema up to date
  seed demo [--sightings N]                 load the synthetic demo town (migrates first)
  user add <username> --role <role> [--name "Display Name"] [--agency <agency>]  (--agency required for partners)
                                            create a user; the password is read from standard input
  user list                                 list users
  rebuild aggregates                        rebuild the map's space-time aggregates from the sightings (after a change of
                                            LANTERN_TIMEZONE the server does it when it starts)
  audit verify                              recompute the audit hash chain; exit 1 if broken
  backup <file>                             write a backup (PostgreSQL: pg_dump; embedded: stop the server first)
  restore <file> [--force]                  restore a backup (embedded: --force moves an existing database aside)
  import <sightings|premises|vehicles|areas> <file> [--strict] [--update] [--srid 27700] [--repair]
                                            import a CSV or GeoJSON file, with a progress bar
  import places <file> --format <codepoint|onspd|open-names|open-uprn> [--strict]
                                            load a gazetteer file (OS Code-Point Open, ONSPD, OS Open Names, OS Open UPRN),
                                            replacing that source's earlier rows
  import basemap <file> [--layer roads|water|green|buildings|all] [--format gpkg|geojson|osm-gpkg|osm-geojson] [--table name] [--srid 27700] [--strict]
                                            replace street basemap layers from a GeoPackage or GeoJSON file (OS Open Roads,
                                            OS Open Zoomstack, OS OpenMap Local, an OpenStreetMap extract); the format is
                                            told from the file when not given, an OSM extract loads every layer by default
Roles: ${ROLES.join(', ')}. Uses the same configuration as the server (DATABASE_URL, LANTERN_DATA_DIR, …).`;

class UsageError extends Error {}

/** Who the audit trail names for work done from the command line. */
const CLI_ACTOR = { ...SYSTEM_ACTOR, username: 'cli' };

/** A file to import, hashed in one streaming pass (flat memory on big files). */
async function uploadOf(file: string): Promise<imports.Upload> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { file, sha256: hash.digest('hex'), bytes };
}

/** The first 20 rejected rows of an import with their errors: `unit` is what the file counts (line, feature), `whole` names an error of the whole row. */
function printRejected(r: ImportResult, id: string, unit: string, whole: string): void {
  for (const x of r.rejected.slice(0, 20)) console.log(`  ${unit} ${x.row}: ${x.errors.map((e) => `${e.path || whole}: ${e.message}`).join('; ')}`);
  if (r.rejectedCount > 20) console.log(`  … and ${r.rejectedCount - 20} more (GET /api/imports/${id})`);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function run(db: Db, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      agency: { type: 'string' },
      name: { type: 'string' },
      sightings: { type: 'string' },
      strict: { type: 'boolean' },
      update: { type: 'boolean' },
      srid: { type: 'string' },
      repair: { type: 'boolean' },
      force: { type: 'boolean' },
      layer: { type: 'string' },
      table: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const [cmd, sub, arg] = positionals;
  switch (`${cmd} ${sub ?? ''}`.trim()) {
    case 'migrate': {
      const applied = await migrate(db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      const audit = await secureAuditLog(db);
      if (audit.status === 'secured') {
        console.log("audit_log is owned by the NOLOGIN role lantern_audit_owner; the application's role needs SELECT on it and EXECUTE on audit_append (README: Audit log on PostgreSQL)");
        if (!audit.schemaOwnerIsSuperuser) {
          console.error(`warning: ${audit.schemaOwner} owns audit_log's schema and so could drop the table: do not run the server as ${audit.schemaOwner} (README: Audit log on PostgreSQL)`);
        }
      } else if (audit.status === 'not-permitted') {
        // Not an error: the schema is up to date and the server runs; the audit log is just less protected.
        console.error(`warning: audit_log is still owned by ${audit.tableOwner}, and ${audit.currentUser} may not hand it to lantern_audit_owner; whoever owns it can disable its triggers and rewrite it. Run this migrate as a PostgreSQL superuser (README: Audit log on PostgreSQL).`);
      }
      return 0;
    }
    case 'rebuild aggregates': {
      await migrate(db);
      const ms = await rebuildAggregates(db, config().timeZone);
      const n = await aggregateSizes(db);
      console.log(`aggregates rebuilt in ${(ms / 1000).toFixed(1)} s: ${n.sightings} live sightings, ${n.facts} fact rows, ${n.cube} cube rows, ${n.dayHours} day rows of hour counts (time zone ${config().timeZone})`);
      return 0;
    }
    case 'seed demo': {
      const n = values.sightings === undefined ? 30_000 : Number(values.sightings);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--sightings must be a whole number, got "${values.sightings}"`);
      await migrate(db);
      const t = Date.now();
      const counts = await seedDemo(db, { sightings: n, log: (m: string) => console.error(m) });
      console.log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
      return 0;
    }
    case 'user add': {
      if (!arg) throw new UsageError('user add needs a username');
      if (!values.role) throw new UsageError(`user add needs --role (${ROLES.join(', ')})`);
      const password = await readStdin();
      const user = await createUser(db, CLI_ACTOR, {
        username: arg,
        displayName: values.name ?? arg,
        role: values.role,
        ...(values.agency ? { agency: values.agency } : {}),
        password,
      });
      console.log(`created ${user.role} ${user.username}${user.agency ? ` of ${user.agency}` : ''} (${user.id})`);
      return 0;
    }
    case 'user list': {
      for (const u of await listUsers(db)) {
        console.log([u.username.padEnd(24), u.role.padEnd(10), u.displayName, u.lastLoginAt ? `last sign-in ${u.lastLoginAt.toISOString()}` : 'never signed in'].join(' '));
      }
      return 0;
    }
    case 'audit verify': {
      // Read only: verifying never creates the checkpoint directory or its key.
      const store = new CheckpointStore(config().auditCheckpoints.dir);
      const r = await verify(db, { checkpoints: store });
      if (r.ok) {
        console.log(`audit chain verified: ${r.entries} entries; ${r.checkpoints} signed checkpoints agree (${store.file})`);
        return 0;
      }
      console.error(`audit chain BROKEN at row ${r.firstBadId ?? '(none: see the checkpoint file)'} (after ${r.entries} good entries)`);
      if (r.brokenCount) console.error(`  ${r.brokenCount} row(s) do not match their hash or link: ${r.brokenIds.join(', ')}${r.brokenCount > r.brokenIds.length ? ', …' : ''}`);
      for (const m of r.checkpointMismatch) console.error(`  checkpoint of row ${m.id} says ${m.expected}, the row ${m.found === null ? 'is gone' : `has ${m.found}`}: the chain was rewritten`);
      if (r.checkpointInvalid.length) console.error(`  ${store.file}: line(s) ${r.checkpointInvalid.join(', ')} have no valid signature`);
      return 1;
    }
    default:
      if (cmd === 'import' && sub === 'basemap') return importBasemap(db, arg, values);
      if (cmd === 'import') return importFile(db, sub, arg, values);
      if (cmd === 'backup') {
        if (!sub) throw new UsageError('backup needs a file name');
        const { bytes } = await backup(db, config(), sub);
        console.log(`backup written to ${sub} (${(bytes / 1048576).toFixed(1)} MiB); audit chain head ${(await chainHead(db)) ?? 'empty'}`);
        return 0;
      }
      throw new UsageError(cmd ? `unknown command "${positionals.join(' ')}"` : 'no command given');
  }
}

async function importFile(db: Db, kind: string | undefined, file: string | undefined, o: { strict?: boolean; update?: boolean; srid?: string; repair?: boolean; format?: string }): Promise<number> {
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`import needs a kind: ${IMPORT_KINDS.join(', ')}`);
  if (!file || !fs.existsSync(file)) throw new UsageError(`import needs a file that exists, got "${file ?? ''}"`);
  if (o.srid && o.srid !== '4326' && o.srid !== '27700') throw new UsageError('--srid must be 4326 or 27700');
  if (kind === 'places' && !(PLACE_FORMATS as readonly string[]).includes(o.format ?? '')) throw new UsageError(`import places needs --format ${PLACE_FORMATS.join('|')}`);
  if (kind !== 'places' && o.format) throw new UsageError('--format is for import places only');
  const upload = await uploadOf(file);
  const { bytes } = upload;
  const opts: ImportOptions = {
    kind: kind as ImportKind,
    format: kind !== 'places' && /\.(geo)?json$/i.test(file) ? 'geojson' : 'csv',
    mode: o.strict ? 'strict' : 'lenient',
    onDuplicate: o.update ? 'update' : 'skip',
    ...(o.srid ? { srid: Number(o.srid) } : {}),
    ...(o.repair ? { repair: true } : {}),
    ...(kind === 'places' ? { placeFormat: o.format as PlaceFormat } : {}),
    fileName: path.basename(file),
  };
  const id = await imports.begin(db, CLI_ACTOR, opts, upload);
  /** Redrawn in place after each batch: how far into the file the reader is (GeoJSON, read whole, shows rows only until done). */
  const bar = (c: ImportProgress, finished = false) => {
    const rows = `${c.rowsRead.toLocaleString('en-GB')} rows, ${c.rejectedCount} rejected `;
    const done = finished ? 1 : c.bytesRead !== null && bytes > 0 ? Math.min(1, c.bytesRead / bytes) : null;
    if (done === null) {
      process.stderr.write(`\r${rows}`);
      return;
    }
    const width = 30;
    const filled = Math.round(done * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}%  ${rows}`);
  };
  const t = Date.now();
  try {
    const r = await imports.run(db, config(), CLI_ACTOR, id, opts, upload, (c) => bar(c));
    bar({ ...r, bytesRead: bytes }, true);
    process.stderr.write('\n');
    console.log(`import ${id}: ${r.inserted} inserted, ${r.updated} updated, ${r.duplicates} duplicates, ${r.rejectedCount} rejected, in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    printRejected(r, id, 'line', 'row');
    for (const w of r.warnings) console.log(`  warning: ${w.path.replace(/^columns\./, '')} ${w.message}`);
    return 0;
  } catch (err) {
    process.stderr.write('\n');
    throw err;
  }
}

/**
 * `import basemap`: replaces basemap layers in one transaction through the import
 * pipeline (recorded, audited and listed on the Imports page like any other import),
 * telling the rows loaded as it goes.
 */
async function importBasemap(db: Db, file: string | undefined, o: { layer?: string; table?: string; format?: string; strict?: boolean; srid?: string }): Promise<number> {
  if (!file || !fs.existsSync(file)) throw new UsageError(`import basemap needs a GeoPackage or GeoJSON file that exists, got "${file ?? ''}"`);
  const layer = o.layer as BasemapImportLayer | undefined;
  if (layer !== undefined && !BASEMAP_IMPORT_LAYERS.includes(layer)) throw new UsageError(`--layer must be one of ${BASEMAP_IMPORT_LAYERS.join(', ')}, got "${o.layer}"`);
  const format = o.format as BasemapFormat | undefined;
  if (format !== undefined && !BASEMAP_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${BASEMAP_FORMATS.join(', ')}, got "${o.format}"`);
  if (o.srid && o.srid !== '4326' && o.srid !== '27700') throw new UsageError('--srid must be 4326 or 27700');
  const upload = await uploadOf(file);
  const { bytes } = upload;
  const opts: ImportOptions = {
    kind: 'basemap',
    format: isSqliteFile(file) ? 'gpkg' : 'geojson',
    mode: o.strict ? 'strict' : 'lenient',
    onDuplicate: 'skip',
    ...(o.srid ? { srid: Number(o.srid) } : {}),
    basemap: { ...(layer ? { layer } : {}), ...(format ? { format } : {}), ...(o.table ? { table: o.table } : {}) },
    fileName: path.basename(file),
  };
  const id = await imports.begin(db, CLI_ACTOR, opts, upload);
  const t = Date.now();
  const tell = (c: ImportProgress) => {
    const pct = c.bytesRead !== null && bytes > 0 ? `${Math.round((100 * c.bytesRead) / bytes).toString().padStart(3)}%  ` : '';
    process.stderr.write(`\r${pct}${c.rowsRead.toLocaleString('en-GB')} features read, ${c.inserted.toLocaleString('en-GB')} rows loaded, ${c.rejectedCount} rejected `);
  };
  try {
    const r = await imports.run(db, config(), CLI_ACTOR, id, opts, upload, tell);
    process.stderr.write('\n');
    const d = r.basemap!;
    const layers = Object.entries(d.layers).map(([l, n]) => `${l} ${n.toLocaleString('en-GB')} row${n === 1 ? '' : 's'}`).join(', ');
    console.log(`import ${id}: basemap replaced from ${path.basename(file)} (${d.format}${d.tables.length ? `, tables ${d.tables.join(', ')}` : ''}): ${layers}; ${d.ignored} feature${d.ignored === 1 ? '' : 's'} not for the basemap, ${r.rejectedCount} rejected, in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    printRejected(r, id, 'feature', 'feature');
    return 0;
  } catch (err) {
    process.stderr.write('\n');
    throw err;
  }
}

let loaded: Config | undefined;
const config = () => (loaded ??= loadConfig());

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === 'restore') {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
    if (!positionals[1]) throw new UsageError('restore needs a backup file');
    const r = await restore(config(), positionals[1], { force: values.force ?? false });
    console.log(`restored from ${positionals[1]}${r.movedAside ? `; the previous database was moved to ${r.movedAside}` : ''}`);
    return 0;
  }
  const { databaseUrl, dataDir } = config();
  const db = await openDb({ databaseUrl, dataDir, statementTimeoutMs: 0 });
  try {
    if (args[0] !== 'migrate' && args[0] !== 'seed' && args[0] !== 'backup') await migrate(db);
    return await run(db, args);
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (err instanceof AppError) console.error(`${err.detail}${err.errors ? '\n' + err.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n') : ''}`);
    else if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof DemoAlreadyLoadedError) console.error(err.message);
    else console.error(err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
