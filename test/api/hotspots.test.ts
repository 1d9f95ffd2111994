import { expect } from 'chai';
import { mulberry32 } from '../../server/hotspots/knox.js';
import { cellIndexSql } from '../../server/hotspots/repo.js';
import { cellOf, cellRing } from '../../server/hotspots/grid.js';
import { testApp, signIn, type TestApp, type Session } from '../support/app.js';
import { postSightings } from '../support/records.js';

const DAY = 86_400_000;
const END = Date.parse('2026-05-25T00:00:00Z');

/**
 * A square of the British National Grid in Suffolk and Norfolk, `km` wide, whole kilometres, its own for this
 * test run. Not in the Highlands, where privateBox() draws the single-sighting boxes other suites count in.
 */
function bngBox(km: number) {
  const rand = Math.random;
  const e0 = 560_000 + Math.floor(rand() * 60) * 1000;
  const n0 = 240_000 + Math.floor(rand() * 60) * 1000;
  return { e0, n0, e1: e0 + km * 1000, n1: n0 + km * 1000 };
}
type Box = ReturnType<typeof bngBox>;

/** The box as a WGS84 polygon and bbox (PostGIS transforms it). */
async function wgs84(t: TestApp, b: Box) {
  const r = await t.db.knex.raw(
    `select ST_AsGeoJSON(g, 7)::json as geometry, ST_XMin(g) as w, ST_YMin(g) as s, ST_XMax(g) as e, ST_YMax(g) as n
     from (select ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326) as g) x`,
    [b.e0, b.n0, b.e1, b.n1],
  );
  const row = r.rows[0];
  return { polygon: row.geometry, bbox: [row.w, row.s, row.e, row.n].map((v: number) => v.toFixed(6)).join(',') };
}

const post = postSightings;

/** The BNG cell (100 m squares) of the feature with this id ("col:row"). */
const featureAt = (body: any, col: number, row: number) => body.features.find((f: any) => f.id === `${col}:${row}`);

describe('hot spots API', () => {
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  let licensing: Session;
  // Box A, 3 km: a thin uniform background over 20 weeks and a dense hot spot in the last two.
  const a = bngBox(3);
  const hot = { e: a.e0 + 1550, n: a.n0 + 1550 };
  const hotCell = { col: hot.e / 100 | 0, row: hot.n / 100 | 0 };
  let aBox: { polygon: object; bbox: string };
  let areaId: string;
  let premisesId: string;

  before(async () => {
    t = await testApp();
    [analyst, planner, licensing] = await Promise.all([signIn(t, 'analyst'), signIn(t, 'planner', { purpose: null }), signIn(t, 'licensing')]);
    aBox = await wgs84(t, a);
    const area = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: 'Hot spot test square (synthetic)', kind: 'custom', geometry: aBox.polygon });
    expect(area.status, JSON.stringify(area.body)).to.equal(201);
    areaId = area.body.id;
    const p = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name: 'Test Takeaway (synthetic)', category: 'takeaway', easting: hot.e, northing: hot.n });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    premisesId = p.body.id;
    const rand = mulberry32(20261128);
    const background = Array.from({ length: 90 }, () => ({
      easting: a.e0 + 1 + rand() * 2998,
      northing: a.n0 + 1 + rand() * 2998,
      observedAt: new Date(END - 140 * DAY + rand() * 140 * DAY).toISOString(),
    }));
    const hotOnes = Array.from({ length: 40 }, (_, i) => {
      const r = 60 * Math.sqrt(rand());
      const th = 2 * Math.PI * rand();
      return {
        easting: hot.e + r * Math.cos(th),
        northing: hot.n + r * Math.sin(th),
        observedAt: new Date(END - 14 * DAY + rand() * 14 * DAY).toISOString(),
        ...(i < 10 ? { premisesId } : {}),
      };
    });
    await post(analyst, [...background, ...hotOnes]);
  });

  describe('GET /api/hotspots', () => {
    it('when an analyst analyses an area, then every cell that overlaps it comes back, zeros included, and the planted hot spot is bin 3', async () => {
      const r = await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100`).expect(200);
      expect(r.body.type).to.equal('FeatureCollection');
      expect(r.body.features).to.have.length(900);
      expect(r.body.params).to.include({ cellSize: 100, shape: 'square', n: 900, fdr: true, sightings: 130 });
      expect(['moran-peak', 'knn-mean']).to.include(r.body.params.bandwidthMethod);
      expect(r.body.params.bandwidth).to.be.at.least(100);
      expect(r.body.features.reduce((s: number, f: any) => s + f.properties.count, 0)).to.equal(130);
      expect(r.body.features.filter((f: any) => f.properties.count === 0).length).to.be.above(700);
      const h = featureAt(r.body, hotCell.col, hotCell.row);
      expect(h.properties.bin).to.equal(3);
      expect(h.properties.giZ).to.be.above(3);
      expect(h.properties.giP).to.be.below(0.001);
      expect(h.geometry.type).to.equal('Polygon');
      expect(h.geometry.coordinates[0]).to.have.length(5);
      // Cold or hot well away from the planted spot would be a false finding.
      const far = r.body.features.filter((f: any) => {
        const [c, row] = f.id.split(':').map(Number);
        return Math.hypot(c - hotCell.col, row - hotCell.row) > 8 && Math.abs(f.properties.bin) >= 2;
      });
      expect(far.length).to.be.at.most(9);
    });

    it('when the study area is the bbox, then cells cover it and the hot spot is still bin 3; hexagons find it too', async () => {
      const sq = await analyst.agent.get(`/api/hotspots?bbox=${aBox.bbox}&cellSize=100&bandwidth=250`).expect(200);
      expect(sq.body.params).to.include({ bandwidth: 250, bandwidthMethod: 'given' });
      expect(sq.body.features.length).to.be.at.least(900);
      expect(featureAt(sq.body, hotCell.col, hotCell.row).properties.bin).to.equal(3);
      const hex = await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&shape=hex&bandwidth=250`).expect(200);
      expect(hex.body.params.shape).to.equal('hex');
      expect(hex.body.features[0].geometry.coordinates[0]).to.have.length(7);
      // Sightings in edge hexagons whose centres fall just outside the square are not in the study area.
      expect(hex.body.features.reduce((s: number, f: any) => s + f.properties.count, 0)).to.be.within(120, 130);
      const best = hex.body.features.reduce((m: any, f: any) => (f.properties.giZ > m.properties.giZ ? f : m));
      expect(best.properties.bin).to.equal(3);
      const [lon, lat] = best.geometry.coordinates[0][0];
      const bng = (await t.db.knex.raw('select ST_X(p) as e, ST_Y(p) as n from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) x', [lon, lat])).rows[0];
      expect(Math.hypot(bng.e - hot.e, bng.n - hot.n)).to.be.below(300);
    });

    it('when cells are drawn, then each polygon is its BNG outline, counter-clockwise as RFC 7946 asks, as PostGIS transforms it to 6 decimals (squares and hexagons)', async () => {
      for (const [shape, url] of [['square', `/api/hotspots?bbox=${aBox.bbox}&cellSize=100&bandwidth=250`], ['hex', `/api/hotspots?areaId=${areaId}&cellSize=100&shape=hex&bandwidth=250`]] as const) {
        const r = await analyst.agent.get(url).expect(200);
        const wkt = r.body.features.map((f: any) => {
          const [col, row] = f.id.split(':').map(Number);
          return `POLYGON((${cellRing(shape, 100, col, row).map(([x, y]) => `${x} ${y}`).join(',')}))`;
        });
        const expected = (await t.db.knex.raw(
          'select ST_AsGeoJSON(ST_Transform(ST_GeomFromText(w, 27700), 4326), 6)::json as g from unnest(?::text[]) with ordinality as u(w, i) order by i', [wkt])).rows;
        expect(r.body.features.length, shape).to.be.above(800);
        const differs = r.body.features.findIndex((f: any, i: number) => JSON.stringify(f.geometry) !== JSON.stringify(expected[i].g));
        expect(differs, `${shape}: ${JSON.stringify(r.body.features[differs]?.geometry)} against ${JSON.stringify(expected[differs]?.g)}`).to.equal(-1);
      }
    });

    it('when the study area is a WGS84 bbox across the grid, then every sighting in it is counted: the lattice covers its edges (100 m and 250 m cells)', async () => {
      // A bbox of its own (about 2.5 km), in Galloway (clear of other suites' boxes); every sighting lies inside it,
      // half of them within 40 m of an edge, where a rotated BNG cell's centre can fall outside.
      // The box's place comes from the seeded Math.random (test/support/random.ts); the points in it from their own seed.
      const west = -4.6 + Math.floor(Math.random() * 40) * 0.05;
      const south = 55.0 + Math.floor(Math.random() * 10) * 0.025;
      const rand = mulberry32(20261206);
      const box = { west, south, east: west + 0.04, north: south + 0.022 };
      const mPerLon = 111_320 * Math.cos((south * Math.PI) / 180);
      const inset = (m: number, perDeg: number) => m / perDeg;
      const pts = Array.from({ length: 120 }, (_, i) => {
        const edge = i % 2 === 0;
        let lon = box.west + inset(2, mPerLon) + rand() * (box.east - box.west - inset(4, mPerLon));
        let lat = box.south + inset(2, 111_320) + rand() * (box.north - box.south - inset(4, 111_320));
        if (edge) {
          const d = 2 + rand() * 38;
          const side = Math.floor(rand() * 4);
          if (side === 0) lon = box.west + inset(d, mPerLon);
          if (side === 1) lon = box.east - inset(d, mPerLon);
          if (side === 2) lat = box.south + inset(d, 111_320);
          if (side === 3) lat = box.north - inset(d, 111_320);
        }
        return { lon, lat, observedAt: new Date(END - rand() * 100 * DAY).toISOString(), category: 'truanting_at_address' };
      });
      await post(analyst, pts);
      const bbox = [box.west, box.south, box.east, box.north].join(',');
      for (const cellSize of [100, 250]) {
        const r = await analyst.agent.get(`/api/hotspots?bbox=${bbox}&cellSize=${cellSize}&category=truanting_at_address`).expect(200);
        const counted = r.body.features.reduce((s: number, f: any) => s + f.properties.count, 0);
        expect(counted, `${cellSize} m cells`).to.equal(120);
        expect(r.body.params.sightings, `${cellSize} m cells`).to.equal(120);
      }
    });

    it('when the distance band is so wide that the planted concentration is not significant, then the notes say so and name a band that finds it; a planner is not told the multiples', async () => {
      const r = await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&bandwidth=1500`).expect(200);
      expect(featureAt(r.body, hotCell.col, hotCell.row).properties.bin).to.equal(0);
      const note = r.body.notes.find((n: string) => /times the mean/.test(n));
      expect(note, JSON.stringify(r.body.notes)).to.match(/holds? \d+(–\d+)? times the mean of 0\.1 sightings per cell, but .* at a distance band of 1500 m/);
      const suggested = Number(/try bandwidth (\d+) m/.exec(note)![1]);
      expect(suggested).to.be.below(1500);
      const at = await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&bandwidth=${suggested}`).expect(200);
      expect(featureAt(at.body, hotCell.col, hotCell.row).properties.bin).to.be.above(0);
      expect(at.body.notes.join(' ')).to.not.match(/times the mean/);
      const p = await planner.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=250&bandwidth=1500`).expect(200);
      const pn = p.body.notes.join(' ');
      expect(pn).to.match(/Some cells hold more than 10 times the mean count per cell/);
      expect(pn).to.not.match(/times the mean of/);
    });

    it('when a planner asks for 100 m cells, then cells are 250 m, counts 1–4 read "<5", z and p are withheld and bins are given', async () => {
      const r = await planner.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&bandwidth=250`).expect(200);
      expect(r.body.restricted).to.equal(true);
      expect(r.body.params).to.include({ cellSize: 250, cellSizeMethod: 'raised', sightings: 130 });
      expect(r.body.notes.join(' ')).to.match(/250 m/);
      const counts = r.body.features.map((f: any) => f.properties.count);
      expect(counts).to.include('<5');
      expect(counts.filter((c: unknown) => typeof c === 'number' && c > 0 && c < 5)).to.deep.equal([]);
      expect(r.body.features.every((f: any) => f.properties.giZ === null && f.properties.giP === null)).to.equal(true);
      // The 250 m cell holding the planted spot (41 sightings) is significant at 95 % or more.
      const cell = r.body.features.find((f: any) => f.id === `${Math.floor(hot.e / 250)}:${Math.floor(hot.n / 250)}`);
      expect(cell.properties.count).to.be.at.least(35);
      expect(cell.properties.bin).to.be.at.least(2);
    });

    it('when hot spot cells are found, then they are named for people: the nearest street, and the nearest premises for analysts only; planners never get a premises, nor a name for a hidden count', async () => {
      const road = 'Hot Spot Test Street (synthetic)';
      const diagonal = 'Hot Spot Test South Lane (synthetic)';
      const line = 'ST_Multi(ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(?::float8, ?::float8), ST_MakePoint(?::float8, ?::float8)), 27700), 3857))';
      await t.db.knex.raw(
        `insert into basemap_roads (name, class, source, synthetic, geom) values (?, 'minor', 'hot spot test', true, ${line}), (?, 'minor', 'hot spot test', true, ${line})`,
        [road, hot.e - 300, hot.n + 20, hot.e + 300, hot.n + 20, diagonal, a.e0, a.n0 + 200, a.e1, a.n0 + 200],
      );
      const r = await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&bandwidth=250`).expect(200);
      expect(featureAt(r.body, hotCell.col, hotCell.row).properties.where).to.equal(`${road}, near Test Takeaway (synthetic)`);
      for (const f of r.body.features.filter((x: any) => x.properties.bin === 0)) expect(f.properties.where, f.id).to.equal(null);

      const p = await planner.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&bandwidth=250`).expect(200);
      const named = p.body.features.filter((f: any) => f.properties.where);
      expect(named.length).to.be.above(0);
      expect(named.map((f: any) => f.properties.where)).to.include(road);
      expect(JSON.stringify(p.body)).to.not.include('Test Takeaway');
      for (const f of p.body.features.filter((x: any) => !(typeof x.properties.count === 'number' && x.properties.count > 0))) expect(f.properties.where, f.id).to.equal(null);
    });

    it('when the search runs, then it is in the audit log with its parameters', async () => {
      await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=200`).expect(200);
      const row = await t.db.knex('audit_log').where({ target_type: 'hotspots', user_id: analyst.user.id }).orderBy('id', 'desc').first();
      expect(row.action).to.equal('search');
      expect(row.target_ids).to.deep.equal([areaId]);
      expect(row.query).to.include({ cellSize: 200, cells: 225 });
    });

    it('when parameters are bad, then a 400 names each one', async () => {
      const bad = async (qs: string, paths: string[], pattern?: RegExp) => {
        const r = await analyst.agent.get(`/api/hotspots?${qs}`).expect(400);
        expect(r.body.errors.map((e: any) => e.path).sort(), JSON.stringify(r.body)).to.deep.equal(paths);
        if (pattern) expect(JSON.stringify(r.body.errors)).to.match(pattern);
      };
      await bad(`areaId=${areaId}&cellSize=20`, ['cellSize'], /from 50 to 2000/);
      await bad(`areaId=${areaId}&cellSize=3000`, ['cellSize'], /from 50 to 2000/);
      await bad(`areaId=${areaId}&shape=triangle`, ['shape'], /square or hex, got \\"triangle\\"/);
      await bad(`areaId=${areaId}&cellSize=abc&shape=round`, ['cellSize', 'shape']);
      await bad(`areaId=${areaId}&cellSize=200&bandwidth=100`, ['bandwidth'], /at least the cell size/);
      await bad(`areaId=${areaId}&bbox=${aBox.bbox}`, ['areaId'], /not both/);
      await bad('cellSize=100', ['bbox'], /study area is required/);
      await bad(`areaId=${areaId}&colour=red`, ['colour']);
    });

    it('when the study area would need too many cells, then 422 names cellSize', async () => {
      const r = await analyst.agent.get('/api/hotspots?bbox=-3,55,-1,57&cellSize=50').expect(422);
      expect(r.body.errors[0].path).to.equal('cellSize');
      expect(r.body.detail).to.match(/at most 40000|the most one analysis takes is 40000/);
    });

    it('when fewer than 30 sightings match, then 422 says so instead of drawing a map', async () => {
      const r = await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=100&category=party_address`).expect(422);
      expect(r.headers['content-type']).to.match(/problem\+json/);
      expect(r.body.detail).to.match(/Only 0 sightings .* at least 30/);
      const p = await planner.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=250&to=2025-12-01`).expect(422);
      expect(p.body.detail).to.match(/Only (0|<5) sightings/);
    });

    it('when every cell holds the same count, then 422 says there is no variation to test', async () => {
      // A 600 m square (36 cells of 100 m) with exactly one sighting in each cell.
      const b = bngBox(1);
      const sq = { ...b, e1: b.e0 + 600, n1: b.n0 + 600 };
      const { polygon } = await wgs84(t, sq);
      const area = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: 'Even square (synthetic)', kind: 'custom', geometry: polygon }).expect(201);
      const one = [];
      for (let c = 0; c < 6; c++) for (let r = 0; r < 6; r++) one.push({ easting: b.e0 + c * 100 + 50, northing: b.n0 + r * 100 + 50, observedAt: '2026-03-03T21:00:00Z', category: 'online_contact' });
      await post(analyst, one);
      const res = await analyst.agent.get(`/api/hotspots?areaId=${area.body.id}&cellSize=100&category=online_contact`).expect(422);
      expect(res.body.detail).to.match(/same number of sightings.*no variation/);
    });

    it('when the bbox lies outside the operating area (no British National Grid there), then 422 names bbox', async () => {
      const r = await analyst.agent.get('/api/hotspots?bbox=150,-35,151,-34').expect(422);
      expect(r.body.errors[0].path).to.equal('bbox');
      expect(r.body.detail).to.match(/outside the operating area/);
      const k = await analyst.agent.get('/api/map/heat?bbox=150,-35,151,-34&method=kde').expect(200);
      expect(k.body.features).to.deep.equal([]);
    });

    it('when the area does not exist, then 404', async () => {
      await analyst.agent.get('/api/hotspots?areaId=00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('when signed out, then 401', async () => {
      const { default: supertest } = await import('supertest');
      await supertest(t.app).get(`/api/hotspots?areaId=${areaId}`).expect(401);
    });
  });

  describe('binning in SQL', () => {
    it('when points are binned by PostgreSQL, then each lands in the cell grid.ts computes (squares and hexagons)', async () => {
      const rand = mulberry32(5);
      const pts = Array.from({ length: 500 }, () => [300_000 + rand() * 20_000, 400_000 + rand() * 20_000] as [number, number]);
      for (const shape of ['square', 'hex'] as const) {
        for (const size of [50, 137, 250]) {
          const idx = cellIndexSql(shape);
          const r = await t.db.knex.raw(
            `select ${idx.col} as col, ${idx.row} as row from unnest(?::float8[], ?::float8[]) with ordinality as p(x, y, i), (select ?::float8 as s, ?::float8 as w) k order by i`,
            [pts.map((p) => p[0]), pts.map((p) => p[1]), size, Math.sqrt(3) * size],
          );
          expect(r.rows.map((x: any) => [x.col, x.row])).to.deep.equal(pts.map(([x, y]) => cellOf(shape, size, x, y)));
        }
      }
    });
  });

  describe('a uniform region', () => {
    it('when sightings are spread evenly at random, then at most a few percent of cells reach 95 % after FDR', async () => {
      const b = bngBox(2);
      const rand = mulberry32(77);
      await post(analyst, Array.from({ length: 120 }, () => ({ easting: b.e0 + 1 + rand() * 1998, northing: b.n0 + 1 + rand() * 1998, observedAt: '2026-04-01T22:00:00Z', category: 'goods_unknown_source' })));
      const { polygon } = await wgs84(t, b);
      const area = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: 'Uniform square (synthetic)', kind: 'custom', geometry: polygon }).expect(201);
      for (const shape of ['square', 'hex']) {
        const r = await analyst.agent.get(`/api/hotspots?areaId=${area.body.id}&cellSize=100&shape=${shape}&category=goods_unknown_source`).expect(200);
        const strong = r.body.features.filter((f: any) => Math.abs(f.properties.bin) >= 2).length;
        expect(strong / r.body.features.length, `${shape}: ${strong} of ${r.body.features.length}`).to.be.at.most(0.03);
      }
    });
  });

  describe('GET /api/hotspots/emerging', () => {
    it('when the hot spot appears only in the last two of 20 weeks, then it is a new or consecutive hot spot', async () => {
      const r = await analyst.agent.get(`/api/hotspots/emerging?areaId=${areaId}&cellSize=100&bandwidth=150&step=week&from=2026-01-05T00:00:00Z&to=2026-05-25T00:00:00Z`);
      expect(r.status, JSON.stringify(r.body).slice(0, 500)).to.equal(200);
      expect(r.body.params).to.include({ step: 'week', steps: 20, timeLag: 1, n: 900 * 20, fdr: true });
      expect(r.body.features).to.have.length(900);
      const h = featureAt(r.body, hotCell.col, hotCell.row);
      expect(['new_hot_spot', 'consecutive_hot_spot']).to.include(h.properties.pattern);
      expect(h.properties.bins).to.have.length(20);
      expect(h.properties.bins[19]).to.be.above(0);
      expect(r.body.summary.no_pattern).to.be.above(800);
    });

    it('when the period holds fewer than 10 steps, then 422 names step', async () => {
      const r = await analyst.agent.get(`/api/hotspots/emerging?areaId=${areaId}&cellSize=100&step=month&from=2026-01-05&to=2026-05-25`).expect(422);
      expect(r.body.errors[0].path).to.equal('step');
    });

    it('when a planner asks, then cells are 250 m and counts under 5 read "<5"', async () => {
      const r = await planner.agent.get(`/api/hotspots/emerging?areaId=${areaId}&step=week&from=2026-01-05T00:00:00Z&to=2026-05-25T00:00:00Z`).expect(200);
      expect(r.body.params.cellSize).to.be.at.least(250);
      const counts = r.body.features.map((f: any) => f.properties.count);
      expect(counts.filter((c: unknown) => typeof c === 'number' && c > 0 && c < 5)).to.deep.equal([]);
    });
  });

  describe('GET /api/hotspots/places', () => {
    it('when an analyst asks, then the premises leads by name with its share, and cumulative shares rise to 1', async () => {
      const r = await analyst.agent.get(`/api/hotspots/places?areaId=${areaId}&radius=75`).expect(200);
      expect(r.body.summary.total).to.equal(130);
      const first = r.body.features[0];
      expect(first.properties).to.include({ kind: 'premises', name: 'Test Takeaway (synthetic)', rank: 1, id: premisesId });
      expect(first.properties.count).to.be.at.least(40);
      const cum = r.body.features.map((f: any) => f.properties.cumulativeShare);
      expect(cum[cum.length - 1]).to.equal(1);
      expect(r.body.summary.placesFor50).to.be.a('number');
    });

    it('when a planner asks, then places are 250 m cells without names and small counts are folded away', async () => {
      const r = await planner.agent.get(`/api/hotspots/places?areaId=${areaId}`).expect(200);
      expect(r.body.params).to.include({ names: false, locationCell: 250 });
      expect(JSON.stringify(r.body)).to.not.include('Test Takeaway');
      for (const f of r.body.features) {
        expect(f.properties.kind).to.equal('cell');
        expect(f.properties.count).to.be.at.least(5);
      }
    });

    it('when a licensing officer asks, then premises are named and other places are 250 m cells', async () => {
      const r = await licensing.agent.get(`/api/hotspots/places?areaId=${areaId}`).expect(200);
      expect(r.body.features[0].properties.name).to.equal('Test Takeaway (synthetic)');
      expect(r.body.features.every((f: any) => f.properties.kind !== 'location')).to.equal(true);
    });
  });

  describe('GET /api/hotspots/near-repeat', () => {
    it('when an analyst runs the Knox test, then the table has bands × bands with ratios and seeded p-values, the same each time', async () => {
      const url = `/api/hotspots/near-repeat?areaId=${areaId}&distanceBand=100&distanceBands=3&timeBand=7&timeBands=2&simulations=99`;
      const r = await analyst.agent.get(url).expect(200);
      expect(r.body.observed).to.have.length(4);
      expect(r.body.observed[0]).to.have.length(3);
      expect(r.body.params.events).to.deep.equal({ matched: 130, used: 130, cap: 3000, capped: false });
      expect(r.body.params.pairs).to.equal((130 * 129) / 2);
      expect(r.body.observed.flat().reduce((s: number, x: number) => s + x, 0)).to.equal((130 * 129) / 2);
      // The planted spot is close in space and in time.
      expect(r.body.ratio[0][0]).to.be.above(1.5);
      expect(r.body.p[0][0]).to.equal(0.01);
      const again = await analyst.agent.get(url).expect(200);
      expect(again.body).to.deep.equal(r.body);
    });

    it('when a planner or licensing officer asks, then 403', async () => {
      await planner.agent.get(`/api/hotspots/near-repeat?areaId=${areaId}`).expect(403);
      await licensing.agent.get(`/api/hotspots/near-repeat?areaId=${areaId}`).expect(403);
    });
  });

  describe('GET /api/map/heat?method=kde', () => {
    it('when an analyst asks for kernel density, then cells carry densities per km² that integrate to the sightings, with the bandwidth stated', async () => {
      const r = await analyst.agent.get(`/api/map/heat?bbox=${aBox.bbox}&zoom=13&method=kde&bandwidth=400&cellSize=50&category=adult_loitering`).expect(200);
      expect(r.body.params).to.include({ kernel: 'quartic', bandwidth: 400, bandwidthMethod: 'given', cellSize: 50, units: 'sightings per km²' });
      const integral = r.body.features.reduce((s: number, f: any) => s + (f.properties.density * 50 * 50) / 1e6, 0);
      // All sightings lie in the box; the kernel mass that spills past its edges is small.
      expect(integral).to.be.within(118, 130.5);
      const peak = r.body.features.find((f: any) => f.properties.density === r.body.maxDensity);
      const [lon, lat] = peak.geometry.coordinates;
      const bng = (await t.db.knex.raw('select ST_X(p) as e, ST_Y(p) as n from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) x', [lon, lat])).rows[0];
      expect(Math.hypot(bng.e - hot.e, bng.n - hot.n)).to.be.below(100);
    });

    it('when the bandwidth is left out, then ArcGIS\'s default radius is used and said so; a planner gets 250 m cells', async () => {
      const r = await analyst.agent.get(`/api/map/heat?bbox=${aBox.bbox}&zoom=13&method=kde`).expect(200);
      expect(r.body.params.bandwidthMethod).to.equal('silverman');
      expect(r.body.params.bandwidth).to.be.above(0);
      const p = await planner.agent.get(`/api/map/heat?bbox=${aBox.bbox}&zoom=13&method=kde&cellSize=50`).expect(200);
      expect(p.body.params.cellSize).to.equal(250);
      expect(p.body.params.bandwidth).to.be.at.least(500);
      expect(p.body.params.sightings).to.equal(null);
    });
  });
});
