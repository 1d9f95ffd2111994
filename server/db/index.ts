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
import { replicaName } from './lsn.js';
import { ReplicaSet, type ReplicaStatus } from './replicas.js';

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
  /**
   * Runs a read-only data query (map layers, hot spots, reports, OGC, exports, profiles)
   * on a read replica that has replayed past `minLsn` (the caller's last write), or on
   * the primary: with no replicas (always on PGlite), none up, or none that far. `fn` may
   * run twice (again on the primary if the replica fails under it), so it must not write.
   */
  read<T>(minLsn: string | null | undefined, fn: (knex: Knex) => Promise<T>): Promise<T>;
  /** Each replica's state and lag; empty when none are configured. */
  replicas(): ReplicaStatus[];
  /** Reads `read` sent to the primary since start. */
  primaryReads(): number;
  /**
   * The primary's WAL position now, which is past every commit already made: what a caller
   * who has just written must wait for on a replica. Null when no replicas are configured.
   */
  walPosition(): Promise<string | null>;
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
  /** postgres://… streaming replicas of `databaseUrl` for reads (PostgreSQL only). */
  readDatabaseUrls?: string[];
  /** A replica further behind than this takes no reads (default 5000). */
  replicaMaxLagMs?: number;
  /** How often each replica's replay position is checked (default 500 ms). */
  replicaPollMs?: number;
}

/**
 * Lifts the statement timeout for the rest of this transaction. The timeout is for requests
 * (one slow query must not hang one); an import is admin work that must run to its end, and
 * on a big file its statements (the aggregates' upkeep above all) take more than 30 s.
 */
export const untimed = (trx: Knex.Transaction) => trx.raw('set local statement_timeout = 0');

/** `db` with its queries on `knex` (a read handle from `Db.read`), for code written to take a Db. */
export const withKnex = (db: Db, knex: Knex): Db => ({ ...db, knex });

/** Opens the database the options name; the caller runs migrations. */
export async function openDb(opts: DbOptions): Promise<Db> {
  if (opts.readDatabaseUrls?.length && !opts.databaseUrl) throw new Error('Read replicas need PostgreSQL (DATABASE_URL), not the embedded database.');
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir, opts.loadDataDir);
}

function pgKnex(url: string, opts: DbOptions, applicationName: string): Knex {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
  };
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      types,
      statement_timeout: opts.statementTimeoutMs ?? 30_000,
      // Fail fast when the database is away: callers get a 503, not a hung request.
      connectionTimeoutMillis: 2_000,
      application_name: applicationName,
      // JIT compiling took ~150 ms per map aggregate, more than it ever saved on them.
      // work_mem: the map's hash aggregates over a town's cells spilled to disk at the default 4 MB (docs/OPERATIONS.md).
      options: '-c jit=off -c work_mem=32MB',
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    acquireConnectionTimeout: 5_000,
    // A replica that is down is retried by its monitor every half second: knex would log
    // each failed connection. Its state is in /healthz and /metrics instead.
    ...(applicationName === 'lantern-read' ? { log: { warn: quietConnectionWarnings } } : {}),
  });
}

function quietConnectionWarnings(message: string): void {
  if (!/^(Acquire connection error|Connection Error)/.test(message)) console.warn(message);
}

async function openPostgres(url: string, opts: DbOptions): Promise<Db> {
  const knex = pgKnex(url, opts, 'lantern');
  await knex.raw('select 1');
  const urls = opts.readDatabaseUrls ?? [];
  // A replica that is down at start is only out of rotation: the monitor puts it in when it answers.
  const set = new ReplicaSet(knex, urls.map((u) => ({ name: replicaName(u), knex: pgKnex(u, opts, 'lantern-read') })), { maxLagMs: opts.replicaMaxLagMs ?? 5000, pollMs: opts.replicaPollMs });
  if (urls.length) await set.start();
  return {
    knex,
    kind: 'postgres',
    read: (minLsn, fn) => set.read(minLsn, fn),
    replicas: () => set.status(),
    primaryReads: () => set.primaryReads,
    walPosition: async () => (urls.length ? ((await knex.raw('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn as string) : null),
    close: async () => {
      await set.close();
      await knex.destroy();
    },
  };
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
    let primaryReads = 0;
    return {
      knex,
      kind: 'pglite',
      pglite,
      read: (_minLsn, fn) => {
        primaryReads++;
        return fn(knex);
      },
      replicas: () => [],
      primaryReads: () => primaryReads,
      walPosition: async () => null,
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
export async function migrateSchema(db: Db, opts: { lockWaitMs?: number } = {}): Promise<string[]> {
  await ensureMigrationTables(db.knex);
  // Processes starting together on one database: knex refuses the one that finds another
  // migrating (MigrationLocked) rather than waiting, so wait for the other to finish; then
  // there is nothing left to apply.
  const until = Date.now() + (opts.lockWaitMs ?? 120_000);
  for (;;) {
    try {
      const [, applied] = (await db.knex.migrate.latest({ migrationSource })) as [number, string[]];
      return applied;
    } catch (err) {
      if ((err as Error).name !== 'MigrationLocked' || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * knex's two bookkeeping tables and its one lock row, made one process at a time. knex
 * makes them itself after unlocked has-table and is-empty checks: two processes starting
 * on an empty database could both create a table (a unique_violation in the catalogue) or
 * both insert a lock row. knex takes its lock by updating "the" row and refuses when the
 * update touches other than one, so two rows lock every later start out; a database left
 * so by an earlier start is mended here (with two rows nobody can hold the lock).
 * The same definitions as knex's table-creator, so knex finds them as its own.
 */
async function ensureMigrationTables(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw("select pg_advisory_xact_lock(hashtext('lantern.migrations'))");
    if (!(await trx.schema.hasTable('knex_migrations'))) {
      await trx.schema.createTable('knex_migrations', (t) => {
        t.increments();
        t.string('name');
        t.integer('batch');
        t.timestamp('migration_time');
      });
    }
    if (!(await trx.schema.hasTable('knex_migrations_lock'))) {
      await trx.schema.createTable('knex_migrations_lock', (t) => {
        t.increments('index').primary();
        t.integer('is_locked');
      });
    }
    const rows = (await trx('knex_migrations_lock').select('index').orderBy('index')) as { index: number }[];
    if (rows.length === 0) await trx('knex_migrations_lock').insert({ is_locked: 0 });
    else if (rows.length > 1) await trx('knex_migrations_lock').where('index', '>', rows[0]!.index).delete();
  });
}
