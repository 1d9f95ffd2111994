import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const base = {
  category: 'adult_loitering',
  sourceAgency: 'police',
  sourceEval: 2,
  intelAssessment: 'B',
  handlingCode: 'P',
};

async function post(s: Session, body: Record<string, unknown>) {
  return s.agent.post('/api/sightings').set('X-CSRF-Token', s.csrf).send(body);
}

async function countAll(t: TestApp): Promise<number> {
  const r = await t.db.knex('sightings').count({ n: '*' });
  return Number(r[0]!.n);
}

describe('sightings API', () => {
  let t: TestApp;
  let analyst: Session;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
  });

  describe('create', () => {
    it('when an analyst posts a valid sighting, then it is stored with a 201, a Location and ISO UTC times', async () => {
      const box = privateBox();
      const res = await post(analyst, { ...base, observedAt: '2026-06-12T21:30:00+01:00', ...box.at(), narrative: 'Synthetic test narrative', subjectRefs: ['SYN-1'] });
      expect(res.status).to.equal(201);
      expect(res.headers.location).to.equal(`/api/sightings/${res.body.id}`);
      expect(res.body.type).to.equal('Feature');
      expect(res.body.geometry.coordinates[0]).to.be.closeTo(box.lon, 1e-6);
      expect(res.body.properties.observedAt).to.equal('2026-06-12T20:30:00.000Z');
      expect(res.body.properties.narrative).to.equal('Synthetic test narrative');
      expect(res.body.properties.reviewDue).to.match(/^\d{4}-\d{2}-\d{2}$/);
      const got = await analyst.agent.get(`/api/sightings/${res.body.id}`).expect(200);
      expect(got.body.properties.subjectRefs).to.deep.equal(['SYN-1']);
    });

    it('when the date is bad, the latitude is 200 and the category unknown, then one 400 names all three and nothing is written', async () => {
      const before = await countAll(t);
      const res = await post(analyst, { ...base, observedAt: 'yesterday-ish', lat: 200, lon: -2.4, category: 'loitering' });
      expect(res.status).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body).to.include({ status: 400, title: 'Invalid request' });
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).to.include.members(['observedAt', 'lat', 'category']);
      expect(await countAll(t)).to.equal(before);
    });

    it('when a field is unknown, then it is refused by name', async () => {
      const res = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...privateBox().at(), colour: 'red' });
      expect(res.status).to.equal(400);
      expect(res.body.errors).to.deep.include({ path: 'colour', message: 'unknown field "colour"' });
    });

    it('when numbers come as strings, then they are refused', async () => {
      const p = privateBox().at();
      const res = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', lat: String(p.lat), lon: p.lon, sourceEval: '2' });
      expect(res.status).to.equal(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.include.members(['lat', 'sourceEval']);
    });

    it('when the location is missing, then the problem says lat is required', async () => {
      const res = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z' });
      expect(res.status).to.equal(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.include('lat');
    });

    it('when the point is outside the operating area, then it is a 400 naming lat and lon', async () => {
      const before = await countAll(t);
      const res = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', lat: 48.85, lon: 2.35 });
      expect(res.status).to.equal(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['lat', 'lon']);
      expect(await countAll(t)).to.equal(before);
    });

    it('when the time is in the future, then it is refused', async () => {
      const res = await post(analyst, { ...base, observedAt: new Date(Date.now() + 86400_000).toISOString(), ...privateBox().at() });
      expect(res.status).to.equal(422);
      expect(res.body.errors[0].path).to.equal('observedAt');
    });

    it('when British National Grid coordinates are given, then PostGIS places the sighting in WGS84', async () => {
      const res = await post(analyst, { ...base, observedAt: '2026-02-01T23:00:00Z', easting: 371700, northing: 409200 });
      expect(res.status).to.equal(201);
      const [lon, lat] = res.body.geometry.coordinates;
      expect(lon).to.be.closeTo(-2.42889, 1e-4);
      expect(lat).to.be.closeTo(53.57862, 1e-4);
    });

    it('when the premises does not exist, then a 422 names premisesId', async () => {
      const res = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...privateBox().at(), premisesId: '00000000-0000-4000-8000-000000000000' });
      expect(res.status).to.equal(422);
      expect(res.body.errors[0].path).to.equal('premisesId');
    });

    it('when the same externalRef comes twice from one agency, then the second is a 409', async () => {
      const ref = `T-${Math.random()}`;
      await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...privateBox().at(), externalRef: ref }).then((r) => expect(r.status).to.equal(201));
      const res = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...privateBox().at(), externalRef: ref });
      expect(res.status).to.equal(409);
      expect(res.body.errors[0].path).to.equal('externalRef');
    });

    it('when the body is not JSON, then it is a 415; when it is malformed JSON, a 400', async () => {
      await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).set('Content-Type', 'text/plain').send('hello').expect(415);
      const bad = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).set('Content-Type', 'application/json').send('{"a":');
      expect(bad.status).to.equal(400);
      expect(bad.headers['content-type']).to.match(/problem\+json/);
    });

    it('when the body is larger than the limit, then it is a 413 problem', async () => {
      const small = await testApp({ LANTERN_BODY_LIMIT_KB: '1' });
      const s = await signIn(small, 'analyst');
      const res = await post(s, { ...base, observedAt: '2026-01-01T10:00:00Z', ...privateBox().at(), narrative: 'x'.repeat(5000) });
      expect(res.status).to.equal(413);
      expect(res.body.status).to.equal(413);
    });
  });

  describe('list filters', () => {
    it('when filtering by bbox, category, agency, model, from and to, then only matching points come back as GeoJSON', async () => {
      const box = privateBox();
      const mk = (o: Record<string, unknown>) => post(analyst, { ...base, ...box.at(0.001, 0.001), ...o }).then((r) => { expect(r.status, JSON.stringify(r.body)).to.equal(201); return r.body.id as string; });
      const a = await mk({ observedAt: '2026-03-10T20:00:00Z', category: 'party_address', groomingModel: 'party' });
      const b = await mk({ observedAt: '2026-03-11T20:00:00Z', category: 'adult_loitering', sourceAgency: 'health' });
      const c = await mk({ observedAt: '2026-04-20T20:00:00Z', category: 'party_address' });
      await post(analyst, { ...base, observedAt: '2026-03-10T20:00:00Z', lat: box.lat + 0.1, lon: box.lon });
      const ids = async (q: string) => {
        const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}${q}`).expect(200);
        expect(r.body.type).to.equal('FeatureCollection');
        return r.body.features.map((f: { id: string }) => f.id).sort();
      };
      expect(await ids('')).to.deep.equal([a, b, c].sort());
      expect(await ids('&category=party_address')).to.deep.equal([a, c].sort());
      expect(await ids('&agency=health')).to.deep.equal([b]);
      expect(await ids('&model=party')).to.deep.equal([a]);
      expect(await ids('&from=2026-03-11&to=2026-04-01')).to.deep.equal([b]);
      expect(await ids('&to=2026-03-10')).to.deep.equal([a]);
      expect(await ids('&from=2026-03-11T00:00:00Z')).to.deep.equal([b, c].sort());
    });

    it('when hours=22-2, then only sightings from 22:00 to 01:59 London time come back, across midnight and BST', async () => {
      const box = privateBox();
      const times: Record<string, boolean> = {
        '2026-07-04T20:59:00Z': false, // 21:59 BST
        '2026-07-04T21:30:00Z': true, // 22:30 BST
        '2026-07-04T23:30:00Z': true, // 00:30 BST
        '2026-07-05T00:59:00Z': true, // 01:59 BST
        '2026-07-05T01:00:00Z': false, // 02:00 BST
        '2026-01-10T22:15:00Z': true, // 22:15 GMT
        '2026-01-10T21:45:00Z': false, // 21:45 GMT
        '2026-01-11T01:30:00Z': true, // 01:30 GMT
      };
      const want: string[] = [];
      for (const [observedAt, inside] of Object.entries(times)) {
        const r = await post(analyst, { ...base, observedAt, ...box.at() });
        if (inside) want.push(r.body.id);
      }
      const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&hours=22-2`).expect(200);
      expect(r.body.features.map((f: { id: string }) => f.id).sort()).to.deep.equal(want.sort());
    });

    it('when the clocks change, then the hour is read in the time zone in force at that instant', async () => {
      const box = privateBox();
      // 29 March 2026 01:00Z clocks go forward; 25 October 2026 01:00Z they go back.
      const cases: [string, number][] = [
        ['2026-03-29T00:30:00Z', 0], // 00:30 GMT
        ['2026-03-29T01:30:00Z', 2], // 02:30 BST
        ['2026-10-25T00:30:00Z', 1], // 01:30 BST
        ['2026-10-25T01:30:00Z', 1], // 01:30 GMT (the repeated hour)
      ];
      const idAt: Record<number, string[]> = {};
      for (const [observedAt, hour] of cases) {
        const r = await post(analyst, { ...base, observedAt, ...box.at() });
        (idAt[hour] ??= []).push(r.body.id);
      }
      const get = async (hours: string) =>
        (await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&hours=${hours}`).expect(200)).body.features.map((f: { id: string }) => f.id).sort();
      expect(await get('2-3')).to.deep.equal(idAt[2]);
      expect(await get('1-2')).to.deep.equal(idAt[1]!.sort());
      expect(await get('0-1')).to.deep.equal(idAt[0]);
    });

    it('when days=fri,sat, then weekdays are read in London time', async () => {
      const box = privateBox();
      // Friday 2026-07-03 23:30 BST = 22:30Z; Saturday 00:30 BST = Friday 23:30Z; Sunday 2026-07-05 00:30 BST = Saturday 23:30Z.
      const fri = await post(analyst, { ...base, observedAt: '2026-07-03T22:30:00Z', ...box.at() });
      const sat = await post(analyst, { ...base, observedAt: '2026-07-03T23:30:00Z', ...box.at() });
      await post(analyst, { ...base, observedAt: '2026-07-04T23:30:00Z', ...box.at() });
      const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&days=fri,sat&to=2026-07-04`).expect(200);
      expect(r.body.features.map((f: { id: string }) => f.id).sort()).to.deep.equal([fri.body.id, sat.body.id].sort());
      const sun = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&days=sun`).expect(200);
      expect(sun.body.features).to.have.length(1);
    });

    it('when more match than the limit, then numberMatched and truncated say so', async () => {
      const box = privateBox();
      for (let i = 0; i < 4; i++) await post(analyst, { ...base, observedAt: `2026-05-0${i + 1}T12:00:00Z`, ...box.at() });
      const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}&limit=3`).expect(200);
      expect(r.body).to.include({ numberMatched: 4, numberReturned: 3, truncated: true });
      expect(r.body.features[0].properties.observedAt).to.equal('2026-05-04T12:00:00.000Z');
      const all = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
      expect(all.body).to.include({ numberMatched: 4, numberReturned: 4, truncated: false });
    });

    it('when filter values are bad, then each bad parameter is named', async () => {
      const r = await analyst.agent.get('/api/sightings?bbox=1,2,3&hours=25-3&days=funday&category=nope&limit=0&from=soon&colour=red');
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['bbox', 'category', 'colour', 'days', 'from', 'hours', 'limit']);
      const big = await analyst.agent.get('/api/sightings?limit=100001');
      expect(big.status).to.equal(400);
      const range = await analyst.agent.get('/api/sightings?from=2026-05-01&to=2026-04-01');
      expect(range.body.errors[0].path).to.equal('to');
    });

    it('when a parameter is repeated, then it is refused rather than guessed', async () => {
      const r = await analyst.agent.get('/api/sightings?category=other&category=party_address');
      expect(r.status).to.equal(400);
      expect(r.body.errors[0].path).to.equal('category');
    });
  });

  describe('update and delete', () => {
    it('when a sighting is moved, then its area is derived again from the areas table', async () => {
      const box = privateBox();
      const square = (lon: number, lat: number, d: number) => ({ type: 'MultiPolygon', coordinates: [[[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]]] });
      const insertArea = async (name: string, kind: string, geo: object) => {
        const r = await t.db.knex.raw(`insert into areas (name, kind, geom) values (?, ?, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) returning id`, [name, kind, JSON.stringify(geo)]);
        return r.rows[0].id as string;
      };
      const west = await insertArea('Test ward west (synthetic)', 'ward', square(box.lon - 0.002, box.lat, 0.0015));
      const east = await insertArea('Test ward east (synthetic)', 'ward', square(box.lon + 0.002, box.lat, 0.0015));
      const hot = await insertArea('Test hotspot (synthetic)', 'hotspot', square(box.lon - 0.002, box.lat, 0.0005));
      const created = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', lat: box.lat, lon: box.lon - 0.002 });
      expect(created.body.properties.areaId).to.equal(west);
      expect(hot).to.be.a('string');
      const moved = await analyst.agent.patch(`/api/sightings/${created.body.id}`).set('X-CSRF-Token', analyst.csrf).send({ lat: box.lat, lon: box.lon + 0.002, reason: 'Moved to the east ward (test)' });
      expect(moved.status).to.equal(200);
      expect(moved.body.properties.areaId).to.equal(east);
      const outside = await analyst.agent.patch(`/api/sightings/${created.body.id}`).set('X-CSRF-Token', analyst.csrf).send({ lat: box.lat + 0.01, lon: box.lon, reason: 'Moved outside the wards (test)' });
      expect(outside.body.properties.areaId).to.equal(null);
    });

    it('when patched with only a latitude, then lon is required', async () => {
      const c = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...privateBox().at() });
      const r = await analyst.agent.patch(`/api/sightings/${c.body.id}`).set('X-CSRF-Token', analyst.csrf).send({ lat: 57 });
      expect(r.status).to.equal(400);
      expect(r.body.errors[0].path).to.equal('lon');
    });

    it('when a sighting is deleted with a reason, then it disappears from lists and reads but the row stays', async () => {
      const box = privateBox();
      const c = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...box.at() });
      const id = c.body.id as string;
      await analyst.agent.delete(`/api/sightings/${id}`).set('X-CSRF-Token', analyst.csrf).send({}).expect(400);
      await analyst.agent.delete(`/api/sightings/${id}`).set('X-CSRF-Token', analyst.csrf).send({ reason: 'Entered twice (test)' }).expect(204);
      await analyst.agent.get(`/api/sightings/${id}`).expect(404);
      const list = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
      expect(list.body.features).to.have.length(0);
      const row = await t.db.knex('sightings').where({ id }).first();
      expect(row.delete_reason).to.equal('Entered twice (test)');
      expect(row.deleted_by).to.equal(analyst.user.id);
      await analyst.agent.delete(`/api/sightings/${id}`).set('X-CSRF-Token', analyst.csrf).send({ reason: 'again' }).expect(404);
    });

    it('when the id is not a UUID, then a 400 names it', async () => {
      const r = await analyst.agent.get('/api/sightings/not-a-uuid');
      expect(r.status).to.equal(400);
      expect(r.body.errors[0].path).to.equal('id');
    });
  });

  describe('roles', () => {
    it('when a planner lists sightings, then it is a 403 and the denial is audited', async () => {
      const planner = await signIn(t, 'planner', { purpose: null });
      const r = await planner.agent.get('/api/sightings');
      expect(r.status).to.equal(403);
      const row = await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'denied' }).first();
      expect(row.outcome).to.equal('403 forbidden');
    });

    it('when a licensing officer lists, then only P-coded sightings linked to premises or vehicles come back, without narrative', async () => {
      const box = privateBox();
      const prem = await t.db.knex.raw(`insert into premises (name, category, geom) values ('Test Takeaway (synthetic)', 'takeaway', ST_SetSRID(ST_MakePoint(?, ?), 4326)) returning id`, [box.lon, box.lat]);
      const premisesId = prem.rows[0].id;
      const linkedP = await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...box.at(), premisesId, narrative: 'secret (synthetic)', subjectRefs: ['SYN-9'] });
      await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...box.at(), premisesId, handlingCode: 'C' });
      await post(analyst, { ...base, observedAt: '2026-01-01T10:00:00Z', ...box.at() });
      const lic = await signIn(t, 'licensing');
      const r = await lic.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
      expect(r.body.features.map((f: { id: string }) => f.id)).to.deep.equal([linkedP.body.id]);
      const one = await lic.agent.get(`/api/sightings/${linkedP.body.id}`).expect(200);
      expect(one.body.properties.narrative).to.equal(null);
      expect(one.body.properties.subjectRefs).to.deep.equal([]);
      await lic.agent.post('/api/sightings').set('X-CSRF-Token', lic.csrf).send({ ...base, observedAt: '2026-01-01T10:00:00Z', ...box.at() }).expect(403);
    });

    it('when no purpose is stated, then records answer 428 purpose-required', async () => {
      const s = await signIn(t, 'analyst', { purpose: null });
      const r = await s.agent.get('/api/sightings');
      expect(r.status).to.equal(428);
      expect(r.body.type).to.match(/\/purpose-required$/);
    });

    it('when not signed in, then 401', async () => {
      const { default: supertest } = await import('supertest');
      const r = await supertest(t.app).get('/api/sightings');
      expect(r.status).to.equal(401);
      expect(r.headers['content-type']).to.match(/problem\+json/);
    });

    it('when an analyst reads and searches, then both are in the audit log with the filters and counts', async () => {
      const s = await signIn(t, 'analyst', { purpose: 'Op Test weekly tasking' });
      const box = privateBox();
      const c = await post(s, { ...base, observedAt: '2026-01-01T10:00:00Z', ...box.at() });
      await s.agent.get(`/api/sightings/${c.body.id}`).expect(200);
      await s.agent.get(`/api/sightings?bbox=${box.bbox}&category=adult_loitering`).expect(200);
      const rows = await t.db.knex('audit_log').where({ user_id: s.user.id }).orderBy('id');
      const actions = rows.map((r: { action: string }) => r.action);
      expect(actions).to.include.members(['login', 'purpose_set', 'create', 'consult', 'search']);
      const search = rows.find((r: { action: string }) => r.action === 'search');
      expect(search.purpose).to.equal('Op Test weekly tasking');
      expect(search.query).to.include({ returned: 1, matched: 1 });
      expect(search.query.category ?? search.query.categories).to.deep.equal(['adult_loitering']);
    });
  });
});
