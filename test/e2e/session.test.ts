import { expect } from 'chai';
import { sessionStatus, signIn } from './support/browser.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in, a wrong password). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

/** Digits of a figure as the page shows it ("1,234" → 1234). */
const figure = (text: string): number => Number(text.replace(/[^\d]/g, ''));

describe('signing in and the overview (Chromium)', function () {
  /** Requests that left the Lantern server's origin (the app must work offline). */
  let foreignRequests: string[];
  /** Paths of API requests the page made. */
  let apiPaths: string[];
  // The map is the home page (test/e2e/map.test.ts); these tests are about the overview.
  const e2e = browserSuite({
    viewport: { width: 1280, height: 860 },
    expectedConsole: EXPECTED_CONSOLE,
    goto: '/overview',
    onPage: (page) => {
      foreignRequests = [];
      apiPaths = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.origin !== e2e.server.url && url.protocol !== 'data:') foreignRequests.push(req.url());
        if (url.pathname.startsWith('/api/')) apiPaths.push(url.pathname);
      });
    },
  });

  it('when an analyst signs in with the labelled fields and states a purpose, then the overview shows the sighting count and the most recent sightings', async function () {
    await signIn(e2e.page, e2e.server.credentials.analyst);

    const purpose = e2e.page.getByLabel('Purpose', { exact: true });
    await purpose.waitFor();
    await purpose.fill('E2E check: weekly tasking');
    await e2e.page.getByRole('button', { name: 'Start', exact: true }).click();

    const total = e2e.page.getByRole('region', { name: 'Sightings in the last 28 days' }).locator('.stat__value');
    await total.filter({ hasText: /\d/ }).waitFor();
    const totalCount = figure(await total.innerText());
    expect(totalCount, 'sightings in the last 28 days').to.be.greaterThan(0);

    const evening = e2e.page.getByRole('region', { name: /^Evening and night/ }).locator('.stat__value');
    await evening.filter({ hasText: /\d/ }).waitFor();
    const eveningCount = figure(await evening.innerText());
    expect(eveningCount, 'evening and night').to.be.at.most(totalCount);

    const table = e2e.page.getByRole('table', { name: 'Most recent sightings' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    const n = await rows.count();
    expect(n).to.be.within(1, 10);
    const times = await table.locator('tbody time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times).to.have.length(n);
    const instants = times.map((t) => Date.parse(t));
    expect(instants.every((t, i) => i === 0 || t <= instants[i - 1]!), 'newest first').to.equal(true);

    const header = e2e.page.getByRole('banner');
    expect(await header.innerText()).to.include('Lantern').and.include('Analyst').and.include('E2E check: weekly tasking');
    await e2e.page.getByText('OFFICIAL-SENSITIVE', { exact: true }).waitFor();
    await e2e.page.getByRole('contentinfo').getByText(/PostGIS \d/).waitFor();

    await e2e.page.screenshot({ path: '/tmp/lantern-e2e-analyst-overview.png', fullPage: true });

    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
    expect(foreignRequests, 'requests off the Lantern server').to.deep.equal([]);
  });

  it('when a signed-in analyst reloads the page, then the session and its purpose carry on without a new prompt', async function () {
    await signIn(e2e.page, e2e.server.credentials.analyst);
    await e2e.page.getByLabel('Purpose', { exact: true }).fill('E2E check: reload');
    await e2e.page.getByRole('button', { name: 'Start', exact: true }).click();
    await e2e.page.getByRole('table', { name: 'Most recent sightings' }).waitFor();

    await e2e.page.reload();

    await e2e.page.getByRole('table', { name: 'Most recent sightings' }).waitFor();
    expect(await e2e.page.getByLabel('Purpose', { exact: true }).count()).to.equal(0);
    expect(await e2e.page.getByRole('banner').innerText()).to.include('E2E check: reload');
  });

  it('when the demo town is loaded, then the sign-in page says where the demo users and passwords are', async function () {
    const hint = e2e.page.locator('#demo-credentials-hint');
    await hint.waitFor();
    expect(await hint.innerText()).to.include('demo-credentials.txt').and.include('data directory');
    await e2e.page.screenshot({ path: '/tmp/lantern-e2e-sign-in-demo-hint.png' });
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when the password is wrong, then the form shows the reason and no session starts', async function () {
    await signIn(e2e.page, { username: e2e.server.credentials.admin.username, password: 'not-the-password' });

    const alert = e2e.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).to.match(/password/i);
    await e2e.page.getByLabel('Username', { exact: true }).waitFor();
    expect(await e2e.page.getByLabel('Password', { exact: true }).inputValue(), 'password cleared').to.equal('');
    expect(await e2e.page.getByRole('button', { name: 'Sign out' }).count()).to.equal(0);
    expect(await sessionStatus(e2e.page)).to.equal(401);
  });

  it('when a planner signs in, then there is no purpose prompt and no record table, and no records are asked for', async function () {
    await signIn(e2e.page, e2e.server.credentials.planner);

    await e2e.page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    await e2e.page.getByText(/individual sighting records are not available/i).waitFor();
    // The planner's own headline figures, disclosure-controlled: a count rounded to 5, or "<5".
    const figure = e2e.page.getByRole('region', { name: 'Sightings in the last 28 days' }).locator('.stat__value');
    await e2e.page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    expect(await figure.innerText()).to.match(/^(<5|0|[\d,]*[05])$/);
    const wards = e2e.page.getByRole('region', { name: /Wards with the most sightings per (1,000 residents|km²)/ }).getByRole('listitem');
    await wards.first().waitFor();
    expect(await wards.count()).to.be.within(1, 5);
    expect(await wards.first().innerText()).to.match(/^[A-Z][\w' -]+: [\d,]*[05] sightings \([\d.,]+ per (1,000 residents|km²)\)$/);
    expect(await e2e.page.getByLabel('Purpose', { exact: true }).count()).to.equal(0);
    expect(await e2e.page.getByRole('table').count()).to.equal(0);
    expect(await e2e.page.getByRole('banner').innerText()).to.include('Community safety planner');
    expect(apiPaths.filter((p) => p.startsWith('/api/sightings'))).to.deep.equal([]);
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when a signed-in user signs out, then the sign-in form returns and the session has ended', async function () {
    await signIn(e2e.page, e2e.server.credentials.licensing);
    await e2e.page.getByLabel('Purpose', { exact: true }).fill('E2E check: licence review');
    await e2e.page.getByRole('button', { name: 'Start', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await sessionStatus(e2e.page)).to.equal(200);

    await e2e.page.getByRole('button', { name: 'Sign out', exact: true }).click();

    await e2e.page.getByLabel('Username', { exact: true }).waitFor();
    await e2e.page.getByText('You have signed out.').waitFor();
    expect(await sessionStatus(e2e.page)).to.equal(401);
    await e2e.page.reload();
    await e2e.page.getByLabel('Username', { exact: true }).waitFor();
    expect(await e2e.page.getByRole('button', { name: 'Sign out' }).count()).to.equal(0);
  });
});
