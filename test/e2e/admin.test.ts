import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch: a 401 (the /me probe before sign-in) and a 400 (each test's deliberately bad form) are expected. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (401|400)/;

describe('administration and access tokens (Chromium)', function () {
  const e2e = browserSuite({ expectedConsole: EXPECTED_CONSOLE });

  it('when an admin creates a user, then the audit page shows the chain verified and the creation is found by searching', async function () {
    await e2e.page.goto('/admin');
    await signIn(e2e.page, e2e.server.credentials.admin);
    await statePurpose(e2e.page, 'E2E check: user administration');
    await e2e.page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();

    // The admin's own row offers neither a role change nor a disable button.
    const own = e2e.page.getByRole('row').filter({ hasText: e2e.server.credentials.admin.username });
    await own.waitFor();
    expect(await own.getByRole('combobox').count(), 'own role select').to.equal(0);
    expect(await own.getByRole('button', { name: /^(Disable|Enable)/ }).count(), 'own disable button').to.equal(0);

    // A bad password is refused, with the server's message beside the field.
    const username = `e2e-new-${Date.now().toString(36)}`;
    await e2e.page.getByLabel('Username', { exact: true }).fill(username);
    await e2e.page.getByLabel('Full name', { exact: true }).fill('New Planner (synthetic)');
    await e2e.page.getByLabel('Role', { exact: true }).selectOption('planner');
    await e2e.page.getByLabel('Initial password', { exact: true }).fill('short');
    await e2e.page.getByRole('button', { name: 'Create user' }).click();
    const pwError = e2e.page.locator('#new-password-error');
    await pwError.waitFor();
    expect(await pwError.innerText()).to.match(/at least 12 characters/);
    expect(await e2e.page.getByLabel('Initial password', { exact: true }).getAttribute('aria-invalid')).to.equal('true');

    await e2e.page.getByLabel('Initial password', { exact: true }).fill('a long synthetic passphrase');
    await e2e.page.getByRole('button', { name: 'Create user' }).click();
    await e2e.page.getByRole('status').filter({ hasText: `Created community safety planner ${username}.` }).waitFor();
    const row = e2e.page.getByRole('row').filter({ hasText: username });
    expect(await row.getByRole('combobox', { name: `Role of ${username}` }).inputValue()).to.equal('planner');

    await e2e.page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
    const chain = e2e.page.getByRole('heading', { name: /^Audit chain/ });
    await e2e.page.getByRole('heading', { name: 'Audit chain verified' }).waitFor();
    expect(await chain.innerText()).to.equal('Audit chain verified');

    await e2e.page.getByLabel('Action', { exact: true }).selectOption('user_create');
    await e2e.page.getByLabel('User', { exact: true }).fill(e2e.server.credentials.admin.username);
    await e2e.page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = e2e.page.getByRole('row').filter({ hasText: `username: ${username}` });
    await hit.waitFor();
    expect(await hit.innerText()).to.contain('user_create').and.contain('E2E check: user administration');
    await e2e.page.screenshot({ path: '/tmp/lantern-admin-audit.png', fullPage: true });

    await e2e.page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    await e2e.page.getByRole('heading', { name: 'New user' }).waitFor();
    await e2e.page.screenshot({ path: '/tmp/lantern-admin-users.png', fullPage: true });
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when an admin works the review queue, then a record is retained with a new date and reason, another disposed after confirming, and both leave the queue', async function () {
    await e2e.page.goto('/admin/review');
    await signIn(e2e.page, e2e.server.credentials.admin);
    await statePurpose(e2e.page, 'E2E check: MoPI review');
    await e2e.page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const rows = e2e.page.getByRole('table').locator('tbody tr');
    await rows.first().waitFor();
    const totalText = async () => e2e.page.locator('.panel p strong').first().innerText();
    const total = Number((await totalText()).replace(/[^\d]/g, ''));
    expect(total, 'demo records past review').to.be.greaterThan(1);

    const decideOn = async (i: number) => {
      const row = rows.nth(i);
      const button = row.getByRole('button', { name: /^Decide on / });
      const name = (await button.getAttribute('aria-label'))!.replace(/^Decide on /, '');
      await button.click();
      return e2e.page.getByRole('form', { name: `Decision on ${name}` });
    };

    const keep = await decideOn(0);
    const keptId = await rows.nth(0).locator('code').innerText();
    await keep.getByLabel('Reason').fill('x');
    await keep.getByRole('button', { name: 'Retain', exact: true }).click();
    await keep.locator('.field__error').waitFor();
    await keep.getByLabel('Next review').fill('2031-06-30');
    await keep.getByLabel('Reason').fill('Linked to a live operation (synthetic)');
    await keep.getByRole('button', { name: 'Retain', exact: true }).click();
    await e2e.page.getByRole('status').filter({ hasText: 'until 2031-06-30' }).waitFor();
    expect(await e2e.page.getByRole('table').innerText()).to.not.contain(keptId);

    const drop = await decideOn(0);
    const droppedId = await rows.nth(0).locator('code').innerText();
    await drop.getByLabel('Dispose').check();
    await drop.getByLabel('Reason').fill('No longer necessary (synthetic)');
    await drop.getByRole('button', { name: 'Dispose…' }).click();
    await drop.getByRole('alert').filter({ hasText: 'removed for good' }).waitFor();
    await e2e.page.screenshot({ path: '/tmp/lantern-admin-review.png', fullPage: false });
    await drop.getByRole('button', { name: 'Yes, dispose' }).click();
    await e2e.page.getByRole('status').filter({ hasText: 'Disposed of' }).waitFor();
    expect(await e2e.page.getByRole('table').innerText()).to.not.contain(droppedId);
    expect(Number((await totalText()).replace(/[^\d]/g, ''))).to.equal(total - 2);

    const audit = await e2e.page.request.get(`/api/audit?action=review&limit=10`);
    const targets = ((await audit.json()) as { entries: { targetIds: string[] }[] }).entries.flatMap((e) => e.targetIds);
    expect(targets).to.include.members([keptId, droppedId]);
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when an analyst issues a token, then its secret is shown once with a copy button, it is listed, and it can be revoked', async function () {
    await e2e.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await e2e.page.goto('/tokens');
    await signIn(e2e.page, e2e.server.credentials.analyst);
    await statePurpose(e2e.page, 'E2E check: tokens');
    await e2e.page.getByRole('heading', { name: 'Access tokens', level: 1 }).waitFor();

    await e2e.page.getByLabel('Name', { exact: true }).fill('QGIS on my laptop');
    await e2e.page.getByLabel('Purpose', { exact: true }).fill('x');
    await e2e.page.getByRole('button', { name: 'Issue token' }).click();
    await e2e.page.locator('#token-purpose-error').waitFor();

    await e2e.page.getByLabel('Purpose', { exact: true }).fill('QGIS layer for Op Phoenix (synthetic)');
    await e2e.page.getByRole('button', { name: 'Issue token' }).click();
    const secret = e2e.page.getByLabel('New access token');
    await secret.waitFor();
    const token = await secret.innerText();
    expect(token).to.match(/^lnt_[A-Za-z0-9_-]{40,}$/);

    await e2e.page.getByRole('button', { name: 'Copy token' }).click();
    await e2e.page.getByText('Copied to the clipboard.').waitFor();
    expect(await e2e.page.evaluate(() => navigator.clipboard.readText())).to.equal(token);

    // The token reads as the analyst.
    const res = await fetch(`${e2e.server.url}/api/sightings?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);

    const listed = e2e.page.getByRole('row').filter({ hasText: 'QGIS on my laptop' });
    await listed.waitFor();
    expect(await listed.innerText()).to.contain('Live');
    await e2e.page.screenshot({ path: '/tmp/lantern-tokens.png', fullPage: true });

    // Shown once: gone when dismissed, and not on the page after a reload.
    await e2e.page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await e2e.page.getByLabel('New access token').count()).to.equal(0);
    await e2e.page.reload();
    await listed.waitFor();
    expect(await e2e.page.content()).to.not.contain(token);

    await listed.getByRole('button', { name: 'Revoke QGIS on my laptop' }).click();
    await listed.getByRole('button', { name: 'Yes, revoke' }).click();
    await e2e.page.getByRole('status').filter({ hasText: 'Revoked “QGIS on my laptop”' }).waitFor();
    expect(await listed.innerText()).to.contain('Revoked');
    const after = await fetch(`${e2e.server.url}/api/sightings?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).to.equal(401);
    expect(e2e.problems).to.deep.equal([]);
  });
});
