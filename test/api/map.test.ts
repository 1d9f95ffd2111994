import { expect } from 'chai';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const base = { category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };

describe('map API', () => {
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  const box = privateBox();
  const hot = box.at(0.001, 0.001);
  const lone = box.at(-0.003, -0.003);
  const ids: string[] = [];

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    planner = await signIn(t, 'planner', { purpose: null });
    // Centre the bunch in its 250 m British National Grid cell: at a random spot it could
    // straddle a cell edge, and the planner's view would then split it.
    const centre = await t.db.knex.raw(
      `select ST_X(w) as lon, ST_Y(w) as lat from (
         select ST_Transform(ST_SetSRID(ST_MakePoint(floor(ST_X(p) / 250) * 250 + 125, floor(ST_Y(p) / 250) * 250 + 125), 27700), 4326) as w
         from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) a) b`,
      [hot.lon, hot.lat],
    );
    Object.assign(hot, centre.rows[0]);
    // 12 sightings bunched at one spot (a Friday night in July, London time), 1 alone 400 m away.
    for (let i = 0; i < 12; i++) {
      const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf)
        .send({ ...base, observedAt: `2026-07-03T2${i % 3}:${String(10 + i).padStart(2, '0')}:00Z`, lon: hot.lon + i * 1e-5, lat: hot.lat, category: i < 8 ? 'adult_loitering' : 'party_address' });
      ids.push(r.body.id);
    }
    const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, observedAt: '2026-07-10T12:00:00Z', ...lone });
    ids.push(r.body.id);
  });

  describe('clusters', () => {
    it('when an analyst views the box at zoom 10, then one cluster holds all 13 with a category breakdown and an expansion zoom', async () => {
      const r = await analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=10`).expect(200);
      expect(r.body.total).to.equal(13);
      expect(r.body.features).to.have.length(1);
      const p = r.body.features[0].properties;
      expect(p).to.include({ cluster: true, point_count: 13, point_count_abbreviated: '13' });
      expect(p.categories).to.deep.equal({ adult_loitering: 9, party_address: 4 });
      expect(p.expansion_zoom).to.be.above(10);
    });

    it('when an analyst zooms to street level, then the lone sighting is a point with its id and time', async () => {
      const r = await analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=17`).expect(200);
      const points = r.body.features.filter((f: any) => !f.properties.cluster);
      const lonePoint = points.find((f: any) => f.properties.id === ids[12]);
      expect(lonePoint, JSON.stringify(r.body.features.map((f: any) => f.properties))).to.not.equal(undefined);
      expect(lonePoint.properties.observedAt).to.equal('2026-07-10T12:00:00.000Z');
      const counted = r.body.features.reduce((a: number, f: any) => a + (f.properties.cluster ? f.properties.point_count : 1), 0);
      expect(counted).to.equal(13);
    });

    it('when filtered by category, then counts follow the filter', async () => {
      const r = await analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=10&category=party_address`).expect(200);
      expect(r.body.total).to.equal(4);
    });

    it('when a planner views street level, then cells are 250 m or more, cells under 5 are not drawn, no ids and no real positions', async () => {
      const r = await planner.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=17`).expect(200);
      expect(r.body.restricted).to.equal(true);
      expect(r.body.cellSize).to.equal(250);
      const text = JSON.stringify(r.body);
      for (const id of ids) expect(text).to.not.include(id);
      expect(text).to.not.include('observedAt');
      // Through the disclosure gate: 13 reads 15; the lone cell (1) is not drawn, and the bunch's 12
      // is withheld beside it, since 15 minus it would give the lone cell away (docs/DISCLOSURE.md).
      expect(r.body.total).to.equal(15);
      for (const f of r.body.features) expect(f.properties.point_count % 5, JSON.stringify(f.properties)).to.equal(0);
      expect(r.body.features.map((f: any) => f.properties.point_count)).to.not.include('<5');
      for (const f of r.body.features) {
        const [lon, lat] = f.geometry.coordinates;
        const bng = (await t.db.knex.raw('select ST_X(p) as e, ST_Y(p) as n from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) x', [lon, lat])).rows[0];
        expect(Math.abs(((bng.e % 250) + 250) % 250 - 125)).to.be.below(0.5);
        expect(Math.abs(((bng.n % 250) + 250) % 250 - 125)).to.be.below(0.5);
      }
    });

    it('when a planner views the map, then each cell carries the outline of the grid square its count belongs to', async () => {
      // A view of the bunch's own 250 m cell alone (the lone sighting is 400 m away): one cell, drawn.
      const d = 0.0004;
      const r = await planner.agent.get(`/api/map/clusters?bbox=${[hot.lon - d, hot.lat - d, hot.lon + d, hot.lat + d].join(',')}&zoom=17`).expect(200);
      expect(r.body.features.length, JSON.stringify(r.body)).to.be.above(0);
      const half = r.body.cellSize / 2;
      for (const f of r.body.features) {
        const ring = f.properties.outline as [number, number][];
        expect(ring, 'a closed ring of four corners').to.have.length(5);
        expect(ring[0]).to.deep.equal(ring[4]);
        const corners = (await t.db.knex.raw(
          `select ST_X(p) as e, ST_Y(p) as n from (select ST_Transform(ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326), 27700) as p from unnest(?::float8[], ?::float8[]) as c(lon, lat)) x`,
          [ring.map((c) => c[0]), ring.map((c) => c[1])],
        )).rows as { e: number; n: number }[];
        const [lon, lat] = f.geometry.coordinates;
        const centre = (await t.db.knex.raw('select ST_X(p) as e, ST_Y(p) as n from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) x', [lon, lat])).rows[0];
        for (const c of corners.slice(0, 4)) {
          expect(Math.abs(Math.abs(c.e - centre.e) - half), JSON.stringify(c)).to.be.below(0.5);
          expect(Math.abs(Math.abs(c.n - centre.n) - half), JSON.stringify(c)).to.be.below(0.5);
        }
      }
    });

    it('when a planner\'s views overlap, then each cell count covers the whole cell, whatever the bbox', async () => {
      const [w, s, e, n] = box.bbox.split(',').map(Number) as [number, number, number, number];
      const a = await planner.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=17`).expect(200);
      const b = await planner.agent.get(`/api/map/clusters?bbox=${[w, s, (w + e) / 2 + 0.0013, n].join(',')}&zoom=17`).expect(200);
      const key = (f: any) => f.geometry.coordinates.join(',');
      const inA = new Map(a.body.features.map((f: any) => [key(f), f.properties.point_count]));
      for (const f of b.body.features) if (inA.has(key(f))) expect(f.properties.point_count).to.deep.equal(inA.get(key(f)));
    });

    it('when zoom or bbox is missing or bad, then a 400 names them', async () => {
      const r = await analyst.agent.get('/api/map/clusters?zoom=30');
      expect(r.status).to.equal(400);
      expect(r.body.errors.map((e: any) => e.path).sort()).to.deep.equal(['bbox', 'zoom']);
    });
  });

  describe('heat', () => {
    it('when an analyst asks for heat, then weights sum to the count; a planner gets no cell under 5', async () => {
      const r = await analyst.agent.get(`/api/map/heat?bbox=${box.bbox}&zoom=14`).expect(200);
      expect(r.body.features.reduce((a: number, f: any) => a + f.properties.weight, 0)).to.equal(13);
      const p = await planner.agent.get(`/api/map/heat?bbox=${box.bbox}&zoom=14`).expect(200);
      expect(p.body.cellSize).to.be.at.least(250);
      for (const f of p.body.features) expect(f.properties.count).to.be.a('number').and.at.least(5);
    });
  });

  describe('timeline', () => {
    it('when asked for the box, then days and the weekday × hour matrix count London time', async () => {
      const r = await analyst.agent.get(`/api/map/timeline?bbox=${box.bbox}&interval=day`).expect(200);
      expect(r.body.total).to.equal(13);
      expect(r.body.buckets).to.deep.equal([{ start: '2026-07-03', count: 12 }, { start: '2026-07-10', count: 1 }]);
      // 20:xx, 21:xx and 22:xx UTC on a Friday in BST are 21–23 h London time, Friday (row 4).
      expect(r.body.matrix[4].slice(21, 24)).to.deep.equal([4, 4, 4]);
      expect(r.body.matrix[4][13]).to.equal(1);
      // A planner's timeline counts whole 250 m cells whose centre lies in the bbox: a box wider by
      // 0.004° holds the centres of both the bunch's cell and the lone sighting's, wherever they fall.
      const [w, s, e, n] = box.bbox.split(',').map(Number) as [number, number, number, number];
      const wide = [w - 0.004, s - 0.004, e + 0.004, n + 0.004].map((v) => v.toFixed(6)).join(',');
      const p = await planner.agent.get(`/api/map/timeline?bbox=${wide}&interval=day`).expect(200);
      // Every day of the months with data is listed, so an empty day reads like one with a sighting.
      expect(p.body.buckets).to.have.length(31);
      // The busy day is withheld: beside the lone "<5" day the other days are zeros, and a
      // zero protects nothing (a planner can learn it by asking for that day alone).
      expect(p.body.buckets.find((b: any) => b.start === '2026-07-03').count).to.equal('[c]');
      expect(p.body.buckets.find((b: any) => b.start === '2026-07-10').count).to.equal('<5');
      expect(p.body.buckets.find((b: any) => b.start === '2026-07-11').count).to.equal('<5');
      expect(p.body.total).to.equal(15);
      expect(p.body.matrix[4][21]).to.equal('<5');
    });

    it('when no interval is given, then it follows the period: the data’s 8 days by day, a year by week, four years by month', async () => {
      const auto = await analyst.agent.get(`/api/map/timeline?bbox=${box.bbox}`).expect(200);
      expect(auto.body.interval).to.equal('day');
      expect(auto.body.buckets).to.deep.equal([{ start: '2026-07-03', count: 12 }, { start: '2026-07-10', count: 1 }]);
      const year = await analyst.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2026-01-01&to=2027-01-01`).expect(200);
      expect(year.body.interval).to.equal('week');
      // ISO weeks start on Monday: 3 July 2026 is in the week of 29 June, 10 July in that of 6 July.
      expect(year.body.buckets).to.deep.equal([{ start: '2026-06-29', count: 12 }, { start: '2026-07-06', count: 1 }]);
      const years = await analyst.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2023-01-01&to=2027-01-01`).expect(200);
      expect(years.body.interval).to.equal('month');
      expect(years.body.buckets).to.deep.equal([{ start: '2026-07-01', count: 13 }]);
      expect(years.body.total).to.equal(13);
      expect(years.body.matrix[4][13]).to.equal(1);
    });
  });

  describe('areas and statistics', () => {
    const square = (c: { lon: number; lat: number }, d: number) => ({ type: 'Polygon', coordinates: [[[c.lon - d, c.lat - d], [c.lon + d, c.lat - d], [c.lon + d, c.lat + d], [c.lon - d, c.lat + d], [c.lon - d, c.lat - d]]] });

    it('when an analyst draws an area, then it is listed and its stats count what lies inside against the previous period', async () => {
      const created = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: 'Test patrol zone (synthetic)', kind: 'patrol_zone', geometry: square(hot, 0.0005) });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body.geometry.type).to.equal('MultiPolygon');
      const list = await planner.agent.get('/api/areas?kind=patrol_zone').expect(200);
      expect(list.body.features.map((f: any) => f.id)).to.include(created.body.id);
      const s = await analyst.agent.get(`/api/areas/${created.body.id}/stats?from=2026-07-01&to=2026-07-07`).expect(200);
      expect(s.body.area.name).to.equal('Test patrol zone (synthetic)');
      expect(s.body.count).to.equal(12);
      expect(s.body.previous.count).to.equal(0);
      expect(s.body.changePct).to.equal(null);
      expect(s.body.byCategory).to.deep.equal({ adult_loitering: 8, party_address: 4 });
      const p = await planner.agent.get(`/api/areas/${created.body.id}/stats?from=2026-07-01&to=2026-07-07`).expect(200);
      // Every category is listed for a planner (a key only where there is a sighting would say so).
      // Adult loitering (8) is withheld: otherwise 10 − 5 would pin party address's "<5" at 4, the
      // other categories' "<5" being zeros a planner can learn one query at a time.
      expect(p.body.byCategory).to.include({ adult_loitering: '[c]', party_address: '<5', online_contact: '<5' });
      expect(p.body.count).to.equal(10);
    });

    it('when a drawn polygon is posted, then stats come back; a self-crossing one is a 422 saying why', async () => {
      const r = await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry: square(lone, 0.0002), from: '2026-07-01', to: '2026-07-31' });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.count).to.equal('<5');
      const bow = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
      const bad = await analyst.agent.post('/api/map/stats').set('X-CSRF-Token', analyst.csrf).send({ geometry: bow });
      expect(bad.status).to.equal(422);
      expect(bad.body.detail).to.match(/Self-intersection/);
      const open = await analyst.agent.post('/api/map/stats').set('X-CSRF-Token', analyst.csrf).send({ geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1]]] } });
      expect(open.status).to.equal(400);
    });

    it('when a planner tries to create an area, then 403 and nothing is written', async () => {
      const before = (await t.db.knex('areas').count({ n: '*' }))[0]!.n;
      await planner.agent.post('/api/areas').set('X-CSRF-Token', planner.csrf).send({ name: 'x', kind: 'custom', geometry: square(hot, 0.001) }).expect(403);
      expect((await t.db.knex('areas').count({ n: '*' }))[0]!.n).to.equal(before);
    });

    it('when the choropleth is asked, then each area of the kind gets its count', async () => {
      const r = await analyst.agent.get(`/api/map/choropleth?kind=patrol_zone&from=2026-07-01&to=2026-07-31`).expect(200);
      const mine = r.body.areas.find((a: any) => a.name === 'Test patrol zone (synthetic)');
      expect(mine.count).to.equal(12);
    });
  });

  describe('revalidation', () => {
    it('when an unchanged view is asked again with its ETag, then it is a 304; after a new sighting in it, a 200 with a new ETag', async () => {
      const url = `/api/map/clusters?bbox=${box.bbox}&zoom=10`;
      const first = await analyst.agent.get(url).expect(200);
      expect(first.headers['cache-control']).to.equal('private, no-cache');
      const etag = first.headers.etag as string;
      expect(etag).to.be.a('string');
      await analyst.agent.get(url).set('If-None-Match', etag).expect(304);
      const created = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, observedAt: '2026-07-11T12:00:00Z', ...lone }).expect(201);
      try {
        const after = await analyst.agent.get(url).set('If-None-Match', etag).expect(200);
        expect(after.headers.etag).to.not.equal(etag);
        expect(after.body.total).to.equal(14);
      } finally {
        await analyst.agent.delete(`/api/sightings/${created.body.id}`).set('X-CSRF-Token', analyst.csrf).send({ reason: 'test clean-up of a synthetic record' });
      }
    });

    it('when records are read, then they stay no-store; when the user signs out, the browser is told to clear its cache', async () => {
      const r = await analyst.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
      expect(r.headers['cache-control']).to.equal('no-store');
      const s = await signIn(t, 'analyst');
      const out = await s.agent.post('/api/auth/logout').set('X-CSRF-Token', s.csrf).expect(204);
      expect(out.headers['clear-site-data']).to.equal('"cache"');
    });
  });
});
