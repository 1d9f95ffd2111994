import { expect } from 'chai';
import { privateBox, signIn, testApp, type Session, type TestApp } from '../support/app.js';

const tag = () => Math.random().toString(36).slice(2, 8);

describe('journeys API', () => {
  let t: TestApp;
  let analyst: Session;
  const box = privateBox();
  let takeaway: string;
  let hotel: string;
  let vehicle: string;
  let plate: string;
  let west: { id: string; name: string };
  let east: { id: string; name: string };

  const W = box.at(-0.002, 0);
  const E = box.at(0.002, 0);

  async function premises(name: string, category: string, at: { lon: number; lat: number }): Promise<string> {
    const r = await t.db.knex.raw(`insert into premises (name, category, geom, synthetic) values (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), true) returning id`, [name, category, at.lon, at.lat]);
    return r.rows[0].id;
  }
  async function ward(name: string, lon: number): Promise<{ id: string; name: string }> {
    // Half the private box each: west and east of its centre line.
    const r = await t.db.knex.raw(
      `insert into areas (name, kind, geom) values (?, 'ward', ST_Multi(ST_MakeEnvelope(?, ?, ?, ?, 4326))) returning id`,
      [name, lon - 0.002, box.lat - 0.0035, lon + 0.002, box.lat + 0.0035],
    );
    return { id: r.rows[0].id, name };
  }
  /** A sighting at the point and time, at the premises and with the vehicle when given; returns its id. */
  async function sighting(at: { lon: number; lat: number }, observedAt: string, extra: { premisesId?: string; vehicleId?: string } = {}): Promise<string> {
    const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({
      observedAt, ...at, category: 'young_person_collected', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id;
  }
  const post = (s: Session, body: object) => s.agent.post('/api/journeys').set('X-CSRF-Token', s.csrf).send(body);
  const journeyCount = async () => Number((await t.db.knex('journeys').count({ n: '*' }))[0]!.n) + Number((await t.db.knex('journey_legs').count({ n: '*' }))[0]!.n);

  before(async function () {
    // Opening the shared embedded database (PostGIS, migrations) is slow on a busy machine.
    this.timeout(180_000);
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    west = await ward(`Westfold ${tag()} (synthetic ward)`, box.lon - 0.002);
    east = await ward(`Eastmarch ${tag()} (synthetic ward)`, box.lon + 0.002);
    takeaway = await premises(`Journey Grill ${tag()} (synthetic)`, 'takeaway', W);
    hotel = await premises(`Journey Hotel ${tag()} (synthetic)`, 'hotel', E);
    plate = `ZJ${Math.floor(Math.random() * 1e7)}`;
    vehicle = (await t.db.knex('vehicles').insert({ plate }).returning('id'))[0].id;
  });

  describe('a journey of four legs', () => {
    let id: string;
    let legs: string[];
    before(async () => {
      legs = [
        await sighting(box.at(-0.003, 0.001), '2004-05-01T20:00:00Z'),
        await sighting(W, '2004-05-01T20:10:00Z', { premisesId: takeaway, vehicleId: vehicle }),
        await sighting(E, '2004-05-01T20:40:00Z', { premisesId: hotel }),
        await sighting(box.at(-0.003, -0.001), '2004-05-01T23:30:00Z'),
      ];
      const r = await post(analyst, {
        title: 'Town centre to hotel (synthetic)',
        legs: [
          { kind: 'approached', sightingId: legs[0] },
          { kind: 'picked_up', sightingId: legs[1] },
          { kind: 'taken_to', sightingId: legs[2] },
          { kind: 'dropped_off', sightingId: legs[3] },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      id = r.body.id;
    });

    it('when read, then its legs are numbered in the order given and carry their sightings’ time, place, vehicle and premises', async () => {
      const r = await analyst.agent.get(`/api/journeys/${id}`).expect(200);
      expect(r.body.title).to.equal('Town centre to hotel (synthetic)');
      expect(r.body.legs.map((l: any) => [l.seq, l.kind, l.sightingId])).to.deep.equal([
        [1, 'approached', legs[0]],
        [2, 'picked_up', legs[1]],
        [3, 'taken_to', legs[2]],
        [4, 'dropped_off', legs[3]],
      ]);
      const [, pick, taken] = r.body.legs;
      expect(new Date(pick.observedAt).toISOString()).to.equal('2004-05-01T20:10:00.000Z');
      expect(pick.lon).to.be.closeTo(W.lon, 1e-6);
      expect(pick.lat).to.be.closeTo(W.lat, 1e-6);
      expect(pick).to.include({ vehicleId: vehicle, plate, premisesId: takeaway, premisesCategory: 'takeaway' });
      expect(taken).to.include({ premisesId: hotel, premisesCategory: 'hotel', vehicleId: null });
      expect(taken.premisesName).to.match(/^Journey Hotel/);
    });

    it('when listed by period and bbox, then it is there with its legs, and not outside the period', async () => {
      const r = await analyst.agent.get(`/api/journeys?from=2004-05-01&to=2004-05-01&bbox=${box.bbox}`).expect(200);
      const found = r.body.items.find((j: any) => j.id === id);
      expect(found.legs).to.have.length(4);
      const before = await analyst.agent.get(`/api/journeys?to=2004-04-30&bbox=${box.bbox}`).expect(200);
      expect(before.body.items.map((j: any) => j.id)).to.not.include(id);
    });

    it('when created and read, then both are audited with the purpose', async () => {
      const rows = await t.db.knex('audit_log').where({ user_id: analyst.user.id, target_type: 'journey' }).whereRaw('? = any(target_ids)', [id]);
      expect(rows.map((x: any) => x.action)).to.include.members(['create', 'consult']);
      expect(rows.every((x: any) => x.purpose === 'Automated test of Lantern')).to.equal(true);
    });
  });

  describe('origin and destination', () => {
    before(async () => {
      // Three pick-ups at the take-away (west ward): two lead to the hotel (east), one to a street point in the east ward.
      for (const [i, dest] of [['1', 'hotel'], ['2', 'hotel'], ['3', 'place']] as const) {
        const pick = await sighting(W, `2004-06-0${i}T21:00:00Z`, { premisesId: takeaway, vehicleId: vehicle });
        const between = await sighting(box.at(0, 0.001), `2004-06-0${i}T21:10:00Z`);
        const to = dest === 'hotel' ? await sighting(E, `2004-06-0${i}T21:30:00Z`, { premisesId: hotel }) : await sighting(box.at(0.003, -0.002), `2004-06-0${i}T21:30:00Z`);
        const r = await post(analyst, { title: `OD ${i} (synthetic)`, legs: [{ kind: 'picked_up', sightingId: pick }, { kind: 'approached', sightingId: between }, { kind: 'taken_to', sightingId: to }] });
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
      }
      // A pick-up that leads nowhere counts for nothing.
      const lone = await sighting(W, '2004-06-04T21:00:00Z', { vehicleId: vehicle });
      await post(analyst, { title: 'No destination (synthetic)', legs: [{ kind: 'picked_up', sightingId: lone }] }).expect(201);
    });

    it('when counted by category, then pick-ups lead from the take-away’s ward to hotels twice and to a place once', async () => {
      const r = await analyst.agent.get(`/api/journeys/od?from=2004-06-01&to=2004-06-30&by=category&bbox=${box.bbox}`).expect(200);
      expect(r.body.by).to.equal('category');
      const rows = r.body.rows.map((x: any) => [x.from, x.to, x.count]);
      expect(rows).to.deep.equal([[west.name, 'hotel', 2], [west.name, 'place', 1]]);
    });

    it('when counted by ward, then all three lead from the west ward to the east ward', async () => {
      const r = await analyst.agent.get(`/api/journeys/od?from=2004-06-01&to=2004-06-30&by=ward&bbox=${box.bbox}`).expect(200);
      expect(r.body.rows.map((x: any) => [x.from, x.to, x.count])).to.deep.equal([[west.name, east.name, 3]]);
      expect(r.body.rows[0]).to.include({ fromId: west.id, toId: east.id });
    });

    it('when the grouping is unknown, then the parameter is named', async () => {
      const r = await analyst.agent.get('/api/journeys/od?by=colour').expect(400);
      expect(r.body.errors.map((e: any) => e.path)).to.deep.equal(['by']);
    });
  });

  describe('validation', () => {
    let plain: string;
    let gone: string;
    let withVehicle: string;
    before(async () => {
      plain = await sighting(box.at(0.001, 0.002), '2004-07-01T20:00:00Z');
      withVehicle = await sighting(box.at(0.001, 0.002), '2004-07-01T20:05:00Z', { vehicleId: vehicle });
      gone = await sighting(box.at(0.001, 0.002), '2004-07-01T20:10:00Z');
      await analyst.agent.delete(`/api/sightings/${gone}`).set('X-CSRF-Token', analyst.csrf).send({ reason: 'test of journeys (synthetic)' }).expect(204);
    });

    it('when the body is malformed, then each bad field is named and nothing is written', async () => {
      const n = await journeyCount();
      const none = await post(analyst, { title: 'x', legs: [] }).expect(400);
      expect(none.body.errors.map((e: any) => e.path)).to.deep.equal(['legs']);
      const many = await post(analyst, { title: 'x', legs: Array.from({ length: 51 }, () => ({ kind: 'approached', sightingId: plain })) }).expect(400);
      expect(many.body.errors.map((e: any) => e.path)).to.deep.equal(['legs']);
      const bad = await post(analyst, { title: '', legs: [{ kind: 'kidnapped', sightingId: 'nope' }], extra: 1 }).expect(400);
      expect(bad.body.errors.map((e: any) => e.path).sort()).to.deep.equal(['extra', 'legs.0.kind', 'legs.0.sightingId', 'title']);
      expect(await journeyCount()).to.equal(n);
    });

    it('when a sighting is unknown, deleted or a pick-up has no vehicle, then the legs are named 422 and nothing is written', async () => {
      const n = await journeyCount();
      const r = await post(analyst, {
        title: 'Invalid (synthetic)',
        legs: [
          { kind: 'picked_up', sightingId: plain },
          { kind: 'picked_up', sightingId: withVehicle },
          { kind: 'taken_to', sightingId: '00000000-0000-4000-8000-000000000000' },
          { kind: 'dropped_off', sightingId: gone },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(422);
      expect(r.headers['content-type']).to.match(/problem\+json/);
      expect(r.body.errors.map((e: any) => e.path)).to.deep.equal(['legs.0.sightingId', 'legs.2.sightingId', 'legs.3.sightingId']);
      expect(r.body.errors[0].message).to.match(/vehicle/);
      expect(await journeyCount()).to.equal(n);
    });

    it('when a journey is deleted with a reason, then it is gone from reads and lists', async () => {
      const made = await post(analyst, { title: 'To delete (synthetic)', legs: [{ kind: 'approached', sightingId: plain }] }).expect(201);
      await analyst.agent.delete(`/api/journeys/${made.body.id}`).set('X-CSRF-Token', analyst.csrf).send({}).expect(400);
      await analyst.agent.delete(`/api/journeys/${made.body.id}`).set('X-CSRF-Token', analyst.csrf).send({ reason: 'made in error (synthetic)' }).expect(204);
      await analyst.agent.get(`/api/journeys/${made.body.id}`).expect(404);
      const list = await analyst.agent.get(`/api/journeys?bbox=${box.bbox}`).expect(200);
      expect(list.body.items.map((j: any) => j.id)).to.not.include(made.body.id);
      await analyst.agent.delete(`/api/journeys/${made.body.id}`).set('X-CSRF-Token', analyst.csrf).send({ reason: 'again' }).expect(404);
    });
  });

  describe('roles', () => {
    it('when licensing officers or planners ask, then they are refused; without a purpose an analyst gets 428', async () => {
      for (const role of ['licensing', 'planner'] as const) {
        const s = await signIn(t, role);
        await s.agent.get('/api/journeys').expect(403);
        await s.agent.get('/api/journeys/od').expect(403);
        await post(s, { title: 'x', legs: [] }).expect(403);
      }
      const nop = await signIn(t, 'analyst', { purpose: null });
      await nop.agent.get('/api/journeys').expect(428);
      const admin = await signIn(t, 'admin');
      await admin.agent.get('/api/journeys/od').expect(200);
    });
  });
});
