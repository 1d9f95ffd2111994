import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import knexFactory from 'knex';
import { backup, restore } from '../../server/db/backup.js';
import { openDb, type Db } from '../../server/db/index.js';
import { migrate } from '../../server/migrate.js';
import { chainHead, SYSTEM_ACTOR, verify } from '../../server/audit/service.js';
import { createUser } from '../../server/users/service.js';
import { testConfig } from '../support/app.js';
import { tempDirs } from '../support/tmp.js';

const TABLES = ['users', 'sightings', 'audit_log'];

async function fingerprint(db: Db) {
  const counts: Record<string, number> = {};
  for (const t of TABLES) counts[t] = Number((await db.knex(t).count({ n: '*' }))[0]!.n);
  return { counts, head: await chainHead(db), chain: (await verify(db)).ok };
}

async function fill(db: Db) {
  await createUser(db, SYSTEM_ACTOR, { username: `b-${Date.now()}`, displayName: 'Backup Test (synthetic)', role: 'analyst', password: 'backup test passphrase' });
  await db.knex.raw(
    `insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, review_due, narrative)
     select now() - make_interval(hours => g), ST_SetSRID(ST_MakePoint(-4 + g * 0.001, 57), 4326), 'other', 'police', 2, 'B', 'P', '2030-01-01', 'Synthetic backup row'
     from generate_series(1, 250) g`,
  );
}

describe('backup and restore', function () {
  this.timeout(180_000);
  const tmp = tempDirs('backup');

  it('when the embedded database is backed up and restored into a new directory, then row counts and the audit chain head match', async () => {
    const from = tmp();
    const db = await openDb({ dataDir: from });
    await migrate(db);
    await fill(db);
    const before = await fingerprint(db);
    const file = path.join(tmp(), 'lantern.tar.gz');
    await backup(db, testConfig({ LANTERN_DATA_DIR: from }), file);
    await db.close();
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);

    const to = tmp();
    await restore(testConfig({ LANTERN_DATA_DIR: to }), file);
    const restored = await openDb({ dataDir: to });
    try {
      expect(await fingerprint(restored)).to.deep.equal(before);
      expect(before.chain).to.equal(true);
    } finally {
      await restored.close();
    }
    let refused: unknown;
    await restore(testConfig({ LANTERN_DATA_DIR: to }), file).catch((e) => (refused = e));
    expect(String(refused)).to.match(/already holds a database/);
    const forced = await restore(testConfig({ LANTERN_DATA_DIR: to }), file, { force: true });
    expect(fs.existsSync(forced.movedAside!)).to.equal(true);
  });

  it('when PostgreSQL is dumped and restored into another database, then row counts and the chain head match', async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) return this.skip();
    const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    const names = [`lantern_bk_a_${process.pid}`, `lantern_bk_b_${process.pid}`];
    const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
    try {
      for (const n of names) await admin.raw(`create database ${n}`);
      await admin.raw(`select 1`);
      const a = await openDb({ databaseUrl: urlOf(names[0]!), dataDir: null });
      await migrate(a);
      await fill(a);
      const before = await fingerprint(a);
      const file = path.join(tmp(), 'lantern.dump');
      await backup(a, testConfig({ DATABASE_URL: urlOf(names[0]!) }), file);
      await a.close();
      const bAdmin = knexFactory({ client: 'pg', connection: urlOf(names[1]!), pool: { min: 0, max: 1 } });
      await bAdmin.raw('create extension postgis; create extension pg_trgm');
      await bAdmin.destroy();
      await restore(testConfig({ DATABASE_URL: urlOf(names[1]!) }), file);
      const b = await openDb({ databaseUrl: urlOf(names[1]!), dataDir: null });
      try {
        expect(await fingerprint(b)).to.deep.equal(before);
      } finally {
        await b.close();
      }
    } finally {
      for (const n of names) await admin.raw(`drop database if exists ${n} with (force)`).catch(() => {});
      await admin.destroy();
    }
  });
});
