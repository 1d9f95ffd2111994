import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import supertest from 'supertest';
import { createApp } from '../../server/app.js';
import { openDb, type Db } from '../../server/db/index.js';
import { migrate } from '../../server/migrate.js';
import type { Health } from '../../server/health/schema.js';
import { lsnAtLeast } from '../../server/db/lsn.js';
import { boxAt, makeUser, signIn, testConfig, type Session, type TestApp } from '../support/app.js';
import { sighting } from '../support/records.js';
import { childEnv, freePort, startServer, type Server } from './process.js';

/**
 * This suite runs on the database the API suites have just filled, and unseeded: its boxes
 * are on a row of their own north of the lattice privateBox() uses (56.5°–58°), in turn.
 */
let boxesGiven = 0;
const firstBox = Math.floor(Math.random() * 60);
const privateBox = () => boxAt(-5 + 0.01 + ((firstBox + boxesGiven++) % 75) * 0.02, 58.25);
/** Somewhere to read from under load, on a row where nothing is written. */
const readBox = () => boxAt(-5 + Math.random() * 1.5, 58.35);

/**
 * A real streaming replica (scripts/pg-replica.sh; .ci/run makes one): stopped and started
 * under load, paused to lag, and read through two server processes. Needs TEST_DATABASE_URL,
 * TEST_PG_REPLICA_URL (the same database on the replica) and REPLICA_DATA_DIR (to stop,
 * start, pause it); skips with a message otherwise.
 */

const PG_CTL = '/usr/lib/postgresql/15/bin/pg_ctl';
const primaryUrl = process.env.TEST_DATABASE_URL;
const replicaUrl = process.env.TEST_PG_REPLICA_URL;
const dataDir = process.env.REPLICA_DATA_DIR;

/** pg_ctl on the replica, as the postgres user (the owner of its data directory). */
function pgCtl(...args: string[]): void {
  const cmd = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', PG_CTL, ...args]] : [PG_CTL, args];
  const r = spawnSync(cmd[0] as string, cmd[1] as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_ctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}
const stopReplica = () => pgCtl('-D', dataDir!, '-m', 'fast', '-w', 'stop');
const replicaRunning = () => spawnSync(process.getuid?.() === 0 ? 'runuser' : PG_CTL, process.getuid?.() === 0 ? ['-u', 'postgres', '--', PG_CTL, '-D', dataDir!, 'status'] : ['-D', dataDir!, 'status']).status === 0;
const startReplica = () => {
  if (!replicaRunning()) pgCtl('-D', dataDir!, '-l', path.join(path.dirname(dataDir!), 'postgres.log'), '-w', '-t', '60', 'start');
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(100);
  }
}

const clustersTotal = async (s: Session, bbox: string) => {
  const r = await s.agent.get(`/api/map/clusters?bbox=${bbox}&zoom=14`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body.total as number;
};

describe('read replica (PostgreSQL streaming replica)', function () {
  this.timeout(300_000);
  let db: Db;
  let replica: Knex;
  let t: TestApp;

  before(async function () {
    if (!primaryUrl || !replicaUrl || !dataDir) {
      console.log('      skipped: set TEST_DATABASE_URL, TEST_PG_REPLICA_URL (that database on a streaming replica) and REPLICA_DATA_DIR (its data directory); scripts/pg-replica.sh start makes one, as .ci/run does');
      return this.skip();
    }
    // The outage test may have just restarted the primary: the replica reconnects by itself within seconds.
    startReplica();
    replica = knexFactory({ client: 'pg', connection: replicaUrl, pool: { min: 0, max: 1 } });
    db = await openDb({ databaseUrl: primaryUrl, dataDir: null, poolMax: 6, readDatabaseUrls: [replicaUrl], replicaMaxLagMs: 60_000 });
    await migrate(db);
    await until('the replica up and caught up', () => db.replicas()[0]!.state === 'up' && db.replicas()[0]!.lagBytes === 0, 90_000);
    t = { db, config: testConfig({ DATABASE_URL: primaryUrl }), app: createApp({ db, config: testConfig({ DATABASE_URL: primaryUrl }), log: () => {}, clientDir: '/nonexistent' }) };
  });

  afterEach(async () => {
    // Whatever a test did to it, the next one (and the next suite) gets a running, replaying replica.
    if (!replica) return;
    startReplica();
    await until('the replica answering', async () => replica.raw('select 1').then(() => true, () => false), 60_000);
    await replica.raw('select pg_wal_replay_resume()').catch(() => {});
  });

  after(async () => {
    await replica?.destroy();
    await db?.close();
  });

  const primaryLsn = async (): Promise<string> => (await db.knex.raw('select pg_current_wal_lsn()::text as l')).rows[0].l;
  const pauseReplay = async () => {
    await replica.raw('select pg_wal_replay_pause()');
    await until('replay paused', async () => (await replica.raw(`select pg_get_wal_replay_pause_state() as s`)).rows[0].s === 'paused');
  };

  const healthState = async () => ((await supertest(t.app).get('/healthz').expect(200)).body as Health).replicas?.[0]?.state;

  it('when the replica stops under a steady load of map reads and writes and starts again, then no request fails, no writer misses its own write, and the replica leaves and rejoins the rotation', async () => {
    const readers = await Promise.all([0, 1, 2].map(() => signIn(t, 'analyst')));
    const writer = await signIn(t, 'analyst');
    const box = privateBox();
    const failures: string[] = [];
    let requests = 0;
    let written = 0;
    let running = true;
    const readLoop = async (s: Session) => {
      while (running) {
        const r = await s.agent.get(`/api/map/clusters?bbox=${readBox().bbox}&zoom=14`);
        requests++;
        if (r.status !== 200) failures.push(`read ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    };
    // The writer reads its box straight after each write: it must see every sighting it made.
    const writeLoop = async () => {
      while (running) {
        const w = await writer.agent.post('/api/sightings').set('X-CSRF-Token', writer.csrf).send(sighting(box.at(0.001 * Math.random(), 0.001 * Math.random())));
        requests++;
        if (w.status !== 201) {
          failures.push(`write ${w.status}`);
          continue;
        }
        written++;
        const r = await writer.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=14`);
        requests++;
        if (r.status !== 200) failures.push(`own read ${r.status}`);
        else if (r.body.total !== written) failures.push(`stale own read: ${r.body.total} of ${written}`);
        await sleep(50);
      }
    };
    const loops = [...readers.map(readLoop), writeLoop()];
    try {
      const before = db.replicas()[0]!.reads;
      await until('reads served by the replica', () => db.replicas()[0]!.reads > before + 10);
      stopReplica();
      await until('the replica out of rotation in /healthz', async () => (await healthState()) === 'down', 10_000);
      const down = requests;
      await sleep(2000);
      expect(requests, 'requests kept being answered while the replica was down').to.be.greaterThan(down + 5);
      const readsWhileDown = db.replicas()[0]!.reads;
      startReplica();
      await until('the replica back in rotation in /healthz', async () => (await healthState()) === 'up', 60_000);
      await until('reads served by the replica again', () => db.replicas()[0]!.reads > readsWhileDown + 10);
    } finally {
      running = false;
      await Promise.all(loops);
    }
    expect(failures).to.deep.equal([]);
    expect(written).to.be.greaterThan(3);
  });

  it('when the replica lags (replay paused), then the writer reads its sighting at once, from the primary, and another user gets the replica without it until it replays', async () => {
    const writer = await signIn(t, 'analyst');
    const other = await signIn(t, 'analyst');
    const box = privateBox();
    // Signing in wrote too (and set each a cookie): the replica must be known to have replayed that before it is paused.
    const signedIn = await primaryLsn();
    await until('the sign-ins replayed, as the monitor knows', () => lsnAtLeast(db.replicas()[0]!.replayLsn ?? '0/0', signedIn));
    await pauseReplay();
    const w = await writer.agent.post('/api/sightings').set('X-CSRF-Token', writer.csrf).send(sighting(box.at())).expect(201);
    expect(String(w.headers['set-cookie'])).to.match(/lantern_lsn=[0-9A-F]+%2F[0-9A-F]+; Path=\/; HttpOnly; SameSite=Strict/i);

    const primaryBefore = db.primaryReads();
    expect(await clustersTotal(writer, box.bbox)).to.equal(1);
    expect(db.primaryReads(), 'the writer was answered by the primary').to.equal(primaryBefore + 1);

    const replicaBefore = db.replicas()[0]!.reads;
    expect(db.replicas()[0]!.state).to.equal('up');
    expect(await clustersTotal(other, box.bbox), 'the paused replica has not replayed the write').to.equal(0);
    expect(db.replicas()[0]!.reads, 'the other user was answered by the replica').to.equal(replicaBefore + 1);
    // Lag is reported while it lasts.
    await until('the lag seen', () => (db.replicas()[0]!.lagBytes ?? 0) > 0, 5000);

    await replica.raw('select pg_wal_replay_resume()');
    await until('the other user sees the sighting once the replica has replayed it', async () => (await clustersTotal(other, box.bbox)) === 1, 30_000);
    await until('the lag gone', () => db.replicas()[0]!.lagBytes === 0, 10_000);
    // And the writer, whose write the replica has now replayed, is served by the replica again.
    const again = db.replicas()[0]!.reads;
    expect(await clustersTotal(writer, box.bbox)).to.equal(1);
    expect(db.replicas()[0]!.reads).to.equal(again + 1);
  });

  it('when an administrator reads /metrics and anyone /healthz, then each replica is there with its state, lag and reads, and no address in /healthz', async () => {
    const admin = await signIn(t, 'admin');
    await until('the replica up', () => db.replicas()[0]!.state === 'up');
    const name = `${new URL(replicaUrl!).hostname}:${new URL(replicaUrl!).port}${new URL(replicaUrl!).pathname}`;
    const text = (await admin.agent.get('/metrics').expect(200)).text;
    expect(text).to.include(`lantern_replica_up{replica="${name}",state="up"} 1`);
    expect(text).to.include(`lantern_replica_up{replica="${name}",state="down"} 0`);
    expect(text).to.match(new RegExp(`lantern_replica_lag_bytes\\{replica="${name.replace(/[.]/g, '\\.')}"\\} \\d+`));
    expect(text).to.match(/lantern_replica_lag_seconds\{replica="[^"]+"\} [\d.e-]+/);
    expect(text).to.match(new RegExp(`lantern_db_reads_total\\{target="${name.replace(/[.]/g, '\\.')}"\\} [1-9]`));
    expect(text).to.match(/lantern_db_reads_total\{target="primary"\} \d+/);
    const health = (await supertest(t.app).get('/healthz').expect(200)).body as Health;
    expect(health.replicas).to.have.length(1);
    expect(health.replicas![0]).to.include({ replica: 1, state: 'up' });
    expect(JSON.stringify(health)).not.to.include('127.0.0.1');
  });

  describe('two server processes', () => {
    let a: Server | undefined;
    let b: Server | undefined;
    let urlA = '';
    let urlB = '';
    let tmp = '';

    before(async function () {
      if (!db) return this.skip();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-replica-'));
      const env = (port: number) =>
        childEnv({ PORT: String(port), DATABASE_URL: primaryUrl!, LANTERN_DATA_DIR: tmp, LANTERN_DEMO: '0', LANTERN_LOGIN_RATE_LIMIT: '1000', LANTERN_READ_DATABASE_URLS: replicaUrl!, LANTERN_REPLICA_MAX_LAG_MS: '60000' });
      const [pa, pb] = [await freePort(), await freePort()];
      urlA = `http://127.0.0.1:${pa}`;
      urlB = `http://127.0.0.1:${pb}`;
      [a, b] = await Promise.all([startServer(env(pa), urlA), startServer(env(pb), urlB)]);
    });
    after(async () => {
      for (const s of [a, b]) {
        if (!s) continue;
        s.child.kill('SIGTERM');
        await s.exited;
      }
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** A browser: keeps the cookies each answer sets, whichever process answered. */
    const browser = async (url: string) => {
      const user = await makeUser(db, 'analyst');
      const jar = new Map<string, string>();
      let csrf = '';
      const send = async (base: string, method: string, p: string, body?: unknown) => {
        const r = await fetch(`${base}${p}`, {
          method,
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        for (const c of r.headers.getSetCookie()) {
          const [kv] = c.split(';');
          const i = kv!.indexOf('=');
          jar.set(kv!.slice(0, i), kv!.slice(i + 1));
        }
        return { status: r.status, body: (await r.json().catch(() => null)) as any, jar };
      };
      const login = await send(url, 'POST', '/api/auth/login', { username: user.username, password: user.password });
      expect(login.status).to.equal(200);
      csrf = login.body.csrfToken;
      expect((await send(url, 'PUT', '/api/auth/purpose', { purpose: 'Automated test of read replicas' })).status).to.equal(200);
      return send;
    };
    const replicaUp = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as Health).replicas?.[0]?.state === 'up';

    it('when a user writes through one process while the replica lags, then the same user reads it through the other at once, and another user through the other once the replica has replayed it', async () => {
      await until('both processes reading from the replica', async () => (await replicaUp(urlA)) && (await replicaUp(urlB)), 30_000);
      const me = await browser(urlA);
      const someoneElse = await browser(urlB);
      const box = privateBox();
      const total = async (send: Awaited<ReturnType<typeof browser>>, url: string) => {
        const r = await send(url, 'GET', `/api/map/clusters?bbox=${box.bbox}&zoom=14`);
        expect(r.status).to.equal(200);
        return r.body.total as number;
      };
      // Signing in wrote too (and set each a cookie): the replica replays that, and both processes' monitors see it, before it is paused.
      const signedIn = await primaryLsn();
      await until('the sign-ins replayed', async () => lsnAtLeast((await replica.raw('select pg_last_wal_replay_lsn()::text as l')).rows[0].l, signedIn));
      await sleep(1500);
      await pauseReplay();
      const w = await me(urlA, 'POST', '/api/sightings', sighting(box.at()));
      expect(w.status).to.equal(201);
      expect(w.jar.get('lantern_lsn')).to.match(/^[0-9A-F]+%2F[0-9A-F]+$/i);
      expect(await total(me, urlB), 'the writer, through the other process').to.equal(1);
      expect(await total(someoneElse, urlB), 'another user, from the paused replica').to.equal(0);
      await replica.raw('select pg_wal_replay_resume()');
      await until('another user sees it once replayed', async () => (await total(someoneElse, urlB)) === 1, 30_000);
    });
  });
});
