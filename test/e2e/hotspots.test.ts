import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, signIn } from './support/browser.js';
import { positionOf, signInToMap } from './support/map.js';
import { startServer, type RunningServer } from './support/server.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
const shot = (name: string) => path.join(os.tmpdir(), `lantern-hotspots-${name}.png`);

describe('the hot spot layers (Chromium, 1366 × 768)', function () {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageProblems: string[];

  before(async function () {
    server = await startServer();
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async function () {
    pageProblems = [];
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 768 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !EXPECTED_CONSOLE.test(msg.text())) pageProblems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => pageProblems.push(`exception: ${err.message}`));
    await page.goto('/');
  });

  afterEach(async function () {
    await context?.close();
  });

  const layersInUrl = () => new URL(page.url()).searchParams.get('layers');

  it('when an analyst turns on hot spots, then the legend, the explanation and hot cells show; repeat places fly the map; a hot cell plans disruption', async function () {
    await signInToMap(page, server.credentials.analyst, 'E2E check: hot spots');

    // Hot spots on, heatmap and sightings off: each in the link's layers.
    await page.getByLabel('Hot spots (Getis-Ord Gi*)', { exact: true }).check();
    await page.getByLabel('Heatmap', { exact: true }).uncheck();
    await page.getByLabel('Sightings (clusters and points)', { exact: true }).uncheck();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,hotspots,premises');

    const legend = page.getByTestId('hotspot-legend');
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>('[data-testid=hotspot-legend]');
      return el?.dataset.state === 'ready' && Number(el.dataset.drawnHotCells) > 0;
    }, undefined, { timeout: 60_000 });
    expect(Number(await legend.getAttribute('data-drawn-hot-cells')), 'hot cells drawn by MapLibre').to.be.greaterThan(0);
    const legendText = await legend.innerText();
    for (const label of ['Hot spot, 99 % confidence', 'Hot spot, 95 % confidence', 'Hot spot, 90 % confidence', 'Not significant', 'Cold spot, 99 % confidence']) {
      expect(legendText, label).to.include(label);
    }
    expect(Number(/Hot spot, 99 % confidence \((\d[\d,]*)\)/.exec(legendText)?.[1]?.replace(/,/g, '')), 'cells at 99 %').to.be.greaterThan(0);
    const explanation = await page.getByTestId('hotspot-explanation').innerText();
    expect(explanation).to.match(/The town \(all wards\) was divided into [\d,]+ squares of \d+ m/);
    expect(explanation).to.match(/neighbours within [\d,]+ m/);
    expect(explanation).to.match(/Global Moran’s I|k?th-nearest/);
    expect(explanation).to.include('False Discovery Rate');

    // The emerging layer: its categories listed with a legend.
    await page.getByLabel('Emerging hot spots (space-time trend)', { exact: true }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,hotspots,emerging,premises');
    await page.locator('[data-testid=emerging-legend][data-state=ready]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('emerging-legend').innerText()).to.match(/hot spot \(\d+\)/i);
    await page.screenshot({ path: shot('layers') });
    // The emerging layer alone, then back to hot spots.
    await page.getByLabel('Hot spots (Getis-Ord Gi*)', { exact: true }).uncheck();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,emerging,premises');
    await page.waitForTimeout(1000);
    await page.screenshot({ path: shot('emerging') });
    await page.getByLabel('Hot spots (Getis-Ord Gi*)', { exact: true }).check();
    await page.getByLabel('Emerging hot spots (space-time trend)', { exact: true }).uncheck();
    await page.locator('[data-testid=hotspot-legend][data-state=ready]').waitFor({ timeout: 60_000 });

    // Repeat places: the 80/20 headline and the table; a row flies the map there.
    await page.getByRole('button', { name: 'Show repeat places' }).click();
    const places = page.getByTestId('repeat-places');
    await places.locator('tbody tr').first().waitFor();
    expect(await places.innerText()).to.match(/These \d+ places? hold 50 % of sightings in the town \(all wards\)/);
    const before = positionOf(page)!;
    await places.locator('tbody tr').first().getByRole('button').click();
    await page.waitForFunction((z) => Number(new URL(location.href).searchParams.get('map')?.split('/')[0]) >= 15 && z < 15, before.zoom);
    await page.waitForTimeout(300);
    expect(layersInUrl()).to.equal('areas,hotspots,premises');
    await page.screenshot({ path: shot('places') });

    // The busiest place is in a hot spot: click the map's centre, plan disruption there.
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.getByTestId('hotspot-card');
    await card.waitFor();
    expect(await card.innerText()).to.match(/Hot spot, 9\d % confidence/);
    await page.screenshot({ path: shot('card') });
    await card.getByRole('button', { name: 'Plan disruption here' }).click();
    await page.waitForFunction(() => location.pathname === '/disruption/new');
    const target = JSON.parse((await page.evaluate(() => sessionStorage.getItem('lantern.newTarget')))!);
    expect(target.kind).to.equal('hotspot');
    expect(target.name).to.match(/^Hot spot /);
    expect(target.geometry.type).to.be.oneOf(['Polygon', 'MultiPolygon']);
    const ring: number[][] = target.geometry.type === 'Polygon' ? target.geometry.coordinates[0] : target.geometry.coordinates[0][0];
    expect(ring.length).to.be.at.least(5);
    expect(ring[0]).to.deep.equal(ring[ring.length - 1]);
    for (const [lon, lat] of ring) {
      expect(lon).to.be.within(-2.7, -2.3);
      expect(lat).to.be.within(53.5, 53.7);
    }

    expect(pageProblems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when a planner turns on hot spots, then cells and the legend show but "Plan disruption here" is not offered', async function () {
    // Signed in (planners may land on another page), then a link to the map with the layer on.
    await signIn(page, server.credentials.planner);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto('/?layers=areas,hotspots&map=15.50/53.57910/-2.42890');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid=hotspot-legend]')?.dataset.drawnHotCells) > 0, undefined, { timeout: 90_000 });
    expect(await page.getByTestId('hotspot-explanation').innerText()).to.include('“<5”');
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.getByTestId('hotspot-card');
    await card.waitFor();
    expect(await card.innerText()).to.match(/Hot spot, 9\d % confidence/);
    expect(await card.getByRole('button', { name: 'Plan disruption here' }).count()).to.equal(0);
    expect(pageProblems, 'console errors and exceptions').to.deep.equal([]);
  });
});
