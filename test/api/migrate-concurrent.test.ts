import { expect } from 'chai';
import knexFactory from 'knex';
import { openDb } from '../../server/db/index.js';
import { migrate } from '../../server/migrate.js';

/**
 * Replicas of a deployment start together on an empty database. knex creates its own
 * bookkeeping tables before its lock row exists, so two processes can both try to create
 * them; CI once saw the second fail to start ("heap_create_with_catalog"). Several fresh
 * databases, two migrations at once on each: every one must come up.
 */
describe('migrations started together', function () {
  this.timeout(300_000);
  const ROUNDS = 4;

  it('when two processes migrate one empty PostgreSQL database at once, then both succeed and the schema is whole', async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) return this.skip();
    const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    const names = Array.from({ length: ROUNDS }, (_, i) => `lantern_mig_${process.pid}_${i}`);
    const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
    try {
      for (const name of names) {
        await admin.raw(`create database ${name}`);
        const [a, b] = await Promise.all([0, 1].map(() => openDb({ databaseUrl: urlOf(name), dataDir: null })));
        try {
          const results = await Promise.allSettled([migrate(a!), migrate(b!)]);
          const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
          expect(failed, name).to.deep.equal([]);
          const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value.length);
          // One of them applied every migration, the other found nothing to do.
          expect(Math.min(...applied)).to.equal(0);
          const n = await a!.knex.raw('select count(*)::int as n from knex_migrations');
          expect(n.rows[0].n).to.equal(Math.max(...applied));
          // Two lock rows would lock every later start out: knex's lock is "update the one row".
          const locks = await a!.knex.raw('select count(*)::int as n, max(is_locked)::int as locked from knex_migrations_lock');
          expect(locks.rows[0], name).to.deep.equal({ n: 1, locked: 0 });
        } finally {
          await Promise.all([a!.close(), b!.close()]);
        }
      }
    } finally {
      for (const name of names) await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.destroy();
    }
  });

  // The race above once left knex's lock table with two rows (both processes found it empty
  // and each inserted one). knex takes its lock by updating "the" row and refuses when the
  // update touches other than one, so from then on every start waited for a lock that nobody
  // held (CI: "Migration table is already locked" for two minutes). A database in that
  // state must migrate, and be left with one row.
  it('when knex\'s lock table holds two rows, then migrating succeeds and leaves one', async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) return this.skip();
    const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    const name = `lantern_mig_${process.pid}_locks`;
    const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
    await admin.raw(`create database ${name}`);
    const db = await openDb({ databaseUrl: url, dataDir: null });
    try {
      await db.knex.raw('create table knex_migrations (id serial primary key, name varchar(255), batch integer, migration_time timestamptz)');
      await db.knex.raw('create table knex_migrations_lock (index serial primary key, is_locked integer)');
      await db.knex.raw('insert into knex_migrations_lock (is_locked) values (0), (0)');
      const applied = await migrate(db);
      expect(applied.length).to.be.greaterThan(0);
      const locks = await db.knex.raw('select count(*)::int as n, max(is_locked)::int as locked from knex_migrations_lock');
      expect(locks.rows[0]).to.deep.equal({ n: 1, locked: 0 });
    } finally {
      await db.close();
      await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.destroy();
    }
  });
});
