import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

describe('the licensing look-up (Chromium, 1366 × 768)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-licensing-'));

  it('when a licensing officer signs in, searches a misspelt premises name, opens its profile and prints it, then the bundle is A4 and marked OFFICIAL-SENSITIVE on every page', async function () {
    await e2e.page.goto('/');
    await signIn(e2e.page, e2e.server.credentials.licensing);
    await statePurpose(e2e.page, 'E2E check: licence review of a synthetic take-away');

    // Licensing officers land on the look-up, not the map.
    const box = e2e.page.getByLabel('Name, address, postcode, licence reference or plate');
    await box.waitFor();
    expect(new URL(e2e.page.url()).pathname).to.equal('/licensing');
    await box.pressSequentially('goldn frok takeawy', { delay: 20 });
    const hit = e2e.page.getByRole('link', { name: 'Golden Fork Takeaway (synthetic)' });
    await hit.waitFor({ timeout: 15_000 });
    await e2e.page.screenshot({ path: path.join(out, 'lookup.png') });
    await hit.click();

    await e2e.page.getByRole('heading', { level: 1, name: 'Golden Fork Takeaway (synthetic)' }).waitFor();
    expect(new URL(e2e.page.url()).pathname).to.match(/^\/licensing\/premises\/[0-9a-f-]{36}$/);
    expect(await e2e.page.getByTestId('licence-status').textContent()).to.equal('Suspended');
    expect(Number((await e2e.page.getByTestId('sightings-total').textContent())!.replace(/[^\d].*$/, '').replace(/,/g, ''))).to.be.greaterThan(0);
    await e2e.page.getByTestId('profile-map').and(e2e.page.locator('[data-state="ready"]')).waitFor({ timeout: 30_000 });
    // The still the print shows in place of the WebGL canvas.
    await e2e.page.locator('img.lic-map__still').waitFor({ state: 'attached' });
    expect(await e2e.page.getByTestId('month-chart').locator('rect').count(), 'month bars').to.be.greaterThan(0);
    expect(await e2e.page.locator('table.matrix td.matrix__cell').count(), 'weekday × hour cells').to.equal(7 * 24);
    expect(await e2e.page.getByRole('button', { name: 'Record intelligence' }).isVisible()).to.equal(true);
    await e2e.page.screenshot({ path: path.join(out, 'profile.png'), fullPage: true });

    // Graded intel with a Makesafe indicator, listed at once.
    await e2e.page.getByLabel('Summary').fill('Young people seen behind the counter after 22:00 (synthetic)');
    await e2e.page.getByLabel('Young person in a staff-only or back area').check();
    await e2e.page.getByRole('button', { name: 'Record intelligence' }).click();
    await e2e.page.getByRole('status').filter({ hasText: 'Recorded, graded' }).waitFor();
    expect(await e2e.page.getByTestId('intel-list').textContent()).to.contain('Young people seen behind the counter');

    // The sub-committee bundle: print media, A4, no controls, the marking on every page.
    await e2e.page.emulateMedia({ media: 'print' });
    expect(await e2e.page.getByRole('button', { name: 'Print for the sub-committee' }).isVisible(), 'no controls in print').to.equal(false);
    expect(await e2e.page.locator('.lic-intel-form').isVisible(), 'no form in print').to.equal(false);
    await e2e.page.screenshot({ path: path.join(out, 'print.png'), fullPage: true });
    expect(await e2e.page.locator('img.lic-map__still').isVisible(), 'the map still in print').to.equal(true);
    const pdf = path.join(out, 'profile.pdf');
    await e2e.page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
    const pages = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const count = Number(/Pages:\s+(\d+)/.exec(pages)?.[1]);
    expect(pages, 'A4 (595 × 842 pt)').to.match(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    for (let p = 1; p <= count; p++) {
      const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' });
      expect(text, `page ${p} of ${count} marked`).to.contain('OFFICIAL-SENSITIVE');
      expect(text, `page ${p}: no controls`).to.not.contain('Print for the sub-committee');
    }
    const all = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(all).to.contain('Golden Fork Takeaway (synthetic)').and.contain('Operation Makesafe indicators').and.not.contain('Record intelligence');
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when a licensing officer uploads a CSV of licence refs and plates, then a table of counts and flags comes back and downloads as CSV; a plate typed loosely opens the vehicle profile', async function () {
    await e2e.page.goto('/');
    await signIn(e2e.page, e2e.server.credentials.licensing);
    await statePurpose(e2e.page, 'E2E check: bulk check of synthetic licences');
    await e2e.page.getByLabel('Name, address, postcode, licence reference or plate').waitFor();
    // A demo vehicle with sightings of its own, so its profile has a track to draw.
    const vehicles = (await (await e2e.page.request.get('/api/vehicles?limit=40')).json()) as { items: { id: string; plate: string }[] };
    let plate = '';
    for (const v of vehicles.items) {
      const profile = (await (await e2e.page.request.get(`/api/vehicles/${v.id}/profile`)).json()) as { sightings: { timeline: unknown[] } };
      if (profile.sightings.timeline.length > 1) {
        plate = v.plate;
        break;
      }
    }
    expect(plate, 'a demo vehicle with sightings').to.not.equal('');
    const premises = (await (await e2e.page.request.get('/api/premises?q=Golden%20Fork')).json()) as { features: { properties: { licenceRef: string } }[] };
    const ref = premises.features[0]!.properties.licenceRef;

    await e2e.page.getByRole('link', { name: 'Bulk check', exact: true }).first().click();
    await e2e.page.getByRole('heading', { name: 'Bulk check of licences and plates' }).waitFor();
    const csv = `licence_ref,plate\n${ref.toLowerCase()},\nSYN-NO-SUCH-REF,${plate.toLowerCase().replace(/^(..)(..)/, '$1 $2 ')}\n,--\n`;
    await e2e.page.getByTestId('check-file').setInputFiles({ name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await e2e.page.getByRole('button', { name: 'Check licences.csv' }).click();
    const table = e2e.page.getByTestId('check-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).to.equal(4);
    expect(await rows.nth(0).textContent()).to.contain('Golden Fork Takeaway (synthetic)').and.contain('Licence suspended');
    expect(await rows.nth(1).textContent()).to.contain('Not found');
    expect(await rows.nth(2).textContent()).to.contain(plate);
    expect(await rows.nth(3).textContent()).to.contain('Not a plate');
    await e2e.page.screenshot({ path: path.join(out, 'check.png'), fullPage: true });

    const [download] = await Promise.all([e2e.page.waitForEvent('download'), e2e.page.getByRole('button', { name: 'Download as CSV' }).click()]);
    expect(download.suggestedFilename()).to.match(/^lantern-check-OFFICIAL-SENSITIVE-\d{4}-\d\d-\d\d\.csv$/);
    const file = path.join(out, 'check.csv');
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).to.match(/^row,kind,input,found,id,name,/);
    expect(lines).to.have.length(5);

    await e2e.page.getByRole('link', { name: '← Look-up' }).click();
    await e2e.page.getByLabel('Name, address, postcode, licence reference or plate').pressSequentially(` ${plate.slice(0, 4).toLowerCase()} ${plate.slice(4).toLowerCase()} `, { delay: 20 });
    await e2e.page.getByRole('link', { name: new RegExp(`^${plate}`) }).click();
    await e2e.page.getByRole('heading', { level: 1, name: new RegExp(plate) }).waitFor();
    expect(new URL(e2e.page.url()).pathname).to.match(/^\/licensing\/vehicles\/[0-9a-f-]{36}$/);
    await e2e.page.getByTestId('profile-map').and(e2e.page.locator('[data-state="ready"]')).waitFor({ timeout: 30_000 });
    await e2e.page.screenshot({ path: path.join(out, 'vehicle.png'), fullPage: true });
    expect(e2e.problems).to.deep.equal([]);
  });
});
