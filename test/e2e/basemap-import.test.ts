import fs from 'node:fs';
import { expect } from 'chai';
import { signIn } from './support/browser.js';
import { browserSuite } from './support/suite.js';
import { layerProps, tileOf, tilePath } from '../support/mvt.js';

/** Chromium logs every 4xx fetch: the 401 of the /me probe before sign-in is expected. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
const OSM_FIXTURE = new URL('../fixtures/osm-extract.geojson', import.meta.url);

describe('imports page: street basemap (Chromium)', function () {
  const e2e = browserSuite({ expectedConsole: EXPECTED_CONSOLE, failureScreenshots: '/tmp/lantern-e2e-basemap-import-failed' });

  it('when the demo admin imports an OpenStreetMap extract, then the page shows the rows loaded per layer and the tiles carry its street', async function () {
    await e2e.page.goto('/imports');
    await signIn(e2e.page, e2e.server.credentials.admin);
    const purpose = e2e.page.getByLabel('Purpose', { exact: true });
    await purpose.waitFor();
    await purpose.fill('E2E check: basemap import');
    await e2e.page.getByRole('button', { name: 'Start', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();

    await e2e.page.getByLabel('Kind', { exact: true }).selectOption('basemap');
    await e2e.page.getByLabel('Layer to replace').waitFor();
    await e2e.page.locator('#import-file').setInputFiles({ name: 'osm-extract.geojson', mimeType: 'application/geo+json', buffer: fs.readFileSync(OSM_FIXTURE) });
    await e2e.page.getByRole('button', { name: 'Import', exact: true }).click();

    await e2e.page.getByRole('heading', { name: 'Imported osm-extract.geojson' }).waitFor();
    const count = async (label: string) => e2e.page.locator('.import-counts__item').filter({ has: e2e.page.getByText(label, { exact: true }) }).locator('dd').innerText();
    expect(await count('Rows read')).to.equal('12');
    expect(await count('Inserted')).to.equal('9');
    expect(await count('Roads (street names and classes)')).to.equal('3 rows');
    expect(await count('Buildings')).to.equal('1 row');
    expect(await e2e.page.locator('.import-basemap p').innerText()).to.match(/OpenStreetMap extract as GeoJSON.*3 features belong on no basemap layer/s);
    const latest = e2e.page.locator('.past-imports__table tbody tr').first();
    await latest.filter({ hasText: 'osm-extract.geojson' }).waitFor();
    expect(await latest.locator('td').allInnerTexts()).to.include.members(['basemap: roads, water, green, buildings', 'Done']);
    await e2e.page.screenshot({ path: '/tmp/lantern-imports-basemap.png', fullPage: true });

    const t = tileOf(-3.8975, 57.4016, 15);
    const tile = await e2e.page.request.get(tilePath(t));
    expect(tile.status()).to.equal(200);
    expect(layerProps(Buffer.from(await tile.body()), 'roads').map((p) => p.name)).to.include('Quillon Street (synthetic)');
    expect(e2e.problems).to.deep.equal([]);
  });
});
