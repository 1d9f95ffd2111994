import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import supertest from 'supertest';
import readXlsxFile from 'read-excel-file/node';
import { closeReportBrowser } from '../../server/reports/pdf.js';
import { printingTestApp, signIn, type TestApp, type Session } from '../support/app.js';
import { binary } from '../support/http.js';

/**
 * Area reports end to end: JSON for the preview, CSV and GeoJSON, and the PDF printed
 * by Chromium from the client's report page, read back with poppler. The app here
 * serves the built client (`npm run build`), as the print needs its report page.
 */

const PERIOD = 'from=2026-01-01&to=2026-03-31';
const base = { category: 'adult_loitering', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };
const PREMISES = 'Report Test Grill (synthetic)';
const STREET = 'Report Test Street (synthetic)';

/**
 * A 1 km square of the BNG in mid Wales, on whole kilometres: its own for this run. Not in
 * the Highlands, where privateBox() draws the single-sighting boxes other suites count in.
 */
function bngSquare() {
  const e0 = 250_000 + Math.floor(Math.random() * 80) * 1000;
  const n0 = 220_000 + Math.floor(Math.random() * 80) * 1000;
  return { e0, n0 };
}

/** A BNG rectangle as a WGS84 polygon (PostGIS transforms it). */
async function polygon(t: TestApp, e0: number, n0: number, e1: number, n1: number) {
  const r = await t.db.knex.raw(`select ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 27700), 4326), 7)::json as g`, [e0, n0, e1, n1]);
  return r.rows[0].g;
}

/** A February 2026 evening, local time. */
const feb = (i: number) => new Date(Date.UTC(2026, 1, 1 + (i % 27), 19 + (i % 4), (i * 7) % 60)).toISOString();

/** Every "value" of a report CSV (last field of each row, after the header). */
function csvValues(csv: string): string[] {
  return csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => {
      const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, ''));
      return fields[3]!.replace(/^"|"$/g, '');
    });
}

/** A count from 1 to 4 where a restricted reader may see it. */
const isSmall = (v: unknown) => typeof v === 'number' ? v >= 1 && v <= 4 : typeof v === 'string' && /^[1-4]$/.test(v);

/** Every published count in a report's tables (headline, months, grid, categories, models, cells). */
function publishedCounts(r: any): unknown[] {
  return [
    r.headline.current,
    r.headline.previous,
    r.headline.lastYear,
    ...r.trend.map((m: any) => m.count),
    ...r.grid.cells.flat(),
    ...r.grid.rowTotals,
    ...r.grid.colTotals,
    r.grid.total,
    ...r.categories.map((c: any) => c.count),
    ...r.models.map((c: any) => c.count),
    ...r.cells.map((c: any) => c.count),
    ...r.repeatPlaces.rows.map((p: any) => p.count),
  ];
}

/**
 * The values of k (sightings in the strip, 1–4) that two published counts allow, with the
 * bands of docs/DISCLOSURE.md: 0 is 0, "<5" is 0…4, 5 is 5…8, 10 is 9…12, then p is p−2…p+2.
 */
function candidates(small: unknown, large: unknown): number[] {
  const range = (p: unknown): [number, number] | null =>
    p === '<5' ? [0, 4] : typeof p !== 'number' ? null : p === 0 ? [0, 0] : p === 5 ? [5, 8] : p === 10 ? [9, 12] : [p - 2, p + 2];
  const a = range(small);
  const b = range(large);
  if (!a || !b) return [1, 2, 3, 4];
  return [1, 2, 3, 4].filter((k) => a[0] + k <= b[1] && a[1] + k >= b[0]);
}

describe('area reports API', () => {
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  let areaId: string;
  let polyA: object;
  let polyAB: object;
  const { e0, n0 } = bngSquare();

  before(async function () {
    this.timeout(240_000);
    t = await printingTestApp();
    [analyst, planner] = await Promise.all([signIn(t, 'analyst'), signIn(t, 'planner')]);
    polyA = await polygon(t, e0, n0, e0 + 1000, n0 + 1000);
    polyAB = await polygon(t, e0, n0, e0 + 1250, n0 + 1000);
    const area = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: 'Report test square (synthetic)', kind: 'custom', geometry: polyA });
    expect(area.status, JSON.stringify(area.body)).to.equal(201);
    areaId = area.body.id;
    const p = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name: PREMISES, category: 'takeaway', easting: e0 + 125, northing: n0 + 125 });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    // A: 58 sightings in four 250 m cells on the diagonal (15, 15, 14, 14), six at the premises.
    // The strip B east of A: 3 sightings in one cell.
    const bodies: object[] = [];
    [15, 15, 14, 14].forEach((n, d) => {
      for (let i = 0; i < n; i++) {
        bodies.push({ easting: e0 + d * 250 + 40 + ((i * 37) % 170), northing: n0 + d * 250 + 40 + ((i * 53) % 170), observedAt: feb(d * 20 + i), ...(d === 0 && i < 6 ? { premisesId: p.body.id } : {}) });
      }
    });
    for (let i = 0; i < 3; i++) bodies.push({ easting: e0 + 1125 + i * 20, northing: n0 + 375 + i * 20, observedAt: feb(90 + i) });
    // A synthetic street along the diagonal through the four cells' centres, and one past the strip B.
    await t.db.knex.raw(
      `insert into basemap_roads (name, class, source, synthetic, geom) values
       (?, 'minor', 'report test', true, ST_Multi(ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(?::float8, ?::float8), ST_MakePoint(?::float8, ?::float8)), 27700), 3857))),
       ('Report Test Strip Lane (synthetic)', 'minor', 'report test', true, ST_Multi(ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(?::float8, ?::float8), ST_MakePoint(?::float8, ?::float8)), 27700), 3857)))`,
      [STREET, e0 + 100, n0 + 100, e0 + 900, n0 + 900, e0 + 1125, n0 + 300, e0 + 1125, n0 + 450],
    );
    for (let i = 0; i < bodies.length; i += 10) {
      const rs = await Promise.all(bodies.slice(i, i + 10).map((b) => analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send({ ...base, ...b })));
      for (const r of rs) expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
  });

  after(closeReportBrowser);

  it('when an analyst opens an area report, then it holds the true counts, the months, the premises by name, the map layers, and is audited as a consultation', async () => {
    const r = await analyst.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200);
    expect(r.body.restricted).to.equal(false);
    expect(r.body.marking).to.equal('OFFICIAL-SENSITIVE');
    expect(r.body.headline.current).to.equal(58);
    expect(r.body.trend.find((m: any) => m.month === '2026-02').count).to.equal(58);
    expect(r.body.categories.find((c: any) => c.key === 'adult_loitering').count).to.equal(58);
    expect(r.body.grid.total).to.equal(58);
    expect(r.body.cells.map((c: any) => c.count).sort()).to.deep.equal([14, 14, 15, 15]);
    expect(r.body.repeatPlaces.named).to.equal(true);
    expect(r.body.repeatPlaces.rows[0]).to.include({ name: PREMISES, count: 6 });
    expect(r.body.map.cells).to.have.length(4);
    expect(r.body.map.area.type).to.be.oneOf(['Polygon', 'MultiPolygon']);
    const audit = await t.db.knex('audit_log').where({ user_id: analyst.user.id, target_type: 'area_report' }).orderBy('id', 'desc').first();
    expect(audit.action).to.equal('consult');
  });

  it('when a report is drawn, then each cell outline is its BNG square, counter-clockwise as RFC 7946 asks, as PostGIS transforms it to 6 decimals', async () => {
    const r = await analyst.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200);
    // Corner first at the south-west, then east, north, west: counter-clockwise.
    const wkt = r.body.cells.map((c: any) => {
      const [x0, y0, x1, y1] = [c.ix * c.size, c.iy * c.size, (c.ix + 1) * c.size, (c.iy + 1) * c.size];
      return `POLYGON((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0}))`;
    });
    const expected = (await t.db.knex.raw(
      'select ST_AsGeoJSON(ST_Transform(ST_GeomFromText(w, 27700), 4326), 6)::json as g from unnest(?::text[]) with ordinality as u(w, i) order by i', [wkt])).rows;
    expect(r.body.map.cells).to.have.length(4);
    expect(r.body.map.cells).to.deep.equal(expected.map((x: { g: unknown }) => x.g));
  });

  it('when a planner exports CSV, then it has the same tables, no count from 1 to 4, "<5" for small ones, no premises name, and the export is audited with its purpose', async () => {
    const r = await planner.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=csv`).expect(200);
    expect(r.headers['content-type']).to.match(/^text\/csv/);
    expect(r.headers['content-disposition']).to.match(/attachment; filename="?lantern-report-report-test-square-synthetic-.*\.csv"?/);
    const csv = r.text;
    expect(csv.split('\r\n')[0]).to.equal('table,row,column,value');
    for (const table of ['headline', 'monthly trend', 'weekday x time', 'categories', 'grooming models', 'busiest cells']) expect(csv).to.include(`\r\n${table},`);
    expect(csv).to.include('OFFICIAL-SENSITIVE');
    const values = csvValues(csv);
    expect(values.filter(isSmall), 'counts from 1 to 4').to.deep.equal([]);
    expect(values).to.include('<5');
    // Every number shown is rounded to 5.
    for (const v of values.filter((x) => /^\d+$/.test(x))) expect(Number(v) % 5, v).to.equal(0);
    expect(csv).to.not.include(PREMISES);
    const audit = await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'export' }).orderBy('id', 'desc').first();
    expect(audit.purpose).to.equal('Automated test of Lantern');
    expect(audit.target_type).to.equal('area_report');
  });

  it('when a planner downloads the spreadsheet, then it has one sheet per table in a wide layout, named for the whole period, with no count from 1 to 4, audited as an export', async () => {
    const r = await planner.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=xlsx`).buffer(true).parse((res, done) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done(null, Buffer.concat(parts)));
    }).expect(200);
    expect(r.headers['content-type']).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers['content-disposition']).to.match(/filename="?lantern-report-report-test-square-synthetic-2026-01-to-2026-03\.xlsx"?/);
    const sheets = await readXlsxFile(r.body as Buffer);
    expect(sheets.map((x) => x.sheet)).to.include.members(['About', 'Headline', 'Weekday x time', 'Categories', 'Busiest cells']);
    const grid = sheets.find((x) => x.sheet === 'Weekday x time')!.data;
    expect(grid[0]![0]).to.equal('Day');
    expect(grid.length).to.equal(9);
    const numbers = sheets.flatMap((x) => x.data.slice(1).flat()).filter((v): v is number => typeof v === 'number');
    expect(numbers.filter((n) => n >= 1 && n <= 4), 'counts from 1 to 4').to.deep.equal([]);
    for (const n of numbers) expect(n % 5, String(n)).to.equal(0);
    expect(JSON.stringify(sheets)).to.not.include(PREMISES);
    const audit = await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'export' }).orderBy('id', 'desc').first();
    expect(audit.query).to.include({ format: 'xlsx' });
  });

  it('when a planner exports GeoJSON, then it holds aggregated cells only (polygons, no point), none with a count from 1 to 4', async () => {
    const r = await planner.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=geojson`).expect(200);
    expect(r.headers['content-type']).to.match(/^application\/geo\+json/);
    const fc = JSON.parse(r.text);
    expect(fc.type).to.equal('FeatureCollection');
    expect(fc.marking).to.equal('OFFICIAL-SENSITIVE');
    expect(fc.features).to.have.length(4);
    for (const f of fc.features) {
      expect(f.geometry.type).to.equal('Polygon');
      expect(isSmall(f.properties.count)).to.equal(false);
    }
    expect(r.text).to.not.include('"Point"');
  });

  it('when a planner differences two overlapping drawn areas, then the 3 sightings of the strip between them cannot be worked out', async () => {
    const get = (s: Session, geometry: object) => s.agent.post('/api/reports/polygon').set('X-CSRF-Token', s.csrf).send({ geometry, from: '2026-01-01', to: '2026-03-31' }).expect(200);
    // Without disclosure control the attack works: the difference is the strip's count.
    const [ta, tab] = [(await get(analyst, polyA)).body, (await get(analyst, polyAB)).body];
    expect(tab.headline.current - ta.headline.current).to.equal(3);

    const [a, ab] = [(await get(planner, polyA)).body, (await get(planner, polyAB)).body];
    expect(a.restricted).to.equal(true);
    for (const v of [...publishedCounts(a), ...publishedCounts(ab)]) expect(isSmall(v), String(v)).to.equal(false);
    // The strip's cell is there, as "<5".
    expect(ab.cells.map((c: any) => c.count)).to.include('<5');
    // Each pair of counts that both reports publish leaves more than one possible count for the strip.
    const pairs: [string, unknown, unknown][] = [
      ['headline', a.headline.current, ab.headline.current],
      ['grid total', a.grid.total, ab.grid.total],
      ...a.categories.map((c: any, i: number) => [`category ${c.key}`, c.count, ab.categories[i].count] as [string, unknown, unknown]),
      ...a.models.map((c: any, i: number) => [`model ${c.key}`, c.count, ab.models[i].count] as [string, unknown, unknown]),
      ...a.trend.map((m: any, i: number) => [`month ${m.month}`, m.count, ab.trend[i].count] as [string, unknown, unknown]),
      ...a.grid.rowTotals.map((n: unknown, i: number) => [`weekday ${i}`, n, ab.grid.rowTotals[i]] as [string, unknown, unknown]),
      ...a.grid.colTotals.map((n: unknown, i: number) => [`band ${i}`, n, ab.grid.colTotals[i]] as [string, unknown, unknown]),
    ];
    for (const [what, x, y] of pairs) expect(candidates(x, y).length, `${what}: ${x} vs ${y}`).to.be.above(1);
    // Here both totals read the same: the pair says nothing at all.
    expect(a.headline.current).to.equal(60);
    expect(ab.headline.current).to.equal(60);
  });

  it('when a planner exports the PDF, then poppler reads A4 pages, each marked OFFICIAL-SENSITIVE and numbered, with a "<5" and no premises name', async function () {
    this.timeout(180_000);
    const r = await planner.agent
      .get(`/api/reports/areas/${areaId}?${PERIOD}&format=pdf`)
      .buffer(true)
      .parse(binary);
    expect(r.status, String(r.body)).to.equal(200);
    expect(r.headers['content-type']).to.equal('application/pdf');
    // The print page's map drew the street basemap (read on its print ticket), with the square's street on it.
    const drawn = String(r.headers['lantern-print-map']);
    expect(drawn).to.match(/^streets; roads=[1-9]/);
    expect(decodeURIComponent(/names=([^;]*)/.exec(drawn)![1]!).split('|')).to.include(STREET);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-report-'));
    try {
      const file = path.join(dir, 'report.pdf');
      fs.writeFileSync(file, r.body as Buffer);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
      expect(pages).to.be.within(2, 6);
      expect(info).to.match(/Page size:.*\(A4\)/);
      execFileSync('pdftoppm', ['-png', '-r', '40', file, path.join(dir, 'page')]);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.png'))).to.have.length(pages);
      const all: string[] = [];
      for (let i = 1; i <= pages; i++) {
        const text = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), '-layout', file, '-'], { encoding: 'utf8' });
        expect(text, `page ${i}`).to.include('OFFICIAL-SENSITIVE');
        expect(text, `page ${i}`).to.include(`Page ${i} of ${pages}`);
        all.push(text);
      }
      const text = all.join('\n');
      expect(text).to.include('Report test square (synthetic)');
      expect(text).to.include('<5');
      expect(text).to.include('Monthly trend');
      expect(text).to.not.include(PREMISES);
      expect(text).to.include(STREET);
      // "About this report" says in words what the planner's counts mean, not where the rule is in the code.
      const about = text.slice(text.indexOf('About this report')).replace(/\s+/g, ' ');
      expect(about).to.not.match(/docs\/|\.md\b/);
      expect(about).to.match(/A count from one to four is shown as " ?<5", meaning fewer than five\./);
      expect(about).to.include('5 stands for 5 to 8, 10 for 9 to 12');
      if (process.env.LANTERN_KEEP_PDF) fs.copyFileSync(file, process.env.LANTERN_KEEP_PDF);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const audit = await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'export' }).orderBy('id', 'desc').first();
    expect(audit.query.format).to.equal('pdf');
  });

  it('when an analyst opens the report, then its busiest cells, Gi* cells and repeat places are named by street, and by premises near it', async () => {
    const r = (await analyst.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200)).body;
    const wheres = r.hotspots.map((c: any) => c.where);
    expect(wheres).to.have.length(4);
    // The cell holding the premises (south-west) is named by both; the others are over 150 m from it.
    expect(wheres).to.include(`${STREET}, near ${PREMISES}`);
    expect(wheres.filter((w: string) => w === STREET)).to.have.length(3);
    expect(r.repeatPlaces.rows[0]).to.include({ name: PREMISES, street: STREET });
    for (const c of r.hotspotAnalysis.cells) expect(c.where).to.be.oneOf([STREET, `${STREET}, near ${PREMISES}`]);
    const csv = (await analyst.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=csv`).expect(200)).text;
    expect(csv).to.include(`busiest cells,${r.hotspots[0].ref},where,`);
    expect(csv).to.include(`${STREET}, near ${PREMISES}`);
    expect(csv).to.include(`repeat places,${PREMISES},street,${STREET}`);
  });

  it('when a planner opens the report or its CSV, then cells are named by street only, never by premises, and a "<5" cell is not named', async () => {
    const r = (await planner.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200)).body;
    expect(r.hotspots.length).to.be.above(0);
    for (const c of r.hotspots) expect(c.where).to.equal(STREET);
    expect(JSON.stringify(r)).to.not.include(PREMISES);
    const csv = (await planner.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=csv`).expect(200)).text;
    expect(csv).to.include(`,where,${STREET}`);
    expect(csv).to.not.include(PREMISES);
    // The strip's cell holds 3 sightings, shown as "<5": its street stays unnamed.
    const ab = (await planner.agent.post('/api/reports/polygon').set('X-CSRF-Token', planner.csrf).send({ geometry: polyAB, from: '2026-01-01', to: '2026-03-31' }).expect(200)).body;
    expect(ab.cells.filter((c: any) => c.count === '<5')).to.have.length.above(0);
    for (const c of ab.cells.filter((x: any) => !(typeof x.count === 'number' && x.count > 0))) expect(c.where, c.ref).to.equal(null);
    expect(JSON.stringify(ab)).to.not.include('Report Test Strip Lane');
  });

  it('when the print basemap is asked for with a session but no live print ticket, then it answers 401', async () => {
    await analyst.agent.get('/api/reports/print/basemap/style.json').expect(401);
    await supertest(t.app).get('/api/reports/print/basemap/style.json').set('Cookie', 'lantern_print=made-up-ticket').expect(401);
    await supertest(t.app).get('/api/reports/print/basemap/tiles/14/8000/5000.mvt').set('Cookie', 'lantern_print=made-up-ticket').expect(401);
    await supertest(t.app).get('/api/reports/print/basemap/glyphs/DejaVu%20Sans%20Book/0-255.pbf').expect(401);
  });

  it('when the print route is called with a session but no print ticket, or a made-up one, then it answers 401', async () => {
    await analyst.agent.get('/api/reports/print').expect(401);
    await supertest(t.app).get('/api/reports/print').set('Cookie', 'lantern_print=made-up-ticket').expect(401);
  });

  it('when a planner with no stated purpose asks for an export, then 428; the preview needs none', async () => {
    const s = await signIn(t, 'planner', { purpose: null });
    await s.agent.get(`/api/reports/areas/${areaId}?${PERIOD}&format=csv`).expect(428);
    await s.agent.get(`/api/reports/areas/${areaId}?${PERIOD}`).expect(200);
  });

  it('when the request is malformed, then 400 names the field and nothing is exported', async () => {
    const before = Number((await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'export' }).count({ n: '*' }))[0]!.n);
    const bad = await planner.agent.get(`/api/reports/areas/${areaId}?format=xls`).expect(400);
    expect(bad.body.errors.map((e: any) => e.path)).to.include('format');
    const id = await planner.agent.get('/api/reports/areas/not-a-uuid').expect(400);
    expect(id.body.errors.map((e: any) => e.path)).to.include('id');
    const body = await planner.agent.post('/api/reports/polygon').set('X-CSRF-Token', planner.csrf).send({ from: '2026-01-01' }).expect(400);
    expect(body.body.errors.map((e: any) => e.path)).to.include('geometry');
    const order = await planner.agent.get(`/api/reports/areas/${areaId}?from=2026-03-01&to=2026-01-01`).expect(400);
    expect(order.body.errors.map((e: any) => e.path)).to.include('to');
    await planner.agent.get('/api/reports/areas/00000000-0000-4000-8000-000000000000').expect(404);
    const after = Number((await t.db.knex('audit_log').where({ user_id: planner.user.id, action: 'export' }).count({ n: '*' }))[0]!.n);
    expect(after).to.equal(before);
  });
});
