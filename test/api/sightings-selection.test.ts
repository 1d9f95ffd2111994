import { expect } from 'chai';
import initSqlJs from 'sql.js';
import { privateBox, type TestApp, type Session, testApp } from '../support/app.js';
import { addHotel, signInEach } from '../support/records.js';
import { cellOf } from '../../server/hotspots/grid.js';

/**
 * "List these sightings" (issue 19): a hot spot cell, a cluster or a drawn area, listed
 * and exported with exactly its own sightings, for analysts and admins only.
 */

const base = { sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', category: 'adult_loitering' };

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('sightings picked off the map (cell, cluster, drawn area)', () => {
  let t: TestApp;
  let s: Record<'analyst' | 'admin' | 'licensing' | 'planner', Session>;
  const box = privateBox();
  /** Each sighting made here with its BNG point. */
  const made: { id: string; e: number; n: number; lon: number; lat: number }[] = [];
  let premisesId: string;
  const offsets: [number, number][] = [
    [0, 0], [0, 0], [0, 0], // three at one address
    [0.0004, 0.0003], [-0.0005, 0.0002], [0.001, -0.0008], [-0.0021, 0.0017], [0.0026, 0.0024], [-0.0028, -0.0026], [0.0015, 0.0021],
  ];

  before(async function () {
    this.timeout(180_000);
    t = await testApp();
    s = await signInEach(t, 'analyst', 'admin', 'licensing', 'planner');
    premisesId = await addHotel(t.db, 'Listed Hotel (synthetic)', box.at(0, 0));
    for (const [i, [dx, dy]] of offsets.entries()) {
      const at = box.at(dx, dy);
      const r = await s.analyst.agent.post('/api/sightings').set('X-CSRF-Token', s.analyst.csrf)
        .send({ ...base, observedAt: `2026-04-${String(1 + i).padStart(2, '0')}T21:00:00Z`, premisesId: i === 0 ? premisesId : null, ...at }).expect(201);
      const row = await t.db.knex('sightings').where({ id: r.body.id }).first('bng_e', 'bng_n');
      made.push({ id: r.body.id, e: Number(row.bng_e), n: Number(row.bng_n), ...at });
    }
  });

  const idsOf = (features: { id: string }[]) => features.map((f) => f.id).sort();
  const inCell = (shape: 'square' | 'hex', size: number, col: number, row: number) =>
    made.filter((m) => { const [c, r] = cellOf(shape, size, m.e, m.n); return c === col && r === row; }).map((m) => m.id).sort();

  for (const shape of ['square', 'hex'] as const) {
    it(`when an analyst lists a ${shape} hot spot cell, then exactly the sightings in that cell come back`, async () => {
      const [col, row] = cellOf(shape, 250, made[0]!.e, made[0]!.n);
      const want = inCell(shape, 250, col, row);
      expect(want.length).to.be.within(3, made.length - 1);
      const r = await s.analyst.agent.get(`/api/sightings?cell=${shape}:250:${col}:${row}`).expect(200);
      expect(idsOf(r.body.features)).to.deep.equal(want);
      expect(r.body.numberMatched).to.equal(want.length);
    });
  }

  it('when sightings are listed, then each row names its premises (and vehicle) beside the id, so the table needs no look-ups', async () => {
    const r = await s.analyst.agent.get(`/api/sightings?bbox=${box.bbox}`).expect(200);
    const linked = r.body.features.find((f: any) => f.id === made[0]!.id);
    expect(linked.properties).to.include({ premisesId, premisesName: 'Listed Hotel (synthetic)', vehiclePlate: null });
    const other = r.body.features.find((f: any) => f.id === made[3]!.id);
    expect(other.properties).to.include({ premisesId: null, premisesName: null });
  });

  it("when an analyst exports a cell's sightings, then each format holds exactly that cell's sightings and the export is audited with the cell and the purpose", async () => {
    const [col, row] = cellOf('square', 100, made[0]!.e, made[0]!.n);
    const want = inCell('square', 100, col, row);
    const cell = `square:100:${col}:${row}`;
    const geo = await s.analyst.agent.get(`/api/exports/sightings?format=geojson&cell=${cell}`).expect(200);
    expect(idsOf(geo.body.features)).to.deep.equal(want);
    const csv = await s.analyst.agent.get(`/api/exports/sightings?format=csv&cell=${cell}`).expect(200);
    expect(csv.text.trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]).sort()).to.deep.equal(want);
    const gpkg = await s.analyst.agent.get(`/api/exports/sightings?format=gpkg&cell=${cell}`).buffer(true).parse(binary).expect(200);
    const SQL = await initSqlJs();
    const db = new SQL.Database(new Uint8Array(gpkg.body as Buffer));
    const ids = db.exec('select id from sightings')[0]!.values.map((v) => String(v[0])).sort();
    db.close();
    expect(ids).to.deep.equal(want);

    const audit = await t.db.knex('audit_log').where({ user_id: s.analyst.user.id, action: 'export' }).orderBy('id', 'desc').first();
    expect(audit.outcome).to.equal('ok');
    expect(audit.purpose).to.equal('Automated test of Lantern');
    expect(audit.query).to.include({ format: 'gpkg', count: want.length });
    expect(audit.query.lattice).to.deep.equal({ shape: 'square', size: 100, col, row });
  });

  it('when an analyst lists a drawn area, then exactly the sightings inside it come back', async () => {
    // The north-east quarter of the box, clear of the address at its centre.
    const [x, y] = [box.lon + 0.0001, box.lat + 0.0001];
    const ring = [[x, y], [x + 0.004, y], [x + 0.004, y + 0.004], [x, y + 0.004], [x, y]];
    const within = encodeURIComponent(JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
    const want = made.filter((m) => m.lon > box.lon && m.lat > box.lat).map((m) => m.id).sort();
    expect(want.length).to.be.above(0);
    const r = await s.analyst.agent.get(`/api/sightings?within=${within}`).expect(200);
    expect(idsOf(r.body.features)).to.deep.equal(want);
  });

  it('when an analyst lists a cluster the map drew, then exactly its sightings come back, and a cluster that is not there is a 404', async () => {
    for (const zoom of [14, 19]) {
      const view = `bbox=${box.bbox}&from=2026-04-01&to=2026-04-30`;
      const clusters = await s.analyst.agent.get(`/api/map/clusters?${view}&zoom=${zoom}`).expect(200);
      const cs = clusters.body.features.filter((f: any) => f.properties.cluster);
      expect(cs.length, `clusters at zoom ${zoom}`).to.be.above(0);
      let listed = 0;
      for (const c of cs) {
        expect(c.properties.members, JSON.stringify(c.properties)).to.be.a('string');
        const r = await s.analyst.agent.get(`/api/sightings?${view}&cluster=${c.properties.members}`).expect(200);
        expect(r.body.numberMatched, `${zoom} ${c.properties.members}`).to.equal(c.properties.point_count);
        listed += r.body.numberMatched;
      }
      const points = clusters.body.features.length - cs.length;
      expect(listed + points, `zoom ${zoom}: clusters and points cover every sighting once`).to.equal(made.length);
    }
    // The three at one address stay a cluster at the map's last zoom, and list as exactly those three.
    const last = await s.analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=19`).expect(200);
    const address = last.body.features.find((f: any) => f.properties.cluster && f.properties.point_count === 3);
    const r = await s.analyst.agent.get(`/api/sightings?bbox=${box.bbox}&cluster=${address.properties.members}`).expect(200);
    expect(idsOf(r.body.features)).to.deep.equal(made.slice(0, 3).map((m) => m.id).sort());

    await s.analyst.agent.get(`/api/sightings?bbox=${box.bbox}&cluster=14/987654321`).expect(404);
    await s.analyst.agent.get(`/api/sightings?cluster=14/1`).expect(400);
  });

  it('when the cell, cluster or area is malformed, then 400 names the parameter', async () => {
    const r = await s.analyst.agent.get('/api/sightings?cell=triangle:100:1:2').expect(400);
    expect(JSON.stringify(r.body)).to.include('cell');
    await s.analyst.agent.get('/api/sightings?cell=square:1:1:2').expect(400);
    await s.analyst.agent.get('/api/sightings?cluster=abc').expect(400);
    await s.analyst.agent.get(`/api/sightings?within=${encodeURIComponent('{"type":"Point","coordinates":[0,0]}')}`).expect(400);
  });

  it('when each role lists or exports a cell, then analysts and admins get it and licensing officers and planners are refused (audited)', async () => {
    const [col, row] = cellOf('square', 250, made[0]!.e, made[0]!.n);
    for (const path of ['/api/sightings', '/api/exports/sightings']) {
      const url = `${path}?cell=square:250:${col}:${row}`;
      for (const role of ['analyst', 'admin'] as const) {
        const r = await s[role].agent.get(url);
        expect(r.status, `${role} ${url}`).to.equal(200);
      }
      for (const role of ['licensing', 'planner'] as const) {
        const r = await s[role].agent.get(url);
        expect(r.status, `${role} ${url}: ${JSON.stringify(r.body)}`).to.equal(403);
        expect(JSON.stringify(r.body)).to.not.include(made[0]!.id);
      }
    }
    const denied = await t.db.knex('audit_log').where({ user_id: s.licensing.user.id, action: 'denied' }).first();
    expect(denied).to.not.equal(undefined);
  });
});
