import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { signIn } from './support/browser.js';
import { positionOf, signInToMap } from './support/map.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
const shot = (name: string) => path.join(os.tmpdir(), `lantern-hotspots-${name}.png`);

describe('the hot spot layers (Chromium, 1366 × 768)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE, goto: '/' });

  const layersInUrl = () => new URL(e2e.page.url()).searchParams.get('layers');

  it('when an analyst turns on hot spots, then the legend, the explanation and hot cells show; repeat places fly the map; a hot cell plans disruption', async function () {
    await signInToMap(e2e.page, e2e.server.credentials.analyst, 'E2E check: hot spots');

    // Hot spots on, heatmap and sightings off: each in the link's layers.
    await e2e.page.getByLabel('Hot spots (Getis-Ord Gi*)', { exact: true }).check();
    await e2e.page.getByLabel('Heatmap', { exact: true }).uncheck();
    await e2e.page.getByLabel('Sightings (clusters and points)', { exact: true }).uncheck();
    await e2e.page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,hotspots,premises');

    const legend = e2e.page.getByTestId('hotspot-legend');
    await e2e.page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>('[data-testid=hotspot-legend]');
      return el?.dataset.state === 'ready' && Number(el.dataset.drawnHotCells) > 0;
    }, undefined, { timeout: 60_000 });
    expect(Number(await legend.getAttribute('data-drawn-hot-cells')), 'hot cells drawn by MapLibre').to.be.greaterThan(0);
    const legendText = await legend.innerText();
    for (const label of ['Hot spot, 99 % confidence', 'Hot spot, 95 % confidence', 'Hot spot, 90 % confidence', 'Not significant', 'Cold spot, 99 % confidence']) {
      expect(legendText, label).to.include(label);
    }
    expect(Number(/Hot spot, 99 % confidence \((\d[\d,]*)\)/.exec(legendText)?.[1]?.replace(/,/g, '')), 'cells at 99 %').to.be.greaterThan(0);
    const explanation = await e2e.page.getByTestId('hotspot-explanation').innerText();
    expect(explanation).to.match(/The town \(all wards\) was divided into [\d,]+ squares of \d+ m/);
    expect(explanation).to.match(/neighbours within [\d,]+ m/);
    expect(explanation).to.match(/Global Moran’s I|k?th-nearest/);
    expect(explanation).to.include('False Discovery Rate');

    // The emerging layer: its categories listed with a legend.
    await e2e.page.getByLabel('Emerging hot spots (space-time trend)', { exact: true }).check();
    await e2e.page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,hotspots,emerging,premises');
    await e2e.page.locator('[data-testid=emerging-legend][data-state=ready]').waitFor({ timeout: 60_000 });
    expect(await e2e.page.getByTestId('emerging-legend').innerText()).to.match(/hot spot \(\d+\)/i);
    await e2e.page.screenshot({ path: shot('layers') });
    // The emerging layer alone, then back to hot spots.
    await e2e.page.getByLabel('Hot spots (Getis-Ord Gi*)', { exact: true }).uncheck();
    await e2e.page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,emerging,premises');
    await e2e.page.waitForTimeout(1000);
    await e2e.page.screenshot({ path: shot('emerging') });
    await e2e.page.getByLabel('Hot spots (Getis-Ord Gi*)', { exact: true }).check();
    await e2e.page.getByLabel('Emerging hot spots (space-time trend)', { exact: true }).uncheck();
    await e2e.page.locator('[data-testid=hotspot-legend][data-state=ready]').waitFor({ timeout: 60_000 });

    // Repeat places: the 80/20 headline and the table; a row flies the map there.
    await e2e.page.getByRole('button', { name: 'Show repeat places' }).click();
    const places = e2e.page.getByTestId('repeat-places');
    await places.locator('tbody tr').first().waitFor();
    expect(await places.innerText()).to.match(/These \d+ places? hold 50 % of sightings in the town \(all wards\)/);
    const before = positionOf(e2e.page)!;
    await places.locator('tbody tr').first().getByRole('button').click();
    await e2e.page.waitForFunction((z) => Number(new URL(location.href).searchParams.get('map')?.split('/')[0]) >= 15 && z < 15, before.zoom);
    await e2e.page.waitForTimeout(300);
    expect(layersInUrl()).to.equal('areas,hotspots,premises');
    await e2e.page.screenshot({ path: shot('places') });

    // The busiest place is in a hot spot: click the map's centre, plan disruption there.
    const box = (await e2e.page.getByTestId('map').boundingBox())!;
    await e2e.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const card = e2e.page.getByTestId('hotspot-card');
    await card.waitFor();
    expect(await card.innerText()).to.match(/Hot spot, 9\d % confidence/);
    // Named for people: the premises beside it (an analyst may read premises), after the nearest street where one is within 250 m.
    expect(await card.getByTestId('hotspot-card-where').innerText()).to.match(/^([A-Z][A-Za-z' ]+, )?near .+\(synthetic\)$/);
    await e2e.page.screenshot({ path: shot('card') });
    await card.getByRole('button', { name: 'Plan disruption here' }).click();
    await e2e.page.waitForFunction(() => location.pathname === '/disruption/new');
    const target = JSON.parse((await e2e.page.evaluate(() => sessionStorage.getItem('lantern.newTarget')))!);
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

    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when a planner turns on hot spots, then cells and the legend show but "Plan disruption here" is not offered', async function () {
    // Signed in (planners may land on another page), then a link to the map with the layer on.
    await signIn(e2e.page, e2e.server.credentials.planner);
    await e2e.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await e2e.page.goto('/?layers=areas,hotspots&map=15.50/53.57910/-2.42890');
    await e2e.page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid=hotspot-legend]')?.dataset.drawnHotCells) > 0, undefined, { timeout: 90_000 });
    expect(await e2e.page.getByTestId('hotspot-explanation').innerText()).to.include('“<5”');
    const box = (await e2e.page.getByTestId('map').boundingBox())!;
    await e2e.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const card = e2e.page.getByTestId('hotspot-card');
    await card.waitFor();
    expect(await card.innerText()).to.match(/Hot spot, 9\d % confidence/);
    expect(await card.getByRole('button', { name: 'Plan disruption here' }).count()).to.equal(0);
    // A planner gets the street only: premises are never named to planners.
    const where = await card.getByTestId('hotspot-card-where').innerText();
    expect(where).to.match(/^[A-Z][A-Za-z' ]+$/);
    expect(where).to.not.include('near');
    await e2e.page.screenshot({ path: shot('card-planner') });
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });
});
