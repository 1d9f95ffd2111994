import { expect } from 'chai';
import { seedDemo } from '../../../seeds/demo/index.js';
import { demoPresent } from '../../../seeds/demo/repo.js';
import { HOT_SPOTS, type LonLat } from '../../../seeds/demo/town.js';
import { testApp, signIn, type Session, type TestApp } from '../../support/app.js';

/** The same demo as test/api/seeds/demo.test.ts, so whichever file runs first seeds it for both. */
const NOW = new Date('2026-11-28T12:00:00Z');
const CELL = 200;

/**
 * Moorland at the north-west of the synthetic town, inside its outline and kilometres
 * from every settlement and hot spot, so that only the town-wide uniform background
 * falls here, once the surroundings of any premises the generator placed on it (which
 * draw sightings of their own) are cut out.
 */
const MOOR: LonLat[] = [
  [-2.545, 53.615],
  [-2.462, 53.615],
  [-2.462, 53.641],
  [-2.505, 53.638],
  [-2.545, 53.630],
  [-2.545, 53.615],
];
/** Metres cut out round each premises on the moor. */
const PREMISES_CLEARANCE = 400;

type Cell = { id: string; properties: { bin: number; count: number; giZ: number } };

/**
 * The demo town as an analyst sees it through the hot spot API: what issue 5's
 * "What it must show" asks of the persistent hot spots, the emerging one and a
 * uniform region.
 */
describe('hot spots on the demo town (API)', () => {
  let t: TestApp;
  let analyst: Session;
  let bbox: string;

  /** "col:row" of the BNG square of `size` metres holding a WGS84 point. */
  const cellOf = async ([lon, lat]: LonLat, size = CELL) => {
    const p = (await t.db.knex.raw('select ST_X(p) as x, ST_Y(p) as y from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) q', [lon, lat])).rows[0];
    return { col: Math.floor(p.x / size), row: Math.floor(p.y / size) };
  };

  before(async function () {
    this.timeout(180_000);
    t = await testApp();
    if (!(await demoPresent(t.db.knex))) await seedDemo(t.db, { sightings: 3000, now: NOW, seed: 1 });
    analyst = await signIn(t, 'analyst');
    const e = (await t.db.knex.raw(`select ST_XMin(e) as w, ST_YMin(e) as s, ST_XMax(e) as e, ST_YMax(e) as n
      from (select ST_Extent(geom)::geometry as e from areas where synthetic and kind = 'ward') x`)).rows[0];
    bbox = [e.w, e.s, e.e, e.n].map((v: number) => v.toFixed(5)).join(',');
  });

  it('when an analyst runs Gi* over the town, then each persistent hot spot is a cluster of bin 3 cells round its premises', async function () {
    this.timeout(60_000);
    const res = await analyst.agent.get(`/api/hotspots?bbox=${bbox}&cellSize=${CELL}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.params).to.include({ cellSize: CELL, fdr: true });
    const byId = new Map<string, Cell>(res.body.features.map((f: Cell) => [f.id, f]));
    for (const h of HOT_SPOTS.filter((s) => !s.emergingDays)) {
      const { col, row } = await cellOf(h.centre);
      const heart = byId.get(`${col}:${row}`)!;
      expect(heart.properties.bin, `${h.key}: its own cell (${JSON.stringify(heart.properties)})`).to.equal(3);
      // A cluster, not one busy cell: most of the 3 × 3 block round it is bin 3 too.
      let hot = 0;
      for (let dc = -1; dc <= 1; dc++) for (let dr = -1; dr <= 1; dr++) if (byId.get(`${col + dc}:${row + dr}`)?.properties.bin === 3) hot++;
      expect(hot, `${h.key}: bin 3 cells of the 9 round it`).to.be.at.least(5);
    }
  });

  // Monthly steps: this test's demo is a tenth of the default town, and a cube of 104 weeks
  // × 7 000 cells over 3 000 sightings is so sparse that two background sightings side by
  // side make a significant bin. On the default town (30 000) weekly steps find it new too.
  it('when an analyst runs emerging hot spots by month over the whole history, then the emerging bar is a new or intensifying hot spot', async function () {
    this.timeout(60_000);
    const res = await analyst.agent.get(`/api/hotspots/emerging?bbox=${bbox}&cellSize=${CELL}&step=month`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.params.step).to.equal('month');
    expect(res.body.params.steps).to.be.at.least(20);
    const lounge = HOT_SPOTS.find((h) => h.emergingDays)!;
    const { col, row } = await cellOf(lounge.centre);
    const cell = res.body.features.find((f: { id: string }) => f.id === `${col}:${row}`);
    expect(cell.properties.pattern, JSON.stringify(cell.properties)).to.be.oneOf(['new_hot_spot', 'intensifying_hot_spot']);
  });

  it('when an analyst runs Gi* over moorland holding only the uniform background, then no cell is significant after FDR', async function () {
    this.timeout(60_000);
    const moor = (await t.db.knex.raw(
      `select ST_AsGeoJSON(ST_Multi(ST_Difference(m, coalesce((select ST_Union(ST_Transform(ST_Buffer(ST_Transform(p.geom, 27700), ?), 4326))
         from premises p where p.synthetic and ST_DWithin(p.geom::geography, m::geography, ?)), ST_GeomFromText('POLYGON EMPTY', 4326)))), 6)::json as g
       from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4326) as m) x`,
      [PREMISES_CLEARANCE, PREMISES_CLEARANCE, JSON.stringify({ type: 'Polygon', coordinates: [MOOR] })],
    )).rows[0].g;
    const area = await analyst.agent
      .post('/api/areas')
      .set('X-CSRF-Token', analyst.csrf)
      .send({ name: 'Moorland, uniform background (synthetic, test)', kind: 'custom', geometry: moor });
    expect(area.status, JSON.stringify(area.body)).to.equal(201);
    const res = await analyst.agent.get(`/api/hotspots?areaId=${area.body.id}&cellSize=${CELL}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.params.sightings, 'enough sightings to test').to.be.at.least(30);
    const significant = res.body.features.filter((f: Cell) => f.properties.bin !== 0);
    expect(significant.map((f: Cell) => `${f.id} ${JSON.stringify(f.properties)}`)).to.deep.equal([]);
  });
});
