import { expect } from 'chai';
import supertest from 'supertest';
import { testApp, makeUser, signIn, type TestApp } from '../support/app.js';

describe('auth API', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });

  it('when the password is right, then an httpOnly SameSite=Strict cookie and a CSRF token come back', async () => {
    const u = await makeUser(t.db, 'analyst');
    const res = await supertest(t.app).post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
    expect(res.body.user).to.deep.equal({ id: u.id, username: u.username, role: 'analyst', displayName: 'Test analyst' });
    expect(res.body.csrfToken).to.be.a('string').with.length.above(20);
    const cookie = res.headers['set-cookie']![0]!;
    expect(cookie).to.match(/^lantern_session=/).and.match(/HttpOnly/i).and.match(/SameSite=Strict/i);
  });

  it('when the username is typed in capitals, then it still signs in', async () => {
    const u = await makeUser(t.db, 'planner');
    await supertest(t.app).post('/api/auth/login').send({ username: u.username.toUpperCase(), password: u.password }).expect(200);
  });

  it('when the password is wrong or the user unknown, then the same 401 comes back and both are audited', async () => {
    const u = await makeUser(t.db, 'analyst');
    const nobody = `nobody-${Date.now()}`;
    const a = await supertest(t.app).post('/api/auth/login').send({ username: u.username, password: 'wrong-password-123' });
    const b = await supertest(t.app).post('/api/auth/login').send({ username: nobody, password: 'wrong-password-123' });
    expect(a.status).to.equal(401);
    expect(b.status).to.equal(401);
    expect(a.body.detail).to.equal(b.body.detail);
    const rows = await t.db.knex('audit_log').where({ action: 'login_failed' }).whereIn('username', [u.username, nobody]);
    expect(rows.map((r: { outcome: string }) => r.outcome).sort()).to.deep.equal(['unknown user', 'wrong password']);
  });

  it('when the login body is incomplete, then a 400 names the missing fields', async () => {
    const r = await supertest(t.app).post('/api/auth/login').send({ user: 'x' });
    expect(r.status).to.equal(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['password', 'user', 'username']);
  });

  it('when one address fails an account five times in a row, then that address waits (429, Retry-After) even for the right password, and the account is not locked', async () => {
    const p = await testApp({ LANTERN_LOCKOUT_BACKOFF_SECONDS: '2' });
    const u = await makeUser(p.db, 'licensing');
    for (let i = 0; i < 4; i++) await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: `nope-${i}-xxxxxxxx` }).expect(401);
    const fifth = await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: 'nope-5-xxxxxxxx' });
    expect(fifth.status).to.equal(429);
    const right = await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: u.password });
    expect(right.status).to.equal(429);
    expect(right.body.type).to.match(/login-throttled$/);
    expect(Number(right.headers['retry-after'])).to.be.within(1, 2);
    // Attempts while waiting are refused unchecked and do not lengthen the wait.
    for (let i = 0; i < 6; i++) await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: `more-${i}-xxxxxxx` }).expect(429);
    const row = await p.db.knex('users').where({ id: u.id }).first();
    expect(row.locked_until).to.equal(null);
    await new Promise((r) => setTimeout(r, 2100));
    await supertest(p.app).post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
  });

  it('when a user signs in again on the same browser, then the old session id stops working', async () => {
    const u = await makeUser(t.db, 'analyst');
    const agent = supertest.agent(t.app);
    const first = await agent.post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
    const oldCookie = first.headers['set-cookie']![0]!.split(';')[0]!;
    await agent.post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
    await supertest(t.app).get('/api/auth/me').set('Cookie', oldCookie).expect(401);
    await agent.get('/api/auth/me').expect(200);
  });

  it('when failed sign-ins from one address pass the rate limit, then 429 (successful ones do not count)', async () => {
    const limited = await testApp({ LANTERN_LOGIN_RATE_LIMIT: '2' });
    const u = await makeUser(limited.db, 'analyst');
    for (let i = 0; i < 3; i++) await supertest(limited.app).post('/api/auth/login').send({ username: u.username, password: u.password }).expect(200);
    for (let i = 0; i < 2; i++) await supertest(limited.app).post('/api/auth/login').send({ username: u.username, password: `wrong-${i}-password` }).expect(401);
    const r = await supertest(limited.app).post('/api/auth/login').send({ username: u.username, password: u.password });
    expect(r.status).to.equal(429);
    expect(r.headers['content-type']).to.match(/problem\+json/);
  });

  it('when me is asked with a session, then it tells the user, purpose and CSRF token; without, 401', async () => {
    const s = await signIn(t, 'licensing', { purpose: 'Licence review of synthetic premises' });
    const me = await s.agent.get('/api/auth/me').expect(200);
    expect(me.body).to.deep.include({ purpose: 'Licence review of synthetic premises', csrfToken: s.csrf });
    expect(me.body.user.role).to.equal('licensing');
    await supertest(t.app).get('/api/auth/me').expect(401);
    await supertest(t.app).get('/api/auth/me').set('Cookie', 'lantern_session=forged-token-value-123456789').expect(401);
  });

  it('when a state-changing request lacks the CSRF token, then 403 and nothing changes', async () => {
    const s = await signIn(t, 'analyst', { purpose: null });
    const r = await s.agent.put('/api/auth/purpose').send({ purpose: 'No token sent' });
    expect(r.status).to.equal(403);
    expect(r.body.type).to.match(/csrf$/);
    await s.agent.put('/api/auth/purpose').set('X-CSRF-Token', 'wrong').send({ purpose: 'Wrong token sent' }).expect(403);
    const me = await s.agent.get('/api/auth/me').expect(200);
    expect(me.body.purpose).to.equal(null);
  });

  it('when the purpose is too short, then a 400 names purpose', async () => {
    const s = await signIn(t, 'analyst', { purpose: null });
    const r = await s.agent.put('/api/auth/purpose').set('X-CSRF-Token', s.csrf).send({ purpose: 'x' });
    expect(r.status).to.equal(400);
    expect(r.body.errors[0].path).to.equal('purpose');
  });

  it('when signed out, then the session no longer works', async () => {
    const s = await signIn(t, 'analyst');
    await s.agent.post('/api/auth/logout').expect(403);
    await s.agent.post('/api/auth/logout').set('X-CSRF-Token', s.csrf).expect(204);
    await s.agent.get('/api/auth/me').expect(401);
  });

  it('when a session has been idle past the limit, then it has expired', async () => {
    const s = await signIn(t, 'analyst');
    await t.db.knex('sessions').where({ user_id: s.user.id }).update({ last_seen_at: t.db.knex.raw("now() - interval '31 minutes'") });
    await s.agent.get('/api/auth/me').expect(401);
  });

  it('when a stored password is read from the database, then it is an argon2id hash', async () => {
    const u = await makeUser(t.db, 'admin');
    const row = await t.db.knex('users').where({ id: u.id }).first();
    expect(row.password_hash).to.match(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });
});

describe('health', () => {
  it('when /healthz is asked, then it names the database and the PostGIS version', async () => {
    const t = await testApp();
    const r = await supertest(t.app).get('/healthz').expect(200);
    expect(r.body.status).to.equal('ok');
    expect(r.body.database).to.equal(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(r.body.postgis).to.match(/^3\.\d+/);
  });

  it('when an unknown API path is asked, then a 404 problem document', async () => {
    const t = await testApp();
    const r = await supertest(t.app).get('/api/nothing-here');
    expect(r.status).to.equal(404);
    expect(r.headers['content-type']).to.match(/problem\+json/);
  });
});
