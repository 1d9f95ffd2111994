import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { candidates } from '../support/disclosure.js';

/**
 * The attacks a hostile planner and licensing officer ran against the map endpoints
 * (issue 15), rerun as tests. Each one tries to learn a count from 1 to 4, or one
 * sighting's time, cell or category, and must learn nothing: every restricted number
 * comes through the disclosure gate (server/disclosure/gate.ts, docs/DISCLOSURE.md).
 */

/** Whether a value is one the gate can publish: "<5", "[c]", 0 or a multiple of 5 (never an exact count). */
const publishable = (p: unknown) => p === '<5' || p === '[c]' || (typeof p === 'number' && p % 5 === 0);

const base = { sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };

/** A WGS84 polygon from BNG corners (metres), as the database transforms them. */
async function bngPolygon(t: TestApp, x0: number, y0: number, x1: number, y1: number) {
  const r = await t.db.knex.raw('select ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326), 9) as g', [x0, y0, x1, y1]);
  return JSON.parse(r.rows[0].g);
}

/** A WGS84 point from BNG metres. */
async function bngPoint(t: TestApp, e: number, n: number): Promise<{ lon: number; lat: number }> {
  const r = await t.db.knex.raw('select ST_X(p) as lon, ST_Y(p) as lat from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 27700), 4326) as p) x', [e, n]);
  return { lon: Number(r.rows[0].lon), lat: Number(r.rows[0].lat) };
}

/** The 250 m cell (south-west corner, BNG metres) that holds a WGS84 point. */
async function cellOf(t: TestApp, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const r = await t.db.knex.raw('select floor(ST_X(p) / 250) * 250 as x, floor(ST_Y(p) / 250) * 250 as y from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) a', [lon, lat]);
  return { x: Number(r.rows[0].x), y: Number(r.rows[0].y) };
}

describe('disclosure attacks on the map endpoints (restricted readers learn no count 1–4 and no single sighting)', function () {
  this.timeout(300_000);
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  let licensing: Session;

  async function sighting(at: { lon: number; lat: number }, observedAt: string, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, category: 'adult_loitering', observedAt, ...at, ...extra });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id as string;
  }

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    planner = await signIn(t, 'planner', { purpose: null });
    licensing = await signIn(t, 'licensing', { purpose: 'Licence review (synthetic test)' });
  });

  describe('a polygon of a busy block plus one cell, against the block alone', () => {
    let block: unknown;
    let blockPlusCell: unknown;
    let lone: unknown;
    before(async () => {
      const box = privateBox();
      const { x, y } = await cellOf(t, box.lon, box.lat);
      // The block: 4 × 2 cells of 250 m holding 31 sightings; the cell east of it holds 3.
      for (let i = 0; i < 31; i++) await sighting(await bngPoint(t, x + 40 + (i % 8) * 120, y + 60 + Math.floor(i / 8) * 100), `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T21:00:00Z`);
      for (let i = 0; i < 3; i++) await sighting(await bngPoint(t, x + 1000 + 60 + i * 50, y + 125), `2026-05-1${i}T22:30:00Z`, { category: 'party_address' });
      block = await bngPolygon(t, x, y, x + 1000, y + 500);
      blockPlusCell = await bngPolygon(t, x, y, x + 1250, y + 500);
      lone = await bngPolygon(t, x + 1000, y, x + 1250, y + 250);
    });

    const stats = async (s: Session, geometry: unknown) =>
      (await s.agent.post('/api/map/stats').set('X-CSRF-Token', s.csrf).send({ geometry, from: '2026-05-01', to: '2026-05-31' }).expect(200)).body;

    it('when an analyst asks, then the counts are exact (the attack needs them exact)', async () => {
      expect((await stats(analyst, block)).count).to.equal(31);
      expect((await stats(analyst, blockPlusCell)).count).to.equal(34);
    });

    it('when a planner subtracts the two polygons, then the cell\'s 3 is not pinned, and the cell alone reads "<5"', async () => {
      const a = await stats(planner, block);
      const b = await stats(planner, blockPlusCell);
      for (const v of [a.count, b.count, ...Object.values(a.byCategory), ...Object.values(b.byCategory)]) expect(publishable(v), String(v)).to.equal(true);
      const c = candidates(a.count, b.count);
      expect(c.length, `${a.count} vs ${b.count}`).to.be.above(1);
      expect(c).to.include(3);
      for (const k of Object.keys(a.byCategory)) expect(candidates(a.byCategory[k], b.byCategory[k] ?? '<5').length, k).to.be.above(1);
      const alone = await stats(planner, lone);
      expect(alone.count).to.equal('<5');
      expect(alone.byCategory.party_address).to.equal('<5');
    });

    it('when a planner nudges a polygon\'s edge by a few metres, then nothing changes (whole cells)', async () => {
      const a = await stats(planner, blockPlusCell);
      const r = await t.db.knex.raw('select ST_AsGeoJSON(ST_Transform(ST_Buffer(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), 27700), 20, 1), 4326), 9) as g', [JSON.stringify(blockPlusCell)]);
      const b = await stats(planner, JSON.parse(r.rows[0].g));
      expect(b.count).to.deep.equal(a.count);
      expect(b.byCategory).to.deep.equal(a.byCategory);
    });
  });

  describe('one sighting alone in a box', () => {
    const box = privateBox();
    const when = '2026-06-12T23:41:17.250Z';
    let id: string;
    before(async () => {
      id = await sighting(box.at(0.0011, 0.0007), when, { category: 'young_person_collected' });
    });

    it('when a planner bisects the timeline\'s "to" by the millisecond, then both answers are the same (whole days)', async () => {
      const just = (ms: number) => new Date(Date.parse(when) + ms).toISOString();
      const before = await planner.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2026-06-01&to=${just(0)}`).expect(200);
      const after = await planner.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2026-06-01&to=${just(1)}`).expect(200);
      expect(after.body).to.deep.equal(before.body);
    });

    it('when a planner compares a day with the sighting and a day without, then they read the same: no presence, no time', async () => {
      const day = await planner.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2026-06-12&to=2026-06-13`).expect(200);
      const empty = await planner.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2026-06-20&to=2026-06-21`).expect(200);
      expect(day.body.total).to.equal('<5');
      expect(day.body.buckets.map((b: any) => b.count)).to.deep.equal(empty.body.buckets.map((b: any) => b.count));
      expect(JSON.stringify(day.body.matrix)).to.equal(JSON.stringify(empty.body.matrix));
    });

    it('when a planner moves the bbox\'s east edge by 0.0001° across the sighting, then no answer changes', async () => {
      const [w, s, , n] = box.bbox.split(',').map(Number) as [number, number, number, number];
      const lon = box.lon + 0.0011;
      const answers = new Set<string>();
      for (let i = -3; i <= 3; i++) {
        const r = await planner.agent.get(`/api/map/timeline?bbox=${w},${s},${(lon + i * 0.0001).toFixed(6)},${n}&from=2026-06-01&to=2026-07-01`).expect(200);
        answers.add(JSON.stringify([r.body.total, r.body.buckets, r.body.matrix]));
      }
      expect(answers.size).to.equal(1);
    });

    it('when a planner bisects the period at zoom 16, then the clusters never show the sighting\'s cell', async () => {
      const seen = new Set<string>();
      for (const [from, to] of [['2026-06-01', '2026-07-01'], ['2026-06-12', '2026-06-13'], ['2026-06-13', '2026-06-14'], ['2026-06-12T23:00:00Z', '2026-06-12T23:59:59Z']]) {
        const r = await planner.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=16&from=${from}&to=${to}`).expect(200);
        expect(r.body.features, from).to.deep.equal([]);
        seen.add(JSON.stringify(r.body.total));
        const h = await planner.agent.get(`/api/map/heat?bbox=${box.bbox}&zoom=16&from=${from}&to=${to}`).expect(200);
        expect(h.body.features, from).to.deep.equal([]);
      }
      expect([...seen]).to.deep.equal(['"<5"']);
    });

    it('when a planner asks OGC sighting-cells for each hour of the day, then every hour reads the same', async () => {
      const answers = new Set<string>();
      for (let h = 0; h < 24; h++) {
        // 23:41 UTC on 12 June is 00:41 on the 13th in London.
        const r = await planner.agent.get(`/ogc/collections/sighting-cells/items?bbox=${box.bbox}&datetime=2026-06-13&hours=${h}-${(h + 1) % 24}`).expect(200);
        answers.add(JSON.stringify([r.body.numberMatched, r.body.features]));
      }
      expect([...answers]).to.deep.equal([JSON.stringify([0, []])]);
    });

    it('when a planner asks the statistics, the choropleth and the repeat places, then neither the day nor the category shows', async () => {
      const poly = { type: 'Polygon', coordinates: [[[box.lon - 0.004, box.lat - 0.004], [box.lon + 0.004, box.lat - 0.004], [box.lon + 0.004, box.lat + 0.004], [box.lon - 0.004, box.lat + 0.004], [box.lon - 0.004, box.lat - 0.004]]] };
      const on = (await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry: poly, from: '2026-06-13', to: '2026-06-13' }).expect(200)).body;
      const off = (await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry: poly, from: '2026-06-20', to: '2026-06-20' }).expect(200)).body;
      expect(on.count).to.equal('<5');
      expect(on.byCategory).to.deep.equal(off.byCategory);
      expect(on.matrix).to.deep.equal(off.matrix);
      const places = (await planner.agent.get(`/api/hotspots/places?bbox=${box.bbox}&from=2026-06-13&to=2026-06-13`).expect(200)).body;
      const none = (await planner.agent.get(`/api/hotspots/places?bbox=${box.bbox}&from=2026-06-20&to=2026-06-20`).expect(200)).body;
      expect(places.summary).to.deep.equal(none.summary);
      expect(places.features).to.deep.equal(none.features);
      expect(JSON.stringify(places)).to.not.include(id);
      const choro = (await planner.agent.get(`/api/map/choropleth?bbox=${box.bbox}&from=2026-06-13&to=2026-06-13`).expect(200)).body;
      const choroNone = (await planner.agent.get(`/api/map/choropleth?bbox=${box.bbox}&from=2026-06-20&to=2026-06-20`).expect(200)).body;
      expect(choro.areas).to.deep.equal(choroNone.areas);
    });
  });

  describe('a licensing officer\'s premises profile', () => {
    const box = privateBox();
    let premisesId: string;
    const when = '2026-04-09T20:15:00.000Z';
    before(async () => {
      const p = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf)
        .send({ name: `Attack Test Grill ${Math.random().toString(36).slice(2, 8)} (synthetic)`, category: 'takeaway', ...box.at() });
      expect(p.status, JSON.stringify(p.body)).to.equal(201);
      premisesId = p.body.id;
      // Six sightings the officer may read, and one C-coded one they may not (it answers 404 to them).
      for (let i = 0; i < 6; i++) await sighting(box.at(0.0002, 0.0001 * i), `2026-04-0${1 + i}T19:00:00Z`, { premisesId });
      await sighting(box.at(0.0003, 0), when, { handlingCode: 'C', category: 'online_contact' });
    });

    const profile = async (to: string, radius = 100) => (await licensing.agent.get(`/api/premises/${premisesId}/profile?from=2026-04-01&to=${to}&radius=${radius}`).expect(200)).body.sightings;

    it('when the officer ends the period one millisecond after the hidden sighting, then nothing changes', async () => {
      const a = await profile(when);
      const b = await profile(new Date(Date.parse(when) + 1).toISOString());
      const strip = (s: any) => ({ ...s, visible: undefined });
      expect(strip(b)).to.deep.equal(strip(a));
    });

    it('when the officer compares the days around it, then the hidden sighting\'s category and count do not show', async () => {
      const without = await profile('2026-04-08');
      const withIt = await profile('2026-04-09');
      expect(Object.keys(withIt.byCategory)).to.not.include('online_contact');
      expect(candidates(without.total, withIt.total).length).to.be.above(1);
    });

    it('when the officer widens the radius by a metre, then the circle stays on the fixed ladder', async () => {
      const a = (await licensing.agent.get(`/api/premises/${premisesId}/profile?radius=101`).expect(200)).body;
      const b = (await licensing.agent.get(`/api/premises/${premisesId}/profile?radius=102`).expect(200)).body;
      expect(a.radius).to.equal(250);
      expect(b.sightings.total).to.deep.equal(a.sightings.total);
    });
  });

  describe('agreement with the area report', () => {
    it('when a planner asks the statistics of a polygon for whole months, then a shown count equals the report\'s', async () => {
      const box = privateBox();
      const { x, y } = await cellOf(t, box.lon, box.lat);
      for (let i = 0; i < 23; i++) await sighting(await bngPoint(t, x + 30 + (i % 5) * 90, y + 30 + Math.floor(i / 5) * 90), `2026-03-${String(2 + i).padStart(2, '0')}T20:00:00Z`);
      const geometry = await bngPolygon(t, x, y, x + 500, y + 500);
      const s = (await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry, from: '2026-03-01', to: '2026-03-31' }).expect(200)).body;
      const r = await planner.agent.post('/api/reports/polygon').set('X-CSRF-Token', planner.csrf).send({ geometry, from: '2026-03-01', to: '2026-03-31' });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).to.equal(200);
      expect(s.count).to.equal(25);
      expect(r.body.headline.current).to.equal(s.count);
    });
  });
});
