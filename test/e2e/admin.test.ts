import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, signIn } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

/** Chromium logs every 4xx fetch: a 401 (the /me probe before sign-in) and a 400 (each test's deliberately bad form) are expected. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (401|400)/;

describe('administration and access tokens (Chromium)', function () {
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
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    page = await context.newPage();
    pageProblems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !EXPECTED_CONSOLE.test(msg.text())) pageProblems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => pageProblems.push(`exception: ${err.message}`));
  });

  afterEach(async function () {
    await context?.close();
  });

  const statePurpose = async (purpose: string) => {
    const field = page.getByLabel('Purpose', { exact: true });
    await field.waitFor();
    await field.fill(purpose);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
  };

  it('when an admin creates a user, then the audit page shows the chain verified and the creation is found by searching', async function () {
    await page.goto('/admin');
    await signIn(page, server.credentials.admin);
    await statePurpose('E2E check: user administration');
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();

    // The admin's own row offers neither a role change nor a disable button.
    const own = page.getByRole('row').filter({ hasText: server.credentials.admin.username });
    await own.waitFor();
    expect(await own.getByRole('combobox').count(), 'own role select').to.equal(0);
    expect(await own.getByRole('button', { name: /^(Disable|Enable)/ }).count(), 'own disable button').to.equal(0);

    // A bad password is refused, with the server's message beside the field.
    const username = `e2e-new-${Date.now().toString(36)}`;
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Full name', { exact: true }).fill('New Planner (synthetic)');
    await page.getByLabel('Role', { exact: true }).selectOption('planner');
    await page.getByLabel('Initial password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create user' }).click();
    const pwError = page.locator('#new-password-error');
    await pwError.waitFor();
    expect(await pwError.innerText()).to.match(/at least 12 characters/);
    expect(await page.getByLabel('Initial password', { exact: true }).getAttribute('aria-invalid')).to.equal('true');

    await page.getByLabel('Initial password', { exact: true }).fill('a long synthetic passphrase');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: `Created community safety planner ${username}.` }).waitFor();
    const row = page.getByRole('row').filter({ hasText: username });
    expect(await row.getByRole('combobox', { name: `Role of ${username}` }).inputValue()).to.equal('planner');

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
    const chain = page.getByRole('heading', { name: /^Audit chain/ });
    await page.getByRole('heading', { name: 'Audit chain verified' }).waitFor();
    expect(await chain.innerText()).to.equal('Audit chain verified');

    await page.getByLabel('Action', { exact: true }).selectOption('user_create');
    await page.getByLabel('User', { exact: true }).fill(server.credentials.admin.username);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page.getByRole('row').filter({ hasText: `username: ${username}` });
    await hit.waitFor();
    expect(await hit.innerText()).to.contain('user_create').and.contain('E2E check: user administration');
    await page.screenshot({ path: '/tmp/lantern-admin-audit.png', fullPage: true });

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'New user' }).waitFor();
    await page.screenshot({ path: '/tmp/lantern-admin-users.png', fullPage: true });
    expect(pageProblems).to.deep.equal([]);
  });

  it('when an admin works the review queue, then a record is retained with a new date and reason, another disposed after confirming, and both leave the queue', async function () {
    await page.goto('/admin/review');
    await signIn(page, server.credentials.admin);
    await statePurpose('E2E check: MoPI review');
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const rows = page.getByRole('table').locator('tbody tr');
    await rows.first().waitFor();
    const totalText = async () => page.locator('.panel p strong').first().innerText();
    const total = Number((await totalText()).replace(/[^\d]/g, ''));
    expect(total, 'demo records past review').to.be.greaterThan(1);

    const decideOn = async (i: number) => {
      const row = rows.nth(i);
      const button = row.getByRole('button', { name: /^Decide on / });
      const name = (await button.getAttribute('aria-label'))!.replace(/^Decide on /, '');
      await button.click();
      return page.getByRole('form', { name: `Decision on ${name}` });
    };

    const keep = await decideOn(0);
    const keptId = await rows.nth(0).locator('code').innerText();
    await keep.getByLabel('Reason').fill('x');
    await keep.getByRole('button', { name: 'Retain', exact: true }).click();
    await keep.locator('.field__error').waitFor();
    await keep.getByLabel('Next review').fill('2031-06-30');
    await keep.getByLabel('Reason').fill('Linked to a live operation (synthetic)');
    await keep.getByRole('button', { name: 'Retain', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'until 2031-06-30' }).waitFor();
    expect(await page.getByRole('table').innerText()).to.not.contain(keptId);

    const drop = await decideOn(0);
    const droppedId = await rows.nth(0).locator('code').innerText();
    await drop.getByLabel('Dispose').check();
    await drop.getByLabel('Reason').fill('No longer necessary (synthetic)');
    await drop.getByRole('button', { name: 'Dispose…' }).click();
    await drop.getByRole('alert').filter({ hasText: 'removed for good' }).waitFor();
    await page.screenshot({ path: '/tmp/lantern-admin-review.png', fullPage: false });
    await drop.getByRole('button', { name: 'Yes, dispose' }).click();
    await page.getByRole('status').filter({ hasText: 'Disposed of' }).waitFor();
    expect(await page.getByRole('table').innerText()).to.not.contain(droppedId);
    expect(Number((await totalText()).replace(/[^\d]/g, ''))).to.equal(total - 2);

    const audit = await page.request.get(`/api/audit?action=review&limit=10`);
    const targets = ((await audit.json()) as { entries: { targetIds: string[] }[] }).entries.flatMap((e) => e.targetIds);
    expect(targets).to.include.members([keptId, droppedId]);
    expect(pageProblems).to.deep.equal([]);
  });

  it('when an analyst issues a token, then its secret is shown once with a copy button, it is listed, and it can be revoked', async function () {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/tokens');
    await signIn(page, server.credentials.analyst);
    await statePurpose('E2E check: tokens');
    await page.getByRole('heading', { name: 'Access tokens', level: 1 }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('QGIS on my laptop');
    await page.getByLabel('Purpose', { exact: true }).fill('x');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.locator('#token-purpose-error').waitFor();

    await page.getByLabel('Purpose', { exact: true }).fill('QGIS layer for Op Phoenix (synthetic)');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const secret = page.getByLabel('New access token');
    await secret.waitFor();
    const token = await secret.innerText();
    expect(token).to.match(/^lnt_[A-Za-z0-9_-]{40,}$/);

    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(token);

    // The token reads as the analyst.
    const res = await fetch(`${server.url}/api/sightings?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);

    const listed = page.getByRole('row').filter({ hasText: 'QGIS on my laptop' });
    await listed.waitFor();
    expect(await listed.innerText()).to.contain('Live');
    await page.screenshot({ path: '/tmp/lantern-tokens.png', fullPage: true });

    // Shown once: gone when dismissed, and not on the page after a reload.
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByLabel('New access token').count()).to.equal(0);
    await page.reload();
    await listed.waitFor();
    expect(await page.content()).to.not.contain(token);

    await listed.getByRole('button', { name: 'Revoke QGIS on my laptop' }).click();
    await listed.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Revoked “QGIS on my laptop”' }).waitFor();
    expect(await listed.innerText()).to.contain('Revoked');
    const after = await fetch(`${server.url}/api/sightings?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).to.equal(401);
    expect(pageProblems).to.deep.equal([]);
  });
});
