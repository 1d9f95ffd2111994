import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from './client.js';
import { childEnv, cli, freePort, startServer, type Server } from './process.js';

/**
 * Stateless: two Lantern processes on different ports against one PostgreSQL+PostGIS
 * database, as behind a load balancer. A session opened on one is honoured (cookie and
 * CSRF token) and ended on the other; a write on one is read, and counted in the map
 * aggregates, on the other; a map view's ETag from one is revalidated (304) by the
 * other until a write changes it; sign-in lock-out counts failures from both; an import run
 * by one is reported by the other and not taken for an orphan; the audit hash chain
 * verifies after interleaved writes from both. Of the state a process keeps to itself
 * (docs/SCALING.md lists it), the sign-in rate limit's memory store is the one that
 * changes what a client may do: the last test pins that down.
 *
 * Needs TEST_DATABASE_URL (a PostgreSQL+PostGIS server this test may create a
 * database on); skipped without it: PGlite is one process by construction.
 */

const PASSWORD = 'stateless-test-passphrase';
const LOCKOUT_THRESHOLD = 5;
const IMPORT_ROWS = 60_000;
/** A small box in the Cairngorms that no other row of this database falls in. */
const BOX = { west: -3.8, south: 57.05, east: -3.7, north: 57.1 };
const BBOX = `${BOX.west},${BOX.south},${BOX.east},${BOX.north}`;

/** A request made with another client's session: what a load balancer does with the next request. */
async function sendAs(base: string, headers: Record<string, string>, method: string, p: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(`${base}${p}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await r.text();
  try {
    return { status: r.status, body: JSON.parse(text), headers: r.headers };
  } catch {
    return { status: r.status, body: text, headers: r.headers };
  }
}

async function login(base: string, username: string, password: string): Promise<number> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  await r.body?.cancel();
  return r.status;
}

const sighting = (i: number) => ({
  observedAt: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T21:${String(i % 60).padStart(2, '0')}:00Z`,
  lat: BOX.south + 0.005 + ((i * 7919) % 400) / 10_000,
  lon: BOX.west + 0.005 + ((i * 104_729) % 900) / 10_000,
  category: 'adult_loitering',
  sourceAgency: 'police',
  sourceEval: 2,
  intelAssessment: 'B',
  handlingCode: 'P',
  narrative: 'Synthetic stateless-test sighting',
});

/** Sightings in BOX as the clusters endpoint counts them (a feature without point_count is one sighting). */
async function clusteredCount(c: Client): Promise<number> {
  const r = await c.send('GET', `/api/map/clusters?bbox=${BBOX}&zoom=12`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return (r.body.features as { properties: { point_count?: number } }[]).reduce((n, f) => n + (f.properties.point_count ?? 1), 0);
}

async function timelineTotal(c: Client): Promise<number> {
  const r = await c.send('GET', `/api/map/timeline?bbox=${BBOX}`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body.total as number;
}

const stop = async (s: Server | undefined) => {
  if (!s || s.child.exitCode !== null) return;
  s.child.kill('SIGTERM');
  await s.exited;
};

describe('stateless: two server processes on one PostgreSQL database', function () {
  let admin: Knex | undefined;
  let db: Knex | undefined;
  let dataDir = '';
  let dbName = '';
  let env: (port: number, extra?: Record<string, string>) => NodeJS.ProcessEnv;
  let a: Server | undefined;
  let b: Server | undefined;
  let urlA = '';
  let urlB = '';

  before(async function () {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) {
      console.log('      skipped: set TEST_DATABASE_URL to a PostgreSQL+PostGIS server (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run two processes against one database');
      return this.skip();
    }
    dbName = `lantern_stateless_${process.pid}`;
    admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
    await admin.raw(`create database ${dbName}`);
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-stateless-'));
    env = (port, extra = {}) =>
      childEnv({
        PORT: String(port),
        DATABASE_URL: u.toString(),
        LANTERN_DATA_DIR: dataDir,
        LANTERN_DEMO: '0',
        // The account-wide lock-out (kept in the database) is the one both processes share;
        // the per-address one is per process (README, "Sign-in, lock-out and passwords").
        LANTERN_ACCOUNT_LOCKOUT_THRESHOLD: String(LOCKOUT_THRESHOLD),
        LANTERN_LOGIN_RATE_LIMIT: '1000',
        // Every import runs in the background (202), so one can be watched from the other process.
        LANTERN_IMPORT_ASYNC_MB: '0',
        ...extra,
      });
    db = knexFactory({ client: 'pg', connection: u.toString(), pool: { min: 0, max: 2 } });

    const [portA, portB] = [await freePort(), await freePort()];
    urlA = `http://127.0.0.1:${portA}`;
    urlB = `http://127.0.0.1:${portB}`;
    // Both at once on an empty database, as a deployment of two replicas starts: both
    // run the migrations (knex's lock row makes the second wait, then find nothing to do).
    [a, b] = await Promise.all([startServer(env(portA), urlA), startServer(env(portB), urlB)]);
    for (const [user, role] of [['st-analyst', 'analyst'], ['st-analyst-2', 'analyst'], ['st-admin', 'admin'], ['st-locked', 'analyst']] as const) {
      const r = cli(['user', 'add', user, '--role', role], env(0), `${PASSWORD}\n`);
      expect(r.code, r.out).to.equal(0);
    }
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const [name, s] of [['A', a], ['B', b]] as const) if (s) console.log(`--- process ${name}, last of its output ---\n${s.output().slice(-4000)}`);
  });

  after(async () => {
    await Promise.all([stop(a), stop(b)]);
    await db?.destroy();
    if (admin) {
      await admin.raw(`drop database if exists ${dbName} with (force)`).catch(() => {});
      await admin.destroy();
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when both processes start at once on an empty database, then both migrate, come up and report PostgreSQL', async () => {
    for (const url of [urlA, urlB]) {
      const h = await (await fetch(`${url}/healthz`)).json();
      expect(h, url).to.include({ status: 'ok', database: 'postgres' });
    }
    const r = await db!.raw('select count(*)::int as n from knex_migrations');
    expect(r.rows[0].n).to.be.greaterThan(0);
  });

  it('when signed in on A, then B honours the session cookie, its purpose and its CSRF token', async () => {
    const onA = new Client(urlA);
    await onA.signIn('st-analyst', PASSWORD, 'Stateless test: session on A');
    const me = await sendAs(urlB, onA.authHeaders, 'GET', '/api/auth/me');
    expect(me.status, JSON.stringify(me.body)).to.equal(200);
    expect(me.body.user.username).to.equal('st-analyst');
    expect(me.body.purpose).to.equal('Stateless test: session on A');
    // Without the CSRF token a write on B is refused, with it B accepts it.
    const noCsrf = await sendAs(urlB, { cookie: onA.authHeaders.cookie! }, 'POST', '/api/sightings', sighting(0));
    expect(noCsrf.status, JSON.stringify(noCsrf.body)).to.equal(403);
    const wrongCsrf = await sendAs(urlB, { ...onA.authHeaders, 'x-csrf-token': 'x'.repeat(32) }, 'POST', '/api/sightings', sighting(0));
    expect(wrongCsrf.status).to.equal(403);
    await onA.send('POST', '/api/auth/logout');
  });

  it('when a sighting is created on B, then A reads it and counts it in the map views it had already served', async () => {
    const onA = new Client(urlA);
    await onA.signIn('st-analyst', PASSWORD, 'Stateless test: writes across processes');
    const headers = onA.authHeaders;
    // A serves the aggregates first, so an aggregate cache local to A would be warm.
    const clustersBefore = await clusteredCount(onA);
    const totalBefore = await timelineTotal(onA);

    const created = await sendAs(urlB, headers, 'POST', '/api/sightings', sighting(1));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;

    const read = await onA.send('GET', `/api/sightings/${id}`);
    expect(read.status, JSON.stringify(read.body)).to.equal(200);
    expect(read.body.properties.category).to.equal('adult_loitering');
    expect(read.body.geometry.coordinates[1]).to.be.closeTo(sighting(1).lat, 1e-6);
    expect(await clusteredCount(onA), 'clusters on A after a write on B').to.equal(clustersBefore + 1);
    expect(await timelineTotal(onA), 'timeline on A after a write on B').to.equal(totalBefore + 1);

    // And back: an edit on A is what B serves next.
    const patched = await onA.send('PATCH', `/api/sightings/${id}`, { category: 'vehicle_of_interest' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const onB = await sendAs(urlB, headers, 'GET', `/api/sightings/${id}`);
    expect(onB.body.properties.category).to.equal('vehicle_of_interest');

    // A deletion on B takes the record out of A's answers and aggregates.
    const del = await sendAs(urlB, headers, 'DELETE', `/api/sightings/${id}`, { reason: 'Stateless test: created in error' });
    expect(del.status, JSON.stringify(del.body)).to.equal(204);
    expect((await onA.send('GET', `/api/sightings/${id}`)).status).to.equal(404);
    expect(await clusteredCount(onA), 'clusters on A after a deletion on B').to.equal(clustersBefore);
    await onA.send('POST', '/api/auth/logout');
  });

  it('when A has served a map view, then B gives the same view the same ETag (304), and after a write on B neither answers 304 for it', async () => {
    const onA = new Client(urlA);
    await onA.signIn('st-analyst', PASSWORD, 'Stateless test: revalidation across processes');
    const headers = onA.authHeaders;
    const view = `/api/map/clusters?bbox=${BBOX}&zoom=12`;
    const first = await sendAs(urlA, headers, 'GET', view);
    expect(first.status).to.equal(200);
    const etag = first.headers.get('etag');
    expect(etag, 'ETag on a map view').to.be.a('string');
    // As a browser revalidates from its cache. (Without a Cache-Control of its own, fetch
    // adds "no-cache" to a request carrying If-None-Match, and that is never answered 304.)
    const revalidate = { ...headers, 'if-none-match': etag!, 'cache-control': 'max-age=0' };
    expect((await sendAs(urlA, revalidate, 'GET', view)).status, 'A revalidating its own view').to.equal(304);
    expect((await sendAs(urlB, revalidate, 'GET', view)).status, "B revalidating A's view").to.equal(304);

    const created = await sendAs(urlB, headers, 'POST', '/api/sightings', sighting(3));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    for (const url of [urlA, urlB]) {
      const again = await sendAs(url, revalidate, 'GET', view);
      expect(again.status, `${url} after a write on B`).to.equal(200);
      expect(again.headers.get('etag')).to.not.equal(etag);
    }
    const del = await sendAs(urlA, headers, 'DELETE', `/api/sightings/${created.body.id}`, { reason: 'Stateless test: created for revalidation' });
    expect(del.status).to.equal(204);
    await onA.send('POST', '/api/auth/logout');
  });

  it('when signed out on A, then the same cookie and CSRF token are refused on B', async () => {
    const onA = new Client(urlA);
    await onA.signIn('st-analyst', PASSWORD, 'Stateless test: sign-out');
    const headers = onA.authHeaders;
    expect((await sendAs(urlB, headers, 'GET', '/api/auth/me')).status).to.equal(200);
    const out = await onA.send('POST', '/api/auth/logout');
    expect(out.status).to.equal(204);
    expect((await sendAs(urlB, headers, 'GET', '/api/auth/me')).status, 'session on B after sign-out on A').to.equal(401);
    expect((await sendAs(urlB, headers, 'POST', '/api/sightings', sighting(2))).status).to.equal(401);
    expect((await sendAs(urlA, headers, 'GET', '/api/auth/me')).status).to.equal(401);
  });

  it(`when wrong passwords alternate between A and B, then the account locks after ${LOCKOUT_THRESHOLD} in all, not ${LOCKOUT_THRESHOLD} per process`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) statuses.push(await login(i % 2 ? urlB : urlA, 'st-locked', 'not-the-passphrase'));
    expect(statuses).to.deep.equal([...Array(LOCKOUT_THRESHOLD - 1).fill(401), 423]);
    // Locked on both, even with the right password.
    expect(await login(urlA, 'st-locked', PASSWORD)).to.equal(423);
    expect(await login(urlB, 'st-locked', PASSWORD)).to.equal(423);
  });

  it('when an import runs on A, then B reports it running (not interrupted) while A holds it, and then done with every row', async () => {
    const adminA = new Client(urlA);
    await adminA.signIn('st-admin', PASSWORD, 'Stateless test: import across processes');
    const headers = adminA.authHeaders;
    const lines = ['external_ref,observed_at,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative'];
    // Its own box, north of BOX, so the map counts above are not disturbed.
    for (let i = 0; i < IMPORT_ROWS; i++) {
      lines.push(`STATELESS-${i},2026-06-${String(1 + (i % 28)).padStart(2, '0')} 22:00,${(57.3 + (i % 200) * 0.0001).toFixed(5)},${(-3.8 + Math.floor(i / 200) * 0.00005).toFixed(5)},other,police,2,B,P,Synthetic stateless import row`);
    }
    const started = await adminA.send('POST', '/api/imports/sightings?fileName=stateless.csv', lines.join('\n') + '\n', 'text/csv');
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const id = started.body.id as string;
    const t0 = Date.now();

    // Make the import look old enough for B's orphan sweep, which must then find A's lock and leave it.
    await db!('imports').where({ id }).update({ started_at: db!.raw("now() - interval '1 hour'") });
    const listed = await sendAs(urlB, headers, 'GET', '/api/imports');
    expect(listed.status, JSON.stringify(listed.body)).to.equal(200);
    const seen = (listed.body.imports as { id: string; status: string }[]).find((x) => x.id === id);
    expect(seen?.status, `B's view of A's import ${Date.now() - t0} ms after it started (if "done", the import was too quick to test the sweep)`).to.equal('running');

    let status = 'running';
    let last: any;
    while (status === 'running' && Date.now() - t0 < 300_000) {
      await new Promise((r) => setTimeout(r, 500));
      last = (await sendAs(urlB, headers, 'GET', `/api/imports/${id}`)).body;
      status = last.status;
      await sendAs(urlB, headers, 'GET', '/api/imports'); // each listing sweeps again
    }
    expect(last, 'import as B reports it').to.include({ status: 'done', inserted: IMPORT_ROWS, rejectedCount: 0 });
    const onB = await sendAs(urlB, headers, 'GET', `/api/sightings?bbox=-3.81,57.29,-3.6,57.33&limit=1`);
    expect(onB.body.numberMatched).to.equal(IMPORT_ROWS);
    console.log(`      import of ${IMPORT_ROWS} rows on A: reported done on B after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await adminA.send('POST', '/api/auth/logout');
  });

  it('when both processes write the audit log at once, then the hash chain verifies (API on each, and cli audit verify) and the writes did interleave', async () => {
    const onA = new Client(urlA);
    const onB = new Client(urlB);
    await onA.signIn('st-analyst', PASSWORD, 'Stateless test: audit from A');
    await onB.signIn('st-analyst-2', PASSWORD, 'Stateless test: audit from B');
    const firstId = Number((await db!.raw('select coalesce(max(id), 0) as id from audit_log')).rows[0].id);
    const N = 60;
    // Writes (a sighting and its audit row in one transaction), consultations and refusals, from both at once.
    // In waves of 10 per process, well inside each one's request gate, so nothing is shed.
    const burst = async (url: string, headers: Record<string, string>, offset: number) => {
      for (let wave = 0; wave < N; wave += 10) {
        await Promise.all(
          Array.from({ length: 10 }, async (_, j) => {
            const i = wave + j;
            if (i % 3 === 2) return sendAs(url, headers, 'GET', `/api/sightings/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
            const r = await sendAs(url, headers, 'POST', '/api/sightings', sighting(100 + offset + i));
            expect(r.status, JSON.stringify(r.body)).to.equal(201);
            return sendAs(url, headers, 'GET', `/api/sightings/${r.body.id}`);
          }),
        );
      }
    };
    await Promise.all([burst(urlA, onA.authHeaders, 0), burst(urlB, onB.authHeaders, 1000)]);

    const rows = (await db!.raw('select purpose from audit_log where id > ? order by id', [firstId])).rows as { purpose: string | null }[];
    const fromA = rows.filter((r) => r.purpose === 'Stateless test: audit from A').length;
    const fromB = rows.filter((r) => r.purpose === 'Stateless test: audit from B').length;
    expect(fromA, 'audit rows written by A').to.be.at.least(N);
    expect(fromB, 'audit rows written by B').to.be.at.least(N);
    let switches = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.purpose !== rows[i - 1]!.purpose) switches++;
    expect(switches, 'the two processes\' audit rows interleave').to.be.greaterThan(10);

    for (const c of [onA, onB]) {
      const v = await c.send('GET', '/api/audit/verify');
      expect(v.status).to.equal(403); // analysts may not; the admin checks below
    }
    const adminA = new Client(urlA);
    await adminA.signIn('st-admin', PASSWORD, 'Stateless test: verify on A');
    const adminHeaders = adminA.authHeaders;
    const total = Number((await db!.raw('select count(*) as n from audit_log')).rows[0].n);
    for (const url of [urlA, urlB]) {
      const v = await sendAs(url, adminHeaders, 'GET', '/api/audit/verify');
      expect(v.body.ok, `${url}: ${JSON.stringify(v.body)}`).to.equal(true);
      expect(v.body.entries).to.be.at.least(total);
    }
    const c = cli(['audit', 'verify'], env(0));
    expect(c.code, c.out).to.equal(0);
    console.log(`      ${rows.length} audit rows from both processes, ${switches} switches between them; chain of ${total}+ verifies`);
    for (const x of [onA, onB, adminA]) await x.send('POST', '/api/auth/logout');
  });

  it('when one process has refused sign-ins for the rate limit, then the other still answers them: the limit is per process (docs/SCALING.md)', async () => {
    const LIMIT = 3;
    const [portC, portD] = [await freePort(), await freePort()];
    const [urlC, urlD] = [`http://127.0.0.1:${portC}`, `http://127.0.0.1:${portD}`];
    const [c, d] = await Promise.all([startServer(env(portC, { LANTERN_LOGIN_RATE_LIMIT: String(LIMIT) }), urlC), startServer(env(portD, { LANTERN_LOGIN_RATE_LIMIT: String(LIMIT) }), urlD)]);
    try {
      const onC: number[] = [];
      for (let i = 0; i <= LIMIT; i++) onC.push(await login(urlC, 'st-nobody', 'not-the-passphrase'));
      expect(onC).to.deep.equal([...Array(LIMIT).fill(401), 429]);
      // D has its own memory store: same address, fresh budget. With N processes an
      // address gets N × LANTERN_LOGIN_RATE_LIMIT attempts; lock-out (above) is shared.
      expect(await login(urlD, 'st-nobody', 'not-the-passphrase')).to.equal(401);
    } finally {
      await Promise.all([stop(c), stop(d)]);
    }
  });
});
