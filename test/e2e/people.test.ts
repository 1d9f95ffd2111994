import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch: the /me probe before sign-in (401), and the form sent without a description (400). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (400|401|404)/;
const DESK = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** "dd/mm/yyyy hh:mm" as the date boxes take it, `daysAgo` days back at `hh:mm` on the browser's clock. */
function typedDateTime(daysAgo: number, hhmm: string): string {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  const dd = String(d.getDate()).padStart(2, '0');
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getFullYear()} ${hhmm}`;
}

/** Where the chart draws its nodes and links on the screen (client/src/people/LinkChart.tsx). */
interface ChartHook {
  nodes: () => { id: string; type: string; x: number; y: number }[];
  edges: () => { id: string; source: string; target: string; x: number; y: number }[];
}

interface SightingProps {
  premisesId: string | null;
  vehicleId: string | null;
}

/**
 * Issue 21 end to end: an analyst records a child at risk and three missing episodes
 * (one from a premises found by name, two from a home address typed as a point), sees
 * "Repeat missing", opens the child's associations, sees the chart's nodes, clicks a
 * link and reads the sightings behind it, at 1366 px and at 390 px; planners and
 * licensing officers are offered neither page and are told so at its address.
 */
describe('people, missing episodes and the link chart (Chromium, 1366 px and 390 px)', function () {
  const e2e = browserSuite({ viewport: DESK, expectedConsole: EXPECTED_CONSOLE, goto: '/', server: { demoSightings: 1500 }, failureScreenshots: '/tmp/h/shots/people-failed' });
  const out = process.env.LANTERN_E2E_SHOTS ?? '/tmp/h/shots';
  fs.mkdirSync(out, { recursive: true });
  // At phone width the header's row of page links is wider than the window: the shot is of the window, not the whole page.
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(out, name), fullPage: (page.viewportSize()?.width ?? 0) > 1000 });

  /** A separate analyst session for setting up what the UI does not do here (linking a sighting). */
  async function analystApi() {
    const ctx = await e2e.newContext();
    const login = await ctx.request.post('/api/auth/login', { data: e2e.server.credentials.analyst });
    expect(login.status(), await login.text()).to.equal(200);
    const csrf = (await login.json()).csrfToken as string;
    const headers = { 'X-CSRF-Token': csrf };
    const purpose = await ctx.request.put('/api/auth/purpose', { data: { purpose: 'E2E: set-up of people tests (synthetic)' }, headers });
    expect(purpose.status(), await purpose.text()).to.equal(200);
    return { ctx, headers };
  }

  it('an analyst records a child, three episodes, sees "Repeat missing", then the associations chart and the sightings behind a link', async function () {
    const page = e2e.page;
    await signIn(page, e2e.server.credentials.analyst);
    await statePurpose(page, 'E2E: missing-from-home review (synthetic)');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'People', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Associations', exact: true }).count()).to.equal(1);

    // A premises of the demo town, and a sighting that names a premises and a vehicle.
    const api = await analystApi();
    const premises = (await (await api.ctx.request.get('/api/premises?category=takeaway&limit=5')).json()).features as { id: string; geometry: { coordinates: [number, number] }; properties: { name: string } }[];
    expect(premises.length, 'demo take-aways').to.be.greaterThan(0);
    const [lon, lat] = premises[0]!.geometry.coordinates;
    const home = { name: premises[0]!.properties.name, lat, lon };
    const sightings = (await (await api.ctx.request.get('/api/sightings?limit=1000')).json()).features as { id: string; properties: SightingProps }[];
    const linked = sightings.find((s) => s.properties.premisesId && s.properties.vehicleId) ?? sightings.find((s) => s.properties.premisesId || s.properties.vehicleId);
    expect(linked, 'a demo sighting at a premises or of a vehicle').to.not.equal(undefined);

    // ---- A new subject.
    await nav.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    const ref = `E2E-${randomBytes(3).toString('hex').toUpperCase()}`;
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Child at risk' });
    await page.getByLabel('Reference (optional)').fill(ref);
    // The description is required: the server's message shows beside the field.
    await page.getByRole('button', { name: 'Record subject' }).click();
    await page.locator('#subject-description-error').waitFor();
    await shot(page, 'people-1366.png');
    await page.getByLabel('Description', { exact: true }).fill('Girl, about 14, known around the town centre (synthetic).');
    await page.getByRole('button', { name: 'Record subject' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(ref) }).waitFor();
    const subjectId = new URL(page.url()).pathname.split('/')[2]!;
    expect(subjectId).to.match(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('repeat-missing').count()).to.equal(0);

    // ---- Three missing episodes in the last 90 days: one from a premises, two from a home address.
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Record a missing episode' }) });
    const episodes = page.getByTestId('episodes');
    await form.getByLabel('Find the premises (name or postcode)').fill(home.name);
    await form.getByRole('radio', { name: new RegExp(home.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().check();
    await form.getByLabel('Reported missing').fill(typedDateTime(20, '21:30'));
    await form.getByLabel('Found (optional)').fill(typedDateTime(19, '09:15'));
    await form.getByRole('button', { name: 'Record episode' }).click();
    await page.locator('[data-testid=episodes][data-count="1"]').waitFor();

    for (const [n, days] of [
      [2, 12],
      [3, 4],
    ] as const) {
      await form.getByLabel('A point, such as a home address').check();
      await form.getByLabel('Latitude').first().fill(String(home.lat + 0.003));
      await form.getByLabel('Longitude').first().fill(String(home.lon - 0.002));
      await form.getByLabel('Reported missing').fill(typedDateTime(days, '22:00'));
      await form.getByLabel('Found (optional)').fill(typedDateTime(days - 1, '07:40'));
      await form.getByLabel('Latitude').nth(1).fill(String(home.lat - 0.004));
      await form.getByLabel('Longitude').nth(1).fill(String(home.lon + 0.001));
      await form.getByLabel('Within (metres)').fill('50');
      await form.getByLabel('Return interview notes (optional)').fill(`Return interview ${n}: says she was at a friend's (synthetic).`);
      await form.getByRole('button', { name: 'Record episode' }).click();
      await page.locator(`[data-testid=episodes][data-count="${n}"]`).waitFor();
    }
    await page.getByTestId('repeat-missing').waitFor();
    expect(await page.getByTestId('repeat-missing').textContent()).to.contain('Repeat missing');
    expect(await episodes.textContent()).to.contain('Home address').and.contain('h');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(DESK.width);
    await shot(page, 'subject-1366.png');

    // ---- The subject seen with a sighting at a premises (set up through the API).
    const link = await api.ctx.request.post(`/api/subjects/${subjectId}/links`, { data: { role: 'seen_with', sightingId: linked!.id }, headers: api.headers });
    expect(link.status(), await link.text()).to.equal(201);
    await api.ctx.close();

    // ---- The associations chart, from the subject page.
    await page.getByRole('link', { name: 'Associations of this subject' }).click();
    expect(new URL(page.url()).pathname).to.equal('/associations');
    expect(new URL(page.url()).searchParams.get('subject')).to.equal(subjectId);
    const chart = page.locator('[data-testid=link-chart][data-state=ready]');
    await chart.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid=link-chart]')?.dataset.nodeCount) >= 2);
    const nodes = Number(await chart.getAttribute('data-node-count'));
    expect(nodes).to.be.at.least(2);
    expect(Number(await chart.getAttribute('data-edge-count'))).to.be.at.least(1);

    // Click each link on the canvas until one has sightings behind it.
    const edges = await page.evaluate(() => (window as unknown as { lanternLinkChart?: ChartHook }).lanternLinkChart?.edges() ?? []);
    expect(edges.length).to.be.at.least(1);
    let found = false;
    for (const e of edges) {
      await page.mouse.click(e.x, e.y);
      const panel = page.locator('[data-testid=assoc-edge][data-state=ready]');
      await panel.waitFor();
      if ((await panel.locator('[data-testid=edge-sightings] li').count()) > 0) {
        found = true;
        break;
      }
    }
    expect(found, 'a link with sightings behind it').to.equal(true);
    await shot(page, 'associations-1366.png');

    // Expanding a node brings in its own associations (one more request, never fewer nodes).
    const other = (await page.evaluate(() => (window as unknown as { lanternLinkChart?: ChartHook }).lanternLinkChart?.nodes() ?? [])).find((n) => n.type !== 'place' && !n.id.includes(subjectId));
    if (other) {
      const asked = page.waitForRequest((r) => r.url().includes('/api/associations?'));
      await page.mouse.click(other.x, other.y);
      await page.getByTestId('assoc-node').waitFor();
      await asked;
      await chart.waitFor();
      expect(Number(await chart.getAttribute('data-node-count'))).to.be.at.least(nodes);
    }

    // The period filter asks again, with the dates in the address.
    await page.getByLabel('From', { exact: true }).fill('01/01/2001');
    await page.waitForURL(/from=2001-01-01/);
    await chart.waitFor();
    expect(e2e.requests.some((r) => r.startsWith('/api/associations?') && r.includes('from=2001-01-01'))).to.equal(true);

    // The i2 CSV comes as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download i2 CSV' }).click()]);
    expect(download.suggestedFilename()).to.match(/\.csv$/);

    // ---- At phone width: the chart first, the panel under it, nothing to scroll sideways.
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    // The page's own content (the header's row of page links is the app's, and wider than a phone for analysts).
    const mainWidth = () => page.evaluate(() => document.getElementById('main')!.scrollWidth);
    expect(await mainWidth(), 'no sideways scrolling at 390 px').to.be.at.most(PHONE.width);
    const chartBox = await page.getByTestId('link-chart').boundingBox();
    const panelBox = await page.getByTestId('assoc-panel').boundingBox();
    expect(panelBox!.y).to.be.greaterThan(chartBox!.y + chartBox!.height - 1);
    await shot(page, 'associations-390.png');
    await page.goto(`/people/${subjectId}`);
    await page.getByTestId('repeat-missing').waitFor();
    expect(await mainWidth(), 'no sideways scrolling at 390 px').to.be.at.most(PHONE.width);
    await shot(page, 'subject-390.png');

    expect(e2e.problems, e2e.problems.join('\n')).to.deep.equal([]);
  });

  for (const role of ['planner', 'licensing'] as const) {
    it(`a ${role} is offered neither People nor Associations and is told "Not permitted" at /people`, async function () {
      const page = e2e.page;
      await signIn(page, e2e.server.credentials[role]);
      if (role === 'licensing') await statePurpose(page, 'E2E: licensing look-up (synthetic)');
      const nav = page.getByRole('navigation', { name: 'Pages' });
      await nav.getByRole('link').first().waitFor();
      const offered = await nav.getByRole('link').allTextContents();
      expect(offered).to.not.include('People').and.not.include('Associations');
      await page.goto('/people');
      await page.getByRole('heading', { level: 1, name: 'Not permitted' }).waitFor();
      await page.goto('/associations?subject=00000000-0000-4000-8000-000000000000');
      await page.getByRole('heading', { level: 1, name: 'Not permitted' }).waitFor();
      expect((await page.request.get('/api/subjects')).status()).to.equal(403);
      await shot(page, `not-permitted-${role}-1366.png`);
      expect(e2e.problems, e2e.problems.join('\n')).to.deep.equal([]);
    });
  }
});
