import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testApp, signIn, type TestApp, type Session } from '../support/app.js';
import { layerProps, tileOf, tilePath } from '../support/mvt.js';
import { binary } from '../support/http.js';
import { loadDemoStreets } from '../../seeds/demo/streets.js';
import { DEFAULT_SEED } from '../../seeds/demo/index.js';

const run = promisify(execFile);
const OSM_FIXTURE = fileURLToPath(new URL('../fixtures/osm-extract.geojson', import.meta.url));
/** Sent as text: supertest would serialise a Buffer under a JSON type as JSON. */
const osm = fs.readFileSync(OSM_FIXTURE, 'utf8');

/**
 * Street basemap files through the Imports page's API: an OpenStreetMap extract as
 * GeoJSON, an OS Open Roads-shaped GeoPackage, and what is refused (with nothing written).
 */
describe('basemap imports (Imports page)', () => {
  let t: TestApp;
  let admin: Session;
  let planner: Session;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-basemap-import-'));
  const street = 'Quillon Street (synthetic)';
  // One z15 tile holds the whole synthetic neighbourhood (buildings and paths are drawn from z14).
  const streetTile = tilePath(tileOf(-3.8975, 57.4016, 15));

  const upload = (s: Session, query: string, type: string, body: Buffer | string) =>
    s.agent.post(`/api/imports/basemap${query}`).set('X-CSRF-Token', s.csrf).set('Content-Type', type).send(body);
  const count = async (table: string) => Number((await t.db.knex(table).count<{ n: string | number }[]>({ n: '*' }))[0]!.n);
  const tile = async (p: string) => (await planner.agent.get(p).buffer(true).parse(binary).expect(200)).body as Buffer;

  before(async function () {
    this.timeout(180_000);
    t = await testApp();
    admin = await signIn(t, 'admin');
    planner = await signIn(t, 'planner');
  });

  after(async function () {
    this.timeout(60_000);
    // The imports replaced whole layers: put the demo's streets back for whoever comes next.
    await t.db.knex.transaction((trx) => loadDemoStreets(trx, DEFAULT_SEED));
  });

  it('when an admin uploads an OpenStreetMap extract as GeoJSON, then each layer is replaced from its tags and a tile there names the street, on either database', async function () {
    this.timeout(60_000);
    const res = await upload(admin, '?fileName=osm-extract.geojson', 'application/geo+json', osm).expect(200);
    expect(res.body).to.include({ status: 'done', rowsRead: 12, inserted: 9, rejectedCount: 0 });
    expect(res.body.basemap).to.deep.include({ format: 'osm-geojson', layers: { roads: 3, water: 3, green: 2, buildings: 1 }, ignored: 3 });

    const body = await tile(streetTile);
    const roads = layerProps(body, 'roads');
    expect(roads.find((p) => p.name === street)?.class).to.equal('minor');
    // An unnamed main road is labelled by its number; a proposed road is no road yet.
    expect(roads.find((p) => p.name === 'A9999')?.class).to.equal('primary');
    expect(roads.map((p) => p.class)).to.include('path');
    expect(roads.map((p) => p.name)).to.not.include('Fixture Halt (synthetic)');
    expect(layerProps(body, 'water').map((p) => p.name)).to.include.members(['Burn of Testing (synthetic)', 'Loch Fixture (synthetic)', 'Fixture Pond (synthetic)']);
    expect(layerProps(body, 'green').map((p) => p.name)).to.include('Fixture Green (synthetic)');
    expect(layerProps(body, 'buildings')).to.have.length(1);

    // Recorded like any import, with what it loaded, and audited.
    const status = await admin.agent.get(`/api/imports/${res.body.id}`).expect(200);
    expect(status.body).to.include({ kind: 'basemap', status: 'done', format: 'geojson' });
    expect(status.body.basemap.layers).to.deep.equal({ roads: 3, water: 3, green: 2, buildings: 1 });
    const audit = await t.db.knex('audit_log').where({ action: 'import', target_type: 'basemap' }).whereRaw('? = any(target_ids)', [res.body.id]).first();
    expect(audit?.outcome).to.equal('ok');
  });

  it('when one layer of an extract is asked for, then only that layer is replaced', async function () {
    this.timeout(60_000);
    const waterBefore = await count('basemap_water');
    const res = await upload(admin, '?layer=roads&format=osm-geojson', 'application/geo+json', osm).expect(200);
    expect(res.body.basemap.layers).to.deep.equal({ roads: 3 });
    expect(await count('basemap_roads')).to.equal(3);
    expect(await count('basemap_water')).to.equal(waterBefore);
  });

  it('when an admin uploads an OS Open Roads GeoPackage, then the roads layer is replaced and its street is in the tile', async function () {
    this.timeout(60_000);
    const geojson = path.join(dir, 'road_link.geojson');
    const line = [[-3.9, 57.41], [-3.8975, 57.4105], [-3.895, 57.411]];
    fs.writeFileSync(geojson, JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { identifier: 'SYNTH-0101', name_1: 'Upload Brae (synthetic)', road_classification: 'B Road', road_function: 'B Road' }, geometry: { type: 'LineString', coordinates: line } }],
    }));
    const gpkg = path.join(dir, 'oproad.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', gpkg, geojson, '-nln', 'road_link', '-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:27700']);
    const res = await upload(admin, '?layer=roads&fileName=oproad.gpkg', 'application/geopackage+sqlite3', fs.readFileSync(gpkg)).expect(200);
    expect(res.body.basemap).to.deep.include({ format: 'gpkg', tables: ['road_link'], layers: { roads: 1 } });
    const roads = layerProps(await tile(tilePath(tileOf(-3.8975, 57.4105, 16))), 'roads');
    expect(roads.find((p) => p.name === 'Upload Brae (synthetic)')?.class).to.equal('secondary');
    expect(layerProps(await tile(streetTile), 'roads').map((p) => p.name)).to.not.include(street);
  });

  it('when strict mode meets a feature that cannot go on the layer, then 422 names it and nothing is written', async () => {
    const before = await count('basemap_roads');
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Strict Lane (synthetic)' }, geometry: { type: 'LineString', coordinates: [[-3.9, 57.42], [-3.89, 57.42]] } },
        { type: 'Feature', properties: { name: 'A point' }, geometry: { type: 'Point', coordinates: [-3.9, 57.42] } },
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[-3.9, 95]] } },
      ],
    });
    const res = await upload(admin, '?layer=roads&mode=strict', 'application/geo+json', file).expect(422);
    expect(res.headers['content-type']).to.match(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['rows.2.geometry', 'rows.3.geometry.coordinates']);
    expect(await count('basemap_roads')).to.equal(before);
  });

  it('when the options or the file do not fit, then the answer is a problem naming the field, and no import is recorded', async () => {
    const imports = await count('imports');
    const bad = await upload(admin, '?layer=rivers', 'application/geo+json', '{}').expect(400);
    expect(bad.headers['content-type']).to.match(/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).to.include('layer');
    const placesFormat = await upload(admin, '?format=onspd', 'application/geo+json', '{}').expect(422);
    expect(placesFormat.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['format']);
    const update = await upload(admin, '?onDuplicate=update', 'application/geo+json', '{}').expect(422);
    expect(update.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['onDuplicate']);
    const notSqlite = await upload(admin, '?format=gpkg', 'application/geopackage+sqlite3', osm).expect(422);
    expect(notSqlite.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['format']);
    await upload(admin, '', 'text/csv', 'a,b\n').expect(415);
    const layerElsewhere = await admin.agent.post('/api/imports/premises?layer=roads').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send('name\n').expect(422);
    expect(layerElsewhere.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['layer']);
    expect(await count('imports')).to.equal(imports);
  });

  it('when a file has nothing for the basemap, then 422 says so, the import is recorded as failed, and the layers are kept', async () => {
    const before = await count('basemap_roads');
    const file = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { osm_id: '1', amenity: 'pub' }, geometry: { type: 'Point', coordinates: [-3.9, 57.42] } }] });
    const res = await upload(admin, '', 'application/geo+json', file).expect(422);
    expect(res.headers['content-type']).to.match(/problem\+json/);
    expect(res.body.detail).to.match(/no features for any basemap layer/);
    expect(await count('basemap_roads')).to.equal(before);
    const list = await admin.agent.get('/api/imports').expect(200);
    expect(list.body.imports[0]).to.include({ kind: 'basemap', status: 'failed' });
  });

  it('when a planner or an analyst tries to import a basemap, then 403', async () => {
    const analyst = await signIn(t, 'analyst');
    await upload(analyst, '', 'application/geo+json', osm).expect(403);
    await upload(planner, '', 'application/geo+json', osm).expect(403);
  });
});
