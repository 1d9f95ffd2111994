import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PbfReader } from 'pbf';
import supertest from 'supertest';
import { testApp, signIn, type TestApp, type Session } from '../support/app.js';
import { layerProps, tileOf, tilePath } from '../support/mvt.js';
import { binary } from '../support/http.js';
import { buildDemoBasemap, loadDemoStreets } from '../../seeds/demo/streets.js';
import { FIXED_PREMISES, HOT_SPOTS } from '../../seeds/demo/town.js';
import { DEFAULT_SEED } from '../../seeds/demo/index.js';
import { buildTown } from '../../seeds/demo/generate.js';
import { PLANTED_PREMISES } from '../../seeds/demo/disruption.js';
import { readGlyphs } from '../../server/basemap/glyphs.js';
import { importBasemapFile } from '../../server/basemap/import.js';
import { nearestStreetNames } from '../../server/basemap/service.js';

const run = promisify(execFile);

describe('street basemap', () => {
  let t: TestApp;
  let planner: Session;
  const takeaway = FIXED_PREMISES.find((f) => f.key === 'takeaway')!;

  before(async function () {
    this.timeout(180_000);
    t = await testApp();
    planner = await signIn(t, 'planner');
    await t.db.knex.transaction((trx) => loadDemoStreets(trx, DEFAULT_SEED));
  });

  it('when a planner asks for a street-zoom tile of the demo town centre, then its roads layer names the demo street with its class', async () => {
    const res = await planner.agent.get(tilePath(tileOf(takeaway.at[0], takeaway.at[1], 16))).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).to.match(/^application\/vnd\.mapbox-vector-tile/);
    const roads = layerProps(res.body as Buffer, 'roads');
    expect(roads.map((p) => p.name)).to.include(takeaway.street);
    expect(roads.find((p) => p.name === takeaway.street)?.class).to.equal('minor');
  });

  it('when a town-scale tile is asked for, then it has water and green layers and main roads but no side streets', async () => {
    const res = await planner.agent.get(tilePath(tileOf(-2.43, 53.575, 11))).buffer(true).parse(binary).expect(200);
    const body = res.body as Buffer;
    expect(layerProps(body, 'water').map((p) => p.name)).to.include('River Lanternbrook');
    expect(layerProps(body, 'green').length).to.be.greaterThan(0);
    const classes = new Set(layerProps(body, 'roads').map((p) => p.class));
    expect(classes.has('primary')).to.equal(true);
    expect(classes.has('minor')).to.equal(false);
    expect(layerProps(body, 'buildings')).to.have.length(0);
  });

  it('when a tile is asked for again with its ETag, then the answer is 304 Not Modified', async () => {
    const p = tilePath(tileOf(takeaway.at[0], takeaway.at[1], 15));
    const first = await planner.agent.get(p).expect(200);
    expect(first.headers.etag).to.be.a('string');
    expect(first.headers['cache-control']).to.equal('private, no-cache');
    await planner.agent.get(p).set('If-None-Match', first.headers.etag!).expect(304);
  });

  it('when nobody is signed in, then tiles, style and glyphs are refused', async () => {
    const anon = supertest(t.app);
    await anon.get(tilePath({ z: 14, x: 8085, y: 5300 })).expect(401);
    await anon.get('/api/basemap/style.json').expect(401);
    await anon.get('/api/basemap/glyphs/DejaVu%20Sans%20Book/0-255.pbf').expect(401);
  });

  it('when the tile address is out of range, then 400 names the field', async () => {
    const res = await planner.agent.get('/api/basemap/tiles/3/8/1.mvt').expect(400);
    expect(res.headers['content-type']).to.match(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).to.include('x');
  });

  it('when the style is read, then its glyphs and every source are on Lantern’s own origin and its glyph range answers', async () => {
    const res = await planner.agent.get('/api/basemap/style.json').expect(200);
    const style = res.body as { glyphs: string; sources: Record<string, { tiles?: string[]; url?: string }>; layers: { id: string; layout?: Record<string, unknown> }[] };
    const sameOrigin = (u: string) => u.startsWith('/') && !u.startsWith('//');
    expect(sameOrigin(style.glyphs), style.glyphs).to.equal(true);
    for (const s of Object.values(style.sources)) for (const u of [...(s.tiles ?? []), ...(s.url ? [s.url] : [])]) expect(sameOrigin(u), u).to.equal(true);
    const font = (style.layers.find((l) => l.id === 'label-water')!.layout!['text-font'] as string[])[0]!;
    const glyphUrl = style.glyphs.replace('{fontstack}', encodeURIComponent(font)).replace('{range}', '0-255');
    const glyphs = await planner.agent.get(glyphUrl).buffer(true).parse(binary).expect(200);
    expect(glyphs.headers['content-type']).to.match(/^application\/x-protobuf/);
    // glyphs.proto: fontstacks (1) { name (1), range (2), glyphs (3) { id (1), … } }
    const stack = { name: '', range: '', ids: [] as number[] };
    new PbfReader(glyphs.body as Buffer).readFields((tag, _o, pbf) => {
      if (tag === 1) pbf.readMessage((t2, _s, p2) => {
        if (t2 === 1) stack.name = p2.readString();
        else if (t2 === 2) stack.range = p2.readString();
        else if (t2 === 3) p2.readMessage((t3, _g, p3) => {
          if (t3 === 1) stack.ids.push(p3.readVarint());
        }, {});
      }, {});
    }, {});
    expect(stack.name).to.equal(font);
    expect(stack.range).to.equal('0-255');
    expect(stack.ids).to.include.members([65, 97, 32]);
    await planner.agent.get(style.glyphs.replace('{fontstack}', 'Comic%20Sans').replace('{range}', '0-255')).expect(404);
  });

  it('when a hot spot is named for people, then the demo takeaway is on its own street and a point in the sea is on none', async () => {
    const names = await nearestStreetNames(t.db, [takeaway.at, [-6.5, 54.2]]);
    expect(names).to.deep.equal([takeaway.street, null]);
  });

  it('when the demo town is built twice from one seed, then its streets are the same, and every premises and hot spot of its story is on a named street', async () => {
    expect(JSON.stringify(buildDemoBasemap(DEFAULT_SEED))).to.equal(JSON.stringify(buildDemoBasemap(DEFAULT_SEED)));
    expect(JSON.stringify(buildDemoBasemap(DEFAULT_SEED + 1))).to.not.equal(JSON.stringify(buildDemoBasemap(DEFAULT_SEED)));
    const places = [...FIXED_PREMISES.map((f) => f.at), ...HOT_SPOTS.map((h) => h.centre)];
    const names = await nearestStreetNames(t.db, places, 80);
    expect(names.filter((n) => n === null), 'places more than 80 m from a named street').to.have.length(0);
  });

  it('when every premises of the demo town is placed, generated or planted for a disruption story, then each has a named street within 150 m', async () => {
    const premises = [...buildTown(DEFAULT_SEED).premises.map((p) => ({ name: p.name, at: [p.lon, p.lat] as const })), ...PLANTED_PREMISES];
    const names = await nearestStreetNames(t.db, premises.map((p) => p.at), 150);
    const far = premises.filter((_, i) => names[i] === null).map((p) => p.name);
    expect(far, 'premises with no named street within 150 m').to.deep.equal([]);
  });

  it('when a glyph range was not built yet, then it is made from the DejaVu font on first request and kept', function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-glyphs-'));
    const made = readGlyphs('DejaVu Sans Bold,Arial Unicode MS', '256-511', dir);
    expect(made?.length).to.be.greaterThan(10_000);
    expect(fs.readFileSync(path.join(dir, 'DejaVu Sans Bold', '256-511.pbf')).equals(made!)).to.equal(true);
    expect(readGlyphs('DejaVu Sans Bold', '512-767', dir)).to.equal(undefined);
  });

  describe('an OS Open Roads GeoPackage', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-basemap-'));
    // A road in the Highlands, far from the demo town, in British National Grid as OS ships it.
    const line = [[-4.2, 57.1], [-4.195, 57.102], [-4.19, 57.103]];
    const name = 'Testing Brae (synthetic)';

    after(async function () {
      this.timeout(60_000);
      // Importing replaced the roads layer: put the demo's streets back for whoever comes next.
      await t.db.knex.transaction((trx) => loadDemoStreets(trx, DEFAULT_SEED));
    });

    it('when it is imported as the roads layer, then a tile there has its street name and class, on either database', async function () {
      this.timeout(60_000);
      const geojson = path.join(dir, 'road_link.geojson');
      fs.writeFileSync(geojson, JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { identifier: 'SYNTH-0001', name_1: name, road_classification: 'A Road', road_function: 'A Road', road_classification_number: 'A999', fictitious: 'false' }, geometry: { type: 'LineString', coordinates: line } },
          { type: 'Feature', properties: { identifier: 'SYNTH-0002', name_1: null, road_classification: 'Unclassified', road_function: 'Local Road', fictitious: 'false' }, geometry: { type: 'LineString', coordinates: [[-4.2, 57.1], [-4.2, 57.099]] } },
        ],
      }));
      const gpkg = path.join(dir, 'oproad_gb.gpkg');
      await run('ogr2ogr', ['-f', 'GPKG', gpkg, geojson, '-nln', 'road_link', '-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:27700', '-lco', 'GEOMETRY_NAME=geometry']);
      const seen: number[] = [];
      const result = await importBasemapFile(t.db, gpkg, { layer: 'roads', progress: (n) => seen.push(n) });
      expect(result).to.deep.include({ layer: 'roads', rows: 2, table: 'road_link' });
      expect(seen.at(-1)).to.equal(2);
      const res = await planner.agent.get(tilePath(tileOf(line[1]![0]!, line[1]![1]!, 16))).buffer(true).parse(binary).expect(200);
      const roads = layerProps(res.body as Buffer, 'roads');
      expect(roads.find((p) => p.name === name)?.class).to.equal('primary');
      // The layer was replaced whole: the demo's streets are gone from the town centre.
      const town = await planner.agent.get(tilePath(tileOf(takeaway.at[0], takeaway.at[1], 16))).buffer(true).parse(binary).expect(200);
      expect(layerProps(town.body as Buffer, 'roads')).to.have.length(0);
    });

    it('when the file has no table for the layer, then the import is refused and the layer is kept', async function () {
      this.timeout(60_000);
      const before = await t.db.knex('basemap_roads').count<{ n: string | number }[]>({ n: '*' });
      const geojson = path.join(dir, 'other.geojson');
      fs.writeFileSync(geojson, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { a: 1 }, geometry: { type: 'Point', coordinates: [-4.2, 57.1] } }] }));
      const gpkg = path.join(dir, 'points.gpkg');
      await run('ogr2ogr', ['-f', 'GPKG', gpkg, geojson, '-nln', 'survey_points']);
      let err: Error | undefined;
      await importBasemapFile(t.db, gpkg, { layer: 'roads' }).catch((e: Error) => (err = e));
      expect(err?.message).to.match(/survey_points/);
      const after = await t.db.knex('basemap_roads').count<{ n: string | number }[]>({ n: '*' });
      expect(Number(after[0]!.n)).to.equal(Number(before[0]!.n));
    });
  });
});
