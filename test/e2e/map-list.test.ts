import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.js';
import { signIn } from './support/browser.js';
import { signInToMap, waitForMap } from './support/map.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

/** Opens the map's biggest cluster (by keyboard, as a phone's stacked panel may cover it) and lists its sightings from the offer that follows. */
async function listBiggestCluster(page: Page): Promise<number> {
  const clusters = page.locator('.cluster-marker');
  await clusters.first().waitFor();
  const counts = await clusters.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  const biggest = counts.indexOf(Math.max(...counts));
  await clusters.nth(biggest).focus();
  await page.keyboard.press('Enter');
  const offer = page.getByTestId('cluster-offer');
  await offer.waitFor();
  await offer.getByRole('button', { name: 'List these sightings' }).focus();
  await page.keyboard.press('Enter');
  const list = page.getByTestId('sighting-list');
  await list.waitFor();
  await list.locator('tbody tr[data-sighting-id]').first().waitFor();
  return counts[biggest]!;
}

const times = (page: Page) => page.getByTestId('sighting-list').locator('tbody time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime')!)));

/**
 * Issue 19, from a cluster to its sightings: an analyst lists a cluster's sightings
 * beside the map, sorts them, opens a record (its id in the URL, back closes it), and
 * the list exports as an audited file; on a phone the list fits the screen.
 */
describe('"List these sightings" beside the map (Chromium)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 860 }, expectedConsole: EXPECTED_CONSOLE });

  it('when an analyst lists a cluster, sorts it and opens a row, then the record opens with ?record= and back closes it', async function () {
    const page = e2e.page;
    await page.goto('/');
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: listing a cluster');
    const clusterCount = await listBiggestCluster(page);

    const list = page.getByTestId('sighting-list');
    const rows = list.locator('tbody tr[data-sighting-id]');
    const n = await rows.count();
    expect(n).to.be.within(1, 500);
    // The cluster's count includes disposed records, which are no longer listed.
    expect(n).to.be.at.most(clusterCount);
    expect(await list.getByRole('status').innerText()).to.match(/^Showing (\d[\d,]* sightings?|the first 500 of [\d,]+ sightings)/);

    // Newest first, then oldest first by the Time heading.
    const newest = await times(page);
    expect(newest).to.deep.equal([...newest].sort((a, b) => b - a));
    await list.getByRole('button', { name: 'Time' }).click();
    expect(await list.locator('th[aria-sort=ascending]').innerText()).to.match(/^Time/);
    const oldest = await times(page);
    expect(oldest).to.deep.equal([...newest].sort((a, b) => a - b));

    // Pointing at a row rings its point on the map.
    await rows.nth(0).hover();
    await page.getByTestId('list-highlight').waitFor();
    await page.screenshot({ path: '/tmp/lantern-map-list-1366.png' });

    // Exports carry the same selection: every listed sighting, audited.
    const href = (await list.getByTestId('export-csv').getAttribute('href'))!;
    expect(href).to.match(/^\/api\/exports\/sightings\?.*cluster=.*format=csv/);
    const csv = await page.request.get(href);
    expect(csv.status()).to.equal(200);
    expect(Number(csv.headers()['x-lantern-count'])).to.be.at.least(n);

    // A row opens the record, and the address names it.
    const id = (await rows.nth(0).getAttribute('data-sighting-id'))!;
    await rows.nth(0).click();
    const panel = page.getByTestId('record-panel');
    await panel.waitFor();
    expect(new URL(page.url()).searchParams.get('record')).to.equal(id);
    expect((await panel.locator('code').innerText()).trim()).to.equal(id);
    await page.screenshot({ path: '/tmp/lantern-map-list-record-1366.png' });

    // Back closes the record and shows the list again.
    await page.goBack();
    await panel.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('record')).to.equal(null);
    await list.waitFor();

    // The record's link opens it on arrival.
    const link = `/?record=${id}`;
    const other = await e2e.newPage({ storageState: await e2e.context.storageState() });
    await other.goto(link);
    // A fresh context loads the whole app and the map first: under CI load that can take a while.
    await other.getByTestId('record-panel').waitFor({ timeout: 90_000 }).catch(async (err) => {
      await other.screenshot({ path: '/tmp/lantern-map-list-link-failed.png' });
      throw err;
    });
    expect((await other.getByTestId('record-panel').locator('code').innerText()).trim()).to.equal(id);
    expect(e2e.problems, e2e.problems.map((p) => p.slice(0, 160)).join('\n')).to.deep.equal([]);
  });

  it('when an analyst lists a hot spot cell, then its sightings are listed, and a planner is not offered the list', async function () {
    const page = e2e.page;
    await page.goto('/');
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: listing a hot spot');
    // The busiest place of the demo town, as the hot spot tests find it.
    const hotspotsAt = async (p: Page) => {
      await p.goto('/?layers=areas,hotspots&map=15.50/53.57910/-2.42890');
      await p.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid=hotspot-legend]')?.dataset.drawnHotCells) > 0, undefined, { timeout: 90_000 });
      const box = (await p.getByTestId('map').boundingBox())!;
      await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const card = p.getByTestId('hotspot-card');
      await card.waitFor();
      return card;
    };
    const card = await hotspotsAt(page);
    const inCell = Number((await card.innerText()).match(/([\d,]+) sightings in this/)![1]!.replace(/,/g, ''));
    await card.getByRole('button', { name: 'List these sightings' }).click();
    const list = page.getByTestId('sighting-list');
    await list.locator('tbody tr[data-sighting-id]').first().waitFor();
    const rows = await list.locator('tbody tr[data-sighting-id]').count();
    // Disposed records still count in the analysis but are no longer records to list.
    expect(rows).to.be.within(1, Math.min(inCell, 500));
    const href = (await list.getByTestId('export-geojson').getAttribute('href'))!;
    expect(href).to.match(/cell=(square|hex)%3A\d+%3A-?\d+%3A-?\d+/);
    await page.screenshot({ path: '/tmp/lantern-map-list-hotspot-1366.png' });
    expect(e2e.problems, e2e.problems.map((p) => p.slice(0, 160)).join('\n')).to.deep.equal([]);

    const planner = await e2e.newPage();
    await planner.goto('/');
    await signIn(planner, e2e.server.credentials.planner);
    await planner.getByRole('button', { name: 'Sign out' }).waitFor();
    const plannerCard = await hotspotsAt(planner);
    expect(await plannerCard.getByRole('button', { name: 'List these sightings' }).count()).to.equal(0);
  });

  it('when a record links to premises or a vehicle, then its full profile opens from the record panel', async function () {
    const page = e2e.page;
    await page.goto('/');
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: profiles from a record');
    // A demo sighting linked to premises, found through the API as the panel would show it.
    const found = await page.request.get('/api/sightings?limit=2000');
    const linked = (await found.json()).features.find((f: any) => f.properties.premisesId);
    expect(linked, 'a demo sighting linked to premises').to.not.equal(undefined);
    await page.goto(`/?record=${linked.id}`);
    const panel = page.getByTestId('record-panel');
    await panel.waitFor();
    await panel.getByRole('link', { name: 'Full premises profile' }).click();
    // Followed inside the app (no page load).
    await page.waitForFunction((path) => window.location.pathname === path, `/licensing/premises/${linked.properties.premisesId}`);
    await page.getByRole('heading', { name: linked.properties.premisesName }).first().waitFor();
    expect(e2e.problems, e2e.problems.map((p) => p.slice(0, 160)).join('\n')).to.deep.equal([]);
  });

  it('when an analyst lists a cluster on a phone (390 px), then the list and the record fit the screen', async function () {
    const phone = await e2e.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto('/');
    await signInToMap(phone, e2e.server.credentials.analyst, 'E2E check: listing on a phone');
    await waitForMap(phone);
    await listBiggestCluster(phone);
    const drawer = phone.locator('.drawer');
    await drawer.scrollIntoViewIfNeeded();
    const box = (await drawer.boundingBox())!;
    expect(box.width).to.be.at.most(390);
    await phone.screenshot({ path: '/tmp/lantern-map-list-390.png' });
    // By keyboard: on a phone the stacked side panel's content runs over the map's foot and takes its taps.
    await phone.getByTestId('sighting-list').locator('tbody tr[data-sighting-id] button').first().focus();
    await phone.keyboard.press('Enter');
    await phone.getByTestId('record-panel').waitFor();
    await phone.locator('.drawer').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: '/tmp/lantern-map-list-record-390.png' });
    expect(e2e.problems, e2e.problems.map((p) => p.slice(0, 160)).join('\n')).to.deep.equal([]);
  });
});
