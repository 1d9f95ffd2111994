import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

/**
 * Issue 17, sightings made and corrected on the map: an analyst adds a sighting, moves
 * its point with a reason and soft-deletes it with a reason; each is audited, nothing is
 * written on rejection, other roles are refused, and planners' counts stay gated.
 */
const base = { category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };

describe('sightings made and corrected on the map', () => {
  let t: TestApp;
  let analyst: Session;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
  });

  const create = (s: Session, at: { lat: number; lon: number }) =>
    s.agent.post('/api/sightings').set('X-CSRF-Token', s.csrf).send({ ...base, observedAt: '2026-03-01T21:00:00Z', ...at });
  const move = (s: Session, id: string, body: Record<string, unknown>) => s.agent.patch(`/api/sightings/${id}`).set('X-CSRF-Token', s.csrf).send(body);
  const remove = (s: Session, id: string, body: Record<string, unknown>) => s.agent.delete(`/api/sightings/${id}`).set('X-CSRF-Token', s.csrf).send(body);
  const audits = (id: string, action: string) => t.db.knex('audit_log').where({ action, target_type: 'sighting' }).whereRaw('? = any(target_ids)', [id]);

  it('when an analyst moves a point with a reason, then the position changes and the audit row keeps the reason', async () => {
    const box = privateBox();
    const made = await create(analyst, box.at()).expect(201);
    const to = { lat: box.lat + 0.001, lon: box.lon + 0.001 };
    const r = await move(analyst, made.body.id, { ...to, reason: 'Dragged to the car park entrance (synthetic)' }).expect(200);
    expect(r.body.geometry.coordinates[0]).to.be.closeTo(to.lon, 1e-6);
    expect(r.body.geometry.coordinates[1]).to.be.closeTo(to.lat, 1e-6);
    const rows = await audits(made.body.id, 'update');
    expect(rows).to.have.length(1);
    const q = typeof rows[0].query === 'string' ? JSON.parse(rows[0].query) : rows[0].query;
    expect(q.reason).to.equal('Dragged to the car park entrance (synthetic)');
    expect(q.fields).to.include.members(['lat', 'lon']);
    expect(q.fields).to.not.include('reason');
  });

  it('when a point is moved without a reason, then a 400 names reason and nothing is written', async () => {
    const box = privateBox();
    const made = await create(analyst, box.at()).expect(201);
    for (const body of [{ lat: box.lat + 0.001, lon: box.lon }, { lat: box.lat + 0.001, lon: box.lon, reason: '  ' }]) {
      const r = await move(analyst, made.body.id, body);
      expect(r.status).to.equal(400);
      expect(r.headers['content-type']).to.match(/problem\+json/);
      expect(r.body.errors.map((e: { path: string }) => e.path)).to.include('reason');
    }
    const got = await analyst.agent.get(`/api/sightings/${made.body.id}`).expect(200);
    expect(got.body.geometry.coordinates[1]).to.be.closeTo(box.lat, 1e-6);
    expect(await audits(made.body.id, 'update')).to.have.length(0);
  });

  for (const role of ['planner', 'licensing', 'partner'] as const) {
    it(`when a ${role} tries to add, move or delete a sighting, then each is a 403 and nothing changes`, async () => {
      const box = privateBox();
      const made = await create(analyst, box.at()).expect(201);
      const s = await signIn(t, role);
      const before = await t.db.knex('sightings').count({ n: '*' });
      expect((await create(s, box.at())).status).to.equal(403);
      expect((await move(s, made.body.id, { lat: box.lat + 0.001, lon: box.lon, reason: 'not mine to move' })).status).to.equal(403);
      expect((await remove(s, made.body.id, { reason: 'not mine to delete' })).status).to.equal(403);
      expect(await t.db.knex('sightings').count({ n: '*' })).to.deep.equal(before);
      const row = await t.db.knex('sightings').where({ id: made.body.id }).first();
      expect(row.deleted_at).to.equal(null);
      expect(await audits(made.body.id, 'update')).to.have.length(0);
    });
  }

  it('when an analyst soft-deletes with a reason, then it leaves lists and the map, is audited, and a planner count follows the gate', async () => {
    const box = privateBox();
    const d = 0.003;
    const geometry = { type: 'Polygon', coordinates: [[[box.lon - d, box.lat - d], [box.lon + d, box.lat - d], [box.lon + d, box.lat + d], [box.lon - d, box.lat + d], [box.lon - d, box.lat - d]]] };
    const planner = await signIn(t, 'planner');
    const stats = (s: Session) => s.agent.post('/api/map/stats').set('X-CSRF-Token', s.csrf).send({ geometry, from: '2026-01-01' }).expect(200);
    const made = await create(analyst, box.at()).expect(201);
    const id = made.body.id as string;
    expect(JSON.stringify((await analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=17`).expect(200)).body)).to.include(id);
    expect((await stats(analyst)).body.count).to.equal(1);
    expect((await stats(planner)).body.count).to.equal('<5');

    const noReason = await remove(analyst, id, {});
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).to.include('reason');
    expect(await audits(id, 'delete')).to.have.length(0);

    await remove(analyst, id, { reason: 'Duplicate of an earlier entry (synthetic)' }).expect(204);
    const list = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
    expect(list.body.features.map((f: { id: string }) => f.id)).to.not.include(id);
    const map = await analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=17`).expect(200);
    expect(JSON.stringify(map.body)).to.not.include(id);
    expect((await stats(analyst)).body.count).to.equal(0);
    const p = (await stats(planner)).body;
    expect(p.count).to.not.equal(1);
    expect(JSON.stringify(p)).to.not.include(id);
    const rows = await audits(id, 'delete');
    expect(rows).to.have.length(1);
    const q = typeof rows[0].query === 'string' ? JSON.parse(rows[0].query) : rows[0].query;
    expect(q.reason).to.equal('Duplicate of an earlier entry (synthetic)');
  });

  it('when a sighting was made from a partner submission, then its read carries the submission id and reference', async () => {
    const partner = await signIn(t, 'partner');
    const box = privateBox();
    const sent = await partner.agent
      .post('/api/submissions')
      .set('X-CSRF-Token', partner.csrf)
      .send({ categories: ['young_person_collected'], description: 'Synthetic concern near the park.', observedAt: '2026-03-01T20:00:00Z', location: { ...box.at(), precisionM: 10, method: 'gps' } })
      .expect(201);
    const decided = await analyst.agent
      .post(`/api/submissions/${sent.body.id}/decision`)
      .set('X-CSRF-Token', analyst.csrf)
      .send({ outcome: 'sighting', message: 'Recorded (synthetic).', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' })
      .expect(200);
    const got = await analyst.agent.get(`/api/sightings/${decided.body.sightingIds[0]}`).expect(200);
    expect(got.body.properties.submissionId).to.equal(sent.body.id);
    expect(got.body.properties.submissionReference).to.equal(sent.body.reference);
    const own = await create(analyst, box.at()).expect(201);
    expect(own.body.properties.submissionReference).to.equal(null);
  });
});
