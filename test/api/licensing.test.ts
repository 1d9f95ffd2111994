import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const base = { category: 'young_person_collected', sourceAgency: 'licensing', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };
const tag = () => Math.random().toString(36).slice(2, 8);

describe('licensing API', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  const box = privateBox();
  let premisesId: string;
  let name: string;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    licensing = await signIn(t, 'licensing', { purpose: 'Licence review of a synthetic hotel' });
    name = `Quayside Lantern Hotel ${tag()} (synthetic)`;
    const r = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf)
      .send({ name, category: 'hotel', address: `1 Fictional Quay ${tag()} (synthetic)`, postcode: 'zz9 9zz', ...box.at(), licenceRef: `SYN-LIC-${tag()}`, licenceStatus: 'active' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    premisesId = r.body.id;
  });

  describe('premises', () => {
    it('when created, then the postcode is stored in canonical form', async () => {
      const r = await licensing.agent.get(`/api/premises/${premisesId}`).expect(200);
      expect(r.body.properties.postcode).to.equal('ZZ9 9ZZ');
    });

    it('when the name is misspelt, then the premises is still found', async () => {
      const misspelt = name.replace('Quayside', 'Quaysde').replace('Hotel', 'Hotell').replace(' (synthetic)', '');
      const r = await licensing.agent.get(`/api/premises?q=${encodeURIComponent(misspelt)}`).expect(200);
      expect(r.body.features.map((f: any) => f.id)).to.include(premisesId);
    });

    it('when the postcode is typed as zz99zz, then the premises is found', async () => {
      const r = await licensing.agent.get('/api/premises?q=zz99zz').expect(200);
      expect(r.body.features.map((f: any) => f.id)).to.include(premisesId);
    });

    it('when searched near a point, then distances come back nearest first', async () => {
      const p = box.at();
      const r = await licensing.agent.get(`/api/premises?near=${p.lat},${p.lon}&radius=50`).expect(200);
      expect(r.body.features[0].id).to.equal(premisesId);
      expect(r.body.features[0].properties.distanceM).to.be.below(1);
    });

    it('when the postcode is malformed, the category unknown and the point abroad, then each is named and nothing is written', async () => {
      const before = (await t.db.knex('premises').count({ n: '*' }))[0]!.n;
      const r = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name: 'x', category: 'casino', postcode: 'BL1', lat: 48.8, lon: 2.3 });
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: any) => e.path).sort()).to.deep.equal(['category', 'postcode']);
      expect(r.body.errors.find((e: any) => e.path === 'postcode').message).to.match(/not a UK postcode/);
      const abroad = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name: 'x', category: 'hotel', lat: 48.8, lon: 2.3 });
      expect(abroad.status).to.equal(400);
      expect(abroad.body.errors.map((e: any) => e.path)).to.deep.equal(['lat', 'lon']);
      expect((await t.db.knex('premises').count({ n: '*' }))[0]!.n).to.equal(before);
    });

    it('when premises are searched near a point outside the operating area, then a 400 names near', async () => {
      const r = await licensing.agent.get('/api/premises?near=48.85,2.35&radius=100');
      expect(r.status).to.equal(400);
      expect(r.headers['content-type']).to.match(/problem\+json/);
      expect(r.body.errors).to.deep.equal([{ path: 'near', message: '(48.85, 2.35) is outside the operating area -8.75,49.8,1.9,60.95' }]);
      const denied = await t.db.knex('audit_log').where({ user_id: licensing.user.id, action: 'denied', outcome: '400 invalid-request' }).whereRaw("query->>'path' = '/api/premises'").first();
      expect(denied?.query.fields).to.deep.equal(['near']);
    });

    it('when a licensing officer tries to create premises, then 403', async () => {
      await licensing.agent.post('/api/premises').set('X-CSRF-Token', licensing.csrf).send({ name: 'x', category: 'hotel', ...box.at() }).expect(403);
    });
  });

  describe('vehicles', () => {
    let vehicleId: string;
    const plate = `ZZ${Math.floor(Math.random() * 90 + 10)}SYN`;
    before(async () => {
      const r = await analyst.agent.post('/api/vehicles').set('X-CSRF-Token', analyst.csrf).send({ plate: plate.toLowerCase().replace(/(\d\d)/, ' $1 '), make: 'Fictional Motors', colour: 'Silver', operatorId: premisesId });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      vehicleId = r.body.id;
      expect(r.body.plate).to.equal(plate);
    });

    it('when the plate is typed with spaces, in lower case or padded, then the same taxi is found', async () => {
      const spaced = `${plate.slice(0, 4)} ${plate.slice(4)}`;
      for (const typed of [spaced.toLowerCase(), plate, ` ${plate.toLowerCase()} `]) {
        const r = await licensing.agent.get(`/api/vehicles?plate=${encodeURIComponent(typed)}`).expect(200);
        expect(r.body.items[0].id, typed).to.equal(vehicleId);
        expect(r.body.items[0].operatorName).to.equal(name);
      }
    });

    it('when the plate is only punctuation, then a 400 names plate', async () => {
      const r = await licensing.agent.get('/api/vehicles?plate=--');
      expect(r.status).to.equal(400);
      expect(r.body.errors[0].path).to.equal('plate');
      const dup = await analyst.agent.post('/api/vehicles').set('X-CSRF-Token', analyst.csrf).send({ plate });
      expect(dup.status).to.equal(409);
    });

    it('when a planner looks up a plate, then 403', async () => {
      const planner = await signIn(t, 'planner', { purpose: null });
      await planner.agent.get(`/api/vehicles?plate=${plate}`).expect(403);
    });

    it('when the vehicle profile is read, then linked sightings come as a timeline and a track', async () => {
      for (const [i, at] of [[0, box.at(0.001, 0)], [1, box.at(0.002, 0.001)]] as const) {
        await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, category: 'vehicle_of_interest', observedAt: `2026-0${i + 3}-01T22:00:00Z`, ...at, vehicleId });
      }
      await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, category: 'vehicle_of_interest', handlingCode: 'C', observedAt: '2026-05-01T22:00:00Z', ...box.at(), vehicleId });
      const a = await analyst.agent.get(`/api/vehicles/${vehicleId}/profile`).expect(200);
      expect(a.body.sightings.total).to.equal(3);
      // A month apart each: three points, and no leg joins them (TRACK_MAX_GAP_HOURS).
      expect(a.body.track.properties.points).to.equal(3);
      expect(a.body.track.geometry).to.deep.equal({ type: 'MultiLineString', coordinates: [] });
      expect(a.body.operator.id).to.equal(premisesId);
      const l = await licensing.agent.get(`/api/vehicles/${vehicleId}/profile`).expect(200);
      // Counts cover a C-coded sighting the officer may not read: they come through the disclosure gate.
      expect(l.body.sightings.total).to.equal('<5');
      expect(l.body.sightings.timeline).to.have.length(2);
      expect(l.body.sightings.timeline.every((s: any) => s.handlingCode === 'P')).to.equal(true);
    });
  });

  describe('profiles and intel', () => {
    it('when the premises profile is read, then it counts exactly the sightings within the radius or linked, and hides narratives from licensing', async () => {
      const mk = (at: { lon: number; lat: number }, extra: object = {}) =>
        analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, observedAt: '2026-06-05T21:30:00Z', ...at, narrative: 'restricted narrative (synthetic)', subjectRefs: ['SYN-S-1'], ...extra }).then((r) => { expect(r.status, JSON.stringify(r.body)).to.equal(201); return r.body.id; });
      await mk(box.at(0.0005, 0), { premisesId, indicators: ['walk_in_booking_no_luggage', 'adult_controlling_young_person'] }); // ~33 m, linked
      await mk(box.at(0, 0.0008)); // ~89 m
      await mk(box.at(0.0005, 0.0008), { handlingCode: 'C' }); // ~94 m
      await mk(box.at(0.002, 0)); // ~130 m: outside
      await mk(box.at(0.003, 0.003), { premisesId }); // far, but linked
      const c = box.at();
      const direct = await t.db.knex.raw(
        `select count(*)::int as n from sightings where deleted_at is null and observed_at >= '2026-06-01' and observed_at < '2026-07-01'
         and (premises_id = ? or ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, 100))`,
        [premisesId, c.lon, c.lat],
      );
      const a = await analyst.agent.get(`/api/premises/${premisesId}/profile?from=2026-06-01&to=2026-06-30&radius=100`).expect(200);
      expect(a.body.sightings.total).to.equal(direct.rows[0].n).and.to.equal(4);
      expect(a.body.sightings.linked).to.equal(2);
      expect(a.body.sightings.indicators).to.deep.equal({ walk_in_booking_no_luggage: 1, adult_controlling_young_person: 1 });
      expect(a.body.sightings.visible.length).to.equal(4);
      const l = await licensing.agent.get(`/api/premises/${premisesId}/profile?from=2026-06-01&to=2026-06-30&radius=100`).expect(200);
      // The officer's counts include a C-coded sighting they may not read: through the disclosure gate.
      expect(l.body.sightings.total).to.equal('<5');
      expect(JSON.stringify(l.body)).to.not.include('restricted narrative').and.not.include('SYN-S-1');
      expect(l.body.sightings.visible.every((s: any) => s.handlingCode === 'P' && (s.premisesId || s.vehicleId))).to.equal(true);
      expect(l.body.licence.status).to.equal('active');
    });

    it('when a licensing officer records intel on a premises, then it is listed in the profile; on an area, 403', async () => {
      const r = await licensing.agent.post('/api/intel').set('X-CSRF-Token', licensing.csrf).send({ subjectType: 'premises', subjectId: premisesId, sourceAgency: 'licensing', sourceEval: 1, intelAssessment: 'A', handlingCode: 'P', summary: 'Walk-in bookings by adults with teenagers (synthetic)', indicators: ['walk_in_booking_no_luggage'] });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      const p = await licensing.agent.get(`/api/premises/${premisesId}/profile`).expect(200);
      expect(p.body.intel.items.map((i: any) => i.id)).to.include(r.body.id);
      const area = await licensing.agent.post('/api/intel').set('X-CSRF-Token', licensing.csrf).send({ subjectType: 'area', subjectId: premisesId, sourceAgency: 'licensing', sourceEval: 1, intelAssessment: 'A', handlingCode: 'P', summary: 'x' });
      expect(area.status).to.equal(403);
    });

    it('when C-coded intel with a narrative is held on a premises, then the licensing profile counts it but shows neither it nor any narrative', async () => {
      const c = await analyst.agent.post('/api/intel').set('X-CSRF-Token', analyst.csrf).send({ subjectType: 'premises', subjectId: premisesId, sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'C', summary: 'Restricted summary (synthetic)', narrative: 'Restricted intel narrative (synthetic)' });
      expect(c.status, JSON.stringify(c.body)).to.equal(201);
      const p = await analyst.agent.post('/api/intel').set('X-CSRF-Token', analyst.csrf).send({ subjectType: 'premises', subjectId: premisesId, sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', summary: 'Shareable summary (synthetic)', narrative: 'Shareable intel narrative (synthetic)' });
      expect(p.status).to.equal(201);
      const a = await analyst.agent.get(`/api/premises/${premisesId}/profile`).expect(200);
      const l = await licensing.agent.get(`/api/premises/${premisesId}/profile`).expect(200);
      expect(l.body.intel.total).to.equal(a.body.intel.total);
      expect(a.body.intel.items.map((i: any) => i.id)).to.include.members([c.body.id, p.body.id]);
      expect(l.body.intel.items.map((i: any) => i.id)).to.include(p.body.id).and.not.include(c.body.id);
      expect(l.body.intel.items.every((i: any) => i.handlingCode === 'P' && i.narrative === null)).to.equal(true);
      expect(JSON.stringify(l.body)).to.not.include('Restricted').and.not.include('intel narrative');
    });

    it('when intel is bad, then the fields are named: missing subject, unknown indicator, location given with a subject', async () => {
      const r = await analyst.agent.post('/api/intel').set('X-CSRF-Token', analyst.csrf).send({ subjectType: 'premises', sourceAgency: 'police', sourceEval: 4, intelAssessment: 'B', handlingCode: 'P', summary: 'x', indicators: ['bad_sign'] });
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: any) => e.path).sort()).to.deep.equal(['indicators.0', 'sourceEval', 'subjectId']);
      const loc = await analyst.agent.post('/api/intel').set('X-CSRF-Token', analyst.csrf).send({ subjectType: 'location', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'C', handlingCode: 'C', summary: 'Party address reported (synthetic)', ...box.at(0.001, 0.001) });
      expect(loc.status).to.equal(201);
      const lic = await licensing.agent.get(`/api/intel/${loc.body.id}`);
      expect(lic.status).to.equal(404);
      const missing = await analyst.agent.post('/api/intel').set('X-CSRF-Token', analyst.csrf).send({ subjectType: 'vehicle', subjectId: '00000000-0000-4000-8000-000000000000', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'C', handlingCode: 'P', summary: 'x' });
      expect(missing.status).to.equal(422);
    });

    it('when sightings are filtered by a Makesafe indicator, then only those carrying it come back', async () => {
      const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&indicator=walk_in_booking_no_luggage`).expect(200);
      expect(r.body.features).to.have.length(1);
    });
  });
});
