import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch: the /me probe before sign-in, and the refused decision below. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (400|401|404)/;

/**
 * Issue 21 end to end: a partner's report is triaged into a missing episode; the analyst
 * is told, by the field, that the child is missing, makes a new child at risk inline and
 * decides; the episode holds the child; the partner reads "actioned" and a neutral message.
 */
describe('triage of a partner report into a missing episode (Chromium, 1366 px)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 900 }, expectedConsole: EXPECTED_CONSOLE, failureScreenshots: path.join(os.tmpdir(), 'lantern-e2e-triage-episode') });
  const out = process.env.LANTERN_E2E_SHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-triage-episode-'));
  const childRef = `SYN-E2E-${Date.now().toString(36).toUpperCase()}`;

  it('when an analyst decides a report as a missing episode with a new child at risk, then the episode is made and the partner reads only a neutral message', async function () {
    // ---- The partner reports through the API (the report form has its own test).
    const partnerPage = await e2e.newPage();
    const login = await partnerPage.request.post('/api/auth/login', { data: e2e.server.credentials.partner });
    expect(login.status(), await login.text()).to.equal(200);
    const partnerCsrf = (await login.json()).csrfToken as string;
    const sent = await partnerPage.request.post('/api/submissions', {
      headers: { 'X-CSRF-Token': partnerCsrf },
      data: {
        categories: ['missing_from_home_found'],
        description: 'A girl said she had left the home and was waiting for a lift by the bus station (synthetic).',
        observedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        location: { lon: -2.4295, lat: 53.5779, precisionM: 25, method: 'gps' },
      },
    });
    expect(sent.status(), await sent.text()).to.equal(201);
    const { id, reference } = (await sent.json()) as { id: string; reference: string };

    // ---- The analyst triages it.
    const desk = e2e.page;
    await desk.goto('/');
    await signIn(desk, e2e.server.credentials.analyst);
    await statePurpose(desk, 'E2E: triage into a missing episode (synthetic)');
    await desk.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /Triage/ }).click();
    await desk.getByTestId('triage-queue').getByRole('button', { name: new RegExp(reference) }).click();
    await desk.getByTestId('triage-detail').getByText('waiting for a lift').waitFor();
    await desk.getByRole('radio', { name: 'Missing episode' }).check();
    const episode = desk.getByTestId('triage-episode');
    await episode.waitFor();
    expect(await desk.getByLabel('Message to the partner').inputValue(), 'a neutral message is offered').to.match(/^Thank you/);

    // Deciding without the child names the field, and nothing is decided.
    await desk.getByRole('button', { name: 'Decide' }).click();
    await episode.getByText('name the child at risk').waitFor();

    await episode.getByRole('button', { name: 'New child at risk' }).click();
    await episode.getByLabel('Force reference (optional)').fill(childRef);
    await episode.getByLabel('Short description (no name)').fill('Girl, 14, from the demo children’s home (synthetic)');
    await episode.getByRole('button', { name: 'Add child at risk' }).click();
    await episode.getByTestId('triage-episode-subject').filter({ hasText: childRef }).waitFor();
    await episode.getByLabel(/Return-interview notes/).fill('Says a man in a grey car collects her (synthetic).');
    await desk.screenshot({ path: path.join(out, 'triage-episode-1366.png'), fullPage: true });
    await desk.getByRole('button', { name: 'Decide' }).click();
    await desk.getByTestId('triage-done').filter({ hasText: 'missing episode recorded' }).waitFor();

    // The episode holds the child and starts at the report's place.
    const opened = await (await desk.request.get(`/api/submissions/${id}`)).json();
    expect(opened.outcome).to.equal('episode');
    expect(opened.episodeIds).to.have.length(1);
    const made = await (await desk.request.get(`/api/episodes/${opened.episodeIds[0]}`)).json();
    expect(made.subjectRef).to.equal(childRef);
    expect(made.missingFrom.lon).to.be.closeTo(-2.4295, 1e-6);
    expect(made.notes).to.contain('grey car');

    // ---- The partner reads the status and the message, nothing of the child or the episode.
    const mine = await partnerPage.request.get(`/api/submissions/${id}`);
    const body = await mine.text();
    expect(JSON.parse(body)).to.include({ status: 'actioned' });
    expect(JSON.parse(body).outcomeMessage).to.match(/^Thank you/);
    for (const secret of [childRef, opened.episodeIds[0], 'episode', 'grey car']) expect(body).to.not.include(secret);

    expect(e2e.problems, e2e.problems.join('\n')).to.deep.equal([]);
  });
});
