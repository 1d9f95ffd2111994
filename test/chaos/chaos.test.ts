import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knexFactory from 'knex';
import { Client } from './client.js';
import { childEnv, cli, freePort, startServer, type Server } from './process.js';

/**
 * Chaos: a server taking writes and a large import is killed with SIGKILL at a random
 * moment, again and again. After each restart every write acknowledged with 201 is
 * there, the import is all there or not at all, and the audit chain verifies.
 * Bounded: ROUNDS rounds per database. PGlite always; PostgreSQL+PostGIS when
 * TEST_DATABASE_URL names a server this test may create a database on.
 */

const ROUNDS = 4;
const IMPORT_ROWS = 50_000;
const PASSWORD = 'chaos-test-passphrase';

/** A seeded PRNG, so a failing run can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Import rows of one round, all inside their own small box in the Highlands. */
function importCsv(round: number): { csv: string; bbox: string } {
  const lon = -5 + round * 0.05;
  const lat = 57.2;
  const lines = ['external_ref,observed_at,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    lines.push(`CHAOS-${round}-${i},2026-06-${String(1 + (i % 28)).padStart(2, '0')} 22:00,${(lat + (i % 100) * 0.0001).toFixed(5)},${(lon + Math.floor(i / 100) * 0.00005).toFixed(5)},other,police,2,B,P,Synthetic chaos row`);
  }
  return { csv: lines.join('\n') + '\n', bbox: `${lon - 0.001},${lat - 0.001},${lon + 0.03},${lat + 0.011}` };
}

async function runChaos(label: string, env: NodeJS.ProcessEnv, url: string, random: () => number) {
  for (const [user, role] of [['chaos-analyst', 'analyst'], ['chaos-admin', 'admin']] as const) {
    const r = cli(['user', 'add', user, '--role', role], env, `${PASSWORD}\n`);
    expect(r.code, r.out).to.equal(0);
  }
  const acknowledged: string[] = [];
  let server: Server | undefined = await startServer(env, url);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const analyst = new Client(url);
      const admin = new Client(url);
      await analyst.signIn('chaos-analyst', PASSWORD, `Chaos test (${label})`);
      await admin.signIn('chaos-admin', PASSWORD, `Chaos test (${label})`);
      const { csv, bbox } = importCsv(round);
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await analyst.send('POST', '/api/sightings', { observedAt: '2026-07-01T21:00:00Z', lat: 56.9 + random() * 0.05, lon: -4.5 + random() * 0.05, category: 'other', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' });
            if (r.status === 201) acknowledged.push(r.body.id);
          } catch {
            return; // the server died under us
          }
        }
      })();
      const importing = admin.send('POST', '/api/imports/sightings', csv, 'text/csv').catch(() => undefined);
      // From the first rows to after the import has committed: both outcomes get tested.
      await new Promise((r) => setTimeout(r, 300 + random() * 9000));
      server.child.kill('SIGKILL');
      await server.exited;
      stop = true;
      await Promise.all([writer, importing]);
      server = undefined;

      server = await startServer(env, url);
      const check = new Client(url);
      await check.signIn('chaos-admin', PASSWORD, `Chaos check (${label})`);
      const inImport = await check.send('GET', `/api/sightings?bbox=${bbox}&limit=1`);
      expect([0, IMPORT_ROWS], `${label} round ${round}: import rows present`).to.include(inImport.body.numberMatched);
      for (const id of acknowledged) {
        const r = await check.send('GET', `/api/sightings/${id}`);
        expect(r.status, `${label} round ${round}: acknowledged sighting ${id}`).to.equal(200);
      }
      const verify = await check.send('GET', '/api/audit/verify');
      expect(verify.body.ok, `${label} round ${round}: audit chain ${JSON.stringify(verify.body)}`).to.equal(true);
      // An orphaned import is marked interrupted within seconds (listing sweeps them).
      let running: unknown[] = [];
      for (let i = 0; i < 30; i++) {
        running = (await check.send('GET', '/api/imports')).body.imports.filter((x: { status: string }) => x.status === 'running');
        if (running.length === 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(running, `${label} round ${round}: no import left running`).to.have.length(0);
      console.log(`      ${label} round ${round}: ${acknowledged.length} acknowledged writes kept, import ${inImport.body.numberMatched ? 'complete' : 'absent'}, chain of ${verify.body.entries} verifies`);
    }
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
  const v = cli(['audit', 'verify'], env);
  expect(v.code, v.out).to.equal(0);
}

describe('chaos: SIGKILL during writes and imports', () => {
  it('when the embedded database is killed again and again, then no acknowledged write is lost and no import is half applied', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-chaos-'));
    const port = await freePort();
    try {
      const env = childEnv({ PORT: String(port), LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '0', LANTERN_IMPORT_ASYNC_MB: '1000' });
      await runChaos('pglite', env, `http://127.0.0.1:${port}`, rng(7));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('when the server on PostgreSQL+PostGIS is killed again and again, then the same holds', async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) return this.skip();
    const name = `lantern_chaos_${process.pid}`;
    const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    await admin.raw(`create database ${name}`);
    const u = new URL(base);
    u.pathname = `/${name}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-chaos-pg-'));
    try {
      const port = await freePort();
      const env = childEnv({ PORT: String(port), DATABASE_URL: u.toString(), LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '0', LANTERN_IMPORT_ASYNC_MB: '1000' });
      await runChaos('postgres', env, `http://127.0.0.1:${port}`, rng(11));
    } finally {
      await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
