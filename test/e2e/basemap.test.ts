import { expect } from 'chai';
import { signInToMap, waitForMap } from './support/map.js';
import { browserSuite } from './support/suite.js';
import { FIXED_PREMISES } from '../../seeds/demo/town.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

describe('the street basemap (Chromium, 1366 × 768)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE, goto: '/' });
  const takeaway = FIXED_PREMISES.find((f) => f.key === 'takeaway')!;

  it('when an analyst looks at the town centre at street zoom, then the demo’s street names are drawn under the clusters, with labels above Lantern’s layers, all from Lantern’s origin', async function () {
    const page = e2e.page;
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: street basemap');
    await page.goto(`/?map=16.50/${takeaway.at[1]}/${takeaway.at[0]}`);
    await waitForMap(page);
    // Labels are placed once the tiles and glyphs are in: wait until the map says it has drawn the street's name.
    await page.waitForFunction(
      (street) => {
        const map = (window as unknown as { lanternMap?: { queryRenderedFeatures(o: { layers: string[] }): { properties: Record<string, unknown> }[]; loaded(): boolean } }).lanternMap;
        return !!map && map.queryRenderedFeatures({ layers: ['label-roads'] }).some((f) => f.properties.name === street);
      },
      takeaway.street,
      { timeout: 30_000 },
    );
    const drawn = await page.evaluate(() => {
      const map = (window as unknown as { lanternMap: { queryRenderedFeatures(o: { layers: string[] }): { properties: Record<string, unknown> }[]; getStyle(): { layers: { id: string }[] } } }).lanternMap;
      return {
        labels: [...new Set(map.queryRenderedFeatures({ layers: ['label-roads'] }).map((f) => String(f.properties.name)))],
        roads: map.queryRenderedFeatures({ layers: ['road-fill-minor'] }).length,
        order: map.getStyle().layers.map((l) => l.id),
      };
    });
    expect(drawn.labels, 'street names drawn').to.include(takeaway.street);
    expect(drawn.labels.length, 'several streets named').to.be.greaterThan(2);
    expect(drawn.roads, 'road lines drawn').to.be.greaterThan(0);
    // Lantern's data (e.g. the heat layer) draws above the roads and below the labels.
    const heat = drawn.order.findIndex((id) => /heat/.test(id));
    expect(heat, 'a heat layer in the style').to.be.greaterThan(-1);
    expect(heat).to.be.greaterThan(drawn.order.indexOf('road-fill-primary'));
    expect(heat).to.be.lessThan(drawn.order.indexOf('label-roads'));
    expect(drawn.order.slice(drawn.order.indexOf('label-water')).every((id) => id.startsWith('label-')), 'labels on top').to.equal(true);
    expect(await page.locator('.cluster-marker, .point-marker').count(), 'clusters over the streets').to.be.greaterThan(0);
    await page.screenshot({ path: '/tmp/lantern-basemap-street.png' });

    const basemapRequests = e2e.requests.map(decodeURIComponent).filter((p) => p.startsWith('/api/basemap/'));
    expect(basemapRequests.some((p) => p.startsWith('/api/basemap/tiles/16/')), 'street tiles from Lantern').to.equal(true);
    expect(basemapRequests.some((p) => p.startsWith('/api/basemap/glyphs/DejaVu Sans')), 'glyphs from Lantern').to.equal(true);
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
    expect(e2e.foreignRequests, 'requests off the Lantern server').to.deep.equal([]);
  });
});
