/**
 * Issue 3's "What it must show", one behaviour per test, on whichever database the
 * run uses (PGlite, or PostgreSQL+PostGIS with TEST_DATABASE_URL).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import supertest from 'supertest';
import { openDb, type Db } from '../../server/db/index.js';
import { migrate } from '../../server/migrate.js';
import { record, SYSTEM_ACTOR } from '../../server/audit/service.js';
import { testApp, signIn, makeUser, privateBox, type TestApp, type Session } from '../support/app.js';
import { appWithAdmin, newSighting, sighting } from '../support/records.js';

const run = promisify(execFile);

/** `npm run cli -- audit verify` as an operator runs it, with the database given in env. */
async function cliAuditVerify(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = path.resolve(import.meta.dirname, '../../server/cli.ts');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'LANTERN_DATA_DIR')) as Record<string, string>;
  try {
    const r = await run(process.execPath, ['--import', 'tsx', cli, 'audit', 'verify'], { env: { ...base, ...env }, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** What a superuser can do that the application cannot: switch the guard off, edit, switch it on. */
async function tamper(db: Db, id: number, outcome: string): Promise<void> {
  await db.knex.raw('alter table audit_log disable trigger audit_log_no_update');
  try {
    await db.knex.raw('update audit_log set outcome = ? where id = ?', [outcome, id]);
  } finally {
    await db.knex.raw('alter table audit_log enable trigger audit_log_no_update');
  }
}

describe('security and accountability (what issue 3 must show)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let admin: Session;
  before(async () => {
    ({ t, admin } = await appWithAdmin());
  });

  it('when a planner asks for a sighting, then 403 and the audit log holds a denial naming the path', async () => {
    const id = await newSighting(t);
    const planner = await signIn(t, 'planner', { purpose: null });
    const r = await planner.agent.get(`/api/sightings/${id}`);
    expect(r.status).to.equal(403);
    expect(r.headers['content-type']).to.match(/problem\+json/);
    const found = await admin.agent.get(`/api/audit?userId=${planner.user.id}&action=denied`).expect(200);
    expect(found.body.entries).to.have.length(1);
    expect(found.body.entries[0]).to.deep.include({ username: planner.user.username, role: 'planner', outcome: '403 forbidden' });
    expect(found.body.entries[0].query).to.deep.equal({ method: 'GET', path: `/api/sightings/${id}` });
  });

  it('when an analyst reads a record before stating a purpose, then 428; with one, 200 and the audit row holds user, record id and purpose', async () => {
    const id = await newSighting(t);
    const analyst = await signIn(t, 'analyst', { purpose: null });
    const before = await analyst.agent.get(`/api/sightings/${id}`);
    expect(before.status).to.equal(428);
    expect(before.body.type).to.match(/\/purpose-required$/);
    await analyst.agent.put('/api/auth/purpose').set('X-CSRF-Token', analyst.csrf).send({ purpose: 'Op Lantern accountability test' }).expect(200);
    await analyst.agent.get(`/api/sightings/${id}`).expect(200);
    const rows = (await admin.agent.get(`/api/audit?targetId=${id}&action=consult`).expect(200)).body.entries;
    expect(rows).to.have.length(1);
    expect(rows[0]).to.deep.include({ userId: analyst.user.id, username: analyst.user.username, targetType: 'sighting', purpose: 'Op Lantern accountability test', outcome: 'ok' });
    expect(rows[0].targetIds).to.deep.equal([id]);
  });

  it('when a state change carries no CSRF token, then 403 and nothing is written', async () => {
    const analyst = await signIn(t, 'analyst');
    const box = privateBox();
    const r = await analyst.agent.post('/api/sightings').send(sighting(box.at()));
    expect(r.status).to.equal(403);
    expect(r.body.type).to.match(/csrf$/);
    const list = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
    expect(list.body.features).to.have.length(0);
  });

  it('when 12 wrong passwords are given from one address, then that address waits (429, Retry-After) even for the right password, while the user signs in from theirs', async () => {
    const p = await testApp({ LANTERN_TRUST_PROXY: '1' });
    const u = await makeUser(p.db, 'analyst');
    const from = (ip: string) => supertest(p.app).post('/api/auth/login').set('X-Forwarded-For', ip);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await from('203.0.113.12').send({ username: u.username, password: `wrong-${i}-password` })).status);
    }
    expect(statuses.slice(0, 4)).to.deep.equal([401, 401, 401, 401]);
    expect(statuses.slice(4)).to.deep.equal(Array(8).fill(429));
    const right = await from('203.0.113.12').send({ username: u.username, password: u.password });
    expect(right.status).to.equal(429);
    expect(right.body.type).to.match(/login-throttled$/);
    expect(Number(right.headers['retry-after'])).to.be.within(1, 15 * 60);
    // The stranger's failures do not shut the real user out of their own address.
    await from('198.51.100.12').send({ username: u.username, password: u.password }).expect(200);
    const failed = await p.db.knex('audit_log').where({ action: 'login_failed' }).where({ username: u.username }).count({ n: '*' });
    expect(Number(failed[0]!.n)).to.equal(13);
  });

  it('when an account is locked by failures from many addresses, then the admin user list says until when, and a password reset unlocks it', async () => {
    const p = await testApp({ LANTERN_TRUST_PROXY: '1', LANTERN_ACCOUNT_LOCKOUT_THRESHOLD: '5' });
    const padmin = await signIn(p, 'admin');
    const u = await makeUser(p.db, 'licensing');
    const from = (ip: string) => supertest(p.app).post('/api/auth/login').set('X-Forwarded-For', ip);
    for (let i = 0; i < 5; i++) await from(`203.0.113.${40 + i}`).send({ username: u.username, password: `wrong-${i}-password` });
    const listed = (await padmin.agent.get('/api/users').expect(200)).body.users.find((x: { id: string }) => x.id === u.id);
    expect(new Date(listed.lockedUntil).getTime()).to.be.above(Date.now());
    expect(listed).to.not.have.any.keys('passwordHash', 'failedLogins');
    await from('198.51.100.40').send({ username: u.username, password: u.password }).expect(423);
    await padmin.agent.post(`/api/users/${u.id}/password`).set('X-CSRF-Token', padmin.csrf).send({ password: 'unlocked long passphrase' }).expect(204);
    const after = (await padmin.agent.get('/api/users').expect(200)).body.users.find((x: { id: string }) => x.id === u.id);
    expect(after.lockedUntil).to.equal(null);
    await from('198.51.100.40').send({ username: u.username, password: 'unlocked long passphrase' }).expect(200);
  });

  it('when a request to the security endpoints is refused, then nothing is written and the refusal is audited once, naming the fields', async () => {
    const s = await signIn(t, 'admin');
    const users = Number((await t.db.knex('users').count({ n: '*' }))[0]!.n);
    const tokens = Number((await t.db.knex('api_tokens').count({ n: '*' }))[0]!.n);
    await s.agent.post('/api/users').set('X-CSRF-Token', s.csrf).send({ username: 'x', role: 'root' }).expect(400);
    await s.agent.post('/api/tokens').set('X-CSRF-Token', s.csrf).send({ name: '', purpose: 'x' }).expect(400);
    await s.agent.post(`/api/review/sighting/${s.user.id}`).set('X-CSRF-Token', s.csrf).send({ decision: 'dispose', reason: 'Not a record (synthetic)' }).expect(404);
    await s.agent.get('/api/audit?limit=0').expect(400);
    await s.agent.patch(`/api/users/${s.user.id}`).set('X-CSRF-Token', s.csrf).send({ role: 'analyst' }).expect(403);
    expect(Number((await t.db.knex('users').count({ n: '*' }))[0]!.n)).to.equal(users);
    expect(Number((await t.db.knex('api_tokens').count({ n: '*' }))[0]!.n)).to.equal(tokens);
    const rows = await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'denied' }).orderBy('id');
    expect(rows.map((r: { query: { method: string; path: string }; outcome: string }) => `${r.query.method} ${r.query.path} ${r.outcome}`)).to.deep.equal([
      'POST /api/users 400 invalid-request',
      'POST /api/tokens 400 invalid-request',
      `POST /api/review/sighting/${s.user.id} 404 not-found`,
      'GET /api/audit 400 invalid-request',
      `PATCH /api/users/${s.user.id} 403 forbidden`,
    ]);
    expect(rows[0].query.fields).to.include.members(['username', 'displayName', 'role', 'password']);
    expect(rows[1].query.fields).to.include.members(['name', 'purpose']);
    // A guard's refusal is written by the guard only, not again by the router.
    const planner = await signIn(t, 'planner', { purpose: null });
    await planner.agent.get('/api/users').expect(403);
    expect(await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'denied' }).count({ n: '*' }).then((r) => Number(r[0]!.n))).to.equal(1);
  });

  it('when users are created through the API, then users.password_hash starts with $argon2id$', async () => {
    const username = `hash-${Date.now()}`;
    await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username, displayName: 'Hash Check (synthetic)', role: 'planner', password: 'a long enough passphrase' }).expect(201);
    const r = await t.db.knex.raw('select password_hash from users where username = ?', [username]);
    expect(r.rows[0].password_hash).to.match(/^\$argon2id\$/);
    const all = await t.db.knex.raw("select count(*) as n from users where password_hash not like '$argon2id$%'");
    expect(Number(all.rows[0].n)).to.equal(0);
  });

  it('when anyone runs UPDATE, DELETE or TRUNCATE on audit_log, then the database refuses', async () => {
    const id = await record(t.db, SYSTEM_ACTOR, { action: 'verify', outcome: 'refusal test' });
    for (const sql of [`update audit_log set outcome = 'edited' where id = ${id}`, `delete from audit_log where id = ${id}`, 'truncate audit_log']) {
      const err = await t.db.knex.raw(sql).then(() => undefined, (e: Error) => e);
      expect(err, sql).to.be.an('error');
      expect(err!.message).to.match(/append-only/);
    }
    const row = await t.db.knex('audit_log').where({ id }).first();
    expect(row.outcome).to.equal('refusal test');
  });

  it('when the audit log is searched by target and time, then only matching rows come back', async () => {
    const u = await makeUser(t.db, 'licensing');
    const from = new Date(Date.now() - 1000).toISOString();
    await admin.agent.post(`/api/users/${u.id}/password`).set('X-CSRF-Token', admin.csrf).send({ password: 'another long passphrase' }).expect(204);
    const hit = await admin.agent.get('/api/audit').query({ targetId: u.id, from, action: 'user_update' }).expect(200);
    expect(hit.body.entries).to.have.length(1);
    expect(hit.body.entries[0].username).to.equal(admin.user.username);
    const earlier = await admin.agent.get('/api/audit').query({ targetId: u.id, to: from, action: 'user_update' }).expect(200);
    expect(earlier.body.entries).to.have.length(0);
  });

  describe('cli audit verify', () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    if (process.env.TEST_DATABASE_URL) {
      it('when a superuser disables the trigger and edits a row on PostgreSQL, then cli audit verify exits non-zero naming the row', async () => {
        const url = process.env.TEST_DATABASE_URL!;
        const good = await cliAuditVerify({ DATABASE_URL: url });
        expect(good.code, good.stderr).to.equal(0);
        expect(good.stdout).to.match(/audit chain verified: \d+ entries/);
        const id = await record(t.db, SYSTEM_ACTOR, { action: 'verify', outcome: 'to be tampered with' });
        await record(t.db, SYSTEM_ACTOR, { action: 'verify', outcome: 'after the tampered row' });
        // Other test files share this database, so the row is put back afterwards.
        await tamper(t.db, id, 'tampered');
        try {
          const bad = await cliAuditVerify({ DATABASE_URL: url });
          expect(bad.code).to.equal(1);
          expect(bad.stderr).to.include(`audit chain BROKEN at row ${id}`);
        } finally {
          await tamper(t.db, id, 'to be tampered with');
        }
        expect((await cliAuditVerify({ DATABASE_URL: url })).code).to.equal(0);
      });
    } else {
      it('when a superuser disables the trigger and edits a row in the embedded database, then cli audit verify exits non-zero naming the row', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-audit-'));
        dirs.push(dir);
        const db = await openDb({ dataDir: dir });
        let id: number;
        try {
          await migrate(db);
          for (let i = 0; i < 3; i++) await record(db, SYSTEM_ACTOR, { action: 'verify', outcome: `row ${i}` });
          id = await record(db, SYSTEM_ACTOR, { action: 'verify', outcome: 'to be tampered with' });
          await record(db, SYSTEM_ACTOR, { action: 'verify', outcome: 'after the tampered row' });
        } finally {
          await db.close();
        }
        // The embedded database takes one process at a time: the CLI opens it once the test has let go.
        const good = await cliAuditVerify({ LANTERN_DATA_DIR: dir });
        expect(good.code, good.stderr).to.equal(0);
        expect(good.stdout).to.include('audit chain verified: 5 entries');
        const again = await openDb({ dataDir: dir });
        try {
          // PGlite's only role is a superuser, so it can do what the application must not.
          await tamper(again, id, 'tampered');
        } finally {
          await again.close();
        }
        const bad = await cliAuditVerify({ LANTERN_DATA_DIR: dir });
        expect(bad.code).to.equal(1);
        expect(bad.stderr).to.include(`audit chain BROKEN at row ${id}`);
      });
    }
  });
});
