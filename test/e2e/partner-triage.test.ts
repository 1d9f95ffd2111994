import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import type { Credential } from './support/server.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: (the server responded with a status of (401|404)|net::ERR_INTERNET_DISCONNECTED)/;
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1366, height: 768 };

/**
 * Issue 17 end to end: a partner reports a concern on a phone at a demo postcode; an
 * analyst triages it into a graded sighting; the partner reads "Actioned" and the
 * message; a second partner sees nothing of it.
 */
describe('partner report and police triage (Chromium, 360 px and 1366 px)', function () {
  // The test's own page is the partner's phone; the desks are further pages.
  const e2e = browserSuite({ viewport: PHONE, expectedConsole: EXPECTED_CONSOLE, goto: '/' });
  const out = process.env.LANTERN_E2E_SHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-partner-'));

  after(function () {
    console.log(`screenshots in ${out}`);
  });

  const open = async (viewport: { width: number; height: number }) => {
    const page = await e2e.newPage({ viewport });
    await page.goto('/');
    return page;
  };

  /** A datetime-local value for yesterday evening, on the browser's wall clock. */
  const yesterday = () => {
    const d = new Date(Date.now() - 86_400_000);
    return `${d.toISOString().slice(0, 10)}T21:30`;
  };

  it('when a partner reports at a demo postcode, an analyst triages it into a graded sighting, then the partner sees "Actioned" and the message, and a second partner sees nothing', async function () {
    // ---- The partner, on a phone.
    const phone = e2e.page;
    await phone.getByLabel('Username', { exact: true }).waitFor({ timeout: 60_000 }).catch(async (err) => {
      await phone.screenshot({ path: path.join(out, 'failed-start-360.png') });
      throw err;
    });
    await signIn(phone, e2e.server.credentials.partner);
    await phone.getByRole('heading', { level: 1, name: 'Report a concern' }).waitFor();
    expect(new URL(phone.url()).pathname).to.equal('/report');
    // No map, no purpose: the header offers the partner's two pages only.
    expect(await phone.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).to.deep.equal(['Report a concern', 'My reports']);

    await phone.getByLabel('A young person picked up or dropped off by an adult').check();
    await phone.getByLabel('Describe what happened').fill('A girl of about 14 got into a grey car with two older men outside the chip shop (synthetic).');
    await phone.getByLabel('Date and time').fill(yesterday());
    await phone.getByRole('button', { name: 'Search a postcode or place' }).click();
    await phone.getByLabel('Postcode, street, place or business name').fill('zz161aa');
    await phone.getByRole('button', { name: /ZZ16 1AA/ }).click();
    await phone.getByTestId('chosen-place').filter({ hasText: 'ZZ16 1AA' }).waitFor();
    await phone.getByText('A vehicle or a business (optional)').click();
    await phone.getByLabel('Number plate').fill('ZZ51 SYN');
    await phone.getByLabel('Colour').fill('Grey');

    // The draft survives a reload.
    await phone.waitForTimeout(300);
    await phone.reload();
    await phone.getByLabel('Describe what happened').waitFor();
    expect(await phone.getByLabel('Describe what happened').inputValue()).to.contain('grey car');
    expect(await phone.getByTestId('chosen-place').textContent()).to.contain('ZZ16 1AA');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling at 360 px').to.be.at.most(PHONE.width);
    await phone.screenshot({ path: path.join(out, 'report-360.png'), fullPage: true });

    // Sent while the network is down: the page says so, keeps it, and sends it when the network is back.
    await phone.context().setOffline(true);
    await phone.getByRole('button', { name: 'Send report' }).click();
    await phone.getByText('Not sent yet: the connection failed.', { exact: false }).waitFor();
    expect(await phone.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('lantern.report-sending.')))).to.equal(true);
    await phone.screenshot({ path: path.join(out, 'retrying-360.png') });
    await phone.context().setOffline(false);
    const refText = await phone.getByTestId('reference').textContent({ timeout: 15_000 });
    const reference = /LNT-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(refText ?? '')?.[0];
    expect(reference, refText ?? '').to.be.a('string');
    await phone.screenshot({ path: path.join(out, 'sent-360.png'), fullPage: true });

    // ---- The analyst, on a desktop.
    const desk = await open(DESK);
    await signIn(desk, e2e.server.credentials.analyst);
    await statePurpose(desk, 'E2E: triage of partner reports (synthetic)');
    await desk.getByTestId('triage-badge').waitFor({ timeout: 15_000 });
    expect(Number(await desk.getByTestId('triage-badge').textContent())).to.be.at.least(1);
    await desk.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /Triage/ }).click();
    await desk.getByTestId('triage-queue').getByRole('button', { name: new RegExp(reference!) }).click();
    await desk.getByTestId('triage-detail').getByText('grey car with two older men').waitFor();
    await desk.getByTestId('place-map').and(desk.locator('[data-state="ready"]')).waitFor({ timeout: 30_000 });
    await desk.getByLabel('Source evaluation').selectOption('2');
    await desk.getByLabel('Intelligence assessment').selectOption('B');
    await desk.getByLabel('Message to the partner').fill('Thank you. Officers have recorded this and will act on it (synthetic).');
    await desk.screenshot({ path: path.join(out, 'triage-1366.png'), fullPage: true });
    await desk.getByRole('button', { name: 'Decide' }).click();
    await desk.getByTestId('triage-done').filter({ hasText: 'sighting' }).waitFor();

    // The sighting carries its provenance and sits at the postcode.
    const queue = await desk.request.get('/api/submissions?status=actioned');
    const item = (await queue.json()).items.find((s: { reference: string }) => s.reference === reference);
    expect(item.sightingIds).to.have.length(1);
    const sighting = await (await desk.request.get(`/api/sightings/${item.sightingIds[0]}`)).json();
    expect(sighting.properties.submissionId).to.equal(item.id);
    expect(sighting.properties.locationMethod).to.equal('postcode');
    expect(sighting.properties.intelAssessment).to.equal('B');

    // ---- The partner sees the outcome.
    await phone.getByRole('button', { name: 'My reports' }).click();
    const mine = phone.getByTestId('my-reports').locator('li', { hasText: reference! });
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).to.equal('actioned');
    expect(await mine.textContent()).to.contain('Actioned').and.contain('Officers have recorded this');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    await phone.screenshot({ path: path.join(out, 'my-reports-360.png'), fullPage: true });

    // ---- A second partner, made by the administrator, sees nothing of it.
    const admin = await open(DESK);
    const second: Credential = { username: 'e2e-partner-two', password: 'quiet harbour lantern meadow 47' } as Credential;
    const login = await admin.request.post('/api/auth/login', { data: e2e.server.credentials.admin });
    const csrf = (await login.json()).csrfToken as string;
    const made = await admin.request.post('/api/users', { data: { ...second, displayName: 'Second Partner (synthetic)', role: 'partner', agency: 'health' }, headers: { 'X-CSRF-Token': csrf } });
    expect(made.status(), await made.text()).to.equal(201);
    const other = await open(DESK);
    await signIn(other, second);
    await other.getByRole('heading', { level: 1, name: 'Report a concern' }).waitFor();
    await other.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'My reports' }).click();
    await other.getByText('You have not sent any reports yet.').waitFor();
    expect((await other.request.get(`/api/submissions/${item.id}`)).status()).to.equal(404);
    expect((await other.request.get('/api/map/clusters?bbox=-2.6,53.5,-2.3,53.65&zoom=12')).status()).to.equal(403);
    await other.goto('/report');
    await other.getByRole('heading', { level: 1, name: 'Report a concern' }).waitFor();
    await other.screenshot({ path: path.join(out, 'report-1366.png'), fullPage: true });

    expect(e2e.problems, e2e.problems.join('\n')).to.deep.equal([]);
  });
});
