import { expect } from 'chai';
import { browserSuite } from './support/suite.js';
import { signInToMap, visibleCount, waitForMap } from './support/map.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

/**
 * Issue 17, sightings made and corrected on the map: an analyst adds a graded sighting
 * at a clicked point, sees it counted without a reload, drags its point with a reason
 * and deletes it with a reason; the server holds each change.
 */
describe('sightings made and corrected on the map (Chromium, 1366 px)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 860 }, expectedConsole: EXPECTED_CONSOLE });

  it('when an analyst adds a sighting at a clicked point, moves it with a reason and deletes it with a reason, then the map follows each without a reload', async function () {
    const page = e2e.page;
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto('/');
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: correcting sightings');
    const loadsAfterSignIn = loads;
    const before = (await visibleCount(page)).n;

    await page.getByRole('button', { name: 'Add sighting', exact: true }).click();
    const form = page.getByTestId('add-sighting');
    await form.waitFor();
    await expect(await form.getByRole('button', { name: 'Save the sighting' }).isDisabled()).to.equal(true);
    // Click an empty spot of the map (left of the drawer, below the controls).
    const box = (await page.getByTestId('map').boundingBox())!;
    // An empty spot of the map: the first point, scanning the left part, where the map
    // itself (its canvas) is under the pointer and no cluster, label or panel is.
    const spot = await page.evaluate(({ x, y, w, h }) => {
      for (let fy = 0.55; fy < 0.9; fy += 0.05) {
        for (let fx = 0.3; fx > 0.05; fx -= 0.03) {
          const px = x + w * fx;
          const py = y + h * fy;
          const el = document.elementFromPoint(px, py);
          if (el instanceof HTMLCanvasElement && !document.elementsFromPoint(px, py).some((e) => e.closest('.maplibregl-marker'))) return { px, py };
        }
      }
      return null;
    }, { x: box.x, y: box.y, w: box.width, h: box.height });
    expect(spot, 'an empty spot of the map').to.not.equal(null);
    await page.mouse.click(spot!.px, spot!.py);
    await form.getByText(/^Point: /).waitFor();
    await page.getByTestId('edit-point').waitFor();
    await form.getByLabel('Category').selectOption('vehicle_of_interest');
    await form.getByLabel('Source evaluation').selectOption('1');
    await form.getByLabel('Intelligence assessment').selectOption('B');
    await form.getByLabel('Handling code').selectOption('P');
    await form.getByLabel('Narrative (optional)').fill('Grey hatchback waiting by the park gates (synthetic).');
    await page.screenshot({ path: '/tmp/lantern-map-add-1366.png' });
    await form.getByRole('button', { name: 'Save the sighting' }).click();

    const panel = page.getByTestId('record-panel');
    await panel.waitFor();
    const id = (await panel.locator('code').innerText()).trim();
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    const made = await page.request.get(`/api/sightings/${id}`);
    expect(made.status()).to.equal(200);
    const madeBody = await made.json();
    expect(madeBody.properties).to.include({ category: 'vehicle_of_interest', sourceEval: 1, intelAssessment: 'B', handlingCode: 'P', locationMethod: 'map' });
    await page.waitForFunction((n) => {
      const el = document.querySelector<HTMLElement>('[data-testid=visible-count][data-state=ready]');
      return el && Number(el.innerText.replace(/[^\d]/g, '')) === n;
    }, before + 1);

    // Move: drag the point on the map, give a reason, save.
    await panel.getByRole('button', { name: 'Move the point' }).click();
    const marker = page.getByTestId('edit-point');
    await marker.waitFor();
    const m = (await marker.boundingBox())!;
    await page.mouse.move(m.x + m.width / 2, m.y + m.height / 2);
    await page.mouse.down();
    await page.mouse.move(m.x + m.width / 2 + 40, m.y + m.height / 2 + 30, { steps: 8 });
    await page.mouse.move(m.x + m.width / 2 + 80, m.y + m.height / 2 + 60, { steps: 8 });
    await page.mouse.up();
    const bar = page.getByTestId('move-point');
    await bar.getByText(/^New point /).waitFor();
    const save = bar.getByRole('button', { name: 'Save the move' });
    expect(await save.isDisabled(), 'no move without a reason').to.equal(true);
    await bar.getByLabel('Reason for the move').fill('Placed at the gates, not the road (synthetic)');
    await page.screenshot({ path: '/tmp/lantern-map-move-1366.png' });
    await save.click();
    await bar.waitFor({ state: 'detached' });
    await page.getByTestId('record-panel').waitFor();
    const moved = await (await page.request.get(`/api/sightings/${id}`)).json();
    const [lon0, lat0] = madeBody.geometry.coordinates as [number, number];
    const [lon1, lat1] = moved.geometry.coordinates as [number, number];
    expect(lon1, 'dragged east').to.be.greaterThan(lon0);
    expect(lat1, 'dragged south').to.be.lessThan(lat0);
    await page.getByTestId('record-panel').getByText(`${lat1.toFixed(5)}, ${lon1.toFixed(5)}`).waitFor();

    // Delete with a reason.
    await page.getByTestId('record-panel').getByRole('button', { name: 'Delete…' }).click();
    await page.getByLabel('Reason for deleting').fill('Entered on the wrong record (synthetic)');
    await page.screenshot({ path: '/tmp/lantern-map-delete-1366.png' });
    await page.getByRole('button', { name: 'Delete the sighting' }).click();
    await page.getByTestId('record-panel').waitFor({ state: 'detached' });
    expect((await page.request.get(`/api/sightings/${id}`)).status()).to.equal(404);
    await page.waitForFunction((n) => {
      const el = document.querySelector<HTMLElement>('[data-testid=visible-count][data-state=ready]');
      return el && Number(el.innerText.replace(/[^\d]/g, '')) === n;
    }, before);
    await waitForMap(page);
    await page.screenshot({ path: '/tmp/lantern-map-after-delete-1366.png' });

    expect(loads, 'no reload').to.equal(loadsAfterSignIn);
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when a sighting was triaged from a partner report, then its record panel names the report it came from', async function () {
    const page = e2e.page;
    await page.goto('/');
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: provenance');
    const place = (await (await page.request.get('/api/places?q=ZZ16%201AA&limit=1')).json()).features[0];
    const [lon, lat] = place.geometry.coordinates as [number, number];

    const partnerContext = await e2e.newContext();
    try {
      const partner = partnerContext.request;
      const { username, password } = e2e.server.credentials.partner;
      const login = await (await partner.post('/api/auth/login', { data: { username, password } })).json();
      const sent = await partner.post('/api/submissions', {
        headers: { 'X-CSRF-Token': login.csrfToken },
        data: { categories: ['young_person_collected'], description: 'Two girls collected by an older man (synthetic).', observedAt: '2026-03-01T20:00:00Z', location: { lat, lon, precisionM: 10, method: 'gps' } },
      });
      expect(sent.status()).to.equal(201);
      const report = await sent.json();
      const me = await (await page.request.get('/api/auth/me')).json();
      const decided = await page.request.post(`/api/submissions/${report.id}/decision`, {
        headers: { 'X-CSRF-Token': me.csrfToken },
        data: { outcome: 'sighting', message: 'Recorded (synthetic).', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P' },
      });
      expect(decided.status()).to.equal(200);
      const sightingId = (await decided.json()).sightingIds[0] as string;

      await page.goto(`/?map=19.00/${lat}/${lon}`);
      await waitForMap(page);
      await page.locator(`.point-marker[data-sighting-id="${sightingId}"]`).click();
      const provenance = page.getByTestId('record-panel').getByTestId('provenance');
      await provenance.waitFor();
      expect((await provenance.innerText()).trim()).to.equal(`From partner report ${report.reference}`);
      expect(report.reference).to.match(/^LNT-/);
      await page.screenshot({ path: '/tmp/lantern-map-provenance-1366.png' });
      expect(e2e.problems).to.deep.equal([]);
    } finally {
      await partnerContext.close();
    }
  });
});
