import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

/**
 * Triage of a partner's report into a missing episode (issue 21): the episode carries the
 * submission as provenance and is made in the same transaction as the decision; nothing is
 * written on a refusal; the partner reads the status and a neutral message, never the
 * child or the episode.
 */
describe('partner submissions triaged as missing episodes', () => {
  let t: TestApp;
  let partner: Session;
  let analyst: Session;

  const box = privateBox();
  const report = (over: Record<string, unknown> = {}) => ({
    categories: ['missing_from_home_found'],
    description: 'A girl said she had run away from the home and was waiting for a lift (synthetic).',
    observedAt: '2026-03-04T21:15:00Z',
    location: { ...box.at(), precisionM: 30, method: 'gps' },
    ...over,
  });

  const submit = (body: unknown = report()) => partner.agent.post('/api/submissions').set('X-CSRF-Token', partner.csrf).send(body as object).expect(201);
  const decide = (id: string, body: unknown, s: Session = analyst) => s.agent.post(`/api/submissions/${id}/decision`).set('X-CSRF-Token', s.csrf).send(body as object);
  const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);

  /** A child at risk made as triage makes one: through the subjects API. */
  async function newChild(kind = 'child_at_risk'): Promise<{ id: string; ref: string }> {
    const ref = `SYN-TRIAGE-${randomBytes(4).toString('hex').toUpperCase()}`;
    const res = await analyst.agent.post('/api/subjects').set('X-CSRF-Token', analyst.csrf).send({ kind, ref, description: 'Girl, 14, triage test (synthetic)' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { id: res.body.id as string, ref };
  }

  async function nothingWritten(id: string) {
    const episodes = await t.db.knex('episodes').where({ submission_id: id }).count({ n: '*' }).first();
    expect(Number(episodes!.n)).to.equal(0);
    const row = await t.db.knex('submissions').where({ id }).first('decided_at', 'outcome', 'status');
    expect(row.decided_at).to.equal(null);
    expect(row.outcome).to.equal(null);
  }

  before(async () => {
    t = await testApp();
    partner = await signIn(t, 'partner', { purpose: null });
    analyst = await signIn(t, 'analyst');
  });

  it('when an analyst decides a report as a missing episode, then the episode takes the report’s place and time, carries the submission, and the decision is actioned and audited', async () => {
    const child = await newChild();
    const made = await submit();
    const id = made.body.id as string;
    const res = await decide(id, { outcome: 'episode', message: 'Thank you: this has been passed to the right team (synthetic).', episode: { subjectId: child.id } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ id, status: 'actioned', outcome: 'episode' });
    expect(res.body.episodeIds).to.have.length(1);
    expect(res.body.sightingIds).to.deep.equal([]);

    const episodeId = res.body.episodeIds[0] as string;
    const row = await t.db.knex('episodes').where({ id: episodeId }).first('submission_id', 'subject_id');
    expect(row).to.deep.equal({ submission_id: id, subject_id: child.id });
    const e = (await analyst.agent.get(`/api/episodes/${episodeId}`).expect(200)).body;
    expect(e.subjectId).to.equal(child.id);
    expect(e.reportedMissingAt).to.equal('2026-03-04T21:15:00.000Z');
    expect(e.missingFrom.premisesId).to.equal(null);
    expect(e.missingFrom.lon).to.be.closeTo(box.lon, 1e-6);
    expect(e.missingFrom.lat).to.be.closeTo(box.lat, 1e-6);
    expect(e.foundAt).to.equal(null);

    const queued = (await analyst.agent.get(`/api/submissions/${id}`).expect(200)).body;
    expect(queued.outcome).to.equal('episode');
    expect(queued.episodeIds).to.deep.equal([episodeId]);

    const decision = await t.db.knex('audit_log').where({ action: 'update', target_type: 'submission', user_id: analyst.user.id }).whereRaw('? = any(target_ids)', [id]).first();
    expect(decision).to.not.equal(undefined);
    const query = typeof decision.query === 'string' ? JSON.parse(decision.query) : decision.query;
    expect(query).to.include({ decision: 'episode', status: 'actioned' });
    expect(query.episodeIds).to.deep.equal([episodeId]);
    const created = await t.db.knex('audit_log').where({ action: 'create', target_type: 'episode' }).whereRaw('? = any(target_ids)', [episodeId]).first();
    expect(created).to.not.equal(undefined);
  });

  it('when a partner reads a report decided as an episode, then they see "actioned" and the message, never the outcome, the child or the episode', async () => {
    const child = await newChild();
    const made = await submit();
    const res = await decide(made.body.id, { outcome: 'episode', episode: { subjectId: child.id, notes: 'Return interview: mentions a man called (synthetic)' } }).expect(200);
    const seen = await partner.agent.get(`/api/submissions/${made.body.id}`).expect(200);
    expect(seen.body.status).to.equal('actioned');
    expect(seen.body.outcomeMessage).to.be.a('string').and.not.equal('');
    expect(seen.body).to.not.have.any.keys('outcome', 'episodeIds', 'sightingIds', 'intelIds', 'episode');
    const list = await partner.agent.get('/api/submissions').expect(200);
    for (const body of [JSON.stringify(seen.body), JSON.stringify(list.body)]) {
      expect(body).to.not.include(child.id);
      expect(body).to.not.include(child.ref);
      expect(body).to.not.include(res.body.episodeIds[0]);
      expect(body).to.not.include('episode');
      expect(body).to.not.include('Return interview');
    }
    await partner.agent.get(`/api/episodes/${res.body.episodeIds[0]}`).expect(403);
  });

  it('when the analyst names the missing-from premises, the times, where the child was found and who brought them back, then the episode holds them', async () => {
    const child = await newChild();
    const driver = await newChild('person_of_interest');
    const r = await t.db.knex.raw(`insert into premises (name, category, geom, synthetic) values ('Triage Children’s Home (synthetic)', 'children_home', ST_SetSRID(ST_MakePoint(?, ?), 4326), true) returning id`, [box.lon + 0.001, box.lat + 0.001]);
    const homeId = r.rows[0].id as string;
    const made = await submit();
    const res = await decide(made.body.id, {
      outcome: 'episode',
      message: 'Passed on (synthetic).',
      episode: {
        subjectId: child.id,
        missingFrom: { premisesId: homeId },
        reportedMissingAt: '2026-03-04T19:00:00Z',
        foundTime: '2026-03-05T07:30:00Z',
        foundAt: { ...box.at(-0.002, 0.002), precisionM: 100 },
        returnedBy: { subjectId: driver.id },
        notes: 'Found at a take-away (synthetic).',
      },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const e = (await analyst.agent.get(`/api/episodes/${res.body.episodeIds[0]}`).expect(200)).body;
    expect(e.missingFrom).to.include({ premisesId: homeId, sensitive: true });
    expect(e.reportedMissingAt).to.equal('2026-03-04T19:00:00.000Z');
    expect(e.durationHours).to.equal(12.5);
    expect(e.foundAt.precisionM).to.equal(100);
    expect(e.returnedBy).to.include({ subjectId: driver.id });
    expect(e.notes).to.equal('Found at a take-away (synthetic).');
  });

  it('when the episode lacks its child, then 400 names episode.subjectId and nothing is written', async () => {
    const made = await submit();
    const res = await decide(made.body.id, { outcome: 'episode', message: 'x (synthetic)' }).expect(400);
    expect(res.type).to.equal('application/problem+json');
    expect(paths(res)).to.include('episode.subjectId');
    await nothingWritten(made.body.id);
  });

  it('when the child is unknown or not a child at risk, then 422 names episode.subjectId and nothing is written', async () => {
    const made = await submit();
    const unknown = await decide(made.body.id, { outcome: 'episode', message: 'x (synthetic)', episode: { subjectId: '00000000-0000-4000-8000-000000000000' } }).expect(422);
    expect(paths(unknown)).to.include('episode.subjectId');
    const adult = await newChild('person_of_interest');
    const wrong = await decide(made.body.id, { outcome: 'episode', message: 'x (synthetic)', episode: { subjectId: adult.id } }).expect(422);
    expect(paths(wrong)).to.include('episode.subjectId');
    await nothingWritten(made.body.id);
  });

  it('when the found time is before the report, or a place is outside the operating area, then the field is named and nothing is written', async () => {
    const child = await newChild();
    const made = await submit();
    const early = await decide(made.body.id, { outcome: 'episode', message: 'x (synthetic)', episode: { subjectId: child.id, foundTime: '2026-03-04T20:00:00Z' } }).expect(400);
    expect(paths(early)).to.include('episode.foundTime');
    const away = await decide(made.body.id, { outcome: 'episode', message: 'x (synthetic)', episode: { subjectId: child.id, foundAt: { lat: -33.9, lon: 151.2 } } });
    expect(away.status).to.be.oneOf([400, 422]);
    expect(paths(away).some((p) => p.startsWith('episode.foundAt'))).to.equal(true);
    await nothingWritten(made.body.id);
  });

  it('when the partner did not know where and no missing-from is given, then 422 names episode.missingFrom and nothing is written', async () => {
    const child = await newChild();
    const made = await submit(report({ location: { method: 'unknown', placeText: 'Somewhere near the park (synthetic)' } }));
    const res = await decide(made.body.id, { outcome: 'episode', message: 'x (synthetic)', episode: { subjectId: child.id } }).expect(422);
    expect(paths(res)).to.include('episode.missingFrom');
    await nothingWritten(made.body.id);
  });

  it('when the message to the partner names the child, then 422 names message and nothing is written', async () => {
    const child = await newChild();
    const made = await submit();
    const res = await decide(made.body.id, { outcome: 'episode', message: `Recorded against ${child.ref.toLowerCase()} (synthetic).`, episode: { subjectId: child.id } }).expect(422);
    expect(paths(res)).to.include('message');
    await nothingWritten(made.body.id);
  });

  it('when an episode detail comes with another outcome, then 400 names episode', async () => {
    const child = await newChild();
    const made = await submit();
    const res = await decide(made.body.id, { outcome: 'no_action', message: 'x (synthetic)', reason: 'not for us', episode: { subjectId: child.id } }).expect(400);
    expect(paths(res)).to.include('episode');
    await nothingWritten(made.body.id);
  });

  it('when a report already decided as an episode is decided again, then 409 and no second episode', async () => {
    const child = await newChild();
    const made = await submit();
    await decide(made.body.id, { outcome: 'episode', message: 'Passed on (synthetic).', episode: { subjectId: child.id } }).expect(200);
    await decide(made.body.id, { outcome: 'episode', message: 'Again (synthetic).', episode: { subjectId: child.id } }).expect(409);
    const n = await t.db.knex('episodes').where({ submission_id: made.body.id }).count({ n: '*' }).first();
    expect(Number(n!.n)).to.equal(1);
  });
});
