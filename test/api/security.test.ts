import { expect } from 'chai';
import supertest from 'supertest';
import { testApp, signIn, makeUser, privateBox, type TestApp, type Session } from '../support/app.js';
import { sighting } from '../support/records.js';
import { verify } from '../../server/audit/service.js';

describe('security', () => {
  let t: TestApp;
  let analyst: Session;
  let admin: Session;
  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    admin = await signIn(t, 'admin');
  });

  describe('audit log', () => {
    it('when the application updates, deletes or truncates audit rows, then the database refuses', async () => {
      for (const sql of ["update audit_log set outcome = 'x' where id = (select min(id) from audit_log)", 'delete from audit_log', 'truncate audit_log']) {
        let error: unknown;
        try {
          await t.db.knex.raw(sql);
        } catch (err) {
          error = err;
        }
        expect(error, sql).to.be.an('error');
        expect(String((error as Error).message)).to.match(/append-only/);
      }
    });

    it('when requests arrive concurrently, then the chain stays linear and verifies', async () => {
      const box = privateBox();
      await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? analyst.agent.get(`/api/sightings?bbox=${box.bbox}`) : analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send(sighting(box.at())))));
      const r = await admin.agent.get('/api/audit/verify').expect(200);
      expect(r.body.ok).to.equal(true);
      expect(r.body.entries).to.be.above(12);
      const dup = await t.db.knex.raw('select prev_hash, count(*) as n from audit_log group by prev_hash having count(*) > 1');
      expect(dup.rows).to.have.length(0);
    });

    it('when a superuser disables the trigger and edits a row, then verify names that row', async () => {
      // Other test files share this database, so the row is put back at once.
      const row = (await t.db.knex.raw('select id, outcome from audit_log order by id desc limit 1 offset 3')).rows[0];
      await t.db.knex.raw('alter table audit_log disable trigger audit_log_no_update');
      try {
        await t.db.knex.raw("update audit_log set outcome = 'tampered' where id = ?", [row.id]);
        const broken = await verify(t.db);
        expect(broken.ok).to.equal(false);
        expect(broken.firstBadId).to.equal(Number(row.id));
        const api = await admin.agent.get('/api/audit/verify').expect(200);
        expect(api.body).to.include({ ok: false, firstBadId: Number(row.id) });
      } finally {
        await t.db.knex.raw('update audit_log set outcome = ? where id = ?', [row.outcome, row.id]);
        await t.db.knex.raw('alter table audit_log enable trigger audit_log_no_update');
      }
      expect((await verify(t.db)).ok).to.equal(true);
    });

    it('when an admin searches the audit log by user and action, then pages come back newest first', async () => {
      const s = await signIn(t, 'analyst', { purpose: 'Op Audit paging test' });
      for (let i = 0; i < 3; i++) await s.agent.get(`/api/sightings?bbox=${privateBox().bbox}`).expect(200);
      const page1 = await admin.agent.get(`/api/audit?userId=${s.user.id}&action=search&limit=2`).expect(200);
      expect(page1.body.entries).to.have.length(2);
      expect(page1.body.entries[0].id).to.be.above(page1.body.entries[1].id);
      expect(page1.body.entries[0].purpose).to.equal('Op Audit paging test');
      const page2 = await admin.agent.get(`/api/audit?userId=${s.user.id}&action=search&limit=2&before=${page1.body.next}`).expect(200);
      expect(page2.body.entries).to.have.length(1);
      const bad = await admin.agent.get('/api/audit?limit=abc&action=DROP TABLE');
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['action', 'limit']);
      await analyst.agent.get('/api/audit').expect(403);
    });
  });

  describe('access tokens', () => {
    it('when a user issues a token, then it reads sightings as that user with the token purpose, audited as token_use; revoked, it is 401', async () => {
      const box = privateBox();
      await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send(sighting(box.at())).expect(201);
      const issued = await analyst.agent.post('/api/tokens').set('X-CSRF-Token', analyst.csrf).send({ name: 'QGIS', purpose: 'QGIS layer for Op Test' }).expect(201);
      expect(issued.body.token).to.match(/^lnt_/);
      const stored = await t.db.knex('api_tokens').where({ id: issued.body.id }).first();
      expect(stored.token_hash).to.not.equal(issued.body.token);
      const bearer = `Bearer ${issued.body.token}`;
      const r = await supertest(t.app).get(`/api/sightings?bbox=${box.bbox}`).set('Authorization', bearer).expect(200);
      expect(r.body.features).to.have.length(1);
      const audit = await t.db.knex('audit_log').where({ user_id: analyst.user.id, action: 'token_use' }).orderBy('id', 'desc').first();
      expect(audit.purpose).to.equal('QGIS layer for Op Test');
      const search = await t.db.knex('audit_log').where({ user_id: analyst.user.id, action: 'search' }).orderBy('id', 'desc').first();
      expect(search.purpose).to.equal('QGIS layer for Op Test');
      // A token cannot mint tokens.
      await supertest(t.app).post('/api/tokens').set('Authorization', bearer).send({ name: 'x', purpose: 'escalate' }).expect(403);
      const list = await analyst.agent.get('/api/tokens').expect(200);
      expect(list.body.tokens.map((x: { id: string }) => x.id)).to.include(issued.body.id);
      expect(JSON.stringify(list.body)).to.not.include(issued.body.token);
      await analyst.agent.delete(`/api/tokens/${issued.body.id}`).set('X-CSRF-Token', analyst.csrf).expect(204);
      await supertest(t.app).get('/api/sightings').set('Authorization', bearer).expect(401);
    });

    it('when a token request is bad, then the fields are named and no token is made', async () => {
      const before = await t.db.knex('api_tokens').count({ n: '*' });
      const r = await analyst.agent.post('/api/tokens').set('X-CSRF-Token', analyst.csrf).send({ name: '', purpose: 'x', expiresAt: 'soon' });
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['expiresAt', 'name', 'purpose']);
      const past = await analyst.agent.post('/api/tokens').set('X-CSRF-Token', analyst.csrf).send({ name: 'old', purpose: 'expired one', expiresAt: '2020-01-01T00:00:00Z' });
      expect(past.status).to.equal(422);
      const after = await t.db.knex('api_tokens').count({ n: '*' });
      expect(Number(after[0]!.n)).to.equal(Number(before[0]!.n));
    });
  });

  describe('user administration', () => {
    it('when an admin creates, demotes and disables a user, then each is audited and the user is locked out', async () => {
      const created = await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: `u-${Date.now()}`, displayName: 'New Analyst (synthetic)', role: 'analyst', password: 'correct horse battery' }).expect(201);
      const id = created.body.id;
      expect(created.body).to.not.have.property('passwordHash');
      const agent = supertest.agent(t.app);
      await agent.post('/api/auth/login').send({ username: created.body.username, password: 'correct horse battery' }).expect(200);
      const patched = await admin.agent.patch(`/api/users/${id}`).set('X-CSRF-Token', admin.csrf).send({ role: 'planner' }).expect(200);
      expect(patched.body.role).to.equal('planner');
      await agent.get('/api/auth/me').expect(401); // role change ends sessions
      await admin.agent.patch(`/api/users/${id}`).set('X-CSRF-Token', admin.csrf).send({ disabled: true }).expect(200);
      await agent.post('/api/auth/login').send({ username: created.body.username, password: 'correct horse battery' }).expect(401);
      const actions = (await t.db.knex('audit_log').whereRaw('? = any(target_ids)', [id]).select('action')).map((r: { action: string }) => r.action);
      expect(actions).to.include.members(['user_create', 'user_update', 'login', 'login_failed']);
    });

    it('when an admin tries to change their own role or disable themselves, then 403', async () => {
      await admin.agent.patch(`/api/users/${admin.user.id}`).set('X-CSRF-Token', admin.csrf).send({ role: 'analyst' }).expect(403);
      await admin.agent.patch(`/api/users/${admin.user.id}`).set('X-CSRF-Token', admin.csrf).send({ disabled: true }).expect(403);
      await admin.agent.patch(`/api/users/${admin.user.id}`).set('X-CSRF-Token', admin.csrf).send({ displayName: 'Still Admin' }).expect(200);
    });

    it('when a new user has a short password or a taken name, then nothing is created', async () => {
      const u = await makeUser(t.db, 'planner');
      const short = await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: 'shorty', displayName: 'S', role: 'planner', password: 'short' });
      expect(short.status).to.equal(400);
      expect(short.body.errors[0].path).to.equal('password');
      const taken = await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: u.username, displayName: 'S', role: 'planner', password: 'long enough password' });
      expect(taken.status).to.equal(409);
      const role = await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: 'x1', displayName: 'S', role: 'superuser', password: 'long enough password' });
      expect(role.body.errors[0].path).to.equal('role');
    });

    it('when an admin resets a password, then the old one fails and the new one works', async () => {
      const u = await makeUser(t.db, 'licensing');
      await admin.agent.post(`/api/users/${u.id}/password`).set('X-CSRF-Token', admin.csrf).send({ password: 'a brand new passphrase' }).expect(204);
      await supertest(t.app).post('/api/auth/login').send({ username: u.username, password: u.password }).expect(401);
      await supertest(t.app).post('/api/auth/login').send({ username: u.username, password: 'a brand new passphrase' }).expect(200);
    });
  });

  describe('review and retention', () => {
    it('when a record is past review, then it is listed; retained it moves on, disposed it loses what identifies', async () => {
      const box = privateBox();
      const mk = async () => {
        const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...sighting(box.at(0.0011, 0.0007)), narrative: 'identifying detail (synthetic)', subjectRefs: ['SYN-77'], reviewDue: '2000-01-01' });
        return r.body.id as string;
      };
      const keep = await mk();
      const drop = await mk();
      const due = await admin.agent.get('/api/review/due?type=sighting&limit=1000').expect(200);
      expect(due.body.items.map((i: { id: string }) => i.id)).to.include.members([keep, drop]);
      await admin.agent.post(`/api/review/sighting/${keep}`).set('X-CSRF-Token', admin.csrf).send({ decision: 'retain', reviewDue: '2001-01-01', reason: 'still relevant' }).expect(422);
      await admin.agent.post(`/api/review/sighting/${keep}`).set('X-CSRF-Token', admin.csrf).send({ decision: 'retain', reviewDue: '2099-01-01', reason: 'Linked to live operation (synthetic)' }).expect(200);
      await admin.agent.post(`/api/review/sighting/${drop}`).set('X-CSRF-Token', admin.csrf).send({ decision: 'dispose', reason: 'No longer necessary (synthetic)' }).expect(200);
      const row = (await t.db.knex.raw('select narrative, (select count(*)::int from subject_links l where l.sighting_id = sightings.id) as links, disposed_at, ST_X(ST_Transform(geom, 27700)) as e, ST_Y(ST_Transform(geom, 27700)) as n from sightings where id = ?', [drop])).rows[0];
      expect(row.narrative).to.equal(null);
      expect(row.links).to.equal(0);
      expect(row.disposed_at).to.be.instanceOf(Date);
      expect(Math.round(row.e) % 1000).to.equal(500);
      expect(Math.round(row.n) % 1000).to.equal(500);
      await analyst.agent.get(`/api/sightings/${drop}`).expect(404);
      const again = await admin.agent.get('/api/review/due?type=sighting&limit=1000').expect(200);
      expect(again.body.items.map((i: { id: string }) => i.id)).to.not.include.members([keep, drop]);
      await admin.agent.post(`/api/review/sighting/${drop}`).set('X-CSRF-Token', admin.csrf).send({ decision: 'dispose', reason: 'twice' }).expect(404);
      const bad = await admin.agent.post(`/api/review/sighting/${keep}`).set('X-CSRF-Token', admin.csrf).send({ decision: 'shred' });
      expect(bad.status).to.equal(400);
    });

    it('when a sighting is created without a review date, then it gets the default period', async () => {
      const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send(sighting(privateBox().at())).expect(201);
      const years = Number(r.body.properties.reviewDue.slice(0, 4)) - new Date().getUTCFullYear();
      expect(years).to.equal(6);
    });
  });
});
