import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { closeReportBrowser } from '../../server/reports/pdf.js';
import { printingTestApp, signIn, type TestApp, type Session } from '../support/app.js';
import { binary } from '../support/http.js';
import { postSightings } from '../support/records.js';

/**
 * Sensitive sites (issue 21): a children's home (synthetic) is drawn, named and found for
 * analysts and admins only. Licensing officers and planners never meet its name, its id or
 * its point, in any list, search, detail, map layer, OGC collection, gazetteer, hot spot or
 * report table, PDF or check; yet its sightings still count in their statistics.
 */

const PERIOD = 'from=2026-02-01&to=2026-03-01';
const tag = Math.random().toString(36).slice(2, 8);
const HOME = `Lanternfield House Children's Home ${tag} (synthetic)`;
const TAKEAWAY = `Lanternfield Grill ${tag} (synthetic)`;
const SHOP = `Lanternfield Corner Shop ${tag} (synthetic)`;
const HOME_REF = `SYN-CH-${tag}`.toUpperCase();

/** The south-west corner of a 3 km × 1 km rectangle of the BNG (the Cotswolds), on whole kilometres, its own for this run. */
function bngSquare() {
  return { e0: 390_000 + Math.floor(Math.random() * 30) * 4000, n0: 200_000 + Math.floor(Math.random() * 60) * 1000 };
}

/** A BNG rectangle as a WGS84 polygon (PostGIS transforms it). */
async function polygon(t: TestApp, e0: number, n0: number, e1: number, n1: number) {
  const r = await t.db.knex.raw(`select ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 27700), 4326), 7)::json as g`, [e0, n0, e1, n1]);
  return r.rows[0].g;
}

/** A February 2026 evening. */
const feb = (i: number) => new Date(Date.UTC(2026, 1, 2 + (i % 25), 19 + (i % 4), (i * 7) % 60)).toISOString();

/** Whether any coordinate pair in a GeoJSON-ish body lies within about 25 m of a point. */
function drawsNear(body: unknown, at: { lon: number; lat: number }): boolean {
  const near = (x: unknown, y: unknown) => typeof x === 'number' && typeof y === 'number' && Math.abs(x - at.lon) < 0.00036 && Math.abs(y - at.lat) < 0.000225;
  let found = false;
  const walk = (v: unknown): void => {
    if (found || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (v.length >= 2 && near(v[0], v[1])) found = true;
      else v.forEach(walk);
      return;
    }
    const o = v as Record<string, unknown>;
    if (near(o.lon, o.lat)) found = true;
    else Object.values(o).forEach(walk);
  };
  walk(body);
  return found;
}

describe("sensitive sites: a children's home is drawn and named for analysts only (issue 21)", function () {
  let t: TestApp;
  let analyst: Session;
  let admin: Session;
  let licensing: Session;
  let planner: Session;
  let areaId: string;
  let area: unknown;
  let homeId: string;
  let takeawayId: string;
  let shopId: string;
  let home: { lon: number; lat: number };
  let bbox: string;
  const { e0, n0 } = bngSquare();
  const restricted = () => [['licensing', licensing], ['planner', planner]] as const;
  /** Neither the home's name, nor its address, nor (unless the caller gave it) its id or licence reference. */
  const expectUnnamed = (who: string, body: unknown, given: { id?: boolean; ref?: boolean } = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    expect(text, who).to.not.include(HOME);
    expect(text, who).to.not.include('Lanternfield House');
    expect(text, who).to.not.include('Lanternfield Lane');
    if (!given.id) expect(text, who).to.not.include(homeId);
    if (!given.ref) expect(text, who).to.not.include(HOME_REF);
  };

  before(async function () {
    this.timeout(240_000);
    t = await printingTestApp();
    [analyst, admin, licensing, planner] = [await signIn(t, 'analyst'), await signIn(t, 'admin'), await signIn(t, 'licensing'), await signIn(t, 'planner')];
    // 3 km × 1 km: the home stands in its west third, far from the point inside the area where restricted readers' counts
    // place its sightings (about e0 + 1500). At 2 km wide that point sat on the 1000 m cells' edge at e0 + 1000, and fell
    // now and then in the home's own cell, depending on where the square was drawn (TEST_SEED=3 showed it).
    area = await polygon(t, e0, n0, e0 + 3000, n0 + 1000);
    const a = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: `Lanternfield square ${tag} (synthetic)`, kind: 'custom', geometry: area });
    expect(a.status, JSON.stringify(a.body)).to.equal(201);
    areaId = a.body.id;
    const premises = async (name: string, category: string, easting: number, northing: number, extra: object = {}) => {
      const r = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name, category, easting, northing, ...extra });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return r.body;
    };
    const h = await premises(HOME, 'children_home', e0 + 660, n0 + 590, { licenceRef: HOME_REF, address: `1 Lanternfield Lane ${tag} (synthetic)` });
    homeId = h.id;
    home = { lon: h.geometry.coordinates[0], lat: h.geometry.coordinates[1] };
    takeawayId = (await premises(TAKEAWAY, 'takeaway', e0 + 130, n0 + 140, { licenceRef: `SYN-TA-${tag}` })).id;
    shopId = (await premises(SHOP, 'shop', e0 + 720, n0 + 590)).id;
    const r = await t.db.knex.raw(`select ST_XMin(b) || ',' || ST_YMin(b) || ',' || ST_XMax(b) || ',' || ST_YMax(b) as bbox from (select ST_Transform(ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 27700), 4326) as b) x`, [e0, n0, e0 + 2000, n0 + 1000]);
    bbox = r.rows[0].bbox;
    // 14 sightings at the home (linked to it), 8 at the take-away: 22 in the square.
    await postSightings(analyst, [
      ...Array.from({ length: 14 }, (_, i) => ({ easting: e0 + 655 + (i % 4) * 3, northing: n0 + 585 + (i % 3) * 3, observedAt: feb(i), category: 'missing_from_home_found', premisesId: homeId })),
      ...Array.from({ length: 8 }, (_, i) => ({ easting: e0 + 125 + i * 2, northing: n0 + 135 + i, observedAt: feb(i + 3), premisesId: takeawayId })),
    ]);
  });

  after(closeReportBrowser);

  it('when an analyst or an admin looks, then the home is in the premises list, search, detail, map premises layer, OGC premises collection and gazetteer', async () => {
    for (const [who, s] of [['analyst', analyst], ['admin', admin]] as const) {
      const layer = (await s.agent.get(`/api/premises?bbox=${bbox}`).expect(200)).body;
      expect(layer.features.map((f: any) => f.id), who).to.include.members([homeId, takeawayId, shopId]);
      const found = (await s.agent.get(`/api/premises?q=${encodeURIComponent('Lanternfield House')}`).expect(200)).body;
      expect(found.features.map((f: any) => f.id), who).to.include(homeId);
      const detail = (await s.agent.get(`/api/premises/${homeId}`).expect(200)).body;
      expect(detail.properties.name, who).to.equal(HOME);
      const ogc = (await s.agent.get(`/ogc/collections/premises/items?bbox=${bbox}`).expect(200)).body;
      expect(ogc.features.map((f: any) => f.id), who).to.include(homeId);
      await s.agent.get(`/ogc/collections/premises/items/${homeId}`).expect(200);
      const places = (await s.agent.get(`/api/places?q=${encodeURIComponent(`Lanternfield House Children's Home ${tag}`)}`).expect(200)).body;
      expect(places.features.map((f: any) => f.properties.premisesId), who).to.include(homeId);
      const profile = (await s.agent.get(`/api/premises/${homeId}/profile?${PERIOD}`).expect(200)).body;
      expect(profile.sightings.linked, who).to.equal(14);
    }
  });

  it('when a licensing officer lists, searches or opens premises, then the home is not there: absent from lists, 404 on detail and profile', async () => {
    const layer = (await licensing.agent.get(`/api/premises?bbox=${bbox}`).expect(200)).body;
    expect(layer.features.map((f: any) => f.id)).to.include.members([takeawayId, shopId]);
    expectUnnamed('layer', layer);
    expect(drawsNear(layer.features.filter((f: any) => f.id !== shopId), home)).to.equal(false);
    for (const q of ['Lanternfield House', "children's home", HOME_REF, `${home.lat},${home.lon}`]) {
      const r = (await licensing.agent.get(`/api/premises?${q.includes(',') ? `near=${q}&radius=100` : `q=${encodeURIComponent(q)}`}`).expect(200)).body;
      expectUnnamed(q, r);
    }
    const NONE = '00000000-0000-4000-8000-000000000000';
    // Told apart from a premises that is not there by nothing but the id the caller asked for.
    const same = async (url: string) => {
      const absent = await licensing.agent.get(url.replace('ID', homeId)).expect(404);
      const missing = await licensing.agent.get(url.replace('ID', NONE)).expect(404);
      expect(JSON.stringify(absent.body).replaceAll(homeId, NONE), url).to.equal(JSON.stringify(missing.body));
      expectUnnamed(url, absent.body, { id: true });
    };
    await same('/api/premises/ID');
    await same(`/api/premises/ID/profile?${PERIOD}`);
    await same(`/api/premises/ID/profile?${PERIOD}&format=pdf`);
    // Planners read no premises at all.
    await planner.agent.get(`/api/premises?bbox=${bbox}`).expect(403);
    await planner.agent.get(`/api/premises/${homeId}`).expect(403);
  });

  it("when a licensing officer opens the profile of the shop next door, then its counts include the home's sightings but no record, id or name of the home", async () => {
    const r = (await licensing.agent.get(`/api/premises/${shopId}/profile?${PERIOD}&radius=100`).expect(200)).body;
    expectUnnamed('shop profile', r);
    expect(r.sightings.visible.filter((s: any) => s.premisesId === homeId)).to.deep.equal([]);
    expect(drawsNear(r.sightings.visible, home)).to.equal(false);
    // The home's 14 sightings, 60 m away, are counted at their area for a restricted reader, not round the shop.
    expect(r.sightings.total).to.equal('<5');
    const mine = (await analyst.agent.get(`/api/premises/${shopId}/profile?${PERIOD}&radius=100`).expect(200)).body;
    expect(mine.sightings.total).to.equal(14);
    expect(r).to.not.have.property('episodes');
  });

  it("when a restricted reader filters the map by the home's id, then every answer is the one for a premises that does not exist", async () => {
    const NONE = '00000000-0000-4000-8000-000000000000';
    const urls = [
      `/api/map/clusters?bbox=${bbox}&zoom=14&${PERIOD}&premisesId=ID`,
      `/api/map/heat?bbox=${bbox}&zoom=14&${PERIOD}&premisesId=ID`,
      `/api/map/clusters/frames?bbox=${bbox}&zoom=14&frames=2026-02-01/2026-02-28&premisesId=ID`,
      `/api/map/timeline?bbox=${bbox}&${PERIOD}&premisesId=ID`,
      `/api/map/timeline?${PERIOD}&premisesId=ID`,
      `/api/map/choropleth?${PERIOD}&premisesId=ID`,
      `/api/hotspots?bbox=${bbox}&${PERIOD}&cellSize=250&premisesId=ID`,
    ];
    for (const [who, s] of restricted()) {
      for (const url of urls) {
        const home = await s.agent.get(url.replace('ID', homeId));
        const none = await s.agent.get(url.replace('ID', NONE));
        expect(home.status, `${who} ${url}: ${JSON.stringify(home.body)}`).to.equal(none.status);
        expect(JSON.stringify(home.body), `${who} ${url}`).to.equal(JSON.stringify(none.body));
      }
      const stats = (id: string) => s.agent.post('/api/map/stats').set('X-CSRF-Token', s.csrf).send({ geometry: area, ...Object.fromEntries(new URLSearchParams(PERIOD)), premisesId: id }).expect(200);
      expect(JSON.stringify((await stats(homeId)).body), `${who} stats`).to.equal(JSON.stringify((await stats(NONE)).body));
    }
    // Analysts see the home's sightings through the same filter.
    const mine = (await analyst.agent.get(`/api/map/timeline?${PERIOD}&premisesId=${homeId}`).expect(200)).body;
    expect(mine.total).to.equal(14);
  });

  it('when restricted readers read the map layers and the OGC collections, then no feature names the home or stands at its point', async () => {
    for (const [who, s] of restricted()) {
      for (const zoom of [12, 14, 16, 18]) {
        const clusters = (await s.agent.get(`/api/map/clusters?bbox=${bbox}&zoom=${zoom}&${PERIOD}`).expect(200)).body;
        expect(clusters.restricted, who).to.equal(true);
        expectUnnamed(`${who} clusters z${zoom}`, clusters);
        expect(drawsNear(clusters.features, home), `${who} clusters z${zoom}`).to.equal(false);
        const heat = (await s.agent.get(`/api/map/heat?bbox=${bbox}&zoom=${zoom}&${PERIOD}`).expect(200)).body;
        expect(drawsNear(heat.features, home), `${who} heat z${zoom}`).to.equal(false);
      }
      const collections = (await s.agent.get('/ogc/collections').expect(200)).body;
      // The sightings collection is the sighting records' rule: see the last test.
      for (const c of collections.collections.filter((x: any) => x.id !== 'sightings')) {
        const items = await s.agent.get(`/ogc/collections/${c.id}/items?bbox=${bbox}&limit=1000`);
        if (items.status !== 200) continue;
        expectUnnamed(`${who} ogc ${c.id}`, items.body);
        if (c.id !== 'sighting-cells') expect(drawsNear(items.body.features, home), `${who} ogc ${c.id}`).to.equal(false);
      }
    }
    const ogcItem = await licensing.agent.get(`/ogc/collections/premises/items/${homeId}`);
    expect(ogcItem.status).to.equal(404);
    expectUnnamed('ogc item', ogcItem.body, { id: true });
  });

  it('when restricted readers and partners search the gazetteer, then the home is not found, though the take-away is', async () => {
    const partner = await signIn(t, 'partner');
    for (const [who, s] of [...restricted(), ['partner', partner]] as const) {
      const r = (await s.agent.get(`/api/places?q=${encodeURIComponent(`Lanternfield House Children's Home ${tag}`)}`).expect(200)).body;
      expectUnnamed(who, r);
      const w = (await s.agent.get(`/api/places?q=${encodeURIComponent(`Lanternfield Grill ${tag}`)}`).expect(200)).body;
      expect(w.features.map((f: any) => f.properties.premisesId), who).to.include(takeawayId);
    }
  });

  it('when restricted readers read hot spot tables, then the home is neither named nor a place, and the analyst sees it by name', async () => {
    const mine = (await analyst.agent.get(`/api/hotspots/places?bbox=${bbox}&${PERIOD}`).expect(200)).body;
    expect(mine.features.map((f: any) => f.properties.id)).to.include(homeId);
    for (const [who, s] of restricted()) {
      const places = (await s.agent.get(`/api/hotspots/places?bbox=${bbox}&${PERIOD}`).expect(200)).body;
      expectUnnamed(`${who} places`, places);
      expect(drawsNear(places.features, home), `${who} places`).to.equal(false);
      const spots = await s.agent.get(`/api/hotspots?bbox=${bbox}&${PERIOD}`);
      if (spots.status === 200) expectUnnamed(`${who} hot spots`, spots.body);
    }
    // The licensing officer still sees the take-away by name, with its 8 (in a band of 5).
    const lic = (await licensing.agent.get(`/api/hotspots/places?bbox=${bbox}&${PERIOD}`).expect(200)).body;
    expect(lic.features.find((f: any) => f.properties.id === takeawayId)?.properties.count).to.equal(5);
  });

  it("when restricted readers take the area report, then the home is in no table, file or PDF, yet its sightings count in the planner's statistics", async () => {
    const analystReport = (await analyst.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200)).body;
    expect(analystReport.headline.current).to.equal(22);
    expect(analystReport.repeatPlaces.rows.map((r: any) => r.name)).to.include(HOME);
    for (const [who, s] of restricted()) {
      const report = (await s.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200)).body;
      expectUnnamed(`${who} report`, report);
      expect(report.repeatPlaces.rows.map((r: any) => r.category).join(' '), who).to.not.match(/child/i);
      for (const format of ['csv', 'geojson']) {
        const file = await s.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=${format}`).buffer(true).expect(200);
        expectUnnamed(`${who} report ${format}`, file.text);
        expect(file.text, `${who} report ${format}`).to.not.match(/children.s home/i);
      }
    }
    const stats = (await planner.agent.get(`/api/areas/${areaId}/stats?${PERIOD}`).expect(200)).body;
    expect(stats.count).to.equal(20);
    const drawn = (await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry: area, from: '2026-02-01', to: '2026-03-01' }).expect(200)).body;
    expect(drawn.count).to.equal(20);
    expect(drawn.byCategory.missing_from_home_found).to.equal(15);
  });

  it("when a licensing officer prints the area report and the shop's profile, then neither PDF names the home", async function () {
    this.timeout(240_000);
    const texts: string[] = [];
    for (const url of [`/api/reports/areas/${areaId}?${PERIOD}&format=pdf`, `/api/premises/${shopId}/profile?${PERIOD}&format=pdf`]) {
      const r = await licensing.agent.get(url).buffer(true).parse(binary);
      expect(r.status, String(r.body)).to.equal(200);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-sensitive-'));
      try {
        const file = path.join(dir, 'x.pdf');
        fs.writeFileSync(file, r.body as Buffer);
        texts.push(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(texts[1]).to.include(SHOP.slice(0, 20));
    for (const text of texts) {
      expect(text).to.not.include('Lanternfield House');
      expect(text).to.not.match(/children.s home/i);
    }
  });

  it("when a licensing officer checks the home's licence reference, then it is not found; the analyst finds it", async () => {
    const lic = (await licensing.agent.post('/api/checks').set('X-CSRF-Token', licensing.csrf).send({ licenceRefs: [HOME_REF, `SYN-TA-${tag}`] }).expect(200)).body;
    expectUnnamed('check', lic, { ref: true });
    expect(lic.rows.map((r: any) => r.flags.includes('not_found'))).to.deep.equal([true, false]);
    const csv = await licensing.agent.post('/api/checks?format=csv').set('X-CSRF-Token', licensing.csrf).send({ licenceRefs: [HOME_REF] }).buffer(true).expect(200);
    expectUnnamed('check csv', csv.text, { ref: true });
    const mine = (await analyst.agent.post('/api/checks').set('X-CSRF-Token', analyst.csrf).send({ licenceRefs: [HOME_REF] }).expect(200)).body;
    expect(mine.rows[0].name).to.equal(HOME);
  });

  it('when an analyst plans disruption at the home, then restricted readers neither list nor open the target', async () => {
    const made = await analyst.agent.post('/api/disruption/targets').set('X-CSRF-Token', analyst.csrf).send({ name: `Safeguarding visits ${tag} (synthetic)`, kind: 'premises', premisesId: homeId, radius: 100 });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    expect(made.body).to.not.have.property('sensitiveSite');
    const mine = (await analyst.agent.get('/api/disruption/targets').expect(200)).body;
    expect(JSON.stringify(mine)).to.include(HOME);
    for (const [who, s] of restricted()) {
      const list = (await s.agent.get('/api/disruption/targets').expect(200)).body;
      expectUnnamed(`${who} targets`, list);
      expect(JSON.stringify(list), who).to.not.include(made.body.id);
      await s.agent.get(`/api/disruption/targets/${made.body.id}`).expect(404);
      await s.agent.get(`/api/disruption/targets/${made.body.id}/evaluation`).expect(404);
    }
  });

  // Needs the licensing record scope to leave out sightings linked to a sensitive site
  // (server/sightings/repo.ts applyFilters, scope 'licensing'): their point would draw it.
  it("when a licensing officer reads sighting records, then one linked to the home neither names it nor stands at it, and still counts", async () => {
    const list = (await licensing.agent.get(`/api/sightings?bbox=${bbox}&${PERIOD}`).expect(200)).body;
    expectUnnamed('sightings', list);
    expect(drawsNear(list.features, home)).to.equal(false);
    const ogc = (await licensing.agent.get(`/ogc/collections/sightings/items?bbox=${bbox}&limit=1000`).expect(200)).body;
    expectUnnamed('ogc sightings', ogc);
    expect(drawsNear(ogc.features, home)).to.equal(false);
    const timeline = (await licensing.agent.get(`/api/map/timeline?bbox=${bbox}&${PERIOD}`).expect(200)).body;
    expect(timeline.total).to.equal(20);
  });

  it("when restricted readers count small regions round the home, then no cell or polygon holds its sightings, while the whole area still counts them", async () => {
    // The 250 m cell holding the home, drawn as a polygon, and a polygon round the home alone.
    const cellOfHome = await polygon(t, e0 + 500, n0 + 500, e0 + 750, n0 + 750);
    const round = await polygon(t, e0 + 600, n0 + 530, e0 + 720, n0 + 650);
    for (const geometry of [cellOfHome, round]) {
      const mine = (await analyst.agent.post('/api/map/stats').set('X-CSRF-Token', analyst.csrf).send({ geometry, from: '2026-02-01', to: '2026-03-01' }).expect(200)).body;
      expect(mine.count).to.equal(14);
      for (const [who, s] of restricted()) {
        const r = (await s.agent.post('/api/map/stats').set('X-CSRF-Token', s.csrf).send({ geometry, from: '2026-02-01', to: '2026-03-01' }).expect(200)).body;
        expect(r.count, who).to.equal('<5');
      }
    }
    for (const [who, s] of restricted()) {
      // No cell of any size at the home reads the home's sightings: its category is nowhere near it.
      for (const zoom of [13, 14, 15, 16]) {
        const clusters = (await s.agent.get(`/api/map/clusters?bbox=${bbox}&zoom=${zoom}&${PERIOD}`).expect(200)).body;
        const holding = clusters.features.filter((f: any) => {
          const ring = f.properties.outline as [number, number][];
          const xs = ring.map((p) => p[0]);
          const ys = ring.map((p) => p[1]);
          return home.lon >= Math.min(...xs) && home.lon < Math.max(...xs) && home.lat >= Math.min(...ys) && home.lat < Math.max(...ys);
        });
        for (const f of holding) expect(f.properties.categories, `${who} z${zoom}`).to.not.have.property('missing_from_home_found');
      }
      const cells = (await s.agent.get(`/ogc/collections/sighting-cells/items?bbox=${bbox}&cellSize=250&datetime=2026-02-01T00:00:00Z/2026-03-01T00:00:00Z`).expect(200)).body;
      for (const f of cells.features) expect(drawsNear(f.geometry, home) ? f.properties : {}, who).to.not.have.property('missing_from_home_found');
      const shop = (await s.agent.post('/api/checks').set('X-CSRF-Token', s.csrf).send({ licenceRefs: [`SYN-TA-${tag}`] }));
      if (shop.status === 200) expectUnnamed(`${who} check`, shop.body);
      // The whole area: 22, in a band of 5.
      const whole = (await s.agent.get(`/api/areas/${areaId}/stats?${PERIOD}`).expect(200)).body;
      expect(whole.count, who).to.equal(20);
    }
  });
  it('when a vehicle is operated from the home or seen there, then a licensing officer learns neither from the vehicle, intel or associations', async () => {
    const plate = `ZS${tag}`.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10);
    const v = await analyst.agent.post('/api/vehicles').set('X-CSRF-Token', analyst.csrf).send({ plate, operatorId: homeId });
    expect(v.status, JSON.stringify(v.body)).to.equal(201);
    // Seen at the home, P-coded, after the period the counts above read (so they stay as they are).
    const [seen] = await postSightings(analyst, [{ easting: e0 + 660, northing: n0 + 590, observedAt: '2026-04-02T20:00:00Z', premisesId: homeId, vehicleId: v.body.id }]);
    expect((await analyst.agent.get(`/api/vehicles/${v.body.id}`).expect(200)).body.operatorName).to.equal(HOME);
    expect((await analyst.agent.get(`/api/associations?area=${areaId}`).expect(200)).body.nodes.map((n: any) => n.id)).to.include(`vehicle:${v.body.id}`);

    const one = (await licensing.agent.get(`/api/vehicles/${v.body.id}`).expect(200)).body;
    expect(one.operatorId).to.equal(null);
    expectUnnamed('vehicle', one);
    expectUnnamed('vehicle search', (await licensing.agent.get(`/api/vehicles?plate=${plate}`).expect(200)).body);
    expect((await licensing.agent.get(`/api/vehicles?operatorId=${homeId}`).expect(200)).body.items, 'vehicles by the home as operator').to.deep.equal([]);
    const profile = (await licensing.agent.get(`/api/vehicles/${v.body.id}/profile`).expect(200)).body;
    expect(profile.operator).to.equal(null);
    expectUnnamed('vehicle profile', profile);
    expect(JSON.stringify(profile)).to.not.include(seen!);

    // Intel about the home: refused to licensing as if the home did not exist (a 201 would confirm it).
    const intel = await licensing.agent.post('/api/intel').set('X-CSRF-Token', licensing.csrf)
      .send({ subjectType: 'premises', subjectId: homeId, sourceAgency: 'licensing', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', summary: 'Probe (synthetic)' });
    expect(intel.status).to.equal(422);
    expect(await t.db.knex('intel').where({ subject_id: homeId }).first()).to.equal(undefined);

    const graph = (await licensing.agent.get(`/api/associations?area=${areaId}`).expect(200)).body;
    expect(graph.nodes.map((n: any) => n.id), 'a vehicle seen only at the home').to.not.include(`vehicle:${v.body.id}`);
    expectUnnamed('associations', graph);
  });
});
