/**
 * Findings of the account-security penetration test, one behaviour per test, on
 * whichever database the run uses (PGlite, or PostgreSQL+PostGIS with TEST_DATABASE_URL).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import supertest from 'supertest';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import { AppError } from '../../server/http/errors.js';
import { passwordProblem } from '../../server/auth/password.js';
import { createUser } from '../../server/users/service.js';
import { testApp, signIn, makeUser, type TestApp, type Session } from '../support/app.js';
import { appWithAdmin } from '../support/records.js';

const tag = () => randomBytes(4).toString('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `npm run cli -- user add …` as an operator runs it, the password on standard input. */
function cliUserAdd(args: string[], password: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = path.resolve(import.meta.dirname, '../../server/cli.ts');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'LANTERN_DATA_DIR')) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'user', 'add', ...args], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(`${password}\n`);
  });
}

describe('account security (penetration test findings)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let admin: Session;
  before(async () => {
    ({ t, admin } = await appWithAdmin());
  });

  describe('personal access tokens', () => {
    /** A signed-in user of the role with a live token; returns the token. */
    async function withToken(role: 'analyst' | 'licensing') {
      const s = await signIn(t, role);
      const r = await s.agent.post('/api/tokens').set('X-CSRF-Token', s.csrf).send({ name: 'QGIS', purpose: 'Penetration test token' }).expect(201);
      const token = r.body.token as string;
      await supertest(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      return { s, token, id: r.body.id as string };
    }
    const revokedAt = async (id: string) => (await t.db.knex('api_tokens').where({ id }).first()).revoked_at as Date | null;
    const revocationAudit = (id: string) => t.db.knex('audit_log').where({ action: 'delete', target_type: 'token' }).whereRaw('? = any(target_ids)', [id]);

    it('when an administrator resets the password, then the user\'s tokens are revoked in the database and refused', async () => {
      const { s, token, id } = await withToken('analyst');
      await admin.agent.post(`/api/users/${s.user.id}/password`).set('X-CSRF-Token', admin.csrf).send({ password: 'a brand new passphrase' }).expect(204);
      const r = await supertest(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(r.status).to.equal(401);
      expect(r.headers['content-type']).to.match(/problem\+json/);
      expect(await revokedAt(id)).to.be.instanceOf(Date);
      const audit = await revocationAudit(id);
      expect(audit).to.have.length(1);
      expect(audit[0].username).to.equal(admin.user.username);
      expect(audit[0].query).to.deep.include({ userId: s.user.id, reason: 'password reset' });
    });

    it('when the role changes, then the tokens are revoked', async () => {
      const { s, token, id } = await withToken('analyst');
      await admin.agent.patch(`/api/users/${s.user.id}`).set('X-CSRF-Token', admin.csrf).send({ role: 'planner' }).expect(200);
      await supertest(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(await revokedAt(id)).to.be.instanceOf(Date);
      expect((await revocationAudit(id))[0].query).to.deep.include({ reason: 'role changed' });
    });

    it('when the display name alone changes, then the tokens keep working', async () => {
      const { s, token, id } = await withToken('licensing');
      await admin.agent.patch(`/api/users/${s.user.id}`).set('X-CSRF-Token', admin.csrf).send({ displayName: 'Renamed (synthetic)' }).expect(200);
      await supertest(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(await revokedAt(id)).to.equal(null);
    });

    it('when the account is disabled and enabled again, then its tokens stay revoked', async () => {
      const { s, token, id } = await withToken('licensing');
      await admin.agent.patch(`/api/users/${s.user.id}`).set('X-CSRF-Token', admin.csrf).send({ disabled: true }).expect(200);
      await supertest(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      const revoked = await revokedAt(id);
      expect(revoked).to.be.instanceOf(Date);
      await admin.agent.patch(`/api/users/${s.user.id}`).set('X-CSRF-Token', admin.csrf).send({ disabled: false }).expect(200);
      await supertest(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect((await revokedAt(id))!.getTime()).to.equal(revoked!.getTime());
      // The user can sign in again and issue a new token.
      await supertest(t.app).post('/api/auth/login').send({ username: s.user.username, password: s.user.password }).expect(200);
    });
  });

  describe('lock-out', () => {
    const login = (app: TestApp, ip: string, username: string, password: string) =>
      supertest(app.app).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

    it('when an attacker fails 10 times from another address, then the real user still signs in from theirs, and the attacker is stopped', async () => {
      const p = await testApp({ LANTERN_TRUST_PROXY: '1', LANTERN_LOGIN_RATE_LIMIT: '20' });
      const u = await makeUser(p.db, 'analyst');
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await login(p, '203.0.113.7', u.username, `guess-${i}-password`)).status);
      expect(statuses.slice(0, 4)).to.deep.equal([401, 401, 401, 401]);
      expect(statuses.slice(4)).to.deep.equal(Array(6).fill(429));
      // The attacker's address is refused even with the right password: guessing has stopped.
      const attacker = await login(p, '203.0.113.7', u.username, u.password);
      expect(attacker.status).to.equal(429);
      expect(attacker.body.type).to.match(/login-throttled$/);
      expect(Number(attacker.headers['retry-after'])).to.be.within(1, 30);
      await login(p, '198.51.100.20', u.username, u.password).expect(200);
      const row = await p.db.knex('users').where({ id: u.id }).first();
      expect(row.locked_until).to.equal(null);
    });

    it('when one address keeps guessing, then each failure past the threshold doubles its wait, and the right password waits too', async () => {
      const p = await testApp({ LANTERN_TRUST_PROXY: '1', LANTERN_LOCKOUT_BACKOFF_SECONDS: '1' });
      const u = await makeUser(p.db, 'planner');
      const ip = '203.0.113.21';
      for (let i = 0; i < 4; i++) await login(p, ip, u.username, `guess-${i}-password`).expect(401);
      const fifth = await login(p, ip, u.username, 'guess-5-password').expect(429);
      expect(fifth.headers['retry-after']).to.equal('1');
      await login(p, ip, u.username, u.password).expect(429);
      await sleep(1100);
      const sixth = await login(p, ip, u.username, 'guess-6-password').expect(429);
      expect(sixth.headers['retry-after']).to.equal('2');
      await sleep(1100);
      await login(p, ip, u.username, u.password).expect(429);
      await sleep(1000);
      await login(p, ip, u.username, u.password).expect(200);
      // A success starts the count again.
      await login(p, ip, u.username, 'guess-7-password').expect(401);
      const audited = await p.db.knex('audit_log').where({ action: 'login_failed', username: u.username }).count({ n: '*' });
      expect(Number(audited[0]!.n)).to.equal(9);
    });

    it('when many addresses fail one account past its ceiling, then it waits (423) except at an address it signed in from', async () => {
      const p = await testApp({ LANTERN_TRUST_PROXY: '1', LANTERN_ACCOUNT_LOCKOUT_THRESHOLD: '6' });
      const u = await makeUser(p.db, 'licensing');
      const home = '198.51.100.30';
      await login(p, home, u.username, u.password).expect(200);
      const statuses: number[] = [];
      for (let i = 1; i <= 6; i++) statuses.push((await login(p, `203.0.113.${100 + i}`, u.username, `guess-${i}-password`)).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 423]);
      const fresh = await login(p, '203.0.113.200', u.username, u.password);
      expect(fresh.status).to.equal(423);
      expect(fresh.body.type).to.match(/account-locked$/);
      expect(Number(fresh.headers['retry-after'])).to.be.within(1, 30);
      const row = await p.db.knex('users').where({ id: u.id }).first();
      expect(row.locked_until).to.be.instanceOf(Date);
      await login(p, home, u.username, u.password).expect(200);
    });

    it('when the name is not an account, then the ceiling answers as it would for one (no telling which names exist)', async () => {
      const p = await testApp({ LANTERN_TRUST_PROXY: '1', LANTERN_ACCOUNT_LOCKOUT_THRESHOLD: '3' });
      const nobody = `nobody-${tag()}`;
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) statuses.push((await login(p, `203.0.113.${150 + i}`, nobody, `guess-${i}-password`)).status);
      expect(statuses).to.deep.equal([401, 401, 423, 423]);
    });

    it('when 25 users sign in successfully from one office address, then all succeed under the default rate limit', async () => {
      const p = await testApp({ LANTERN_LOGIN_RATE_LIMIT: '20' });
      const users = await Promise.all(Array.from({ length: 5 }, () => makeUser(p.db, 'planner')));
      for (let i = 0; i < 25; i++) {
        const u = users[i % users.length]!;
        await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
      }
    });

    it('when one address fails past the rate limit across accounts, then 429 even for a right password', async () => {
      const p = await testApp({ LANTERN_LOGIN_RATE_LIMIT: '3' });
      const u = await makeUser(p.db, 'planner');
      for (let i = 0; i < 3; i++) await supertest(p.app).post('/api/auth/login').send({ username: `nobody-${tag()}`, password: 'wrong-password-123' }).expect(401);
      const r = await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: u.password });
      expect(r.status).to.equal(429);
      expect(r.headers['content-type']).to.match(/problem\+json/);
    });
  });

  describe('password policy', () => {
    const weak = ['            ', 'password1234', 'aaaaaaaaaaaa'];

    it('when an administrator creates a user with a weak password, then 400 problem+json names the password with the estimator\'s advice', async () => {
      for (const password of weak) {
        const username = `weak-${tag()}`;
        const r = await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username, displayName: 'Weak (synthetic)', role: 'planner', password });
        expect(r.status, JSON.stringify(password)).to.equal(400);
        expect(r.headers['content-type']).to.match(/application\/problem\+json/);
        expect(r.body.errors).to.have.length(1);
        expect(r.body.errors[0].path).to.equal('password');
        expect(r.body.errors[0].message).to.match(/too easy to guess: .*(common|Repeated)/);
        expect(await t.db.knex('users').where({ username }).first()).to.equal(undefined);
      }
    });

    it('when the password is built from the user\'s own names, then it is refused although it passes for another user', async () => {
      expect(passwordProblem('quillfeather2024')).to.equal(undefined);
      const r = await admin.agent
        .post('/api/users')
        .set('X-CSRF-Token', admin.csrf)
        .send({ username: `hq-${tag()}`, displayName: 'Harriet Quillfeather', role: 'analyst', password: 'quillfeather2024' });
      expect(r.status).to.equal(400);
      expect(r.body.errors[0]).to.include({ path: 'password' });
      expect(r.body.errors[0].message).to.match(/personal/);
    });

    it('when an administrator resets a password to a weak one, then 400 and the old password still works', async () => {
      const u = await makeUser(t.db, 'analyst');
      for (const password of weak) {
        const r = await admin.agent.post(`/api/users/${u.id}/password`).set('X-CSRF-Token', admin.csrf).send({ password });
        expect(r.status).to.equal(400);
        expect(r.body.errors[0].path).to.equal('password');
      }
      await supertest(t.app).post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
    });

    it('when the function behind the CLI\'s user add gets a weak password, then it refuses naming the password', async () => {
      for (const password of weak) {
        const err = await createUser(t.db, { ...SYSTEM_ACTOR, username: 'cli' }, { username: `cli-${tag()}`, displayName: 'CLI', role: 'planner', password }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, JSON.stringify(password)).to.be.instanceOf(AppError);
        expect((err as AppError).status).to.equal(400);
        expect((err as AppError).errors?.[0]?.path).to.equal('password');
      }
      // The test helpers' passwords (pw- and 24 hex digits) pass.
      const ok = await createUser(t.db, SYSTEM_ACTOR, { username: `cli-${tag()}`, displayName: 'CLI', role: 'planner', password: `pw-${randomBytes(12).toString('hex')}` });
      expect(ok.role).to.equal('planner');
    });

    it('when `npm run cli -- user add` gets a weak password, then it exits 1 saying why and creates nobody', async () => {
      const dir = process.env.TEST_DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-pw-'));
      const env: Record<string, string> = process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : { LANTERN_DATA_DIR: dir!, LANTERN_DEMO: '0' };
      try {
        const name = `cli-weak-${tag()}`;
        const bad = await cliUserAdd([name, '--role', 'planner'], 'password1234', env);
        expect(bad.code, bad.stderr).to.equal(1);
        expect(bad.stderr).to.match(/password: is too easy to guess: This is similar to a commonly used password/);
        expect(bad.stdout).to.not.match(/created/);
        if (process.env.TEST_DATABASE_URL) expect(await t.db.knex('users').where({ username: name }).first()).to.equal(undefined);
      } finally {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('metrics', () => {
    it('when /metrics is asked without a session, by a non-admin, or by a non-admin\'s token, then 401/403; an admin\'s session or token gets 200', async () => {
      const anon = await supertest(t.app).get('/metrics');
      expect(anon.status).to.equal(401);
      expect(anon.headers['content-type']).to.match(/problem\+json/);
      for (const role of ['analyst', 'planner'] as const) {
        const s = await signIn(t, role);
        const r = await s.agent.get('/metrics');
        expect(r.status, role).to.equal(403);
        expect(r.text).to.not.match(/lantern_http_request_duration_seconds/);
      }
      const analyst = await signIn(t, 'analyst');
      const at = await analyst.agent.post('/api/tokens').set('X-CSRF-Token', analyst.csrf).send({ name: 'scrape', purpose: 'Prometheus scrape test' }).expect(201);
      await supertest(t.app).get('/metrics').set('Authorization', `Bearer ${at.body.token}`).expect(403);
      await supertest(t.app).get('/metrics').set('Authorization', 'Bearer lnt_not-a-real-token').expect(401);

      const m = await admin.agent.get('/metrics').expect(200);
      expect(m.text).to.match(/lantern_http_request_duration_seconds/);
      const tok = await admin.agent.post('/api/tokens').set('X-CSRF-Token', admin.csrf).send({ name: 'prometheus', purpose: 'Prometheus scrape job' }).expect(201);
      const viaToken = await supertest(t.app).get('/metrics').set('Authorization', `Bearer ${tok.body.token}`).expect(200);
      expect(viaToken.text).to.match(/lantern_db_pool_connections/);
    });
  });

  describe('premises', () => {
    let premisesId: string;
    before(async () => {
      const r = await t.db.knex.raw(
        `insert into premises (name, category, geom, synthetic) values ('Pentest Hotel (synthetic)', 'hotel', ST_SetSRID(ST_MakePoint(-4.2, 57.1), 4326), true) returning id`,
      );
      premisesId = r.rows[0].id;
    });

    it('when a planner lists premises or opens one, then 403 problem+json (audited); licensing and analysts get them', async () => {
      const planner = await signIn(t, 'planner', { purpose: null });
      for (const url of ['/api/premises?q=Pentest%20Hotel', '/api/premises?bbox=-4.3,57,-4.1,57.2', `/api/premises/${premisesId}`]) {
        const r = await planner.agent.get(url);
        expect(r.status, url).to.equal(403);
        expect(r.headers['content-type'], url).to.match(/application\/problem\+json/);
        expect(r.text).to.not.contain('Pentest Hotel');
      }
      const denied = await t.db.knex('audit_log').where({ action: 'denied', username: planner.user.username });
      expect(denied.length).to.equal(3);
      for (const role of ['licensing', 'analyst'] as const) {
        const s = await signIn(t, role);
        const list = await s.agent.get('/api/premises?q=Pentest%20Hotel').expect(200);
        expect(list.body.features.map((f: { id: string }) => f.id)).to.include(premisesId);
        await s.agent.get(`/api/premises/${premisesId}`).expect(200);
      }
    });
  });
});
