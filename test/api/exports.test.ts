import { expect } from 'chai';
import initSqlJs from 'sql.js';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { addHotel, signInEach } from '../support/records.js';
import { binary } from '../support/http.js';

const base = { sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', category: 'adult_loitering' };

describe('exports API', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  let planner: Session;
  const box = privateBox();
  let premisesId: string;
  /** [linked P with narrative, linked P, linked C, unlinked P, linked P of another year] */
  const ids: string[] = [];

  before(async function () {
    // Sign-ins (argon2) and a dozen writes can be slow on a busy two-core machine.
    this.timeout(180_000);
    t = await testApp();
    ({ analyst, licensing, planner } = await signInEach(t, 'analyst', 'licensing', 'planner'));
    premisesId = await addHotel(t.db, 'Export Hotel (synthetic)', box);
    const rows = [
      { observedAt: '2026-03-01T21:00:00Z', handlingCode: 'P', premisesId, narrative: '=HYPERLINK("x") synthetic, with "quotes"', subjectRefs: ['SYN-EXP-1', 'SYN-EXP-2'], ...box.at(0.001, 0.001) },
      { observedAt: '2026-03-02T21:00:00Z', handlingCode: 'P', premisesId, category: 'party_address', ...box.at(-0.001, 0.001) },
      { observedAt: '2026-03-03T21:00:00Z', handlingCode: 'C', premisesId, narrative: 'C-coded narrative (synthetic)', ...box.at(0.002, -0.001) },
      { observedAt: '2026-03-04T21:00:00Z', handlingCode: 'P', ...box.at(-0.002, -0.002) },
      { observedAt: '2025-03-04T21:00:00Z', handlingCode: 'P', premisesId, ...box.at(0, 0) },
    ];
    for (const r of rows) {
      const res = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, ...r }).expect(201);
      ids.push(res.body.id);
    }
  });

  const exports = (s: Session, q: string) => s.agent.get(`/api/exports/sightings?bbox=${box.bbox}&${q}`);

  it('when an analyst exports GeoJSON for a period, then the file holds those points with every field and downloads as an attachment', async () => {
    const r = await exports(analyst, 'format=geojson&from=2026-01-01').expect(200);
    expect(r.headers['content-type']).to.match(/^application\/geo\+json/);
    expect(r.headers['content-disposition']).to.match(/^attachment; filename="?lantern-sightings-\d{4}-\d{2}-\d{2}T\d{4}Z\.geojson"?$/);
    expect(r.headers['cache-control']).to.equal('no-store');
    expect(r.body.type).to.equal('FeatureCollection');
    expect(r.body.marking).to.equal('OFFICIAL-SENSITIVE');
    expect(r.body.features.map((f: any) => f.id)).to.deep.equal(ids.slice(0, 4));
    const first = r.body.features[0];
    expect(first.geometry.type).to.equal('Point');
    expect(first.geometry.coordinates[0]).to.be.closeTo(box.lon + 0.001, 1e-6);
    expect(first.properties).to.include({ observedAt: '2026-03-01T21:00:00.000Z', handlingCode: 'P', premisesId, synthetic: false });
    expect(first.properties.subjectRefs).to.deep.equal(['SYN-EXP-1', 'SYN-EXP-2']);
    expect(first.properties).to.not.have.property('lon');
  });

  it('when an export is made, then it is audited as export with the filters, the format, the count and the purpose', async () => {
    await exports(analyst, 'format=csv&category=party_address').expect(200);
    const row = await t.db.knex('audit_log').where({ user_id: analyst.user.id, action: 'export' }).orderBy('id', 'desc').first();
    expect(row.purpose).to.equal('Automated test of Lantern');
    expect(row.outcome).to.equal('ok');
    expect(row.target_type).to.equal('sighting');
    expect(row.query).to.include({ format: 'csv', count: 1 });
    expect(row.query.categories).to.deep.equal(['party_address']);
    expect(row.query.bbox).to.include({ west: Number(box.bbox.split(',')[0]) });
    expect(row.query.idsSha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('when an analyst exports CSV, then there is a header and one row per sighting, quoted, with formula-like text defused', async () => {
    const r = await exports(analyst, 'format=csv').expect(200);
    expect(r.headers['content-type']).to.equal('text/csv; charset=utf-8');
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines).to.have.length(1 + 5);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 5)).to.deep.equal(['id', 'observedAt', 'reportedAt', 'lon', 'lat']);
    expect(header).to.include.members(['narrative', 'subjectRefs']);
    const first = lines.find((l) => l.startsWith(ids[0]!))!;
    expect(first).to.include(`"'=HYPERLINK(""x"") synthetic, with ""quotes"""`);
    expect(first).to.include('SYN-EXP-1;SYN-EXP-2');
  });

  it('when an analyst exports a GeoPackage, then it is a GeoPackage SQLite file with a POINT layer of the sightings', async () => {
    const r = await exports(analyst, 'format=gpkg&from=2026-01-01').buffer(true).parse(binary).expect(200);
    expect(r.headers['content-type']).to.equal('application/geopackage+sqlite3');
    const bytes = r.body as Buffer;
    expect(bytes.subarray(0, 16).toString('latin1')).to.equal('SQLite format 3\u0000');
    expect(bytes.subarray(68, 72).toString('latin1')).to.equal('GPKG');
    const SQL = await initSqlJs();
    const db = new SQL.Database(bytes);
    try {
      expect(db.exec('PRAGMA user_version')[0]!.values[0]![0]).to.equal(10300);
      expect(db.exec(`select data_type, srs_id from gpkg_contents where table_name = 'sightings'`)[0]!.values).to.deep.equal([['features', 4326]]);
      expect(db.exec(`select geometry_type_name, srs_id from gpkg_geometry_columns`)[0]!.values).to.deep.equal([['POINT', 4326]]);
      expect(db.exec(`select srs_id from gpkg_spatial_ref_sys order by srs_id`)[0]!.values.flat()).to.deep.equal([-1, 0, 4326]);
      const rows = db.exec(`select id, geom, narrative, synthetic from sightings order by observedAt`)[0]!.values;
      expect(rows.map((x) => x[0])).to.deep.equal(ids.slice(0, 4));
      const blob = Buffer.from(rows[0]![1] as Uint8Array);
      expect(blob.subarray(0, 2).toString('latin1')).to.equal('GP');
      expect(blob.readInt32LE(4)).to.equal(4326);
      expect(blob.readUInt32LE(9)).to.equal(1);
      expect(blob.readDoubleLE(13)).to.be.closeTo(box.lon + 0.001, 1e-6);
      expect(blob.readDoubleLE(21)).to.be.closeTo(box.lat + 0.001, 1e-6);
      expect(rows[0]![3]).to.equal(0);
    } finally {
      db.close();
    }
  });

  it('when a licensing officer exports, then only P-coded sightings linked to premises or vehicles come, without narrative or subject columns', async () => {
    const g = await exports(licensing, 'format=geojson&from=2026-01-01').expect(200);
    expect(g.body.features.map((f: any) => f.id)).to.deep.equal([ids[0], ids[1]]);
    for (const f of g.body.features) expect(f.properties).to.not.have.any.keys('narrative', 'subjectRefs');
    const c = await exports(licensing, 'format=csv&from=2026-01-01').expect(200);
    expect(c.text).to.not.include('narrative').and.not.include('SYN-EXP-1').and.not.include('HYPERLINK');
  });

  it('when a planner asks for an export, then it is refused with 403 and the refusal is audited', async () => {
    const r = await exports(planner, 'format=csv').expect(403);
    expect(r.headers['content-type']).to.match(/problem\+json/);
    const denied = await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'denied' }).orderBy('id', 'desc').first();
    expect(denied.query.path).to.equal('/api/exports/sightings');
  });

  it('when no purpose is stated, then the export answers 428 and no file', async () => {
    const s = await signIn(t, 'analyst', { purpose: null });
    const r = await exports(s, 'format=geojson').expect(428);
    expect(r.body.type).to.equal('/problems/purpose-required');
    expect(await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'export' }).first()).to.equal(undefined);
  });

  it('when a parameter is bad, then a 400 names each bad field, no file is made and the attempt is audited', async () => {
    const r = await analyst.agent.get('/api/exports/sightings?format=shp&to=2026-13-01&colour=red').expect(400);
    expect(r.body.errors.map((e: any) => e.path).sort()).to.deep.equal(['colour', 'format', 'to']);
    const row = await t.db.knex('audit_log').where({ user_id: analyst.user.id, action: 'export' }).orderBy('id', 'desc').first();
    expect(row.outcome).to.equal('400 invalid-request');
    expect(row.query.params).to.include({ format: 'shp' });
  });

  it('when filters match nothing, then each format is a valid, empty file', async () => {
    const g = await exports(analyst, 'format=geojson&from=2030-01-01').expect(200);
    expect(g.body.features).to.deep.equal([]);
    const c = await exports(analyst, 'format=csv&from=2030-01-01').expect(200);
    expect(c.text.trimEnd().split('\r\n')).to.have.length(1);
    const p = await exports(analyst, 'format=gpkg&from=2030-01-01').buffer(true).parse(binary).expect(200);
    const SQL = await initSqlJs();
    const db = new SQL.Database(p.body as Buffer);
    expect(db.exec('select count(*) from sightings')[0]!.values[0]![0]).to.equal(0);
    db.close();
  });
});
