import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import supertest from 'supertest';
import { chromium } from 'playwright-core';
import { closePrintBrowser, CHROMIUM_PATH } from '../../server/print/chromium.js';
import { printingTestApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { binary } from '../support/http.js';

/**
 * Premises and vehicle profiles as PDF: printed by the server's own Chromium from the
 * client's profile print page on a one-use ticket (as area reports are), read back with
 * poppler. Also the profile page's own browser print: no trailing blank page. The app
 * serves the built client (`npm run build`).
 */

const base = { category: 'young_person_collected', sourceAgency: 'licensing', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' };
const tag = Math.random().toString(36).slice(2, 8);
const PREMISES = `Profile Print Hotel ${tag} (synthetic)`;
const NARRATIVE = 'restricted print narrative (synthetic)';
const C_SUMMARY = 'C-coded print summary (synthetic)';
/** The pages each profile fills, as the data below makes them. */
const PREMISES_PAGES = 2;
const VEHICLE_PAGES = 2;

interface ReadPdf {
  pages: number;
  info: string;
  /** Each page's text, in layout */
  text: string[];
  /** Each page's share of pixels in the app's grey ground (styles.css --paper, #f4f5f7), 0 to 1 */
  grey: number[];
}

/** The share of a binary PPM's (P6, 8-bit) pixels that are the app's grey ground, within 1 of #f4f5f7. */
function greyShare(ppm: Buffer): number {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  let grey = 0;
  for (let i = header[0].length; i + 2 < ppm.length; i += 3) {
    if (Math.abs(ppm[i]! - 0xf4) <= 1 && Math.abs(ppm[i + 1]! - 0xf5) <= 1 && Math.abs(ppm[i + 2]! - 0xf7) <= 1) grey++;
  }
  return grey / (w * h);
}

/** Pages and text of a PDF, by poppler; page images too, kept where LANTERN_KEEP_PDF names a folder. */
function readPdf(pdf: Buffer, name: string): ReadPdf {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-profile-'));
  try {
    const file = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const text = Array.from({ length: pages }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-'], { encoding: 'utf8' }));
    execFileSync('pdftoppm', ['-r', '30', file, path.join(dir, 'page')]);
    const grey = fs.readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort().map((f) => greyShare(fs.readFileSync(path.join(dir, f))));
    const keep = process.env.LANTERN_KEEP_PDF;
    if (keep && fs.existsSync(keep) && fs.statSync(keep).isDirectory()) {
      fs.copyFileSync(file, path.join(keep, `${name}.pdf`));
      execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(keep, name)]);
    }
    return { pages, info, text, grey };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What a page says beyond its running heads and marking: a blank page says nothing. */
const body = (page: string) =>
  page
    .split('\n')
    .filter((l) => !/OFFICIAL-SENSITIVE|^\s*Page \d+ of \d+\s*$|Generated .* Lantern/.test(l))
    .join('')
    .trim();

describe('profiles as PDF', () => {
  let t: TestApp;
  let analyst: Session;
  let licensing: Session;
  let premisesId: string;
  let vehicleId: string;
  const plate = `ZZ${Math.floor(Math.random() * 90 + 10)}PDF`;
  const box = privateBox();

  before(async function () {
    this.timeout(120_000);
    t = await printingTestApp();
    analyst = await signIn(t, 'analyst');
    licensing = await signIn(t, 'licensing', { purpose: 'Licence review of a synthetic hotel' });
    const p = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf)
      .send({ name: PREMISES, category: 'hotel', address: '2 Fictional Quay (synthetic)', postcode: 'ZZ9 9ZZ', ...box.at(), licenceRef: `SYN-PDF-${tag}`, licenceStatus: 'active' });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    premisesId = p.body.id;
    const v = await analyst.agent.post('/api/vehicles').set('X-CSRF-Token', analyst.csrf).send({ plate, make: 'Fictional Motors', colour: 'Silver', operatorId: premisesId });
    expect(v.status, JSON.stringify(v.body)).to.equal(201);
    vehicleId = v.body.id;
    // Seven sightings at the hotel in June 2026 (one C-coded, with a narrative), three of the vehicle.
    const sightings = [
      ...Array.from({ length: 7 }, (_, i) => ({ ...base, observedAt: `2026-06-${String(3 + i * 3).padStart(2, '0')}T2${i % 4}:15:00Z`, ...box.at(0.0002 * (i % 3), 0.0002 * (i % 2)), premisesId, ...(i === 6 ? { handlingCode: 'C', narrative: NARRATIVE } : {}) })),
      ...Array.from({ length: 3 }, (_, i) => ({ ...base, category: 'vehicle_of_interest', observedAt: `2026-06-1${i}T22:0${i}:00Z`, ...box.at(0.001 * i, 0.0005 * i), vehicleId })),
    ];
    for (const s of sightings) {
      const r = await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf).send(s);
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    // A street through the hotel, for the print page's map to draw on its print ticket.
    const [a, b] = [box.at(-0.003, -0.001), box.at(0.003, 0.001)];
    await t.db.knex.raw(
      `insert into basemap_roads (name, class, source, synthetic, geom) values
       (?, 'primary', 'profile print test', true, ST_Multi(ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(?::float8, ?::float8), ST_MakePoint(?::float8, ?::float8)), 4326), 3857)))`,
      [`Print Test Road ${tag} (synthetic)`, a.lon, a.lat, b.lon, b.lat],
    );
    const intel = await analyst.agent.post('/api/intel').set('X-CSRF-Token', analyst.csrf)
      .send({ subjectType: 'premises', subjectId: premisesId, sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'C', summary: C_SUMMARY, narrative: NARRATIVE });
    expect(intel.status, JSON.stringify(intel.body)).to.equal(201);
  });

  after(closePrintBrowser);

  const premisesPdf = (s: Session) => s.agent.get(`/api/premises/${premisesId}/profile?from=2026-06-01&to=2026-06-30&format=pdf`).buffer(true).parse(binary);

  it('when an analyst downloads a premises profile as PDF, then it is A4, exactly the pages its content fills (no trailing blank page), marked and numbered on each, named for the premises, and audited as an export with the purpose', async function () {
    this.timeout(180_000);
    const r = await premisesPdf(analyst);
    expect(r.status, String(r.body)).to.equal(200);
    expect(r.headers['content-type']).to.equal('application/pdf');
    expect(r.headers['content-disposition']).to.match(new RegExp(`attachment; filename="?lantern-premises-profile-print-hotel-${tag}-synthetic-\\d{4}-\\d\\d-\\d\\d\\.pdf"?`));
    const pdf = readPdf(r.body as Buffer, 'premises-analyst');
    expect(pdf.info).to.match(/Page size:.*\(A4\)/);
    expect(pdf.pages).to.equal(PREMISES_PAGES);
    pdf.text.forEach((page, i) => {
      expect(page, `page ${i + 1}`).to.include('OFFICIAL-SENSITIVE');
      expect(page, `page ${i + 1}`).to.include(`Page ${i + 1} of ${pdf.pages}`);
      expect(body(page), `page ${i + 1} has content`).to.not.equal('');
      expect(pdf.grey[i], `page ${i + 1}: share of grey ground`).to.be.below(0.005);
    });
    const all = pdf.text.join('\n');
    expect(all).to.include(PREMISES).and.include('Operation Makesafe indicators').and.include('Sightings you may read');
    // The analyst's profile: true counts, the C-coded intel.
    expect(all).to.include(C_SUMMARY);
    expect(all).to.not.include('Record intelligence').and.not.include('Download PDF').and.not.include('Print for the sub-committee');
    const audit = await t.db.knex('audit_log').where({ user_id: analyst.user.id, action: 'export', target_type: 'premises' }).orderBy('id', 'desc').first();
    expect(audit, 'an export audited').to.not.equal(undefined);
    expect(audit.purpose).to.equal('Automated test of Lantern');
    expect(audit.query).to.include({ format: 'pdf', profile: true });
    expect(audit.target_ids).to.include(premisesId);
  });

  it('when a licensing officer downloads it, then the PDF is disclosure-controlled as their profile page is: "<5" counts, no C-coded intel, no narrative', async function () {
    this.timeout(180_000);
    const json = (await licensing.agent.get(`/api/premises/${premisesId}/profile?from=2026-06-01&to=2026-06-30`).expect(200)).body;
    // Nine sightings within 100 m or linked (two of them the vehicle's), one C-coded: shown in their band, 10.
    expect(json.sightings.total).to.equal(10);
    const r = await premisesPdf(licensing);
    expect(r.status, String(r.body)).to.equal(200);
    const pdf = readPdf(r.body as Buffer, 'premises-licensing');
    const all = pdf.text.join('\n');
    expect(all).to.include(PREMISES);
    expect(all).to.match(/\b10 within 100 m or linked/);
    expect(all).to.include('<5');
    expect(all).to.not.include(C_SUMMARY).and.not.include(NARRATIVE);
    const audit = await t.db.knex('audit_log').where({ user_id: licensing.user.id, action: 'export', target_type: 'premises' }).orderBy('id', 'desc').first();
    expect(audit.purpose).to.equal('Licence review of a synthetic hotel');
  });

  it('when a licensing officer downloads a vehicle profile as PDF, then it names the plate and its operator, fills exactly its pages, and is audited as an export', async function () {
    this.timeout(180_000);
    const r = await licensing.agent.get(`/api/vehicles/${vehicleId}/profile?format=pdf`).buffer(true).parse(binary);
    expect(r.status, String(r.body)).to.equal(200);
    expect(r.headers['content-disposition']).to.match(new RegExp(`filename="?lantern-vehicle-${plate.toLowerCase()}-\\d{4}-\\d\\d-\\d\\d\\.pdf"?`));
    const pdf = readPdf(r.body as Buffer, 'vehicle-licensing');
    expect(pdf.pages).to.equal(VEHICLE_PAGES);
    pdf.text.forEach((page, i) => {
      expect(page, `page ${i + 1}`).to.include(`Page ${i + 1} of ${pdf.pages}`);
      expect(body(page), `page ${i + 1} has content`).to.not.equal('');
    });
    const all = pdf.text.join('\n');
    expect(all).to.include(plate).and.include(PREMISES).and.include('Timeline of sightings you may read');
    const audit = await t.db.knex('audit_log').where({ user_id: licensing.user.id, action: 'export', target_type: 'vehicle' }).orderBy('id', 'desc').first();
    expect(audit.query).to.include({ format: 'pdf' });
  });

  it('when a planner asks for a profile PDF, then 403; with no stated purpose, 428; and nothing is exported', async () => {
    const planner = await signIn(t, 'planner');
    await planner.agent.get(`/api/premises/${premisesId}/profile?format=pdf`).expect(403);
    await planner.agent.get(`/api/vehicles/${vehicleId}/profile?format=pdf`).expect(403);
    const noPurpose = await signIn(t, 'licensing', { purpose: null });
    await noPurpose.agent.get(`/api/premises/${premisesId}/profile?format=pdf`).expect(428);
    await noPurpose.agent.get(`/api/vehicles/${vehicleId}/profile?format=pdf`).expect(428);
    const bad = await analyst.agent.get(`/api/premises/${premisesId}/profile?format=docx`).expect(400);
    expect(bad.body.errors.map((e: any) => e.path)).to.include('format');
    const exports = await t.db.knex('audit_log').whereIn('user_id', [planner.user.id, noPurpose.user.id]).where({ action: 'export' });
    expect(exports).to.deep.equal([]);
  });

  it('when the profile print routes are called with a session but no print ticket, or a made-up one, then 401', async () => {
    for (const kind of ['premises', 'vehicles']) {
      await analyst.agent.get(`/api/${kind}/print`).expect(401);
      await supertest(t.app).get(`/api/${kind}/print`).set('Cookie', 'lantern_print=made-up-ticket').expect(401);
      await analyst.agent.get(`/api/${kind}/print/basemap/style.json`).expect(401);
      await supertest(t.app).get(`/api/${kind}/print/basemap/style.json`).set('Cookie', 'lantern_print=made-up-ticket').expect(401);
    }
  });

  it('when the profile page itself is printed from the browser, then it fills exactly its pages: no trailing blank page', async function () {
    this.timeout(180_000);
    const server: Server = await new Promise((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const context = await browser.newContext({ baseURL: origin, viewport: { width: 1366, height: 768 } });
      const user = (await signIn(t, 'licensing')).user;
      const login = await context.request.post('/api/auth/login', { data: { username: user.username, password: user.password } });
      expect(login.status()).to.equal(200);
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      expect((await context.request.put('/api/auth/purpose', { data: { purpose: 'Licence review of a synthetic hotel' }, headers: { 'X-CSRF-Token': csrfToken } })).status()).to.equal(200);
      const page = await context.newPage();
      await page.goto(`/licensing/premises/${premisesId}`);
      await page.getByRole('heading', { level: 1, name: PREMISES }).waitFor();
      await page.locator('img.lic-map__still').waitFor({ state: 'attached', timeout: 60_000 });
      // The page's own button: the server's PDF, saved under the server's file name.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(download.suggestedFilename()).to.match(new RegExp(`^lantern-premises-profile-print-hotel-${tag}-synthetic-\\d{4}-\\d\\d-\\d\\d\\.pdf$`));
      const saved = readPdf(fs.readFileSync((await download.path())!), 'premises-download');
      expect(saved.text.join('\n')).to.include(PREMISES);
      await page.emulateMedia({ media: 'print' });
      const pdf = readPdf(await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }), 'premises-browser-print');
      pdf.text.forEach((text, i) => {
        expect(body(text), `page ${i + 1} of ${pdf.pages} has content`).to.not.equal('');
        expect(pdf.grey[i], `page ${i + 1}: share of grey ground`).to.be.below(0.005);
      });
      expect(pdf.pages).to.equal(PREMISES_PAGES);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
