import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { signIn, statePurpose } from './support/browser.js';
import type { Credential } from './support/server.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
/** The town centre of the demo town, where its persistent hot spots are. */
const CENTRE_BBOX = '-2.445,53.568,-2.415,53.588';
const SCREENSHOT = '/tmp/lantern-disruption-evaluation.png';

interface Cell {
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  properties: { bin: number; count: number };
}

/** YYYY-MM-DDTHH:mm, local time, `days` ago: the value of a datetime-local input. */
function localDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Signs in and states the purpose; the map behind is not waited for (this test does not use it). */
async function signInWithPurpose(page: Page, who: Credential, purpose: string): Promise<void> {
  await signIn(page, who);
  await statePurpose(page, purpose);
  await page.getByRole('link', { name: 'Disruption', exact: true }).waitFor();
}

describe('disruption planning (Chromium, 1366 × 900)', function () {
  const e2e = browserSuite({
    viewport: { width: 1366, height: 900 },
    expectedConsole: EXPECTED_CONSOLE,
    goto: '/',
    failureScreenshots: '/tmp/lantern-disruption-failed',
  });

  it('when an analyst plans a hot spot and a licensing officer logs the inspection, then the evaluation shows the chart, the words and the map', async function () {
    // The analyst: a hot spot from the real API, handed to the page as the map's button does.
    const analyst = e2e.page;
    await signInWithPurpose(analyst, e2e.server.credentials.analyst, 'E2E check: disruption planning');
    const res = await analyst.request.get(`/api/hotspots?bbox=${CENTRE_BBOX}&cellSize=250`);
    expect(res.status(), await res.text()).to.equal(200);
    const cells = ((await res.json()) as { features: Cell[] }).features.filter((c) => c.properties.bin >= 2);
    expect(cells.length, 'hot cells in the town centre').to.be.above(0);
    const geometry = { type: 'MultiPolygon', coordinates: cells.map((c) => c.geometry.coordinates) };
    await analyst.evaluate((g) => sessionStorage.setItem('lantern.newTarget', JSON.stringify({ kind: 'hotspot', name: 'Town centre hot spot (e2e, synthetic)', geometry: g })), geometry);

    await analyst.getByRole('link', { name: 'Disruption', exact: true }).click();
    await analyst.getByRole('heading', { name: 'Disruption', exact: true }).waitFor();
    await analyst.getByRole('link', { name: 'New target' }).click();
    await analyst.getByText('From the map’s hot spot layer: the area drawn below.').waitFor();
    await analyst.locator('[data-testid="disruption-map"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await analyst.getByLabel('Name', { exact: true }).inputValue()).to.equal('Town centre hot spot (e2e, synthetic)');
    await analyst.getByRole('button', { name: 'Create target' }).click();
    await analyst.getByRole('heading', { name: 'Town centre hot spot (e2e, synthetic)' }).waitFor();
    const targetPath = new URL(analyst.url()).pathname;
    expect(targetPath).to.match(/^\/disruption\/[0-9a-f-]{36}$/);
    expect(await analyst.evaluate(() => sessionStorage.getItem('lantern.newTarget'))).to.equal(null);
    await analyst.getByTestId('disruption-verdict').getByText('No action on this target has been logged yet').waitFor();

    // A licensing inspection owned by licensing, due in a week.
    await analyst.getByLabel('Action', { exact: true }).selectOption('licensing_inspection');
    expect(await analyst.getByLabel('Owner agency').inputValue()).to.equal('licensing');
    await analyst.getByRole('button', { name: 'Add action' }).click();
    await analyst.getByTestId('disruption-action').filter({ hasText: 'Licensing inspection' }).waitFor();

    // The licensing officer logs it, done 100 days ago: the 12 weeks after it are over.
    const officer = await e2e.newPage();
    await officer.goto('/');
    await signInWithPurpose(officer, e2e.server.credentials.licensing, 'E2E check: inspection of the town centre');
    await officer.goto(targetPath);
    const action = officer.getByTestId('disruption-action').filter({ hasText: 'Licensing inspection' });
    await action.getByRole('button', { name: 'Log what was done' }).click();
    await action.getByLabel('What was done, and the outcome').fill('Inspected three takeaways; Makesafe posters up (e2e, synthetic)');
    await action.getByLabel('When').fill(localDaysAgo(100));
    await action.getByRole('button', { name: 'Save log' }).click();
    await action.getByText('Inspected three takeaways; Makesafe posters up (e2e, synthetic)').waitFor();
    await action.getByText('Done', { exact: true }).waitFor();

    // Back to the analyst: the evaluation now has windows, a chart and the map of the three areas.
    await analyst.reload();
    const verdict = analyst.getByTestId('disruption-verdict');
    await verdict.getByText(/^Over 12 weeks before and after the first action, sightings .* in the target against .* the rest of /).waitFor();
    const chart = analyst.getByTestId('disruption-chart');
    await chart.waitFor();
    expect(await chart.locator('.dis-chart__panel--target rect').count()).to.be.at.least(13);
    expect(await chart.locator('.dis-chart__panel--control rect').count()).to.be.at.least(13);
    await analyst.locator('[data-testid="disruption-map"][data-state="ready"]').waitFor({ timeout: 30_000 });
    await analyst.getByText(/Comparison: the rest of /).waitFor();
    expect(await analyst.getByText('Target against comparison (difference in differences)').count()).to.equal(1);
    await analyst.getByTestId('disruption-chart').scrollIntoViewIfNeeded();
    await analyst.screenshot({ path: SCREENSHOT, fullPage: true });

    // The board lists it, open, with its inspection done.
    await analyst.getByRole('link', { name: '← Disruption board' }).click();
    const card = analyst.getByTestId('disruption-target').filter({ hasText: 'Town centre hot spot (e2e, synthetic)' });
    await card.getByText('Completed').waitFor();
    await analyst.screenshot({ path: '/tmp/lantern-disruption-board.png', fullPage: true });
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when an analyst targets a premises found by name, then its matches are choices, the one picked names the target, and a search that finds nothing says so', async function () {
    const analyst = await e2e.newPage();
    await analyst.goto('/');
    await signInWithPurpose(analyst, e2e.server.credentials.analyst, 'E2E check: a premises target');
    const found = await analyst.request.get('/api/premises?q=a');
    expect(found.status(), await found.text()).to.equal(200);
    const premises = ((await found.json()) as { features: { properties: { name: string } }[] }).features[0]!.properties.name;

    await analyst.getByRole('link', { name: 'Disruption', exact: true }).click();
    await analyst.getByRole('link', { name: 'New target' }).click();
    const search = analyst.getByLabel('Find the premises (name or postcode)');
    await search.fill('zzzz-no-such-premises');
    await analyst.getByRole('list', { name: 'Matches' }).getByText('Nothing matches.').waitFor();
    await search.fill(premises.slice(0, 8));
    const choice = analyst.getByRole('list', { name: 'Matches' }).getByRole('radio', { name: premises });
    await choice.first().check();
    expect(await analyst.getByLabel('Name', { exact: true }).inputValue()).to.contain(premises);
    await analyst.screenshot({ path: '/tmp/lantern-disruption-premises-pick.png', fullPage: true });
    await analyst.getByRole('button', { name: 'Create target' }).click();
    await analyst.getByRole('heading', { name: premises }).first().waitFor();
    expect(new URL(analyst.url()).pathname).to.match(/^\/disruption\/[0-9a-f-]{36}$/);
    expect(e2e.problems).to.deep.equal([]);
  });
});
