import fs from 'node:fs';
import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
const SHOTS = '/tmp/h/shots';

/**
 * Issue 21: the journeys page. The demo town's two journeys (town centre to the hotel,
 * four legs each) are listed with their legs in order, each with a link to the map, and
 * the origin–destination table counts pick-ups in a ward leading to a hotel.
 */
describe('journeys and where pick-ups lead (Chromium, 1366 px and 390 px)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE, server: { demoSightings: 800 }, failureScreenshots: '/tmp/h/shots/journeys-od-failed' });
  fs.mkdirSync(SHOTS, { recursive: true });

  it("the analyst sees the demo's two journeys of four legs, and pick-ups from a ward leading to a hotel", async function () {
    const page = e2e.page;
    await page.goto('/');
    await signIn(page, e2e.server.credentials.analyst);
    await statePurpose(page, 'E2E: journeys review (synthetic)');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'Journeys', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/journeys');

    await page.locator('[data-testid=journeys][data-state=ready]').waitFor({ timeout: 15_000 });
    const journeys = page.getByTestId('journey');
    const demo = journeys.filter({ hasText: /synthetic/i });
    expect(await demo.count(), 'the demo journeys').to.equal(2);
    for (let i = 0; i < 2; i++) {
      const kinds = await demo.nth(i).getByTestId('journey-leg').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
      expect(kinds).to.deep.equal(['approached', 'picked_up', 'taken_to', 'dropped_off']);
      const legText = await demo.nth(i).getByTestId('journey-leg').allInnerTexts();
      expect(legText[0]).to.match(/^1\. Approached/);
      expect(legText[2]).to.match(/^3\. Taken to/);
      const href = await demo.nth(i).getByRole('link', { name: 'Show on the map' }).getAttribute('href');
      expect(new URLSearchParams(href!.split('?')[1]).get('layers')!.split(',')).to.include('journeys');
    }

    const od = page.locator('[data-testid=journey-od][data-by=category][data-state=ready]');
    await od.waitFor({ timeout: 15_000 });
    const rows = await od.locator('tbody tr[data-to]').evaluateAll((els) =>
      els.map((e) => {
        const d = (e as HTMLElement).dataset;
        return { from: d.from ?? '', to: d.to ?? '', count: d.count ?? '0', text: (e as HTMLElement).innerText };
      }),
    );
    const toHotel = rows.find((r) => r.to === 'hotel' && r.from && Number(r.count) >= 2);
    expect(toHotel, JSON.stringify(rows)).to.not.equal(undefined);
    expect(toHotel!.text).to.match(/Hotel/);
    const counts = rows.map((r) => Number(r.count));
    expect(counts).to.deep.equal([...counts].sort((a, b) => b - a));
    await page.screenshot({ path: `${SHOTS}/journeys-1366.png`, fullPage: true });

    // By ward: the same pick-ups, now to the hotel's ward.
    await page.getByRole('radio', { name: 'By ward' }).check();
    const byWard = page.locator('[data-testid=journey-od][data-by=ward][data-state=ready]');
    await byWard.waitFor({ timeout: 15_000 });
    const wardRows = await byWard.locator('tbody tr[data-to]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.count)));
    expect(wardRows.reduce((a, b) => a + b, 0)).to.be.at.least(2);

    // Following a journey's link opens the map with the journeys layer on.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('radio', { name: 'By premises category' }).check();
    await od.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/journeys-390.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no sideways scroll at 390 px').to.be.at.most(1);
    await demo.first().getByRole('link', { name: 'Show on the map' }).click();
    await page.waitForURL((u) => u.pathname === '/' && (u.searchParams.get('layers') ?? '').includes('journeys'));
  });
});
