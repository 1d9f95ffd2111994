/**
 * Gazetteer imports (issue 17): OS Code-Point Open, ONSPD, OS Open Names and OS Open
 * UPRN files as published, each written here from synthetic rows (postcodes in the
 * non-geographic ZZ area, grid references inside the demo town), imported through the
 * import pipeline and then found by GET /api/places.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp, signIn, type TestApp, type Session } from '../support/app.js';
import * as imports from '../../server/imports/service.js';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import type { ImportOptions, ImportProgress } from '../../server/imports/schema.js';

/** The demo town's centre (Bolton's, where the synthetic town is drawn), in British National Grid and WGS84. */
const TOWN = { easting: 371_700, northing: 409_100, lon: -2.43, lat: 53.578 };

const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const letter = () => LETTERS[Math.floor(Math.random() * LETTERS.length)]!;
/** A postcode that cannot be real: outward code ZZ9 plus a letter, a random inward code. */
const zzPostcode = () => `ZZ9${letter()} ${Math.floor(Math.random() * 10)}${letter()}${letter()}`;
const compact = (pc: string) => pc.replace(' ', '').toLowerCase();

/** An OS Open Names row (34 columns, no header) with the named cells set. */
function namesRow(cells: Record<string, string | number>): string {
  const cols = ['ID', 'NAMES_URI', 'NAME1', 'NAME1_LANG', 'NAME2', 'NAME2_LANG', 'TYPE', 'LOCAL_TYPE', 'GEOMETRY_X', 'GEOMETRY_Y', 'MOST_DETAIL_VIEW_RES', 'LEAST_DETAIL_VIEW_RES', 'MBR_XMIN', 'MBR_YMIN', 'MBR_XMAX', 'MBR_YMAX', 'POSTCODE_DISTRICT', 'POSTCODE_DISTRICT_URI', 'POPULATED_PLACE', 'POPULATED_PLACE_URI', 'POPULATED_PLACE_TYPE', 'DISTRICT_BOROUGH', 'DISTRICT_BOROUGH_URI', 'DISTRICT_BOROUGH_TYPE', 'COUNTY_UNITARY', 'COUNTY_UNITARY_URI', 'COUNTY_UNITARY_TYPE', 'REGION', 'REGION_URI', 'COUNTRY', 'COUNTRY_URI', 'RELATED_SPATIAL_OBJECT', 'SAME_AS_DBPEDIA', 'SAME_AS_GEONAMES'];
  return cols.map((c) => cells[c] ?? '').join(',');
}

describe('gazetteer imports (POST /api/imports/places, CLI import places)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let admin: Session;
  let analyst: Session;
  const post = (format: string | null, body: string, mode = 'lenient') =>
    admin.agent
      .post(`/api/imports/places?mode=${mode}${format ? `&format=${format}` : ''}`)
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'text/csv')
      .send(body);
  const search = async (q: string) => (await analyst.agent.get('/api/places').query({ q, limit: 50 }).expect(200)).body.features as { geometry: { coordinates: [number, number] }; properties: { name: string; kind: string; precisionM: number } }[];
  const found = async (q: string, name: string) => (await search(q)).find((f) => f.properties.name === name);
  const inTown = (f: { geometry: { coordinates: [number, number] } }) => {
    const [lon, lat] = f.geometry.coordinates;
    expect(Math.abs(lon - TOWN.lon), `lon ${lon}`).to.be.lessThan(0.03);
    expect(Math.abs(lat - TOWN.lat), `lat ${lat}`).to.be.lessThan(0.03);
  };

  before(async function () {
    // The embedded database's first opening migrates it: minutes on a loaded machine.
    this.timeout(600_000);
    t = await testApp();
    admin = await signIn(t, 'admin');
    analyst = await signIn(t, 'analyst');
  });

  it('when a Code-Point Open file is imported, then its postcodes are found compact, with the precision of their quality; a bad row is named by its line; quality 90 is left out', async () => {
    const [a, b, c] = [zzPostcode(), zzPostcode(), zzPostcode()];
    const csv = [
      `"${a}",10,${TOWN.easting},${TOWN.northing},"E92000001","E19000001","E18000002","","E08000001","E05000650"`,
      `"${b}",10,eleventy,${TOWN.northing},"E92000001","","","","",""`,
      `"${c}",90,0,0,"E92000001","","","","",""`,
      `"${c.replace(' ', '')}",60,${TOWN.easting + 300},${TOWN.northing - 200},"E92000001","","","","",""`,
    ].join('\r\n');
    const res = await post('codepoint', csv).expect(200);
    expect(res.body).to.include({ status: 'done', rowsRead: 4, inserted: 2, rejectedCount: 1 });
    expect(res.body.rejected).to.deep.equal([{ row: 2, errors: [{ path: 'eastings', message: 'must be an easting in metres (0 to 700000), got "eleventy"' }] }]);
    const first = (await search(compact(a)))[0]!;
    expect(first.properties).to.deep.include({ name: a, kind: 'postcode', precisionM: 100 });
    inTown(first);
    expect((await found(c, c))?.properties.precisionM, 'a postcode sector mean').to.equal(1000);
    const row = await t.db.knex('places').where({ name: a }).first();
    expect(row).to.include({ source: 'OS Code-Point Open', source_ref: a, synthetic: false });

    // A re-import of the same source replaces its rows: c is gone, a stays.
    await post('codepoint', `"${a}",20,${TOWN.easting},${TOWN.northing},"E92000001","","","","",""\n`).expect(200);
    expect(await found(c, c)).to.equal(undefined);
    expect(await found(a, a)).to.not.equal(undefined);
  });

  it('when an ONSPD file is imported, then live postcodes are found typed with a space; terminated ones and those without a grid reference are left out', async () => {
    const [live, ended, nogrid, bad] = [zzPostcode(), zzPostcode(), zzPostcode(), 'NOT A POSTCODE'];
    const csv = [
      'pcd,pcd2,pcds,dointr,doterm,oscty,oslaua,osward,usertype,oseast1m,osnrth1m,osgrdind,ctry',
      `${live},${live},${live},199801,,E99999999,E08000001,E05000650,0,${TOWN.easting + 100},${TOWN.northing + 100},1,E92000001`,
      `${ended},${ended},${ended},199801,202001,E99999999,E08000001,E05000650,0,${TOWN.easting},${TOWN.northing},1,E92000001`,
      `${nogrid},${nogrid},${nogrid},199801,,E99999999,,,0,,,9,E92000001`,
      `${bad},${bad},${bad},199801,,E99999999,,,0,${TOWN.easting},${TOWN.northing},1,E92000001`,
    ].join('\n');
    const res = await post('onspd', csv).expect(200);
    expect(res.body).to.include({ rowsRead: 4, inserted: 1, rejectedCount: 1 });
    expect(res.body.rejected[0]).to.deep.equal({ row: 5, errors: [{ path: 'pcds', message: 'must be a postcode, got "NOT A POSTCODE"' }] });
    const f = (await search(`${live.toLowerCase()} `))[0]!;
    expect(f.properties).to.deep.include({ name: live, kind: 'postcode', precisionM: 100 });
    inTown(f);
    expect(await found(ended, ended)).to.equal(undefined);
    expect(await found(nogrid, nogrid)).to.equal(undefined);
  });

  it('when an OS Open Names file is imported, then its road is found by a shortened street prefix, with its bounding box as precision, and a place by name', async () => {
    const tag = randomBytes(3).toString('hex');
    const csv = [
      namesRow({ ID: `osgb-test-${tag}-1`, NAME1: `Quokka${tag} Road`, TYPE: 'transportNetwork', LOCAL_TYPE: 'Named Road', GEOMETRY_X: TOWN.easting, GEOMETRY_Y: TOWN.northing, MBR_XMIN: TOWN.easting - 200, MBR_YMIN: TOWN.northing - 150, MBR_XMAX: TOWN.easting + 200, MBR_YMAX: TOWN.northing + 150, POPULATED_PLACE: 'Testtown', COUNTRY: 'England' }),
      namesRow({ ID: `osgb-test-${tag}-2`, NAME1: `Wombat${tag} Green`, TYPE: 'populatedPlace', LOCAL_TYPE: 'Suburban Area', GEOMETRY_X: TOWN.easting + 500, GEOMETRY_Y: TOWN.northing + 500, DISTRICT_BOROUGH: 'Testborough' }),
      namesRow({ ID: `osgb-test-${tag}-3`, NAME1: `Numbat${tag} Lane`, TYPE: 'transportNetwork', LOCAL_TYPE: 'Named Road', GEOMETRY_X: '', GEOMETRY_Y: TOWN.northing }),
    ].join('\n');
    const res = await post('open-names', csv).expect(200);
    expect(res.body).to.include({ rowsRead: 3, inserted: 2, rejectedCount: 1 });
    expect(res.body.rejected[0].row).to.equal(3);
    expect(res.body.rejected[0].errors[0].path).to.equal('geometry_x');
    const road = (await search(`quokka${tag} rd`))[0]!;
    expect(road.properties).to.deep.include({ name: `Quokka${tag} Road, Testtown`, kind: 'street', precisionM: 250 });
    inTown(road);
    expect((await found(`wombat${tag}`, `Wombat${tag} Green, Testborough`))?.properties).to.deep.include({ kind: 'place', precisionM: 1000 });
    // A typo finds nothing exactly, so the similarity fallback answers.
    expect((await search(`qoukka${tag} road`)).map((f) => f.properties.name)).to.include(`Quokka${tag} Road, Testtown`);
  });

  it('when an OS Open UPRN file is imported, then an address point is found by its UPRN to 10 m', async () => {
    const uprn = `9${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
    const csv = ['UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE', `${uprn},${TOWN.easting}.50,${TOWN.northing}.25,53.578,-2.43`, 'x12,1,2,3,4'].join('\n');
    const res = await post('open-uprn', csv).expect(200);
    expect(res.body).to.include({ rowsRead: 2, inserted: 1, rejectedCount: 1 });
    expect(res.body.rejected[0]).to.deep.equal({ row: 3, errors: [{ path: 'uprn', message: 'must be a UPRN (up to 12 digits), got "x12"' }] });
    const f = (await search(uprn))[0]!;
    expect(f.properties).to.deep.include({ name: `UPRN ${uprn}`, kind: 'address', precisionM: 10 });
    inTown(f);
  });

  it('when strict mode meets a bad row, then 422 names its line and nothing is written: the source keeps its earlier rows', async () => {
    const kept = `7${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
    await post('open-uprn', `UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n${kept},${TOWN.easting},${TOWN.northing},,\n`).expect(200);
    const before = Number((await t.db.knex('places').where({ source: 'OS Open UPRN' }).count({ n: '*' }))[0]!.n);
    expect(before).to.equal(1);
    const uprn = `8${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
    const res = await post('open-uprn', `UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n${uprn},${TOWN.easting},${TOWN.northing},,\n${uprn}1,${TOWN.easting},north,,\n`, 'strict').expect(422);
    expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    expect(res.body.errors).to.deep.equal([{ path: 'rows.3.y_coordinate', message: 'must be a northing in metres (0 to 1300000), got "north"' }]);
    expect(await t.db.knex('places').where({ source: 'OS Open UPRN' }).pluck('source_ref')).to.deep.equal([kept]);
    expect(await search(uprn)).to.deep.equal([]);
  });

  it('when a places import names no format, or another kind names one, then 422 names `format`; analysts may not import', async () => {
    const none = await post(null, 'x\n').expect(422);
    expect(none.body.errors[0].path).to.equal('format');
    const wrong = await admin.agent.post('/api/imports/premises?format=onspd').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send('name\n').expect(422);
    expect(wrong.body.errors[0].path).to.equal('format');
    await post('nonsense', 'x\n').expect(400);
    await analyst.agent.post('/api/imports/places?format=onspd').set('X-CSRF-Token', analyst.csrf).set('Content-Type', 'text/csv').send('pcds\n').expect(403);
  });

  it('when a gazetteer import runs, then its progress reports rows and bytes read, ending at the file size', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-places-'));
    const file = path.join(dir, 'onspd.csv');
    const lines = ['pcds,doterm,oseast1m,osnrth1m,osgrdind'];
    for (let i = 0; i < 12_000; i++) lines.push(`ZZ9${LETTERS[i % 20]} ${i % 10}${LETTERS[Math.floor(i / 10) % 20]}${LETTERS[Math.floor(i / 200) % 20]},,${TOWN.easting + (i % 100)},${TOWN.northing + Math.floor(i / 100)},1`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    try {
      const bytes = fs.statSync(file).size;
      const upload = { file, bytes, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
      const opts: ImportOptions = { kind: 'places', format: 'csv', mode: 'lenient', onDuplicate: 'skip', placeFormat: 'onspd', fileName: 'onspd.csv' };
      const id = await imports.begin(t.db, SYSTEM_ACTOR, opts, upload);
      const seen: ImportProgress[] = [];
      const r = await imports.run(t.db, t.config, SYSTEM_ACTOR, id, opts, upload, (p) => seen.push({ ...p }));
      // 12,000 rows but 8,000 distinct postcodes (20 × 10 × 20 … repeat after 4,000 × 2): the repeats are duplicates.
      expect(r.rowsRead).to.equal(12_000);
      expect(r.inserted + r.duplicates).to.equal(12_000);
      expect(seen.length).to.be.greaterThan(2);
      expect(seen[0]!.rowsRead).to.be.lessThan(12_000);
      expect(seen[0]!.bytesRead).to.be.greaterThan(0).and.lessThan(bytes);
      expect(seen[seen.length - 1]!.bytesRead).to.equal(bytes);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the CLI imports a places file, then it needs --format, draws progress and lists the rejected line', async function () {
    this.timeout(240_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-places-cli-'));
    const file = path.join(dir, 'codepoint.csv');
    const pc = zzPostcode();
    fs.writeFileSync(file, `"${pc}",10,${TOWN.easting},${TOWN.northing},"E92000001","","","","",""\n"ZZ9 9ZZ",10,${TOWN.easting},99999999,"E92000001","","","","",""\n`);
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LANTERN_') && k !== 'DATABASE_URL'));
    if (t.db.kind === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    else env.LANTERN_DATA_DIR = path.join(dir, 'data');
    const cli = async (...args: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, out };
    };
    try {
      const usage = await cli('import', 'places', file);
      expect(usage.code).to.not.equal(0);
      expect(usage.out).to.include('import places needs --format codepoint|onspd|open-names|open-uprn');
      const r = await cli('import', 'places', file, '--format', 'codepoint');
      expect(r.code, r.out).to.equal(0);
      expect(r.out).to.match(/\r\[#{30}\] 100%\s+2 rows, 1 rejected/);
      expect(r.out).to.match(/: 1 inserted, 0 updated, 0 duplicates, 1 rejected/);
      expect(r.out).to.include('line 2: northings: must be a northing in metres (0 to 1300000), got "99999999"');
      if (t.db.kind === 'postgres') expect(await found(pc, pc)).to.not.equal(undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
