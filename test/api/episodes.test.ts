import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Db } from '../../server/db/index.js';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

/** A synthetic subject of the kind, written straight to the table (the subjects API is not what is tested here). */
async function addSubject(db: Db, kind = 'child_at_risk'): Promise<{ id: string; ref: string }> {
  const ref = `SYN-T-${kind === 'child_at_risk' ? 'CHILD' : 'POI'}-${randomBytes(4).toString('hex')}`;
  const r = await db.knex.raw(`insert into subjects (kind, ref, description, synthetic, review_due) values (?, ?, ?, true, '2032-01-01') returning id`, [kind, ref, 'Test subject (synthetic)']);
  return { id: r.rows[0].id as string, ref };
}

/** Synthetic premises of the category at the point; returns its id. */
async function addPremises(db: Db, name: string, category: string, at: { lon: number; lat: number }): Promise<string> {
  const r = await db.knex.raw(`insert into premises (name, category, geom, synthetic) values (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), true) returning id`, [name, category, at.lon, at.lat]);
  return r.rows[0].id as string;
}

const post = (s: Session, body: object) => s.agent.post('/api/episodes').set('X-CSRF-Token', s.csrf).send(body);
const countEpisodes = async (t: TestApp) => Number((await t.db.knex('episodes').count({ n: '*' }))[0]!.n);

describe('missing episodes API', () => {
  let t: TestApp;
  let analyst: Session;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
  });

  describe('create and read', () => {
    it('when an episode starts at a children’s home, then it takes the home’s point, is sensitive and has its duration', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const home = box.at(-0.002, -0.002);
      const homeId = await addPremises(t.db, 'Test Children’s Home (synthetic)', 'children_home', home);
      const res = await post(analyst, {
        subjectId: child.id,
        missingFrom: { premisesId: homeId },
        reportedMissingAt: '2026-03-01T20:00:00Z',
        foundTime: '2026-03-02T08:30:00Z',
        foundAt: { ...box.at(0.002, 0.002), precisionM: 50 },
        notes: 'Return interview notes (synthetic)',
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.headers.location).to.equal(`/api/episodes/${res.body.id}`);
      const got = await analyst.agent.get(`/api/episodes/${res.body.id}`).expect(200);
      const e = got.body;
      expect(e.subjectId).to.equal(child.id);
      expect(e.subjectRef).to.equal(child.ref);
      expect(e.missingFrom).to.include({ premisesId: homeId, premisesName: 'Test Children’s Home (synthetic)', premisesCategory: 'children_home', sensitive: true });
      expect(e.missingFrom.lon).to.be.closeTo(home.lon, 1e-6);
      expect(e.missingFrom.lat).to.be.closeTo(home.lat, 1e-6);
      expect(e.reportedMissingAt).to.equal('2026-03-01T20:00:00.000Z');
      expect(e.foundTime).to.equal('2026-03-02T08:30:00.000Z');
      expect(e.durationHours).to.equal(12.5);
      expect(e.foundAt.precisionM).to.equal(50);
      expect(e.foundAt.lon).to.be.closeTo(box.lon + 0.002, 1e-6);
      expect(e.notes).to.equal('Return interview notes (synthetic)');
      expect(e.reviewDue).to.match(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('when an episode starts at a point (a home address), then it is sensitive; from a school it is not', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const home = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-03T18:00:00+00:00' }).expect(201);
      const fromHome = (await analyst.agent.get(`/api/episodes/${home.body.id}`).expect(200)).body;
      expect(fromHome.missingFrom).to.include({ sensitive: true });
      expect(fromHome.missingFrom.premisesId ?? null).to.equal(null);
      expect(fromHome.foundAt).to.equal(null);
      expect(fromHome.durationHours).to.equal(null);
      const schoolId = await addPremises(t.db, 'Test School (synthetic)', 'school', box.at(0.001, 0));
      const school = await post(analyst, { subjectId: child.id, missingFrom: { premisesId: schoolId }, reportedMissingAt: '2026-03-04T11:00:00Z' }).expect(201);
      const fromSchool = (await analyst.agent.get(`/api/episodes/${school.body.id}`).expect(200)).body;
      expect(fromSchool.missingFrom).to.include({ sensitive: false, premisesCategory: 'school' });
    });

    it('when returned by a vehicle, then the episode names it', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const plate = `ZZ${randomBytes(3).toString('hex').toUpperCase()}`;
      const v = await t.db.knex.raw(`insert into vehicles (plate) values (?) returning id`, [plate]);
      const vehicleId = v.rows[0].id as string;
      const made = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-05T18:00:00Z', returnedBy: { vehicleId } }).expect(201);
      const e = (await analyst.agent.get(`/api/episodes/${made.body.id}`).expect(200)).body;
      expect(e.returnedBy).to.deep.equal({ vehicleId, plate });
    });
  });

  describe('map layers', () => {
    it('when an episode is found, then its flow runs from missing-from to found-at and its found point is a layer', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const from = box.at(-0.003, 0.001);
      const to = box.at(0.003, -0.001);
      const made = await post(analyst, { subjectId: child.id, missingFrom: from, reportedMissingAt: '2026-04-01T19:00:00Z', foundTime: '2026-04-02T01:00:00Z', foundAt: { ...to, precisionM: 25 } }).expect(201);
      const flows = (await analyst.agent.get(`/api/episodes/flows?bbox=${box.bbox}`).expect(200)).body;
      expect(flows.type).to.equal('FeatureCollection');
      expect(flows.features).to.have.length(1);
      const f = flows.features[0];
      expect(f.geometry.type).to.equal('LineString');
      const [a, b] = f.geometry.coordinates;
      expect(a[0]).to.be.closeTo(from.lon, 1e-6);
      expect(a[1]).to.be.closeTo(from.lat, 1e-6);
      expect(b[0]).to.be.closeTo(to.lon, 1e-6);
      expect(b[1]).to.be.closeTo(to.lat, 1e-6);
      expect(f.properties).to.include({ episodeId: made.body.id, subjectRef: child.ref, reportedMissingAt: '2026-04-01T19:00:00.000Z', durationHours: 6, sensitiveOrigin: true });

      const found = (await analyst.agent.get(`/api/episodes/found?bbox=${box.bbox}`).expect(200)).body;
      expect(found.features).to.have.length(1);
      expect(found.features[0].geometry.type).to.equal('Point');
      expect(found.features[0].geometry.coordinates[0]).to.be.closeTo(to.lon, 1e-6);
      expect(found.features[0].properties).to.deep.equal({ episodeId: made.body.id, precisionM: 25, foundTime: '2026-04-02T01:00:00.000Z' });
    });

    it('when an episode is not yet found, then it has no flow and no found point', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-04-03T19:00:00Z' }).expect(201);
      expect((await analyst.agent.get(`/api/episodes/flows?bbox=${box.bbox}`).expect(200)).body.features).to.deep.equal([]);
      expect((await analyst.agent.get(`/api/episodes/found?bbox=${box.bbox}`).expect(200)).body.features).to.deep.equal([]);
    });
  });

  describe('list filters', () => {
    it('when filtered by subject, premises, period and box, then only the matching episodes are listed', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const other = await addSubject(t.db);
      const homeId = await addPremises(t.db, 'Filter Home (synthetic)', 'children_home', box.at(0, 0.002));
      const a = await post(analyst, { subjectId: child.id, missingFrom: { premisesId: homeId }, reportedMissingAt: '2026-05-01T20:00:00Z' }).expect(201);
      const b = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-05-20T20:00:00Z' }).expect(201);
      const c = await post(analyst, { subjectId: other.id, missingFrom: { premisesId: homeId }, reportedMissingAt: '2026-06-10T20:00:00Z' }).expect(201);
      const ids = async (q: string) => ((await analyst.agent.get(`/api/episodes?${q}`).expect(200)).body.items as { id: string }[]).map((i) => i.id).sort();
      expect(await ids(`subject=${child.id}`)).to.deep.equal([a.body.id, b.body.id].sort());
      expect(await ids(`premises=${homeId}`)).to.deep.equal([a.body.id, c.body.id].sort());
      expect(await ids(`bbox=${box.bbox}&from=2026-05-10&to=2026-06-30`)).to.deep.equal([b.body.id, c.body.id].sort());
      expect(await ids(`subject=${child.id}&to=2026-05-10`)).to.deep.equal([a.body.id]);
      const list = (await analyst.agent.get(`/api/episodes?subject=${child.id}&limit=1`).expect(200)).body;
      expect(list.items).to.have.length(1);
      expect(list.items[0].id).to.equal(b.body.id, 'newest first');
    });
  });

  describe('validation', () => {
    it('when the subject is not a child at risk or does not exist, then 422 names subjectId and nothing is written', async () => {
      const box = privateBox();
      const adult = await addSubject(t.db, 'person_of_interest');
      const before = await countEpisodes(t);
      const r1 = await post(analyst, { subjectId: adult.id, missingFrom: box.at(), reportedMissingAt: '2026-03-01T20:00:00Z' });
      expect(r1.status).to.equal(422);
      expect(r1.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['subjectId']);
      const r2 = await post(analyst, { subjectId: '00000000-0000-4000-8000-000000000000', missingFrom: box.at(), reportedMissingAt: '2026-03-01T20:00:00Z' });
      expect(r2.status).to.equal(422);
      expect(r2.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['subjectId']);
      expect(await countEpisodes(t)).to.equal(before);
    });

    it('when found before reported missing, a time lacks its offset and missingFrom is empty, then 400 names each field and nothing is written', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const before = await countEpisodes(t);
      const r1 = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-02T20:00:00Z', foundTime: '2026-03-01T20:00:00Z' });
      expect(r1.status).to.equal(400);
      expect(r1.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['foundTime']);
      const r2 = await post(analyst, { subjectId: child.id, missingFrom: {}, reportedMissingAt: '2026-03-02 20:00', notes: 'x'.repeat(10_001) });
      expect(r2.status).to.equal(400);
      expect(r2.body.errors.map((e: { path: string }) => e.path)).to.include.members(['missingFrom', 'reportedMissingAt', 'notes']);
      const r3 = await post(analyst, { subjectId: child.id, missingFrom: { premisesId: '00000000-0000-4000-8000-000000000000' }, reportedMissingAt: '2026-03-02T20:00:00Z' });
      expect(r3.status).to.equal(422);
      expect(r3.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['missingFrom.premisesId']);
      const r4 = await post(analyst, { subjectId: child.id, missingFrom: { ...box.at(), premisesId: '00000000-0000-4000-8000-000000000000' }, reportedMissingAt: '2026-03-02T20:00:00Z', returnedBy: { vehicleId: '00000000-0000-4000-8000-000000000000', subjectId: child.id } });
      expect(r4.status).to.equal(400);
      expect(r4.body.errors.map((e: { path: string }) => e.path)).to.include.members(['missingFrom', 'returnedBy']);
      const r5 = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-02T20:00:00Z', returnedBy: { vehicleId: '00000000-0000-4000-8000-000000000000' } });
      expect(r5.status).to.equal(422);
      expect(r5.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['returnedBy.vehicleId']);
      expect(await countEpisodes(t)).to.equal(before);
    });
  });

  describe('change and delete', () => {
    it('when patched with a found time and place, then the duration follows; a found time before the report is 400 on foundTime', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const made = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-10T20:00:00Z' }).expect(201);
      const url = `/api/episodes/${made.body.id}`;
      const ok = await analyst.agent.patch(url).set('X-CSRF-Token', analyst.csrf).send({ foundTime: '2026-03-11T20:00:00Z', foundAt: box.at(0.001, 0.001), notes: 'Found (synthetic)' });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.durationHours).to.equal(24);
      expect(ok.body.foundAt.precisionM).to.equal(null);
      const bad = await analyst.agent.patch(url).set('X-CSRF-Token', analyst.csrf).send({ foundTime: '2026-03-09T20:00:00Z' });
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['foundTime']);
      const cleared = await analyst.agent.patch(url).set('X-CSRF-Token', analyst.csrf).send({ foundAt: null, foundTime: null }).expect(200);
      expect(cleared.body.foundAt).to.equal(null);
      expect(cleared.body.durationHours).to.equal(null);
    });

    it('when deleted with a reason, then it is gone from the list and its detail, and the reason is audited', async () => {
      const box = privateBox();
      const child = await addSubject(t.db);
      const made = await post(analyst, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-10T20:00:00Z' }).expect(201);
      const url = `/api/episodes/${made.body.id}`;
      const noReason = await analyst.agent.delete(url).set('X-CSRF-Token', analyst.csrf).send({});
      expect(noReason.status).to.equal(400);
      await analyst.agent.delete(url).set('X-CSRF-Token', analyst.csrf).send({ reason: 'entered twice (test)' }).expect(204);
      await analyst.agent.get(url).expect(404);
      expect((await analyst.agent.get(`/api/episodes?subject=${child.id}`).expect(200)).body.items).to.deep.equal([]);
      const row = await t.db.knex('audit_log').where({ user_id: analyst.user.id, action: 'delete', target_type: 'episode' }).orderBy('id', 'desc').first();
      expect(row.query).to.deep.include({ reason: 'entered twice (test)' });
    });
  });

  describe('who may', () => {
    it('when licensing officers and planners ask, then every episode route is 403 and the refusal is audited', async () => {
      for (const role of ['licensing', 'planner'] as const) {
        const s = await signIn(t, role);
        for (const url of ['/api/episodes', '/api/episodes/flows', '/api/episodes/found', '/api/episodes/00000000-0000-4000-8000-000000000000']) {
          const r = await s.agent.get(url);
          expect(r.status, `${role} ${url}`).to.equal(403);
        }
        const w = await s.agent.post('/api/episodes').set('X-CSRF-Token', s.csrf).send({});
        expect(w.status).to.equal(403);
        const denied = await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'denied' });
        expect(denied.length).to.equal(5);
      }
    });

    it('when an analyst has stated no purpose, then 428; with one, reads and writes are audited with it', async () => {
      const quiet = await signIn(t, 'analyst', { purpose: null });
      expect((await quiet.agent.get('/api/episodes')).status).to.equal(428);
      const box = privateBox();
      const child = await addSubject(t.db);
      const s = await signIn(t, 'admin');
      const made = await post(s, { subjectId: child.id, missingFrom: box.at(), reportedMissingAt: '2026-03-10T20:00:00Z' }).expect(201);
      await s.agent.get(`/api/episodes/${made.body.id}`).expect(200);
      await s.agent.get(`/api/episodes?subject=${child.id}`).expect(200);
      await s.agent.get(`/api/episodes/flows?bbox=${box.bbox}`).expect(200);
      const rows = await t.db.knex('audit_log').where({ user_id: s.user.id, target_type: 'episode' }).orderBy('id');
      expect(rows.map((r) => r.action)).to.deep.equal(['create', 'consult', 'search', 'search']);
      expect(rows.every((r) => r.purpose === 'Automated test of Lantern')).to.equal(true);
      expect(rows[1].target_ids).to.deep.equal([made.body.id]);
    });
  });
});
