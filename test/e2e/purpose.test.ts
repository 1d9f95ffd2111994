import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch: the 401 of the session probe before sign-in is expected. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

describe('the stated purpose (Chromium)', function () {
  const e2e = browserSuite({ context: { acceptDownloads: true }, goto: '/reports', expectedConsole: EXPECTED_CONSOLE });

  it('when a purpose is stated anew in the export dialog, then the header shows the new one, as the server holds it', async function () {
    const page = e2e.page;
    await signIn(page, e2e.server.credentials.analyst);
    await statePurpose(page, 'Op Phoenix weekly tasking');
    const shown = page.locator('.session-info__purpose');
    await shown.getByText('Op Phoenix weekly tasking').waitFor();

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the area report' });
    await dialog.getByLabel('Purpose of this export').fill('Partnership meeting, March');
    await dialog.getByLabel('CSV').check();
    await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download CSV' }).click()]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    await shown.getByText('Partnership meeting, March').waitFor({ timeout: 5_000 });
    expect(await shown.textContent()).to.equal('Partnership meeting, March');
    const me = (await (await page.request.get('/api/auth/me')).json()) as { purpose: string };
    expect(me.purpose).to.equal('Partnership meeting, March');
    expect(e2e.problems).to.deep.equal([]);
  });
});
