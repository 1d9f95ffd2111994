import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { addHotel } from '../support/records.js';

/**
 * Partner reports and their triage (issue 17): the HTTP contract, partners' isolation,
 * one decision per submission, provenance of what triage makes, the audit trail, and
 * planners' aggregates that include a triaged sighting only through the disclosure gate.
 */
describe('partner submissions and triage', () => {
  let t: TestApp;
  let partner: Session;
  let other: Session;
  let analyst: Session;

  const box = privateBox();
  const report = (over: Record<string, unknown> = {}) => ({
    categories: ['young_person_collected', 'vehicle_of_interest'],
    description: 'A girl in school uniform was picked up by an older man in a grey car (synthetic).',
    observedFrom: '2026-03-02T15:30:00Z',
    observedTo: '2026-03-02T16:00:00Z',
    location: { ...box.at(), precisionM: 40, method: 'search', placeText: 'ZZ1 1AB', placeKind: 'postcode' },
    vehicle: { plate: 'ZZ99 SYN', make: 'Ford', colour: 'grey' },
    contact: { by: 'email' },
    ...over,
  });
  const grading = { sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };

  function submit(s: Session, body: unknown = report()) {
    return s.agent.post('/api/submissions').set('X-CSRF-Token', s.csrf).send(body as object);
  }
  function decide(id: string, body: unknown, s: Session = analyst) {
    return s.agent.post(`/api/submissions/${id}/decision`).set('X-CSRF-Token', s.csrf).send(body as object);
  }

  before(async () => {
    t = await testApp();
    partner = await signIn(t, 'partner', { purpose: null });
    other = await signIn(t, 'partner', { purpose: null });
    analyst = await signIn(t, 'analyst');
  });

  it('when a partner reports a concern, then it answers 201 with an id, a reference and "received", and stores the body as sent', async () => {
    const body = report();
    const res = await submit(partner, body).expect(201);
    expect(res.body).to.have.keys('id', 'reference', 'status');
    expect(res.body.status).to.equal('received');
    expect(res.body.reference).to.match(/^LNT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const own = await partner.agent.get(`/api/submissions/${res.body.id}`).expect(200);
    expect(own.body.report).to.deep.equal(body);
    expect(own.body.status).to.equal('received');
    expect(own.body).to.not.have.any.keys('agency', 'partnerUsername', 'sightingIds', 'intelIds', 'context', 'outcome');
  });

  it('when a partner has stated no purpose, then reporting and reading their own is not refused with 428', async () => {
    const res = await submit(partner).expect(201);
    await partner.agent.get('/api/submissions').expect(200);
    await partner.agent.get(`/api/submissions/${res.body.id}`).expect(200);
  });

  it('when a report lacks the time, the place and the categories, then 400 names each field and nothing is written', async () => {
    const before = await t.db.knex('submissions').count({ n: '*' }).first();
    const res = await submit(partner, { description: 'x', categories: [], location: { method: 'map' } }).expect(400);
    expect(res.type).to.equal('application/problem+json');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).to.include.members(['categories', 'observedAt', 'location.lat']);
    const after = await t.db.knex('submissions').count({ n: '*' }).first();
    expect(Number(after!.n)).to.equal(Number(before!.n));
  });

  it('when the partner does not know exactly where, then a description without a point is taken', async () => {
    const res = await submit(partner, report({ location: { method: 'unknown', placeText: 'Behind the shops near the bus station (synthetic)' } })).expect(201);
    const row = await t.db.knex('submissions').where({ id: res.body.id }).first();
    expect(row.geom).to.equal(null);
    expect(row.location_method).to.equal('unknown');
  });

  it('when a window ends before it starts, or a time is in the future, then 400/422 names the field', async () => {
    const r1 = await submit(partner, report({ observedFrom: '2026-03-02T16:00:00Z', observedTo: '2026-03-02T15:00:00Z' })).expect(400);
    expect(r1.body.errors.map((e: { path: string }) => e.path)).to.include('observedTo');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const r2 = await submit(partner, report({ observedFrom: undefined, observedTo: undefined, observedAt: future })).expect(422);
    expect(r2.body.errors.map((e: { path: string }) => e.path)).to.include('observedAt');
  });

  it("when another partner asks for a partner's submission, then it is a 404 and their list is empty", async () => {
    const mine = await submit(partner).expect(201);
    await other.agent.get(`/api/submissions/${mine.body.id}`).expect(404);
    const list = await other.agent.get('/api/submissions').expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).to.not.include(mine.body.id);
    expect(list.body.items).to.deep.equal([]);
  });

  it('when a partner asks for the queue length, the map, sightings or intel, then each is refused 403 and audited', async () => {
    for (const url of ['/api/submissions/waiting', `/api/map/clusters?bbox=${box.bbox}&zoom=12`, `/api/sightings?bbox=${box.bbox}`, '/api/intel', '/api/areas', '/api/tokens']) {
      await partner.agent.get(url).expect(403);
    }
    const denied = await t.db.knex('audit_log').where({ user_id: partner.user.id, action: 'denied' }).count({ n: '*' }).first();
    expect(Number(denied!.n)).to.be.at.least(6);
  });

  it('when an analyst lists the queue, then it is oldest first with how long each has waited', async () => {
    await submit(partner).expect(201);
    await submit(other).expect(201);
    const q = await analyst.agent.get('/api/submissions').expect(200);
    const times = q.body.items.map((s: { receivedAt: string }) => Date.parse(s.receivedAt));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    expect(q.body.items[0].waitingS).to.be.a('number').and.at.least(0);
    expect(q.body.items[0].partnerUsername).to.be.a('string');
    const waiting = await analyst.agent.get('/api/submissions/waiting').expect(200);
    expect(waiting.body.waiting).to.be.at.least(q.body.items.length > 0 ? 1 : 0);
  });

  it('when an analyst opens a submission, then it moves to "in triage", shows what is near it, and the partner sees "in_triage"', async () => {
    const made = await submit(partner).expect(201);
    const opened = await analyst.agent.get(`/api/submissions/${made.body.id}`).expect(200);
    expect(opened.body.status).to.equal('in_triage');
    expect(opened.body.context).to.have.keys('premises', 'vehicles', 'earlier');
    expect(opened.body.context.earlier.length).to.be.above(0);
    const seen = await partner.agent.get(`/api/submissions/${made.body.id}`).expect(200);
    expect(seen.body.status).to.equal('in_triage');
  });

  it('when an analyst triages a report into graded sightings, then they carry the submission as provenance, the partner sees "actioned" with the message, and each step is audited', async () => {
    const made = await submit(partner).expect(201);
    const id = made.body.id as string;
    const res = await decide(id, { outcome: 'sighting', message: 'Thank you: we have recorded this and officers are aware (synthetic).', categories: ['young_person_collected', 'vehicle_of_interest'], ...grading }).expect(200);
    expect(res.body.sightingIds).to.have.length(2);
    expect(res.body.intelIds).to.deep.equal([]);

    const s = await analyst.agent.get(`/api/sightings/${res.body.sightingIds[0]}`).expect(200);
    expect(s.body.properties.submissionId).to.equal(id);
    expect(s.body.properties.locationMethod).to.equal('postcode');
    expect(s.body.properties.precisionM).to.equal(40);
    expect(s.body.properties.sourceAgency).to.equal('education');
    expect(s.body.properties.sourceEval).to.equal(2);
    expect(s.body.properties.observedAt).to.equal('2026-03-02T15:30:00.000Z');
    const row = await t.db.knex('sightings').where({ id: res.body.sightingIds[0] }).first('bng_e');
    expect(row.bng_e, 'derived columns set by the sightings path').to.be.a('number');

    const seen = await partner.agent.get(`/api/submissions/${id}`).expect(200);
    expect(seen.body.status).to.equal('actioned');
    expect(seen.body.outcomeMessage).to.equal('Thank you: we have recorded this and officers are aware (synthetic).');

    const audit = await t.db.knex('audit_log').whereRaw('? = any(target_ids)', [id]).orderBy('id');
    const steps = audit.map((a: { action: string; user_id: string }) => `${a.action}:${a.user_id === partner.user.id ? 'partner' : 'analyst'}`);
    expect(steps).to.include.members(['create:partner', 'consult:partner', 'update:analyst']);
    const created = await t.db.knex('audit_log').where({ action: 'create', target_type: 'sighting' }).whereRaw('? = any(target_ids)', [res.body.sightingIds[1]]).first();
    expect(created).to.not.equal(undefined);
  });

  it('when a second decision comes for the same submission, then it is a 409 and nothing more is made', async () => {
    const made = await submit(partner).expect(201);
    await decide(made.body.id, { outcome: 'sighting', message: 'Recorded (synthetic).', ...grading }).expect(200);
    const before = await t.db.knex('sightings').where({ submission_id: made.body.id }).count({ n: '*' }).first();
    const again = await decide(made.body.id, { outcome: 'no_action', message: 'No (synthetic).', reason: 'second thoughts' }).expect(409);
    expect(again.type).to.equal('application/problem+json');
    const after = await t.db.knex('sightings').where({ submission_id: made.body.id }).count({ n: '*' }).first();
    expect(Number(after!.n)).to.equal(Number(before!.n));
    const seen = await partner.agent.get(`/api/submissions/${made.body.id}`).expect(200);
    expect(seen.body.status).to.equal('actioned');
  });

  it('when two analysts decide the same submission at once, then exactly one wins and the other gets 409', async () => {
    const second = await signIn(t, 'analyst');
    const made = await submit(partner).expect(201);
    const [a, b] = await Promise.all([
      decide(made.body.id, { outcome: 'sighting', message: 'Recorded (synthetic).', ...grading }),
      decide(made.body.id, { outcome: 'sighting', message: 'Recorded too (synthetic).', ...grading }, second),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const n = await t.db.knex('sightings').where({ submission_id: made.body.id }).count({ n: '*' }).first();
    expect(Number(n!.n)).to.equal(1);
  });

  it('when the outcome is intel on a premises, then an intel record with the submission as provenance is made', async () => {
    const premisesId = await addHotel(t.db, 'Triage Test Hotel (synthetic)', box);
    const made = await submit(partner, report({ premisesId })).expect(201);
    const res = await decide(made.body.id, { outcome: 'intel', message: 'Passed to licensing (synthetic).', premisesId, summary: 'Young people collected from hotel (synthetic)', ...grading }).expect(200);
    expect(res.body.intelIds).to.have.length(1);
    const row = await t.db.knex('intel').where({ id: res.body.intelIds[0] }).first();
    expect(row.submission_id).to.equal(made.body.id);
    expect(row.subject_type).to.equal('premises');
    expect(row.subject_id).to.equal(premisesId);
  });

  it('when the outcome is a duplicate or no further action, then it needs the earlier submission or a reason, and the partner sees "no further action"', async () => {
    const first = await submit(partner).expect(201);
    const dup = await submit(partner).expect(201);
    const bad = await decide(dup.body.id, { outcome: 'duplicate', message: 'Already known (synthetic).' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).to.include('duplicateOf');
    await decide(dup.body.id, { outcome: 'duplicate', message: 'Already known (synthetic).', duplicateOf: first.body.id }).expect(200);
    const none = await submit(partner).expect(201);
    const noReason = await decide(none.body.id, { outcome: 'no_action', message: 'Thanks (synthetic).' }).expect(400);
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).to.include('reason');
    await decide(none.body.id, { outcome: 'no_action', message: 'Thanks, nothing more to do (synthetic).', reason: 'Not a safeguarding concern' }).expect(200);
    const seen = await partner.agent.get(`/api/submissions/${none.body.id}`).expect(200);
    expect(seen.body.status).to.equal('no_further_action');
    expect(seen.body.outcomeMessage).to.equal('Thanks, nothing more to do (synthetic).');
  });

  it('when a sighting outcome has no grading, then 400 names sourceEval, intelAssessment and handlingCode', async () => {
    const made = await submit(partner).expect(201);
    const res = await decide(made.body.id, { outcome: 'sighting', message: 'x' }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).to.include.members(['sourceEval', 'intelAssessment', 'handlingCode']);
  });

  it('when anyone tries to change a stored report, then the database refuses', async () => {
    const made = await submit(partner).expect(201);
    let failed = false;
    try {
      await t.db.knex('submissions').where({ id: made.body.id }).update({ payload: JSON.stringify({ description: 'rewritten' }) });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
    const row = await t.db.knex('submissions').where({ id: made.body.id }).first();
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    expect(payload.description).to.equal(report().description);
  });

  it("when a triaged sighting lies alone in a planner's polygon, then the analyst's count includes it and the planner reads \"<5\", never 1", async () => {
    const alone = privateBox();
    const made = await submit(partner, report({ location: { ...alone.at(), precisionM: 10, method: 'gps' } })).expect(201);
    await decide(made.body.id, { outcome: 'sighting', message: 'Recorded (synthetic).', ...grading }).expect(200);
    const d = 0.003;
    const geometry = { type: 'Polygon', coordinates: [[[alone.lon - d, alone.lat - d], [alone.lon + d, alone.lat - d], [alone.lon + d, alone.lat + d], [alone.lon - d, alone.lat + d], [alone.lon - d, alone.lat - d]]] };
    const planner = await signIn(t, 'planner');
    const a = await analyst.agent.post('/api/map/stats').set('X-CSRF-Token', analyst.csrf).send({ geometry, from: '2026-01-01' }).expect(200);
    expect(a.body.count).to.equal(1);
    const p = await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry, from: '2026-01-01' }).expect(200);
    expect(p.body.count).to.equal('<5');
    expect(JSON.stringify(p.body)).to.not.include(made.body.id);
  });
});
