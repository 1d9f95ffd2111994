import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import readXlsxFile from 'read-excel-file/node';
import { testApp, printingTestApp, signIn, type TestApp, type Session } from '../support/app.js';
import { postSightings } from '../support/records.js';
import { band } from '../support/disclosure.js';
import { binary } from '../support/http.js';
import { closePrintBrowser } from '../../server/print/chromium.js';
import { TEMPLATE_KINDS } from '../../server/imports/columns.js';
import type { Published } from '../../server/disclosure/secondary.js';

/**
 * The second round of attacks on disclosure control (docs/DISCLOSURE.md), against the
 * endpoints added or changed in this session: choropleth rates, cluster outlines, the
 * hot spot scale warning, the area report's spreadsheet, profile PDFs, map selections,
 * import templates, and the planner overview's timelines (hour windows and adjacent
 * periods). Each test passes when the disclosure holds.
 */


/** Whether a value is one the gate can publish: "<5", "[c]", 0 or a multiple of 5. */
const publishable = (p: unknown) => p === '<5' || p === '[c]' || (typeof p === 'number' && p % 5 === 0);

/**
 * The counts 1–4 that a hidden part `x` can hold when `total` = `x` + the `parts`, as a
 * reader who knows the bands works them out (every other term of the sum known to be
 * zero). A "[c]" leaves everything possible.
 */
function candidatesOfSum(total: Published, parts: Published[]): number[] {
  const t = band(total);
  const ps = parts.map(band);
  if (!t || ps.some((p) => !p)) return [1, 2, 3, 4];
  const lo = t[0] - ps.reduce((s, p) => s + p![1], 0);
  const hi = t[1] - ps.reduce((s, p) => s + p![0], 0);
  return [1, 2, 3, 4].filter((k) => k >= lo && k <= hi);
}

/** A square of the British National Grid of its own for this run (whole km). */
function bngOrigin() {
  // Northumberland and its coast: clear of the Highlands boxes other suites use, and of the choropleth suite's.
  return { e0: 420_000 + Math.floor(Math.random() * 60) * 1000, n0: 600_000 + Math.floor(Math.random() * 40) * 1000 };
}

async function wgs84Box(t: TestApp, x0: number, y0: number, x1: number, y1: number) {
  const r = await t.db.knex.raw(
    `select ST_AsGeoJSON(g, 9)::json as geometry, ST_XMin(g) as w, ST_YMin(g) as s, ST_XMax(g) as e, ST_YMax(g) as n
     from (select ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326) as g) x`,
    [x0, y0, x1, y1],
  );
  const row = r.rows[0];
  return { polygon: row.geometry, bbox: [row.w, row.s, row.e, row.n].map((v: number) => Number(v).toFixed(6)).join(',') };
}

const post = postSightings;

const xlsx = (req: any) => req.buffer(true).parse(binary);

describe('disclosure attacks, round 2: the endpoints of this session (restricted readers learn no count 1–4)', function () {
  this.timeout(300_000);
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  let licensing: Session;
  let partner: Session;
  let admin: Session;

  before(async () => {
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    planner = await signIn(t, 'planner', { purpose: null });
    licensing = await signIn(t, 'licensing', { purpose: 'Licence review (synthetic test)' });
    partner = await signIn(t, 'partner');
    admin = await signIn(t, 'admin');
  });

  /**
   * Three 250 m cells in a row, West, Middle and East, in March 2026 (GMT, so local
   * hours are UTC hours): West 12 sightings on the 10th, Middle 12 on the 11th, East 4
   * on the 12th, all between 21:00 and 22:00; West's are adult_loitering, Middle's
   * young_person_collected, East's party_address at a named bar. Three patrol zones cover the three cells.
   * The 4 in the East cell on the 12th is what the attacks try to pin.
   */
  describe('three published figures: a total and two shown parts', () => {
    const { e0, n0 } = bngOrigin();
    let box: { polygon: object; bbox: string };
    const zones: Record<'W' | 'M' | 'E', string> = { W: '', M: '', E: '' };
    let premisesName: string;
    let reportArea: string;

    before(async () => {
      box = await wgs84Box(t, e0, n0, e0 + 750, n0 + 250);
      const tag = Math.random().toString(36).slice(2, 8);
      for (const [k, i] of [['W', 0], ['M', 1], ['E', 2]] as const) {
        // Each zone reaches well past its cell north and south, so that every sighting of its cell is in it.
        const z = await wgs84Box(t, e0 + i * 250, n0 - 500, e0 + (i + 1) * 250, n0 + 750);
        const a = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: `Attack zone ${k} ${tag} (synthetic)`, kind: 'patrol_zone', geometry: z.polygon });
        expect(a.status, JSON.stringify(a.body)).to.equal(201);
        zones[k] = a.body.id;
      }
      await t.db.knex('areas').whereIn('id', Object.values(zones)).update({ population: 1234 });
      premisesName = `Attack Two Bar ${tag} (synthetic)`;
      const p = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name: premisesName, category: 'takeaway', easting: e0 + 625, northing: n0 + 125 });
      expect(p.status, JSON.stringify(p.body)).to.equal(201);
      const report = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: `Attack report square ${tag} (synthetic)`, kind: 'custom', geometry: box.polygon });
      expect(report.status, JSON.stringify(report.body)).to.equal(201);
      reportArea = report.body.id;
      const at = (cell: number, i: number, day: number) => ({
        easting: e0 + cell * 250 + 40 + (i % 4) * 50,
        northing: n0 + 40 + Math.floor(i / 4) * 50,
        observedAt: `2026-03-${day}T21:${String(5 + i * 4).padStart(2, '0')}:00Z`,
      });
      await post(analyst, [
        ...Array.from({ length: 12 }, (_, i) => at(0, i, 10)),
        ...Array.from({ length: 12 }, (_, i) => ({ ...at(1, i, 11), category: 'young_person_collected' })),
        ...Array.from({ length: 4 }, (_, i) => ({ ...at(2, i, 12), category: 'party_address', premisesId: p.body.id })),
      ]);
    });

    const timeline = async (s: Session, q: string) => (await s.agent.get(`/api/map/timeline?bbox=${box.bbox}&${q}`).expect(200)).body;

    it('when an analyst asks, then the counts are exact (12, 12 and 4: the attack needs them)', async () => {
      expect((await timeline(analyst, 'from=2026-03-10&to=2026-03-12')).total).to.equal(28);
      expect((await timeline(analyst, 'from=2026-03-12&to=2026-03-12')).total).to.equal(4);
    });

    for (const [role, who] of [['planner', () => planner], ['licensing officer', () => licensing]] as const) {
      // KNOWN GAP (docs/DISCLOSURE.md, "What it does not protect"): three separate requests,
      // a total and two shown parts, can pin a "<5" beside them. Deterministic bands protect
      // pairs of figures, not sums of three; the fix is cell-key perturbation. Kept, skipped,
      // so that the attack is on record and runs again when the fix lands.
      it.skip(`when a ${role} asks the timeline for three adjacent days together and the first two alone, then the third day's count is not pinned`, async () => {
        const all = await timeline(who(), 'from=2026-03-10&to=2026-03-12');
        const d10 = await timeline(who(), 'from=2026-03-10&to=2026-03-10');
        const d11 = await timeline(who(), 'from=2026-03-11&to=2026-03-11');
        const d12 = await timeline(who(), 'from=2026-03-12&to=2026-03-12');
        for (const v of [all.total, d10.total, d11.total, d12.total]) expect(publishable(v), String(v)).to.equal(true);
        const c = candidatesOfSum(all.total, [d10.total, d11.total]);
        expect(c, `GET /api/map/timeline?bbox=${box.bbox}&from=2026-03-10&to=2026-03-12 → total ${all.total}; …&from=2026-03-10&to=2026-03-10 → ${d10.total}; …&from=2026-03-11&to=2026-03-11 → ${d11.total}; …&from=2026-03-12&to=2026-03-12 → ${d12.total}`).to.have.length.above(1);
      });
    }

    it('when a planner asks the timeline for one hour window over three days (hours=21-22), then its weekday × hour matrix does not pin the third day (the other hours and weekdays are known to be empty)', async () => {
      const r = await timeline(planner, 'from=2026-03-10&to=2026-03-12&hours=21-22');
      // 10, 11, 12 March 2026 are a Tuesday, Wednesday and Thursday; the matrix's rows are weekdays from Monday.
      const rows = r.matrix as Published[][];
      const tue = rows[1]![21]!;
      const wed = rows[2]![21]!;
      const thu = rows[3]![21]!;
      for (const v of [r.total, tue, wed, thu, ...r.buckets.map((b: any) => b.count)]) expect(publishable(v), String(v)).to.equal(true);
      const c = candidatesOfSum(r.total, [tue, wed]);
      expect(c, `GET /api/map/timeline?bbox=${box.bbox}&from=2026-03-10&to=2026-03-12&hours=21-22 → total ${JSON.stringify(r.total)}, Tue 21h ${JSON.stringify(tue)}, Wed 21h ${JSON.stringify(wed)}, Thu 21h ${JSON.stringify(thu)}, buckets ${JSON.stringify(r.buckets)}`).to.have.length.above(1);
    });

    // KNOWN GAP (docs/DISCLOSURE.md, "What it does not protect"): three separate requests,
    // a total and two shown parts, can pin a "<5" beside them. Deterministic bands protect
    // pairs of figures, not sums of three; the fix is cell-key perturbation. Kept, skipped,
    // so that the attack is on record and runs again when the fix lands.
    it.skip('when a planner asks the choropleth of patrol zones and the timeline of the same box and days, then the East zone\'s count is not pinned by their sum', async () => {
      const q = `bbox=${box.bbox}&from=2026-03-10&to=2026-03-12`;
      const ch = (await planner.agent.get(`/api/map/choropleth?kind=patrol_zone&${q}`).expect(200)).body;
      const area = (id: string) => ch.areas.find((a: any) => a.id === id);
      const [w, m, e] = [area(zones.W), area(zones.M), area(zones.E)];
      const total = (await timeline(planner, 'from=2026-03-10&to=2026-03-12')).total;
      for (const v of [w.count, m.count, e.count, total]) expect(publishable(v), String(v)).to.equal(true);
      const c = candidatesOfSum(total, [w.count, m.count]);
      expect(c, `GET /api/map/choropleth?kind=patrol_zone&${q} → W ${w.count}, M ${m.count}, E ${e.count}; GET /api/map/timeline?${q} → total ${total}`).to.have.length.above(1);
    });

    it('when a planner or licensing officer reads the choropleth\'s rates, then a rate gives no more than the banded count, and a "<5" area has no rate', async () => {
      for (const s of [planner, licensing]) {
        const ch = (await s.agent.get(`/api/map/choropleth?kind=patrol_zone&bbox=${box.bbox}&from=2026-03-10&to=2026-03-12`).expect(200)).body;
        expect(ch.restricted).to.equal(true);
        for (const id of Object.values(zones)) {
          const a = ch.areas.find((x: any) => x.id === id);
          expect(publishable(a.count), String(a.count)).to.equal(true);
          if (typeof a.count !== 'number') {
            expect(a.perKm2, JSON.stringify(a)).to.equal(null);
            expect(a.perThousand, JSON.stringify(a)).to.equal(null);
            continue;
          }
          // perKm2 × areaKm2 and perThousand × population / 1000 give back the shown count, never the true one.
          expect(Math.round(a.perKm2 * a.areaKm2), JSON.stringify(a)).to.be.closeTo(a.count, 0.6);
          expect(Math.round((a.perThousand * a.population) / 1000), JSON.stringify(a)).to.be.closeTo(a.count, 0.6);
        }
        // The East zone's 4 is in no field of its own, in any form.
        const east = ch.areas.find((x: any) => x.id === zones.E);
        expect(east.count).to.equal('<5');
        expect(JSON.stringify(east)).to.not.match(/"(count|perKm2|perThousand)":\d/);
      }
    });

    it('when a planner asks the choropleth for two overlapping periods, then the day between them is not pinned', async () => {
      const a = (await planner.agent.get(`/api/map/choropleth?kind=patrol_zone&from=2026-03-01&to=2026-03-11`).expect(200)).body;
      const b = (await planner.agent.get(`/api/map/choropleth?kind=patrol_zone&from=2026-03-01&to=2026-03-12`).expect(200)).body;
      const ea = a.areas.find((x: any) => x.id === zones.E).count;
      const eb = b.areas.find((x: any) => x.id === zones.E).count;
      expect(ea).to.equal(eb);
      for (const id of Object.values(zones)) {
        const x = a.areas.find((z: any) => z.id === id);
        const y = b.areas.find((z: any) => z.id === id);
        expect([x.perKm2, x.perThousand], id).to.deep.equal([y.perKm2, y.perThousand]);
      }
    });

    it('when a planner asks the clusters, then each drawn cell carries its whole BNG square and nothing that moves with the sightings in it', async () => {
      const r = (await planner.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=16&from=2026-03-10&to=2026-03-12`).expect(200)).body;
      expect(r.restricted).to.equal(true);
      expect(r.features.length).to.be.above(0);
      for (const f of r.features) {
        expect(Object.keys(f.properties).sort()).to.deep.equal(['categories', 'cell', 'cellSize', 'cluster', 'expansion_zoom', 'outline', 'point_count', 'point_count_abbreviated']);
        expect(publishable(f.properties.point_count)).to.equal(true);
        for (const v of Object.values(f.properties.categories)) expect(typeof v === 'number' && (v as number) % 5 === 0, String(v)).to.equal(true);
        const ring = f.properties.outline as [number, number][];
        expect(ring).to.have.length(5);
        // The outline's corners are the lattice's, in BNG: multiples of the cell size.
        const bng = await t.db.knex.raw(
          `select ST_X(p) as x, ST_Y(p) as y from (select ST_Transform(ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326), 27700) as p) a`,
          ring[0]!,
        );
        const size = f.properties.cellSize as number;
        expect(Number(bng.rows[0].x) / size, JSON.stringify(ring)).to.be.closeTo(Math.round(Number(bng.rows[0].x) / size), 0.01);
        expect(Number(bng.rows[0].y) / size, JSON.stringify(ring)).to.be.closeTo(Math.round(Number(bng.rows[0].y) / size), 0.01);
      }
      // The East cell (4) is not drawn; its square is nowhere.
      const east = await wgs84Box(t, e0 + 500, n0, e0 + 750, n0 + 250);
      const [, , eastE] = east.bbox.split(',').map(Number);
      expect(r.features.every((f: any) => f.geometry.coordinates[0] < (eastE as number) - 0.003), JSON.stringify(r.features.map((f: any) => f.geometry))).to.equal(true);
    });

    it('when a planner filters the statistics to the three categories there are, then the categories left out (known to be empty) do not let the third be read off', async () => {
      const r = (await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf)
        .send({ geometry: box.polygon, from: '2026-03-10', to: '2026-03-12', category: 'adult_loitering,young_person_collected,party_address' }).expect(200)).body;
      for (const v of [r.count, ...Object.values(r.byCategory)]) expect(publishable(v), String(v)).to.equal(true);
      const c = candidatesOfSum(r.count, [r.byCategory.adult_loitering, r.byCategory.young_person_collected]);
      expect(c, `POST /api/map/stats {geometry: the box, from: 2026-03-10, to: 2026-03-12, category: adult_loitering,young_person_collected,party_address} → count ${JSON.stringify(r.count)}, byCategory ${JSON.stringify(r.byCategory)}`).to.have.length.above(1);
    });

    it('when a planner downloads the area report as a spreadsheet, then it has no count from 1 to 4 and no premises name', async () => {
      const exporter = await signIn(t, 'planner');
      const r = await xlsx(exporter.agent.get(`/api/reports/areas/${reportArea}?from=2026-03-01&to=2026-03-31&format=xlsx`));
      expect(r.status, String(r.body).slice(0, 300)).to.equal(200);
      const json = (await exporter.agent.get(`/api/reports/areas/${reportArea}?from=2026-03-01&to=2026-03-31`).expect(200)).body;
      const sheets = await readXlsxFile(r.body as Buffer);
      const cells = sheets.flatMap((x) => x.data.slice(1).flat());
      const numbers = cells.filter((v): v is number => typeof v === 'number');
      expect(numbers.filter((n) => n >= 1 && n <= 4), `counts 1–4 in ${JSON.stringify(sheets.map((x) => [x.sheet, x.data]))}`).to.deep.equal([]);
      for (const n of numbers) expect(n % 5, String(n)).to.equal(0);
      // No number written as text either ("4", "3 sightings").
      const texts = cells.filter((v): v is string => typeof v === 'string');
      for (const s of texts) expect(s, s).to.not.match(/^\s*[1-4]\s*$/);
      expect(JSON.stringify(sheets)).to.not.include(premisesName);
      expect(JSON.stringify(json)).to.not.include(premisesName);
      expect(JSON.stringify(sheets)).to.include('<5');
    });

    it('when a licensing officer downloads the same spreadsheet, then it has no count from 1 to 4 either', async () => {
      const r = await xlsx(licensing.agent.get(`/api/reports/areas/${reportArea}?from=2026-03-01&to=2026-03-31&format=xlsx`));
      expect(r.status, String(r.body).slice(0, 300)).to.equal(200);
      const sheets = await readXlsxFile(r.body as Buffer);
      const numbers = sheets.flatMap((x) => x.data.slice(1).flat()).filter((v): v is number => typeof v === 'number');
      expect(numbers.filter((n) => n >= 1 && n <= 4), `counts 1–4 in ${JSON.stringify(sheets.map((x) => [x.sheet, x.data]))}`).to.deep.equal([]);
      for (const n of numbers) expect(n % 5, String(n)).to.equal(0);
    });
  });

  /**
   * One evening (Thursday 12 March 2026, GMT): 12 sightings between 19:00 and 20:00,
   * 12 between 21:00 and 22:00, 4 between 23:00 and 24:00, in one cell.
   */
  describe('adjacent hour windows, as the planner overview asks them (hours=18-4)', () => {
    const { e0, n0 } = bngOrigin();
    let box: { polygon: object; bbox: string };
    before(async () => {
      box = await wgs84Box(t, e0, n0, e0 + 250, n0 + 250);
      const at = (hour: number, i: number) => ({ easting: e0 + 40 + (i % 4) * 50, northing: n0 + 40 + Math.floor(i / 4) * 50, observedAt: `2026-03-12T${hour}:${String(5 + i * 4).padStart(2, '0')}:00Z` });
      await post(analyst, [...Array.from({ length: 12 }, (_, i) => at(19, i)), ...Array.from({ length: 12 }, (_, i) => at(21, i)), ...Array.from({ length: 4 }, (_, i) => at(23, i))]);
    });

    const total = async (hours: string) => (await planner.agent.get(`/api/map/timeline?bbox=${box.bbox}&from=2026-03-12&to=2026-03-12&hours=${hours}`).expect(200)).body.total as Published;

    // KNOWN GAP (docs/DISCLOSURE.md, "What it does not protect"): three separate requests,
    // a total and two shown parts, can pin a "<5" beside them. Deterministic bands protect
    // pairs of figures, not sums of three; the fix is cell-key perturbation. Kept, skipped,
    // so that the attack is on record and runs again when the fix lands.
    it.skip('when a planner asks 18-4, 18-21 and 21-23, then the rest of the night\'s count (23-4) is not pinned', async () => {
      const [all, early, mid, late] = [await total('18-4'), await total('18-21'), await total('21-23'), await total('23-4')];
      for (const v of [all, early, mid, late]) expect(publishable(v), String(v)).to.equal(true);
      const c = candidatesOfSum(all, [early, mid]);
      expect(c, `GET /api/map/timeline?bbox=${box.bbox}&from=2026-03-12&to=2026-03-12&hours=18-4 → ${all}; hours=18-21 → ${early}; hours=21-23 → ${mid}; hours=23-4 → ${late}`).to.have.length.above(1);
    });

    // KNOWN GAP (docs/DISCLOSURE.md, "What it does not protect"): three separate requests,
    // a total and two shown parts, can pin a "<5" beside them. Deterministic bands protect
    // pairs of figures, not sums of three; the fix is cell-key perturbation. Kept, skipped,
    // so that the attack is on record and runs again when the fix lands.
    it.skip('when a planner asks the same hour windows of the statistics panel (POST /api/map/stats), then the rest of the night is not pinned', async () => {
      const stat = async (hours: string) => (await planner.agent.post('/api/map/stats').set('X-CSRF-Token', planner.csrf).send({ geometry: box.polygon, from: '2026-03-12', to: '2026-03-12', hours }).expect(200)).body.count as Published;
      const [all, early, mid] = [await stat('18-4'), await stat('18-21'), await stat('21-23')];
      expect(candidatesOfSum(all, [early, mid]), `stats hours=18-4 → ${all}; 18-21 → ${early}; 21-23 → ${mid}`).to.have.length.above(1);
    });
  });

  describe('the hot spot scale warning', () => {
    const { e0, n0 } = bngOrigin();
    let areaId: string;
    before(async () => {
      const sq = await wgs84Box(t, e0, n0, e0 + 3000, n0 + 3000);
      const a = await analyst.agent.post('/api/areas').set('X-CSRF-Token', analyst.csrf).send({ name: `Attack hot spot square ${Math.random().toString(36).slice(2, 8)} (synthetic)`, kind: 'custom', geometry: sq.polygon });
      expect(a.status, JSON.stringify(a.body)).to.equal(201);
      areaId = a.body.id;
      let seed = 20261206;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const background = Array.from({ length: 90 }, () => ({ easting: e0 + 1 + rand() * 2998, northing: n0 + 1 + rand() * 2998, observedAt: new Date(Date.parse('2026-01-05T00:00:00Z') + rand() * 130 * 86_400_000).toISOString() }));
      const hot = Array.from({ length: 40 }, () => ({ easting: e0 + 1550 + (rand() - 0.5) * 80, northing: n0 + 1550 + (rand() - 0.5) * 80, observedAt: new Date(Date.parse('2026-05-10T00:00:00Z') + rand() * 14 * 86_400_000).toISOString() }));
      await post(analyst, [...background, ...hot]);
    });

    it('when a planner or licensing officer gets the warning, then it carries no multiple, no mean and no number of cells', async () => {
      const a = (await analyst.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=250&bandwidth=1500&from=2026-01-01&to=2026-05-31`).expect(200)).body;
      const analystNote = a.notes.find((n: string) => /times the mean/.test(n));
      for (const s of [planner, licensing]) {
        const r = (await s.agent.get(`/api/hotspots?areaId=${areaId}&cellSize=250&bandwidth=1500&from=2026-01-01&to=2026-05-31`).expect(200)).body;
        const note = r.notes.find((n: string) => /times the mean/.test(n));
        if (analystNote) expect(note, `analyst's note: ${analystNote}; notes: ${JSON.stringify(r.notes)}`).to.be.a('string');
        if (!note) continue;
        expect(note).to.not.match(/times the mean of/);
        // The only numbers are the fixed ratio (10) and distance bands in metres.
        const numbers = note.replace(/\b\d+ m\b/g, '').match(/\d+(\.\d+)?/g) ?? [];
        expect(numbers, note).to.deep.equal(['10']);
        for (const f of r.features) expect(publishable(f.properties.count), String(f.properties.count)).to.equal(true);
      }
    });
  });

  describe('lists of a map selection (cell, cluster, drawn area) for restricted roles', () => {
    const { e0, n0 } = bngOrigin();
    let box: { polygon: object; bbox: string };
    let ids: string[];
    let cluster: string;
    before(async () => {
      box = await wgs84Box(t, e0, n0, e0 + 500, n0 + 500);
      ids = await post(analyst, Array.from({ length: 6 }, (_, i) => ({ easting: e0 + 100 + i * 10, northing: n0 + 100, observedAt: `2026-02-0${i + 1}T20:00:00Z` })));
      const c = (await analyst.agent.get(`/api/map/clusters?bbox=${box.bbox}&zoom=14`).expect(200)).body;
      cluster = c.features.find((f: any) => f.properties.cluster)?.properties.members ?? '14/1';
    });

    it('when a planner, a licensing officer or a partner lists or exports a cluster, a drawn area or a cell, then 403, nothing of the records, and the refusal is audited', async () => {
      const within = encodeURIComponent(JSON.stringify(box.polygon));
      const col = Math.floor((e0 + 100) / 250);
      const row = Math.floor((n0 + 100) / 250);
      const queries = [`bbox=${box.bbox}&cluster=${cluster}`, `bbox=${box.bbox}&cluster=14/987654321`, `within=${within}`, `cell=square:250:${col}:${row}`];
      for (const [name, s] of [['planner', planner], ['licensing', licensing], ['partner', partner]] as const) {
        const before = Number((await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'denied' }).count({ n: '*' }))[0]!.n);
        let asked = 0;
        for (const p of ['/api/sightings', '/api/exports/sightings']) {
          for (const q of queries) {
            const r = await s.agent.get(`${p}?${q}`);
            asked++;
            expect(r.status, `${name} GET ${p}?${q}: ${JSON.stringify(r.body)}`).to.equal(403);
            for (const id of ids) expect(JSON.stringify(r.body)).to.not.include(id);
          }
        }
        const after = Number((await t.db.knex('audit_log').where({ user_id: s.user.id, action: 'denied' }).count({ n: '*' }))[0]!.n);
        expect(after - before, `${name}: denied rows`).to.equal(asked);
      }
    });
  });

  describe('a partner on the map', () => {
    it('when a partner asks the choropleth, clusters, timeline, statistics or hot spots, then they get no count (403)', async () => {
      const bbox = '-4.5,57.0,-4.4,57.1';
      for (const url of [`/api/map/choropleth?kind=ward`, `/api/map/clusters?bbox=${bbox}&zoom=14`, `/api/map/heat?bbox=${bbox}&zoom=14`, `/api/map/timeline?bbox=${bbox}&hours=18-4`, `/api/hotspots?bbox=${bbox}`]) {
        const r = await partner.agent.get(url);
        expect(r.status, `partner GET ${url}: ${JSON.stringify(r.body).slice(0, 300)}`).to.equal(403);
      }
      const r = await partner.agent.post('/api/map/stats').set('X-CSRF-Token', partner.csrf).send({ geometry: { type: 'Polygon', coordinates: [[[-4.5, 57], [-4.4, 57], [-4.4, 57.1], [-4.5, 57]]] } });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).to.equal(403);
    });
  });

  describe('import templates', () => {
    it('when anyone but an administrator asks for an import template, then 403; an administrator gets the CSV', async () => {
      for (const kind of TEMPLATE_KINDS) {
        for (const [name, s] of [['planner', planner], ['licensing', licensing], ['partner', partner], ['analyst', analyst]] as const) {
          const r = await s.agent.get(`/api/imports/template/${kind}`);
          expect(r.status, `${name} ${kind}`).to.equal(403);
        }
        const r = await admin.agent.get(`/api/imports/template/${kind}`).expect(200);
        expect(r.headers['content-type']).to.match(/^text\/csv/);
      }
    });
  });
});

/** Pages' text of a PDF, by poppler. */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-attack-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('disclosure attacks, round 2: profile PDFs', function () {
  this.timeout(300_000);
  let t: TestApp;
  let analyst: Session;
  let planner: Session;
  let licensing: Session;
  let premisesId: string;
  let vehicleId: string;
  const tag = Math.random().toString(36).slice(2, 8);
  const { e0, n0 } = bngOrigin();

  before(async function () {
    this.timeout(120_000);
    t = await printingTestApp();
    analyst = await signIn(t, 'analyst');
    planner = await signIn(t, 'planner', { purpose: null });
    licensing = await signIn(t, 'licensing', { purpose: 'Licence review (synthetic test)' });
    const p = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name: `Attack Print Inn ${tag} (synthetic)`, category: 'hotel', easting: e0 + 100, northing: n0 + 100 });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    premisesId = p.body.id;
    const v = await analyst.agent.post('/api/vehicles').set('X-CSRF-Token', analyst.csrf).send({ plate: `ZZ${Math.floor(Math.random() * 90 + 10)}ATK`, make: 'Fictional Motors', colour: 'Blue', operatorId: premisesId });
    expect(v.status, JSON.stringify(v.body)).to.equal(201);
    vehicleId = v.body.id;
    // Seven P-coded sightings at the inn in June; three C-coded "online contact" ones in July, which licensing may not read.
    await post(analyst, [
      ...Array.from({ length: 7 }, (_, i) => ({ easting: e0 + 100 + i * 3, northing: n0 + 100, observedAt: `2026-06-0${i + 1}T21:00:00Z`, premisesId, sourceAgency: 'licensing' })),
      ...Array.from({ length: 3 }, (_, i) => ({ easting: e0 + 110, northing: n0 + 105 + i * 3, observedAt: `2026-07-0${i + 2}T22:00:00Z`, premisesId, handlingCode: 'C', category: 'online_contact' })),
      ...Array.from({ length: 2 }, (_, i) => ({ easting: e0 + 120, northing: n0 + 90, observedAt: `2026-06-1${i}T23:00:00Z`, vehicleId, category: 'vehicle_of_interest', handlingCode: 'C' })),
    ]);
  });

  after(closePrintBrowser);

  it('when a planner asks for a premises or vehicle profile PDF, then 403', async () => {
    await planner.agent.get(`/api/premises/${premisesId}/profile?format=pdf`).expect(403);
    await planner.agent.get(`/api/vehicles/${vehicleId}/profile?format=pdf`).expect(403);
  });

  it('when a licensing officer prints the premises profile, then the PDF shows the counts of the JSON profile and no hidden count or category', async () => {
    const q = 'from=2026-06-01&to=2026-07-31';
    const json = (await licensing.agent.get(`/api/premises/${premisesId}/profile?${q}`).expect(200)).body;
    const r = await licensing.agent.get(`/api/premises/${premisesId}/profile?${q}&format=pdf`).buffer(true).parse(binary);
    expect(r.status, String(r.body).slice(0, 300)).to.equal(200);
    const text = pdfText(r.body as Buffer);
    expect(JSON.stringify(json.sightings.byCategory)).to.not.include('online_contact');
    expect(text).to.not.match(/Online contact/i);
    // The true total (12 within the radius or linked, 10 with the vehicle's) and the C-coded 3 appear nowhere as counts.
    expect(text, text).to.not.match(/\b(12|11|3) (within|sightings?\b)/);
    expect(text).to.include('<5');
    expect(text).to.not.include('C-coded');
    // Every count-like figure in the PDF is one the JSON profile could publish.
    for (const m of text.matchAll(/\b(\d+) within \d+ m/g)) expect(publishable(Number(m[1])), m[0]).to.equal(true);
  });

  it('when a licensing officer prints the vehicle profile, then it carries no count from 1 to 4 where the JSON reads "<5"', async () => {
    const json = (await licensing.agent.get(`/api/vehicles/${vehicleId}/profile`).expect(200)).body;
    const r = await licensing.agent.get(`/api/vehicles/${vehicleId}/profile?format=pdf`).buffer(true).parse(binary);
    expect(r.status, String(r.body).slice(0, 300)).to.equal(200);
    const text = pdfText(r.body as Buffer);
    expect(JSON.stringify(json)).to.not.match(/"total":[1-4]\b/);
    expect(text, text).to.not.match(/\b[1-4] (sightings?|within|linked)\b/);
  });
});
