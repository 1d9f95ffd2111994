import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase();
const sighting = { category: 'young_person_collected', sourceAgency: 'licensing', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };

describe('bulk checks API', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  const box = privateBox();
  let premisesId: string;
  let quietId: string;
  let vehicleId: string;
  const ref = `SYN-CHK-${tag()}`;
  const quietRef = `SYN-CHK-${tag()}`;
  const plate = `ZZ${Math.floor(Math.random() * 90 + 10)}CHK`;

  const post = (s: Session, url: string) => s.agent.post(url).set('X-CSRF-Token', s.csrf);

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    licensing = await signIn(t, 'licensing', { purpose: 'Bulk check of synthetic licences' });
    const p = await post(analyst, '/api/premises').send({ name: `Check Takeaway ${tag()} (synthetic)`, category: 'takeaway', ...box.at(), licenceRef: ref, licenceStatus: 'suspended' }).expect(201);
    premisesId = p.body.id;
    const q = await post(analyst, '/api/premises').send({ name: `Quiet Hotel ${tag()} (synthetic)`, category: 'hotel', ...box.at(0.003, 0.003), licenceRef: quietRef, licenceStatus: 'active' }).expect(201);
    quietId = q.body.id;
    const v = await post(analyst, '/api/vehicles').send({ plate, make: 'Fictional Motors', colour: 'Silver', operatorId: premisesId }).expect(201);
    vehicleId = v.body.id;
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    for (const s of [
      { ...box.at(0.0003, 0), observedAt: at(10), indicators: ['free_food_gifts_or_credit', 'young_person_in_staff_area'] }, // ~20 m, recent
      { ...box.at(0, 0.0005), observedAt: at(200), handlingCode: 'C' }, // ~55 m, older, restricted
      { ...box.at(0.01, 0), observedAt: at(20), premisesId }, // far but linked
      { ...box.at(0.002, 0), observedAt: at(20) }, // ~130 m: outside
      { ...box.at(0.001, 0.001), observedAt: at(30), vehicleId, category: 'vehicle_of_interest', indicators: ['journey_at_unusual_hours'] },
    ]) {
      await post(analyst, '/api/sightings').send({ ...sighting, ...s }).expect(201);
    }
    await post(licensing, '/api/intel').send({ subjectType: 'premises', subjectId: premisesId, sourceAgency: 'licensing', sourceEval: 2, intelAssessment: 'C', handlingCode: 'P', summary: 'Young people behind the counter (synthetic)' }).expect(201);
  });

  it('when a CSV of licence refs and plates is checked, then each row comes back with its counts and flags', async () => {
    const csv = `Licence Ref,plate\n${ref.toLowerCase()},\n,${plate.slice(0, 4).toLowerCase()} ${plate.slice(4).toLowerCase()}\nSYN-NOPE-1,\n${quietRef},--\n`;
    // An analyst's counts are exact; a licensing officer's pass the disclosure gate (next test).
    const r = await post(analyst, '/api/checks').set('Content-Type', 'text/csv').send(csv);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const rows = r.body.rows;
    expect(rows.map((x: any) => [x.row, x.kind, x.found])).to.deep.equal([[2, 'licence_ref', true], [3, 'plate', true], [4, 'licence_ref', false], [5, 'licence_ref', true], [5, 'plate', false]]);
    const [p, v, missing, quiet, bad] = rows;
    expect(p).to.include({ id: premisesId, licenceRef: ref, licenceStatus: 'suspended', sightings: 3, recentSightings: 2, makesafeIndicators: 2, intel: 1 });
    expect(p.flags).to.deep.equal(['licence_suspended', 'sightings', 'recent_sightings', 'makesafe', 'intel']);
    expect(v).to.include({ id: vehicleId, plate, operator: p.name, licenceStatus: 'suspended', sightings: 1, makesafeIndicators: 1, intel: 0 });
    expect(v.flags).to.deep.equal(['no_licence_number', 'licence_suspended', 'sightings', 'recent_sightings', 'makesafe']);
    expect(missing.flags).to.deep.equal(['not_found']);
    expect(quiet).to.include({ id: quietId, sightings: 0, intel: 0 });
    expect(quiet.flags).to.deep.equal([]);
    expect(bad).to.include({ input: '--', normalised: null });
    expect(bad.flags).to.deep.equal(['invalid']);
  });

  it('when a licensing officer checks, then counts that cover sightings they may not read read "<5", and flags follow the shown counts', async () => {
    const r = await post(licensing, '/api/checks').send({ licenceRefs: [ref, quietRef], plates: [plate] }).expect(200);
    const [p, quiet, v] = r.body.rows;
    expect(p).to.include({ id: premisesId, sightings: '<5', recentSightings: '<5', makesafeIndicators: '<5', intel: 1 });
    expect(p.flags).to.deep.equal(['licence_suspended', 'intel']);
    expect(quiet).to.include({ sightings: '<5' });
    expect(v).to.include({ id: vehicleId, sightings: '<5' });
  });

  it('when a premises is checked, then its count is the profile\'s count and a direct SQL count', async () => {
    const c = box.at();
    const direct = await t.db.knex.raw(
      `select count(*)::int as n from sightings where deleted_at is null and observed_at >= now() - interval '365 days'
       and (premises_id = ? or ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, 100))`,
      [premisesId, c.lon, c.lat],
    );
    const r = await post(analyst, '/api/checks').send({ licenceRefs: [ref] }).expect(200);
    const profile = await analyst.agent.get(`/api/premises/${premisesId}/profile`).expect(200);
    expect(r.body.rows[0].sightings).to.equal(direct.rows[0].n).and.to.equal(profile.body.sightings.total);
    const l = await post(licensing, '/api/checks').send({ licenceRefs: [ref] }).expect(200);
    const lp = await licensing.agent.get(`/api/premises/${premisesId}/profile`).expect(200);
    expect(l.body.rows[0].sightings).to.deep.equal(lp.body.sightings.total);
  });

  it('when the table is downloaded as CSV, then it is a CSV of the same rows and the download is audited as a disclosure', async () => {
    const r = await post(licensing, '/api/checks?format=csv').send({ licenceRefs: [ref, 'SYN-NOPE-2'], plates: [plate] }).expect(200);
    expect(r.headers['content-type']).to.match(/^text\/csv/);
    expect(r.headers['content-disposition']).to.match(/attachment; filename="?lantern-check-OFFICIAL-SENSITIVE-\d{4}-\d\d-\d\d\.csv/);
    const lines = r.text.trim().split('\r\n');
    expect(lines[0]).to.equal('row,kind,input,found,id,name,postcode,plate,licenceRef,licenceStatus,licenceNo,operator,sightings,recentSightings,makesafeIndicators,intel,flags');
    expect(lines).to.have.length(4);
    // The officer's counts pass the disclosure gate: "<5", and no flag for a count it hides.
    expect(lines[1]).to.contain(premisesId).and.contain(',<5,<5,<5,1,licence_suspended;intel');
    expect(lines[2]).to.match(/^2,licence_ref,SYN-NOPE-2,false,/);
    const audit = await t.db.knex('audit_log').where({ user_id: licensing.user.id, action: 'export', target_type: 'check' }).orderBy('id', 'desc').first();
    expect(audit, 'export audited').to.not.equal(undefined);
    expect(audit.target_ids).to.include(premisesId).and.include(vehicleId);
  });

  it('when the upload has no licence_ref or plate column, is empty of entries, or of another type, then a 400/415 problem, no check audited and each refusal audited as denied', async () => {
    const before = (await t.db.knex('audit_log').where({ user_id: licensing.user.id, target_type: 'check' }).count({ n: '*' }))[0]!.n;
    const noColumn = await post(licensing, '/api/checks').set('Content-Type', 'text/csv').send('name,postcode\nx,BL1 1AA\n');
    expect(noColumn.status).to.equal(400);
    expect(noColumn.headers['content-type']).to.match(/problem\+json/);
    expect(noColumn.body.errors[0].path).to.equal('header');
    const empty = await post(licensing, '/api/checks').set('Content-Type', 'text/csv').send('plate\n\n');
    expect(empty.status).to.equal(400);
    const json = await post(licensing, '/api/checks').send({ plates: [], extra: 1 });
    expect(json.status).to.equal(400);
    expect(json.body.errors.map((e: any) => e.path)).to.include('extra');
    const tooMany = await post(licensing, '/api/checks').send({ plates: Array.from({ length: 1001 }, (_, i) => `ZZ${i}`) });
    expect(tooMany.status).to.equal(400);
    const xml = await post(licensing, '/api/checks').set('Content-Type', 'application/xml').send('<plate/>');
    expect(xml.status).to.equal(415);
    const badQuery = await post(licensing, '/api/checks?format=pdf&radius=5').send({ plates: [plate] });
    expect(badQuery.status).to.equal(400);
    expect(badQuery.body.errors.map((e: any) => e.path).sort()).to.deep.equal(['format', 'radius']);
    const after = (await t.db.knex('audit_log').where({ user_id: licensing.user.id, target_type: 'check' }).count({ n: '*' }))[0]!.n;
    expect(after).to.equal(before);
    const denied = await t.db.knex('audit_log').where({ user_id: licensing.user.id, action: 'denied' }).whereRaw("query->>'path' = '/api/checks'").orderBy('id');
    expect(denied.map((d: any) => d.outcome)).to.deep.equal(['400 invalid-request', '400 invalid-request', '400 invalid-request', '400 invalid-request', '415 unsupported-media-type', '400 invalid-request']);
  });

  it('when no purpose is stated, then 428; when a planner checks, then 403', async () => {
    const noPurpose = await signIn(t, 'licensing', { purpose: null });
    await post(noPurpose, '/api/checks').send({ plates: [plate] }).expect(428);
    const planner = await signIn(t, 'planner');
    await post(planner, '/api/checks').send({ plates: [plate] }).expect(403);
  });
});
