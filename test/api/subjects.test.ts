import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { addHotel, sighting } from '../support/records.js';

/** A reference no other test uses (references are unique across subjects). */
const uniqueRef = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

const send = (s: Session, method: 'post' | 'patch' | 'delete', url: string, body?: object) => s.agent[method](url).set('X-CSRF-Token', s.csrf).send(body);

async function countRows(t: TestApp, table: string): Promise<number> {
  return Number((await t.db.knex(table).count({ n: '*' }))[0]!.n);
}

describe('subjects API', () => {
  let t: TestApp;
  let analyst: Session;
  let admin: Session;
  let licensing: Session;
  let planner: Session;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst', { purpose: 'Subject profile review (synthetic test)' });
    admin = await signIn(t, 'admin');
    licensing = await signIn(t, 'licensing');
    planner = await signIn(t, 'planner');
  });

  async function newSubject(body: Record<string, unknown> = {}): Promise<string> {
    const r = await send(analyst, 'post', '/api/subjects', { kind: 'person_of_interest', description: 'Adult male, 30s (synthetic)', ...body });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id;
  }

  async function newSighting(s: Session, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await send(s, 'post', '/api/sightings', { ...sighting(privateBox().at()), ...extra });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id;
  }

  describe('create and search', () => {
    it('when an analyst creates a subject, then it is 201 { id } with a Location, a review date by the records rule, and an audited create', async () => {
      const ref = uniqueRef('SYN-C');
      const r = await send(analyst, 'post', '/api/subjects', { kind: 'child_at_risk', ref, description: 'Girl, 14 (synthetic)', displayName: 'Synthetic Child A' }).expect(201);
      expect(Object.keys(r.body)).to.deep.equal(['id']);
      expect(r.headers.location).to.equal(`/api/subjects/${r.body.id}`);
      const row = await t.db.knex('subjects').where({ id: r.body.id }).first();
      expect(row).to.include({ kind: 'child_at_risk', ref, display_name: 'Synthetic Child A', created_by: analyst.user.id });
      const years = Number(String(row.review_due).slice(0, 4)) - new Date().getUTCFullYear();
      expect(years, 'the default review period (72 months)').to.equal(6);
      const audit = await t.db.knex('audit_log').where({ action: 'create', target_type: 'subject' }).whereRaw('? = any(target_ids)', [r.body.id]).first();
      expect(audit).to.include({ user_id: analyst.user.id, purpose: 'Subject profile review (synthetic test)', outcome: 'ok' });
    });

    it('when a reference is used twice, then the second is a 409 naming ref and nothing is written', async () => {
      const ref = uniqueRef('SYN-D');
      await newSubject({ ref });
      const before = await countRows(t, 'subjects');
      const r = await send(analyst, 'post', '/api/subjects', { kind: 'unknown_adult', ref, description: 'Again (synthetic)' });
      expect(r.status).to.equal(409);
      expect(r.body.errors).to.deep.include({ path: 'ref', message: 'already used by another subject' });
      expect(await countRows(t, 'subjects')).to.equal(before);
    });

    it('when the body is bad, then one 400 problem+json names every bad field and nothing is written', async () => {
      const before = await countRows(t, 'subjects');
      const r = await send(analyst, 'post', '/api/subjects', { kind: 'witch', description: '', ref: 'x'.repeat(101), colour: 'red' });
      expect(r.status).to.equal(400);
      expect(r.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(r.body.errors.map((e: { path: string }) => e.path)).to.include.members(['kind', 'description', 'ref', 'colour']);
      expect(await countRows(t, 'subjects')).to.equal(before);
    });

    it('when an analyst searches by part of a reference, description or display name, then the matches come back with repeatMissing, audited as a search with the purpose', async () => {
      const stem = uniqueRef('SYN-Q');
      const a = await newSubject({ ref: `${stem}-1`, description: 'Tall, red jacket (synthetic)' });
      const b = await newSubject({ description: `Seen near ${stem} arcade (synthetic)` });
      const c = await newSubject({ displayName: `Synthetic ${stem} Person` });
      const r = await analyst.agent.get(`/api/subjects?q=${encodeURIComponent(stem.toLowerCase())}`).expect(200);
      expect(r.body.items.map((s: { id: string }) => s.id)).to.have.members([a, b, c]);
      expect(r.body.total).to.equal(3);
      const first = r.body.items.find((s: { id: string }) => s.id === a);
      expect(first).to.deep.equal({ id: a, kind: 'person_of_interest', ref: `${stem}-1`, description: 'Tall, red jacket (synthetic)', displayName: null, repeatMissing: false });
      const page = await analyst.agent.get(`/api/subjects?q=${stem}&limit=2&offset=2`).expect(200);
      expect(page.body.items).to.have.length(1);
      const audit = await t.db.knex('audit_log').where({ action: 'search', target_type: 'subject', user_id: analyst.user.id }).orderBy('id', 'desc').first();
      expect(audit.purpose).to.equal('Subject profile review (synthetic test)');
      expect(audit.query).to.include({ q: stem, limit: 2, offset: 2, returned: 1 });
    });

    it('when a search has % or _ in it, then they match themselves, not anything', async () => {
      const r = await analyst.agent.get(`/api/subjects?q=${encodeURIComponent('%_%')}`).expect(200);
      expect(r.body.items).to.deep.equal([]);
    });

    it('when the limit is over 200, then the query is refused by name', async () => {
      const r = await analyst.agent.get('/api/subjects?limit=201').expect(400);
      expect(r.body.errors[0].path).to.equal('limit');
    });
  });

  describe('detail and links', () => {
    it('when a subject is linked to a sighting, intel and a vehicle, then its detail lists all three with role, label and time, and a consult row is audited', async () => {
      const box = privateBox();
      const id = await newSubject({ ref: uniqueRef('SYN-L'), kind: 'person_of_interest' });
      const sightingId = await newSighting(analyst, { ...box.at(), observedAt: '2026-03-01T21:00:00Z' });
      const plate = `SY${Math.random().toString(36).slice(2, 9).toUpperCase()}`;
      const vehicleId = (await t.db.knex.raw(`insert into vehicles (plate) values (?) returning id`, [plate])).rows[0].id;
      const intel = await send(analyst, 'post', '/api/intel', {
        subjectType: 'vehicle', subjectId: vehicleId, sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', summary: 'Driver seen with children (synthetic)',
      });
      expect(intel.status, JSON.stringify(intel.body)).to.equal(201);
      await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'seen_with', sightingId }).expect(201);
      await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'suspected_offender', intelId: intel.body.id }).expect(201);
      const v = await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'driver', vehicleId }).expect(201);
      expect(v.body.linkId).to.match(/^\d+$/);

      const d = await analyst.agent.get(`/api/subjects/${id}`).expect(200);
      expect(d.body).to.include({ id, kind: 'person_of_interest', repeatMissing: false, episodeCount90d: 0, synthetic: false });
      expect(d.body.reviewDue).to.match(/^\d{4}-\d{2}-\d{2}$/);
      const byType = Object.fromEntries(d.body.links.map((l: any) => [l.type, l]));
      expect(byType.sighting).to.include({ role: 'seen_with', id: sightingId, label: 'adult_loitering', at: '2026-03-01T21:00:00.000Z' });
      expect(byType.intel).to.include({ role: 'suspected_offender', id: intel.body.id, label: 'Driver seen with children (synthetic)' });
      expect(byType.vehicle).to.include({ role: 'driver', id: vehicleId, label: plate, linkId: v.body.linkId });

      const audit = await t.db.knex('audit_log').where({ action: 'consult', target_type: 'subject' }).whereRaw('? = any(target_ids)', [id]).first();
      expect(audit).to.include({ user_id: analyst.user.id, purpose: 'Subject profile review (synthetic test)', outcome: 'ok' });

      // The same link twice is a conflict; a link removed is gone.
      await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'driver', vehicleId }).expect(409);
      await send(analyst, 'delete', `/api/subjects/${id}/links/${v.body.linkId}`).expect(204);
      await send(analyst, 'delete', `/api/subjects/${id}/links/${v.body.linkId}`).expect(404);
      const after = await analyst.agent.get(`/api/subjects/${id}`).expect(200);
      expect(after.body.links.map((l: any) => l.type)).to.have.members(['sighting', 'intel']);
    });

    it('when a link names no target, two targets or an unknown one, then it is refused by field and nothing is written', async () => {
      const id = await newSubject();
      const before = await countRows(t, 'subject_links');
      const none = await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'driver' }).expect(400);
      expect(none.body.errors[0].path).to.equal('sightingId');
      const bad = await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'chauffeur', vehicleId: 'nope' }).expect(400);
      expect(bad.body.errors.map((e: any) => e.path)).to.include.members(['role', 'vehicleId']);
      const unknown = await send(analyst, 'post', `/api/subjects/${id}/links`, { role: 'driver', vehicleId: '00000000-0000-4000-8000-000000000000' }).expect(422);
      expect(unknown.body.errors).to.deep.equal([{ path: 'vehicleId', message: 'no vehicle with this id' }]);
      expect(await countRows(t, 'subject_links')).to.equal(before);
    });

    it('when a subject is patched, then its fields change and the update is audited; an unknown subject is a 404', async () => {
      const id = await newSubject();
      const ref = uniqueRef('SYN-P');
      const r = await send(analyst, 'patch', `/api/subjects/${id}`, { kind: 'child_at_risk', ref, displayName: 'Synthetic Renamed' }).expect(200);
      expect(r.body).to.include({ kind: 'child_at_risk', ref, displayName: 'Synthetic Renamed' });
      await send(analyst, 'patch', `/api/subjects/${id}`, {}).expect(400);
      await send(analyst, 'patch', '/api/subjects/00000000-0000-4000-8000-000000000000', { description: 'x (synthetic)' }).expect(404);
      await analyst.agent.get('/api/subjects/00000000-0000-4000-8000-000000000000').expect(404);
      const audit = await t.db.knex('audit_log').where({ action: 'update', target_type: 'subject' }).whereRaw('? = any(target_ids)', [id]).first();
      expect(audit.query.fields).to.have.members(['kind', 'ref', 'displayName']);
    });

    it('when a child went missing three times within 90 days, then they are flagged repeat missing, in detail and search; twice is not', async () => {
      const stem = uniqueRef('SYN-RM');
      const child = await newSubject({ kind: 'child_at_risk', ref: `${stem}-A`, description: 'Boy, 13 (synthetic)' });
      const other = await newSubject({ kind: 'child_at_risk', ref: `${stem}-B`, description: 'Girl, 15 (synthetic)' });
      const episode = (subjectId: string, daysAgo: number) =>
        t.db.knex.raw(
          `insert into episodes (subject_id, missing_from_geom, reported_missing_at, review_due, synthetic)
           values (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), now() - make_interval(days => ?), '2099-01-01', true)`,
          [subjectId, -4.5, 57.9, daysAgo],
        );
      for (const d of [200, 150, 60, 30, 5]) await episode(child, d);
      for (const d of [300, 100, 10]) await episode(other, d);
      const a = await analyst.agent.get(`/api/subjects/${child}`).expect(200);
      expect(a.body).to.include({ repeatMissing: true, episodeCount90d: 3 });
      const b = await analyst.agent.get(`/api/subjects/${other}`).expect(200);
      expect(b.body).to.include({ repeatMissing: false, episodeCount90d: 1 });
      const s = await analyst.agent.get(`/api/subjects?q=${stem}`).expect(200);
      expect(Object.fromEntries(s.body.items.map((i: any) => [i.id, i.repeatMissing]))).to.deep.equal({ [child]: true, [other]: false });
    });
  });

  describe('sightings and their subjects', () => {
    it('when a sighting is posted with subjectRefs, then each becomes a subject (unknown adult) linked as seen with, and the same reference finds the same subject', async () => {
      const ref = uniqueRef('SYN-R');
      const one = await newSighting(analyst, { subjectRefs: [ref] });
      const two = await newSighting(analyst, { subjectRefs: [ref, `${ref}-2`] });
      const subjects = await t.db.knex('subjects').whereIn('ref', [ref, `${ref}-2`]).orderBy('ref');
      expect(subjects.map((s: any) => [s.ref, s.kind, s.description])).to.deep.equal([
        [ref, 'unknown_adult', `Subject reference ${ref}`],
        [`${ref}-2`, 'unknown_adult', `Subject reference ${ref}-2`],
      ]);
      const links = await t.db.knex('subject_links').whereIn('sighting_id', [one, two]).orderBy('id');
      expect(links.map((l: any) => [l.sighting_id, l.subject_id, l.role])).to.deep.equal([
        [one, subjects[0].id, 'seen_with'],
        [two, subjects[0].id, 'seen_with'],
        [two, subjects[1].id, 'seen_with'],
      ]);
      const got = await analyst.agent.get(`/api/sightings/${two}`).expect(200);
      expect(got.body.properties.subjectRefs).to.deep.equal([ref, `${ref}-2`]);
      expect(got.body.properties.subjects).to.deep.equal([
        { subjectId: subjects[0].id, role: 'seen_with', ref, kind: 'unknown_adult' },
        { subjectId: subjects[1].id, role: 'seen_with', ref: `${ref}-2`, kind: 'unknown_adult' },
      ]);
      expect(got.body.properties).to.not.have.property('displayName');
    });

    it('when a sighting is posted with subjects by id, then they are linked in their roles; an unknown id is a 422 naming it and nothing is written', async () => {
      const driver = await newSubject({ kind: 'unknown_adult' });
      const child = await newSubject({ kind: 'child_at_risk' });
      const id = await newSighting(analyst, { subjects: [{ subjectId: driver, role: 'driver' }, { subjectId: child, role: 'victim' }] });
      const got = await analyst.agent.get(`/api/sightings/${id}`).expect(200);
      expect(got.body.properties.subjects.map((s: any) => [s.subjectId, s.role])).to.deep.equal([[driver, 'driver'], [child, 'victim']]);

      const sightings = await countRows(t, 'sightings');
      const subjects = await countRows(t, 'subjects');
      const links = await countRows(t, 'subject_links');
      const bad = await send(analyst, 'post', '/api/sightings', {
        ...sighting(privateBox().at()),
        subjectRefs: [uniqueRef('SYN-NEVER')],
        subjects: [{ subjectId: driver, role: 'driver' }, { subjectId: '00000000-0000-4000-8000-000000000000', role: 'victim' }],
      });
      expect(bad.status).to.equal(422);
      expect(bad.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(bad.body.errors).to.deep.equal([{ path: 'subjects.1.subjectId', message: 'no subject with this id' }]);
      const badRole = await send(analyst, 'post', '/api/sightings', { ...sighting(privateBox().at()), subjects: [{ subjectId: driver, role: 'chauffeur' }] });
      expect(badRole.status).to.equal(400);
      expect(badRole.body.errors[0].path).to.equal('subjects.0.role');
      expect([await countRows(t, 'sightings'), await countRows(t, 'subjects'), await countRows(t, 'subject_links')]).to.deep.equal([sightings, subjects, links]);
    });

    it('when a sighting is patched with subjects or subjectRefs, then they replace its links; a patch without them leaves the links alone', async () => {
      const a = await newSubject();
      const b = await newSubject();
      const ref = uniqueRef('SYN-PR');
      const id = await newSighting(analyst, { subjects: [{ subjectId: a, role: 'driver' }] });
      const patched = await send(analyst, 'patch', `/api/sightings/${id}`, { subjects: [{ subjectId: b, role: 'suspected_offender' }], subjectRefs: [ref] }).expect(200);
      expect(patched.body.properties.subjectRefs).to.deep.equal([ref]);
      const links = async () => (await t.db.knex('subject_links').where({ sighting_id: id }).orderBy('id')).map((l: any) => [l.subject_id, l.role]);
      const refSubject = (await t.db.knex('subjects').where({ ref }).first()).id;
      expect(await links()).to.deep.equal([[b, 'suspected_offender'], [refSubject, 'seen_with']]);
      await send(analyst, 'patch', `/api/sightings/${id}`, { category: 'other' }).expect(200);
      expect(await links()).to.have.length(2);
      await send(analyst, 'patch', `/api/sightings/${id}`, { subjects: [] }).expect(200);
      expect(await links()).to.deep.equal([]);
      const missing = await send(analyst, 'patch', `/api/sightings/${id}`, { subjects: [{ subjectId: '00000000-0000-4000-8000-000000000000', role: 'driver' }], category: 'adult_loitering' });
      expect(missing.status).to.equal(422);
      expect((await t.db.knex('sightings').where({ id }).first()).category, 'nothing written').to.equal('other');
    });

    it('when licensing officers read a sighting with subjects, then they never see subjects or subjectRefs, and planners read no sighting at all', async () => {
      const hotel = await addHotel(t.db, 'Subjects Test Hotel (synthetic)', privateBox().at());
      const subject = await newSubject({ ref: uniqueRef('SYN-H'), displayName: 'Synthetic Hidden' });
      const box = privateBox();
      const id = await newSighting(analyst, { ...box.at(), premisesId: hotel, subjects: [{ subjectId: subject, role: 'victim' }], subjectRefs: [uniqueRef('SYN-HR')] });
      const one = await licensing.agent.get(`/api/sightings/${id}`).expect(200);
      expect(one.body.properties.subjectRefs).to.deep.equal([]);
      expect(one.body.properties).to.not.have.property('subjects');
      const list = await licensing.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
      expect(JSON.stringify(list.body)).to.not.include(subject).and.not.include('SYN-H');
      const exported = await licensing.agent.get(`/api/exports/sightings?format=geojson&bbox=${box.bbox}`).expect(200);
      expect(JSON.stringify(exported.body)).to.not.include(subject).and.not.include('SYN-H');
      await planner.agent.get(`/api/sightings/${id}`).expect(403);
      const analystExport = await analyst.agent.get(`/api/exports/sightings?format=geojson&bbox=${box.bbox}`).expect(200);
      expect(analystExport.body.features[0].properties.subjectRefs, 'the linked subject has a ref too').to.have.length(2);
    });
  });

  describe('roles', () => {
    it('when a licensing officer, planner or partner calls any subjects route, then it is a 403 and the refusal is audited', async () => {
      const id = await newSubject();
      const partner = await signIn(t, 'partner');
      for (const s of [licensing, planner, partner]) {
        await s.agent.get('/api/subjects?q=syn').expect(403);
        await s.agent.get(`/api/subjects/${id}`).expect(403);
        await send(s, 'post', '/api/subjects', { kind: 'unknown_adult', description: 'x (synthetic)' }).expect(403);
        await send(s, 'patch', `/api/subjects/${id}`, { description: 'x (synthetic)' }).expect(403);
        await send(s, 'post', `/api/subjects/${id}/links`, { role: 'driver', vehicleId: id }).expect(403);
        await send(s, 'delete', `/api/subjects/${id}/links/1`).expect(403);
      }
      const denied = await t.db.knex('audit_log').where({ action: 'denied', user_id: licensing.user.id }).whereRaw(`query->>'path' like '/api/subjects%'`);
      expect(denied.length).to.be.at.least(6);
    });

    it('when an admin reads a subject, then it is as an analyst, display name included; without a purpose it is a 428', async () => {
      const id = await newSubject({ displayName: 'Synthetic Admin View' });
      const r = await admin.agent.get(`/api/subjects/${id}`).expect(200);
      expect(r.body.displayName).to.equal('Synthetic Admin View');
      const nopurpose = await signIn(t, 'analyst', { purpose: null });
      await nopurpose.agent.get(`/api/subjects/${id}`).expect(428);
    });
  });

  describe('MoPI review', () => {
    it('when a subject is past its review date, then the review queue lists it; retained it moves on, disposed it loses what identifies it and its links', async () => {
      const ref = uniqueRef('SYN-REV');
      const keep = await newSubject({ ref, description: 'Review me (synthetic)' });
      const drop = await newSubject({ ref: `${ref}-X`, displayName: 'Synthetic Disposed' });
      await newSighting(analyst, { subjects: [{ subjectId: drop, role: 'seen_with' }] });
      await t.db.knex('subjects').whereIn('id', [keep, drop]).update({ review_due: '2000-01-01' });
      const due = await admin.agent.get('/api/review/due?type=subject&limit=1000').expect(200);
      const listed = due.body.items.find((i: any) => i.id === keep);
      expect(listed).to.include({ type: 'subject', reviewDue: '2000-01-01', label: `${ref}: Review me (synthetic)`, sourceEval: null });
      const all = await admin.agent.get('/api/review/due?limit=1000').expect(200);
      expect(all.body.items.map((i: any) => i.id)).to.include(drop);
      await send(admin, 'post', `/api/review/subject/${keep}`, { decision: 'retain', reviewDue: '2099-01-01', reason: 'Live operation (synthetic)' }).expect(200);
      await send(admin, 'post', `/api/review/subject/${drop}`, { decision: 'dispose', reason: 'No longer necessary (synthetic)' }).expect(200);
      const row = await t.db.knex('subjects').where({ id: drop }).first();
      expect(row).to.include({ ref: null, display_name: null, description: '[disposed after review]' });
      expect(row.disposed_at).to.not.equal(null);
      expect(await t.db.knex('subject_links').where({ subject_id: drop })).to.deep.equal([]);
      await analyst.agent.get(`/api/subjects/${drop}`).expect(404);
      const again = await admin.agent.get('/api/review/due?type=subject&limit=1000').expect(200);
      expect(again.body.items.map((i: any) => i.id)).to.not.include.members([keep, drop]);
      const decisions = await t.db.knex('review_decisions').where({ record_type: 'subject' }).whereIn('record_id', [keep, drop]);
      expect(decisions).to.have.length(2);
    });
  });
});
