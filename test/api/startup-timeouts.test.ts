import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { openDb } from '../../server/db/index.js';
import { migrate } from '../../server/migrate.js';
import { loadConfig } from '../../server/config.js';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import * as imports from '../../server/imports/service.js';
import type { ImportOptions } from '../../server/imports/schema.js';
import { startServer } from '../e2e/support/server.js';

/**
 * The statement timeout (LANTERN_STATEMENT_TIMEOUT_MS, 30 s by default) keeps one slow query
 * from hanging a request. Work that must run to its end ran under it too: `bench:map`'s
 * server failed to start on PostgreSQL when rebuilding the aggregates of its 1M demo town
 * passed 30 s, and a large import or a data migration on a big database would fail the same
 * way. Here the timeout is 100 ms and the data small enough to load in seconds, yet each of
 * those statements takes longer than 100 ms. PGlite runs no statement timeout: PostgreSQL only.
 */
describe('work that must finish, under a short statement timeout (PostgreSQL)', function () {
  this.timeout(600_000);
  let admin: Knex | undefined;
  const made: string[] = [];

  const freshDatabase = async (base: string, tag: string) => {
    admin ??= knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    const name = `lantern_timeout_${process.pid}_${tag}`;
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.raw(`create database ${name}`);
    made.push(name);
    return Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  };

  after(async function () {
    for (const name of made) await admin?.raw(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin?.destroy();
  });

  it('when the server starts on an empty database with a 100 ms statement timeout, then it migrates, loads a demo town of 40,000 sightings with its aggregates, and serves', async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) return this.skip();
    const url = await freshDatabase(base, 'start');
    const server = await startServer({ databaseUrl: url, demoSightings: 40_000, readyTimeoutMs: 300_000, env: { LANTERN_STATEMENT_TIMEOUT_MS: '100' } });
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; demo: boolean };
      expect(health, server.output().slice(-2000)).to.include({ status: 'ok', demo: true });
    } finally {
      await server.stop();
    }
    const db = await openDb({ databaseUrl: url, dataDir: null, statementTimeoutMs: 0 });
    try {
      const r = await db.knex.raw('select (select count(*) from sightings)::int as sightings, (select count(*) from sighting_facts)::int as facts');
      // The demo's people and journeys add their own sightings to the 40,000 of its generator.
      expect(r.rows[0].sightings).to.be.at.least(40_000);
      expect(r.rows[0].facts, 'every sighting counted in the aggregates').to.be.at.least(r.rows[0].sightings);
    } finally {
      await db.close();
    }
  });

  it('when an import of 40,000 sightings runs on a connection with a 100 ms statement timeout, then every row lands', async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) return this.skip();
    const url = await freshDatabase(base, 'import');
    const setup = await openDb({ databaseUrl: url, dataDir: null, statementTimeoutMs: 0 });
    await migrate(setup);
    await setup.close();
    const file = path.join(os.tmpdir(), `lantern-timeout-import-${process.pid}.csv`);
    const lines = ['external_ref,observed_at,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative'];
    for (let i = 0; i < 40_000; i++) {
      lines.push(`TIMEOUT-${i},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:30,${(53.53 + (i % 997) / 10_000).toFixed(5)},${(-2.55 + (i % 1999) / 10_000).toFixed(5)},adult_loitering,police,2,B,P,Synthetic test row ${i}`);
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const db = await openDb({ databaseUrl: url, dataDir: null, statementTimeoutMs: 100 });
    try {
      const opts: ImportOptions = { kind: 'sightings', format: 'csv', mode: 'lenient', onDuplicate: 'skip', fileName: 'timeout.csv' };
      const upload = { file, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'), bytes: fs.statSync(file).size };
      const id = await imports.begin(db, SYSTEM_ACTOR, opts, upload);
      const r = await imports.run(db, loadConfig({}), SYSTEM_ACTOR, id, opts, upload);
      expect(r.inserted).to.equal(40_000);
      const n = await db.knex.raw('select count(*)::int as n from sighting_facts');
      expect(n.rows[0].n).to.equal(40_000);
    } finally {
      await db.close();
      fs.rmSync(file, { force: true });
    }
  });
});
