import { expect } from 'chai';
import supertest from 'supertest';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { addHotel, signInEach } from '../support/records.js';

const base = { sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', category: 'adult_loitering' };
const CONF = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/';

/** The path and query of an absolute link, for supertest. */
const local = (href: string) => {
  const u = new URL(href);
  return u.pathname + u.search;
};

describe('OGC API – Features', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  let planner: Session;
  let token: string;
  const box = privateBox();
  let premisesId: string;
  /** Twelve sightings a day apart in March 2026, oldest first; the first eight west of the box centre. */
  const ids: string[] = [];
  let cCoded: string;

  before(async function () {
    // Sign-ins (argon2) and a dozen writes can be slow on a busy two-core machine.
    this.timeout(180_000);
    t = await testApp();
    ({ analyst, licensing, planner } = await signInEach(t, 'analyst', 'licensing', 'planner'));
    premisesId = await addHotel(t.db, 'OGC Hotel (synthetic)', box);
    for (let i = 0; i < 12; i++) {
      const at = box.at(i < 8 ? -0.002 : 0.002, 0.0001 * i);
      const day = String(i + 1).padStart(2, '0');
      const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf)
        .send({ ...base, ...at, observedAt: `2026-03-${day}T21:00:00Z`, handlingCode: 'P', premisesId, narrative: 'OGC narrative (synthetic)' }).expect(201);
      ids.push(r.body.id);
    }
    const c = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf)
      .send({ ...base, ...box.at(0.001, 0.001), observedAt: '2025-06-01T12:00:00Z', handlingCode: 'C', premisesId, narrative: 'C narrative (synthetic)' }).expect(201);
    cCoded = c.body.id;
    const tok = await analyst.agent.post('/api/tokens').set('X-CSRF-Token', analyst.csrf).send({ name: 'QGIS', purpose: 'QGIS layer for an OGC test' }).expect(201);
    token = tok.body.token;
  });

  const bearer = (url: string) => supertest(t.app).get(url).set('Authorization', `Bearer ${token}`);
  const items = (s: Session, q: string) => s.agent.get(`/ogc/collections/sightings/items?bbox=${box.bbox}&${q}`);

  it('when the landing page is read, then it links the API definition, conformance and collections with absolute URLs', async () => {
    const r = await analyst.agent.get('/ogc').expect(200).expect('Content-Type', /^application\/json/);
    const rels = Object.fromEntries(r.body.links.map((l: any) => [l.rel, l]));
    expect(Object.keys(rels)).to.include.members(['self', 'service-desc', 'conformance', 'data']);
    expect(rels.data.href).to.match(/^http:\/\/127\.0\.0\.1:\d+\/ogc\/collections$/);
    const api = await analyst.agent.get(local(rels['service-desc'].href)).expect(200);
    expect(JSON.parse(api.text).openapi).to.match(/^3\.0/);
    const conf = await analyst.agent.get(local(rels.conformance.href)).expect(200);
    expect(conf.body.conformsTo).to.include.members([`${CONF}core`, `${CONF}geojson`]);
  });

  it('when each role lists the collections, then planners see only the aggregated ones and restricted extents are coarse', async () => {
    const ids = async (s: Session) => (await s.agent.get('/ogc/collections').expect(200)).body.collections.map((c: any) => c.id);
    expect(await ids(analyst)).to.deep.equal(['sightings', 'premises', 'areas', 'sighting-cells']);
    expect(await ids(licensing)).to.deep.equal(['sightings', 'premises', 'areas', 'sighting-cells']);
    expect(await ids(planner)).to.deep.equal(['areas', 'sighting-cells']);
    const cells = (await planner.agent.get('/ogc/collections/sighting-cells').expect(200)).body;
    expect(cells.links.find((l: any) => l.rel === 'items').type).to.equal('application/geo+json');
    for (const end of cells.extent.temporal.interval[0]) expect(end).to.match(/-01T00:00:00\.000Z$/);
  });

  it('when a planner asks for sightings or premises, then 403 problem documents come and the refusals are audited', async () => {
    for (const path of ['/ogc/collections/sightings', '/ogc/collections/sightings/items', `/ogc/collections/sightings/items/${ids[0]}`, '/ogc/collections/premises/items']) {
      const r = await planner.agent.get(path).expect(403);
      expect(r.headers['content-type']).to.match(/problem\+json/);
      expect(r.text).to.not.include(ids[0]!);
    }
    const denied = await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'denied' }).pluck('query');
    expect(denied.map((q: any) => q.path)).to.include('/ogc/collections/premises/items');
  });

  it('when the next links are followed to the end, then every sighting comes once and the total equals numberMatched', async () => {
    let url: string | undefined = `/ogc/collections/sightings/items?bbox=${box.bbox}&limit=5`;
    const seen: string[] = [];
    let matched = -1;
    let pages = 0;
    while (url) {
      const r: supertest.Response = await analyst.agent.get(url).expect(200).expect('Content-Type', /^application\/geo\+json/);
      matched = r.body.numberMatched;
      expect(r.body.numberReturned).to.equal(r.body.features.length);
      seen.push(...r.body.features.map((f: any) => f.id));
      const next: { href: string } | undefined = r.body.links.find((l: any) => l.rel === 'next');
      url = next ? local(next.href) : undefined;
      pages++;
    }
    expect(matched).to.equal(13);
    expect(pages).to.equal(3);
    expect(seen).to.have.length(matched);
    expect(new Set(seen).size).to.equal(matched);
    expect(seen.slice(0, 12)).to.deep.equal([...ids].reverse());
  });

  it('when bbox covers the west half, then only the eight sightings there come', async () => {
    const [w, s, , n] = box.bbox.split(',').map(Number) as [number, number, number, number];
    const r = await analyst.agent.get(`/ogc/collections/sightings/items?bbox=${w},${s},${box.lon},${n}`).expect(200);
    expect(r.body.numberMatched).to.equal(8);
    expect(r.body.features.map((f: any) => f.id).sort()).to.deep.equal(ids.slice(0, 8).sort());
    const six = await analyst.agent.get(`/ogc/collections/sightings/items?bbox=${w},${s},0,${box.lon},${n},100`).expect(200);
    expect(six.body.numberMatched).to.equal(8);
  });

  it('when datetime is an instant, a closed interval or has an open end, then the matching sightings come', async () => {
    const count = async (dt: string) => (await items(analyst, `datetime=${encodeURIComponent(dt)}`).expect(200)).body.numberMatched;
    expect(await count('2026-03-05T21:00:00Z')).to.equal(1);
    expect(await count('2026-03-05')).to.equal(1);
    expect(await count('2026-03-02T21:00:00Z/2026-03-04T21:00:00Z')).to.equal(3);
    expect(await count('2026-03-10/..')).to.equal(3);
    expect(await count('../2026-03-02')).to.equal(3);
    expect(await count('/2026-03-01T20:59:59Z')).to.equal(1);
  });

  it('when parameters are bad, then 400 problem documents name them and each failure is audited', async () => {
    for (const [q, path] of [['bbox=1,2,3', 'bbox'], ['datetime=soon', 'datetime'], ['datetime=2026-13-01', 'datetime'], ['limit=0', 'limit'], ['limit=ten', 'limit'], ['offset=-5', 'offset'], ['colour=red', 'colour'], ['crs=EPSG:27700', 'crs']]) {
      const r = await items(analyst, q!).expect(400);
      expect(r.headers['content-type'], q).to.match(/problem\+json/);
      expect(r.body.errors.map((e: any) => e.path), q).to.deep.equal([path]);
    }
    const failures = await t.db.knex('audit_log').where({ user_id: analyst.user.id, target_type: 'ogc', outcome: '400 invalid-request' }).count({ n: '*' });
    expect(Number(failures[0]!.n)).to.be.at.least(8);
  });

  it('when a limit above the maximum is asked for, then the page is capped and says so in its links', async () => {
    const r = await items(analyst, 'limit=1000000').expect(200);
    expect(r.body.numberReturned).to.equal(13);
    expect(r.body.links.find((l: any) => l.rel === 'next')).to.equal(undefined);
  });

  it('when a personal token is sent as Bearer, then it reads sightings with its own purpose, and a bad one is a 401 that asks for a token', async () => {
    const r = await bearer(`/ogc/collections/sightings/items?bbox=${box.bbox}`).expect(200);
    expect(r.body.numberMatched).to.equal(13);
    const row = await t.db.knex('audit_log').where({ user_id: analyst.user.id, target_type: 'ogc:sightings' }).orderBy('id', 'desc').first();
    expect(row.purpose).to.equal('QGIS layer for an OGC test');
    expect(row.query).to.include({ matched: 13, returned: 13, limit: 100, offset: 0 });
    await supertest(t.app).get('/ogc/collections').set('Authorization', 'Bearer lnt_not-a-token').expect(401);
    const none = await supertest(t.app).get('/ogc/collections').expect(401);
    expect(none.headers['www-authenticate']).to.match(/^Bearer/);
  });

  it('when a session has no purpose, then sightings answer 428 but the aggregated cells still come', async () => {
    const s = await signIn(t, 'analyst', { purpose: null });
    const r = await s.agent.get('/ogc/collections/sightings/items').expect(428);
    expect(r.body.type).to.equal('/problems/purpose-required');
    await s.agent.get(`/ogc/collections/sighting-cells/items?bbox=${box.bbox}`).expect(200);
  });

  it('when one sighting is read by id, then the analyst gets the narrative and licensing neither the narrative nor C-coded records', async () => {
    const a = await analyst.agent.get(`/ogc/collections/sightings/items/${ids[0]}`).expect(200);
    expect(a.body.properties.narrative).to.equal('OGC narrative (synthetic)');
    expect(a.body.links.find((l: any) => l.rel === 'collection')).to.not.equal(undefined);
    const l = await licensing.agent.get(`/ogc/collections/sightings/items/${ids[0]}`).expect(200);
    expect(l.body.properties.narrative).to.equal(null);
    await licensing.agent.get(`/ogc/collections/sightings/items/${cCoded}`).expect(404);
    const list = await items(licensing, 'limit=100').expect(200);
    expect(list.body.numberMatched).to.equal(12);
    const consult = await t.db.knex('audit_log').where({ user_id: licensing.user.id, action: 'consult', target_type: 'ogc:sightings' }).pluck('outcome');
    expect(consult).to.include.members(['ok', 'not found']);
  });

  it('when a planner reads sighting-cells, then cells are 250 m squares with small counts shown as "<5", no ids and no positions of sightings', async () => {
    const r = await planner.agent.get(`/ogc/collections/sighting-cells/items?bbox=${box.bbox}`).expect(200);
    expect(r.body.numberMatched).to.be.at.least(1);
    const text = JSON.stringify(r.body);
    for (const id of [...ids, cCoded]) expect(text).to.not.include(id);
    for (const f of r.body.features) {
      expect(f.geometry.type).to.equal('Polygon');
      expect(f.properties.cellSize).to.be.at.least(250);
      expect(f.properties.restricted).to.equal(true);
      const n = f.properties.count;
      expect(n === '<5' || n === '[c]' || (typeof n === 'number' && n % 5 === 0), String(n)).to.equal(true);
      for (const v of Object.values(f.properties.categories)) expect(typeof v === 'number' && v > 0 && v < 5).to.equal(false);
    }
    const total = (await analyst.agent.get(`/ogc/collections/sighting-cells/items?bbox=${box.bbox}`).expect(200)).body.features.reduce((a: number, f: any) => a + f.properties.count, 0);
    expect(total).to.equal(13);
    const one = r.body.features[0];
    const item = await planner.agent.get(`/ogc/collections/sighting-cells/items/${one.id}`).expect(200);
    expect(item.body.properties.cellSize).to.equal(250);
  });

  it('when a GIS zoomed right out asks for cells in a world-wide bbox, then the cells of the operating area come', async () => {
    const box_ = (await planner.agent.get(`/ogc/collections/sighting-cells/items?bbox=${box.bbox}&limit=10000`).expect(200)).body;
    const world = (await planner.agent.get('/ogc/collections/sighting-cells/items?bbox=-180,-90,180,90&limit=10000').expect(200)).body;
    const ids = new Set(world.features.map((f: any) => f.id));
    for (const f of box_.features) expect(ids.has(f.id), f.id).to.equal(true);
    await planner.agent.get('/ogc/collections/sighting-cells/items?bbox=170,-10,-170,10').expect(200).expect((r) => expect(r.body.numberMatched).to.equal(0));
  });

  it('when a planner moves a datetime end by seconds, then the cell counts do not change (ends widen to whole days)', async () => {
    const q = (dt: string) => planner.agent.get(`/ogc/collections/sighting-cells/items?bbox=${box.bbox}&datetime=${encodeURIComponent(dt)}`).expect(200);
    const a = await q('2026-03-05T20:59:59Z/2026-03-07T21:00:01Z');
    const b = await q('2026-03-05T21:00:01Z/2026-03-07T20:59:59Z');
    expect(JSON.stringify(a.body.features)).to.equal(JSON.stringify(b.body.features));
  });

  it('when premises and areas are read, then they come as GeoJSON with paging', async () => {
    const p = await analyst.agent.get(`/ogc/collections/premises/items?bbox=${box.bbox}`).expect(200);
    expect(p.body.features.map((f: any) => f.id)).to.deep.equal([premisesId]);
    expect(p.body.features[0].properties.name).to.equal('OGC Hotel (synthetic)');
    await analyst.agent.get(`/ogc/collections/premises/items/${premisesId}`).expect(200);
    const a = await planner.agent.get('/ogc/collections/areas/items?limit=1').expect(200);
    expect(a.body.numberReturned).to.be.at.most(1);
    if (a.body.numberMatched > 1) expect(a.body.links.some((l: any) => l.rel === 'next')).to.equal(true);
  });

  it('when Lantern runs behind a trusted reverse proxy, then links carry the public scheme and host', async () => {
    const behind = await testApp({ LANTERN_TRUST_PROXY: '1' });
    const r = await supertest(behind.app).get(`/ogc/collections/sightings/items?bbox=${box.bbox}&limit=5`).set('Authorization', `Bearer ${token}`).set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'lantern.example.org').expect(200);
    const next = r.body.links.find((l: any) => l.rel === 'next');
    expect(next.href).to.equal(`https://lantern.example.org/ogc/collections/sightings/items?bbox=${box.bbox}&limit=5&offset=5`);
  });

  it('when an unknown collection or path is asked for, then 404 problem documents come', async () => {
    await analyst.agent.get('/ogc/collections/people/items').expect(404).expect('Content-Type', /problem\+json/);
    await analyst.agent.get('/ogc/nothing-here').expect(404).expect('Content-Type', /problem\+json/);
    await analyst.agent.get('/ogc/collections/sightings/items/not-a-uuid').expect(404);
    await analyst.agent.get('/ogc/collections/sighting-cells/items/250:99999999999:1').expect(404);
    await analyst.agent.get('/ogc/collections/sighting-cells/items/100:1:1').expect(404);
  });
});
