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
        } finally {
          await Promise.all([a!.close(), b!.close()]);
        }
      }
    } finally {
      for (const name of names) await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.destroy();
    }
  });
});
