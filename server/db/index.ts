import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import ClientPgLite from 'knex-pglite';
import { TYPE_PARSERS } from './parsers.js';
import { lockDataDir } from './lock.js';
import { migrationSource } from '../../migrations/index.js';

export type DbKind = 'pglite' | 'postgres';

/**
 * PGlite runs each query synchronously on this thread, and a query's promise settles in
 * a microtask, so a queue of database work ran query after query without the event loop
 * ever reaching its I/O phase: under load no socket was read and no answer flushed for
 * seconds at a time (measured: the loop blocked 2–5 s in every 10 s), and clients timed
 * out on requests the server had not yet even read. Yielding a macrotask before each
 * query lets I/O in between queries; it costs microseconds.
 */
class YieldingPgliteClient extends (ClientPgLite as unknown as new (config: Knex.Config) => { _query(connection: unknown, obj: unknown): Promise<unknown> }) {
  override async _query(connection: unknown, obj: unknown): Promise<unknown> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return super._query(connection, obj);
  }
}

export interface Db {
  knex: Knex;
  kind: DbKind;
  /** The embedded engine, for what SQL cannot do (a consistent dump of its data directory). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… for PostgreSQL+PostGIS; absent for the embedded database. */
  databaseUrl?: string | undefined;
  /** Embedded data directory; `null` opens an in-memory database (tests). */
  dataDir: string | null;
  /** A tarball from `PGlite.dumpDataDir` to start an empty data directory from (restore). */
  loadDataDir?: Blob;
  /** Per-statement limit on PostgreSQL, so one slow query cannot hang a request. */
  statementTimeoutMs?: number;
  poolMax?: number;
}

/** Opens the database the options name; the caller runs migrations. */
export async function openDb(opts: DbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir, opts.loadDataDir);
}

async function openPostgres(url: string, opts: DbOptions): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
  };
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      types,
      statement_timeout: opts.statementTimeoutMs ?? 30_000,
      // Fail fast when the database is away: callers get a 503, not a hung request.
      connectionTimeoutMillis: 2_000,
      application_name: 'lantern',
      // JIT compiling took ~150 ms per map aggregate, more than it ever saved on them.
      options: '-c jit=off',
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    acquireConnectionTimeout: 5_000,
  });
  await knex.raw('select 1');
  return { knex, kind: 'postgres', close: () => knex.destroy() };
}

async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Db> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    const pglite = new PGlite({
      ...(dataDir ? { dataDir: path.join(dataDir, 'pgdata') } : {}),
      extensions: { postgis, pg_trgm },
      parsers: TYPE_PARSERS,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    await pglite.waitReady;
    const knex = knexFactory({
      client: YieldingPgliteClient as unknown as typeof knexFactory.Client,
      dialect: 'postgres',
      connection: () => ({ pglite }) as object,
    } as Knex.Config);
    await knex.raw('select 1');
    return {
      knex,
      kind: 'pglite',
      pglite,
      close: async () => {
        try {
          await knex.destroy();
          if (!pglite.closed) await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Brings the schema up to date; safe to call on every start. Only the schema: callers
 * use `migrate` (server/migrate.ts), which also secures the audit log.
 */
export async function migrateSchema(db: Db): Promise<string[]> {
  const [, applied] = (await db.knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
