import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { signIn } from './support/browser.js';
import { figure, positionOf, renderedCount, signInToMap, visibleCount, waitForMap } from './support/map.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;

describe('the map (Chromium, 1366 × 768)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE, goto: '/' });
  let page: Page;
  /** Paths and queries of the API requests the page made. */
  const apiRequests = () => e2e.requests.filter((r) => r.startsWith('/api/'));

  beforeEach(function () {
    page = e2e.page;
  });

  it('when an analyst signs in, then the map draws wards, clusters and heat; the night filter lowers the count; a cluster zooms in; a point opens its record', async function () {
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: map');

    const all = await visibleCount(page);
    expect(all.n, 'sightings in view').to.be.greaterThan(0);
    expect(await page.locator('.ward-label').count(), 'ward names').to.be.greaterThan(5);
    expect(await page.locator('.cluster-marker').count(), 'cluster rings').to.be.greaterThan(0);
    expect(await page.locator('canvas.maplibregl-canvas').count(), 'the WebGL canvas').to.equal(1);
    const start = positionOf(page);
    expect(start, 'the map position in the URL').to.not.equal(null);

    // The same view at night only (22:00–02:00, across midnight), from a link.
    await page.goto(`/?hours=22-2&map=${start!.text}`);
    await waitForMap(page);
    const night = await visibleCount(page);
    expect(night.n, 'night sightings').to.be.greaterThan(0).and.lessThan(all.n);
    expect(await page.getByLabel('From hour', { exact: true }).inputValue(), 'hours start shown').to.equal('22');
    expect(await page.getByLabel('Until hour', { exact: true }).inputValue(), 'hours end shown').to.equal('2');

    // The heatmap is on by default: off, then on again, each mirrored in the URL.
    const heat = page.getByLabel('Heatmap', { exact: true });
    expect(await heat.isChecked()).to.equal(true);
    await heat.uncheck();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,premises,clusters');
    expect(await page.getByLabel('Radius', { exact: true }).count(), 'heat controls hidden with the layer').to.equal(0);
    const heatRequests = apiRequests().filter((r) => r.startsWith('/api/map/heat')).length;
    await heat.check();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('layers'));
    await page.getByLabel('Radius', { exact: true }).waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.state === 'ready');
    expect(apiRequests().filter((r) => r.startsWith('/api/map/heat')).length, 'heat asked for again').to.be.greaterThan(heatRequests);
    await page.screenshot({ path: '/tmp/lantern-map-analyst-night.png' });

    // A cluster: selecting it flies to where it splits.
    const before = positionOf(page)!;
    const drawn = await renderedCount(page);
    await page.locator('.cluster-marker').first().click();
    await page.waitForFunction((z) => Number(new URL(location.href).searchParams.get('map')?.split('/')[0]) > z, before.zoom);
    await waitForMap(page, { after: drawn });
    expect(positionOf(page)!.zoom, 'zoomed in').to.be.greaterThan(before.zoom);

    // A single sighting at street level: its dot opens the record with the grading spelt out.
    const res = await page.request.get('/api/sightings?limit=5&hours=22-2');
    const feature = ((await res.json()) as { features: { id: string; geometry: { coordinates: [number, number] } }[] }).features[2]!;
    const [lon, lat] = feature.geometry.coordinates;
    await page.goto(`/?hours=22-2&map=18.00/${lat}/${lon}`);
    await waitForMap(page);
    const point = page.locator(`.point-marker[data-sighting-id="${feature.id}"]`);
    await (await point.count() ? point : page.locator('button.point-marker').first()).click();
    const record = page.getByTestId('record-panel');
    await record.waitFor();
    await page.getByRole('heading', { name: 'Sighting record' }).waitFor();
    const text = await record.innerText();
    expect(text).to.match(/Source evaluation\s+[123] – (Reliable|Untested|Not reliable)/);
    expect(text).to.match(/Intelligence assessment\s+[A-E] – /);
    expect(text).to.match(/Handling code\s+[PC] – Lawful sharing permitted/);
    expect(text).to.include('Narrative');
    await page.screenshot({ path: '/tmp/lantern-map-analyst-record.png' });

    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
    expect(e2e.foreignRequests, 'requests off the Lantern server').to.deep.equal([]);
  });

  it('when a planner signs in, then the map shows grid squares of 5 or more (smaller ones are not drawn) and offers no records', async function () {
    // Planners land on the area reports; the map is one link away.
    await signIn(page, e2e.server.credentials.planner);
    await page.getByRole('heading', { name: /report/i }).first().waitFor();
    expect(await page.getByLabel('Purpose', { exact: true }).count(), 'no purpose prompt').to.equal(0);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Map', exact: true }).click();
    await waitForMap(page);
    await page.goto(`/?hours=22-2&map=${positionOf(page)!.text}`);
    await waitForMap(page);

    const count = await visibleCount(page);
    expect(count.n).to.be.greaterThan(0);
    const cells = page.locator('.cell-marker');
    expect(await cells.count(), 'grid squares').to.be.greaterThan(0);
    // The disclosure gate draws no square under 5: drawn, it would tell one sighting from none.
    expect(await page.locator('.cell-marker', { hasText: '<5' }).count(), 'squares with fewer than 5').to.equal(0);
    expect(await page.locator('.cluster-marker, .point-marker').count(), 'no clusters or points').to.equal(0);
    await page.screenshot({ path: '/tmp/lantern-map-planner.png' });

    // A square zooms in; still squares, never a point or a record.
    const before = positionOf(page)!;
    const drawn = await renderedCount(page);
    await cells.first().click();
    await page.waitForFunction((z) => Number(new URL(location.href).searchParams.get('map')?.split('/')[0]) > z, before.zoom);
    await waitForMap(page, { after: drawn });
    expect(await page.locator('.point-marker').count()).to.equal(0);
    expect(await page.getByTestId('record-panel').count()).to.equal(0);
    expect(apiRequests().filter((r) => r.startsWith('/api/sightings')), 'no record requests').to.deep.equal([]);
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when filters are set with the controls, then the link carries them and opens the same view and count for another user', async function () {
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: link');
    let drawn = await renderedCount(page);
    await page.getByRole('button', { name: 'Friday', exact: true }).click();
    await waitForMap(page, { after: drawn });
    drawn = await renderedCount(page);
    await page.getByRole('button', { name: 'Saturday', exact: true }).click();
    await waitForMap(page, { after: drawn });
    drawn = await renderedCount(page);
    await page.getByLabel('From hour', { exact: true }).selectOption('18');
    await waitForMap(page, { after: drawn });
    drawn = await renderedCount(page);
    await page.getByLabel('Until hour', { exact: true }).selectOption('4');
    await waitForMap(page, { after: drawn });
    expect(await page.getByRole('button', { name: 'Friday', exact: true }).getAttribute('aria-pressed')).to.equal('true');

    const link = page.url();
    const q = new URL(link).searchParams;
    expect(q.get('days')).to.equal('fri,sat');
    expect(q.get('hours')).to.equal('18-4');
    const mine = await visibleCount(page);
    expect(mine.n).to.be.greaterThan(0);

    const theirs = await e2e.newPage();
    await theirs.goto(link);
    await signInToMap(theirs, e2e.server.credentials.admin, 'E2E check: link from a colleague');
    expect(new URL(theirs.url()).searchParams.get('days')).to.equal('fri,sat');
    expect((await visibleCount(theirs)).n, 'same count for the same link').to.equal(mine.n);
    expect(await theirs.getByRole('button', { name: 'Saturday', exact: true }).getAttribute('aria-pressed')).to.equal('true');
  });

  it('when a ward is picked or an area drawn, then its statistics show the count, the change on the previous period and the weekday × hour matrix', async function () {
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: area statistics');
    await page.getByLabel('Ward', { exact: true }).selectOption({ label: 'Queens Park and Central' });
    const stats = page.getByTestId('area-stats');
    await stats.waitFor();
    await page.getByRole('heading', { name: 'Queens Park and Central' }).waitFor();
    expect(figure(await stats.locator('.area-stats__figure').innerText())).to.be.greaterThan(0);
    expect(await stats.innerText()).to.match(/(Up|Down) [\d.]+% on the previous period|No change|cannot be given/);
    const matrix = page.getByRole('table', { name: 'By weekday and hour of day' });
    expect(await matrix.locator('tbody tr').count()).to.equal(7);

    await page.getByRole('button', { name: 'Close the panel' }).click();
    await page.getByRole('button', { name: 'Draw an area' }).click();
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const corners = [
      [0.35, 0.3],
      [0.65, 0.3],
      [0.65, 0.7],
      [0.35, 0.7],
    ] as const;
    for (const [x, y] of corners) await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByRole('heading', { name: 'Drawn area statistics' }).waitFor();
    await stats.waitFor();
    expect(figure(await stats.locator('.area-stats__figure').innerText()), 'sightings in the drawn area').to.be.greaterThan(0);
    expect(apiRequests().some((r) => r === '/api/map/stats')).to.equal(true);
    await page.screenshot({ path: '/tmp/lantern-map-area-stats.png' });
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when the period is played week by week, then the frame, the map and the count follow, and stopping restores the period', async function () {
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: playback');
    const link = new URL(page.url());
    const today = new Date();
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    link.searchParams.set('from', iso(new Date(today.getTime() - 27 * 86_400_000)));
    link.searchParams.set('to', iso(today));
    await page.goto(`${link.pathname}${link.search.replaceAll('%2F', '/')}`);
    await waitForMap(page);
    const period = await visibleCount(page);

    await page.getByLabel('Speed', { exact: true }).selectOption({ label: 'Fastest (¼ s a step)' });
    // Frames last a quarter of a second: record every label the page shows rather than
    // polling for one, which a busy machine can miss.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid=playback-frame]')!;
      const seen: string[] = [];
      (window as unknown as { __frames: string[] }).__frames = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const asked = apiRequests().length;
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const frame = page.getByTestId('playback-frame');
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 30_000 }); // paused at the end
    // The frames' clusters came in one answer, and each frame was drawn from it (issue 20).
    const during = apiRequests().slice(asked);
    expect(during.filter((r) => r.startsWith('/api/map/clusters?')), 'a clusters request per frame').to.deep.equal([]);
    expect(during.filter((r) => r.startsWith('/api/map/clusters/frames?')), 'one request for the frames').to.have.length(1);
    expect(during.filter((r) => r.startsWith('/api/map/heat?')), 'a heat request per frame').to.deep.equal([]);
    expect(during.filter((r) => r.startsWith('/api/map/heat/frames?')), 'one heat request for the frames').to.have.length(1);
    const seen = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
    const steps = seen.map((t) => /^Week of .+ \((\d+) of (\d+)\)$/.exec(t)).filter((m) => m !== null);
    expect(steps.map((m) => Number(m[1])), `frames shown: ${JSON.stringify(seen)}`).to.include.members([1, 2]);
    expect(steps.at(-1)?.[1], 'ends on the last frame').to.equal(steps.at(-1)?.[2]);
    const last = await visibleCount(page);
    expect(last.n, 'the last week alone').to.be.at.most(period.n);
    expect(await page.locator('.count-card__note').innerText()).to.match(/^in Week of/);

    // Cumulative: the last frame runs from the period's start, so it holds the whole period.
    await page.getByLabel('Cumulative (keep earlier steps)').check();
    await frame.filter({ hasText: /^\d+ \w+ \d{4} to \d+ \w+ \d{4} \((\d+) of \1\)$/ }).waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.state === 'ready');
    expect((await visibleCount(page)).n, 'cumulative to the end').to.equal(period.n);

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.locator('.count-card__note').filter({ hasNotText: /^in / }).waitFor();
    expect((await visibleCount(page)).n, 'the whole period again').to.equal(period.n);
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });
});
