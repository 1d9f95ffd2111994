import fs from 'node:fs';
import { expect } from 'chai';
import type { APIRequestContext, Page } from 'playwright-core';
import { signIn, statePurpose } from './support/browser.js';
import { signInToMap, waitForMap } from './support/map.js';
import { browserSuite } from './support/suite.js';

/** Chromium logs every 4xx fetch; a 401 is expected (the /me probe before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
const SHOTS = '/tmp/h/shots';
const shot = (name: string) => `${SHOTS}/journeys-map-${name}.png`;

/** The map's layer ids and sources (client/src/map/layers.ts PEOPLE_LAYER, PEOPLE_SOURCES). */
const LEGS = 'journey-legs';
const NUMBERS = 'journey-leg-numbers';
const FLOWS = 'episode-flows';
/** Flows from a sensitive site (a home address given as a point is one) are drawn dashed, in a layer of their own. */
const SENSITIVE_FLOWS = 'episode-flows-sensitive';
const FLOW_SOURCE = 'lantern-episode-flows';

interface Fixture {
  journeyId: string;
  legs: { lon: number; lat: number }[];
  episodeId: string;
  subjectRef: string;
  from: [number, number];
  to: [number, number];
}

type MapHandle = {
  queryRenderedFeatures(o: { layers: string[] }): { properties: Record<string, unknown> }[];
  getLayer(id: string): unknown;
  getSource(id: string): { serialize(): { data: { features: { geometry: { coordinates: [number, number][] }; properties: Record<string, unknown> }[] } } } | undefined;
  project(ll: [number, number]): { x: number; y: number };
};

/** State-changing requests as the signed-in page: its cookies and its CSRF token. */
async function post(request: APIRequestContext, path: string, data: unknown): Promise<{ id: string }> {
  const me = (await (await request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await request.post(path, { data, headers: { 'X-CSRF-Token': me.csrfToken } });
  if (res.status() !== 201) throw new Error(`POST ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/**
 * A journey of three legs a few hundred metres apart in the demo town and a missing
 * episode from a home address to where the child was found, all synthetic, made
 * through the API as an analyst would.
 */
async function makeFixture(page: Page): Promise<Fixture> {
  const place = (await (await page.request.get('/api/places?q=ZZ16%201AA&limit=1')).json()).features[0];
  const [lon, lat] = place.geometry.coordinates as [number, number];
  const at = (dLon: number, dLat: number) => ({ lon: lon + dLon, lat: lat + dLat });
  const legs = [at(-0.004, 0.002), at(0, 0), at(0.005, -0.001)];
  const kinds = ['approached', 'picked_up', 'taken_to'] as const;
  // A pick-up names what picked the child up: a vehicle of the demo town.
  const vehicle = ((await (await page.request.get('/api/vehicles?limit=1')).json()) as { items: { id: string }[] }).items[0]!;
  const sightingIds: string[] = [];
  for (const [i, leg] of legs.entries()) {
    const s = await post(page.request, '/api/sightings', {
      observedAt: `2026-03-01T2${i}:15:00Z`,
      lat: leg.lat,
      lon: leg.lon,
      precisionM: 10,
      category: 'young_person_collected',
      sourceAgency: 'police',
      sourceEval: 2,
      intelAssessment: 'B',
      handlingCode: 'P',
      narrative: `Journey leg ${i + 1}, ${kinds[i]} (synthetic, e2e).`,
      ...(kinds[i] === 'picked_up' ? { vehicleId: vehicle.id } : {}),
    });
    sightingIds.push(s.id);
  }
  const journey = await post(page.request, '/api/journeys', {
    title: 'Town centre to hotel (synthetic, e2e)',
    legs: kinds.map((kind, i) => ({ kind, sightingId: sightingIds[i] })),
  });

  const subjectRef = `E2E-CHILD-${Date.now()}`;
  const subject = await post(page.request, '/api/subjects', { kind: 'child_at_risk', ref: subjectRef, description: 'A child at risk (synthetic, e2e).' });
  const from = at(-0.006, -0.003);
  const to = at(0.004, 0.003);
  const episode = await post(page.request, '/api/episodes', {
    subjectId: subject.id,
    missingFrom: { lat: from.lat, lon: from.lon },
    reportedMissingAt: '2026-03-02T18:00:00Z',
    foundTime: '2026-03-03T06:00:00Z',
    foundAt: { lat: to.lat, lon: to.lon, precisionM: 50 },
    notes: 'Return interview notes (synthetic, e2e).',
  });
  return { journeyId: journey.id, legs, episodeId: episode.id, subjectRef, from: [from.lon, from.lat], to: [to.lon, to.lat] };
}

const centreOf = (f: Fixture) => `15.00/${f.legs[1]!.lat.toFixed(5)}/${f.legs[1]!.lon.toFixed(5)}`;

describe('missing episodes and journeys on the map (Chromium, 1366 × 768)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE, goto: '/', failureScreenshots: '/tmp/h/shots/journeys-map-failed' });
  let fixture: Fixture;

  before(function () {
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  it('when an analyst turns on the Journeys layer, then the map holds the legs numbered 1..n joined in order, and a leg opens the journey', async function () {
    const page = e2e.page;
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: journeys');
    fixture = await makeFixture(page);

    // Sightings and heat off, so the legs are seen plainly; the period holds the journey.
    await page.goto(`/?from=2026-03-01&to=2026-03-03&layers=areas,premises&map=${centreOf(fixture)}`);
    await waitForMap(page);
    const toggle = page.getByRole('checkbox', { name: 'Journeys', exact: true });
    expect(await toggle.isChecked()).to.equal(false);
    await toggle.check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'areas,premises,journeys');

    // The legs, as MapLibre drew them: the circles and their numbers.
    const drawn = await page.waitForFunction(
      ({ id, legs, numbers }) => {
        const map = (window as unknown as { lanternMap?: MapHandle }).lanternMap;
        if (!map?.getLayer(legs) || !map.getLayer(numbers)) return null;
        const circles = map.queryRenderedFeatures({ layers: [legs] }).filter((f) => f.properties.journeyId === id);
        const labels = map.queryRenderedFeatures({ layers: [numbers] }).filter((f) => f.properties.journeyId === id);
        if (circles.length < 3 || labels.length < 3) return null;
        // No named helper functions in here: the test's compiler would wrap them in a helper the page lacks.
        return {
          circles: [...new Set(circles.map((f) => Number(f.properties.seq)))].sort((a, b) => a - b),
          labels: [...new Set(labels.map((f) => Number(f.properties.seq)))].sort((a, b) => a - b),
          kinds: circles.sort((a, b) => Number(a.properties.seq) - Number(b.properties.seq)).map((f) => f.properties.kind),
        };
      },
      { id: fixture.journeyId, legs: LEGS, numbers: NUMBERS },
      { timeout: 30_000 },
    );
    const legs = (await drawn.jsonValue()) as { circles: number[]; labels: number[]; kinds: string[] };
    expect(legs.circles, 'leg circles').to.deep.equal([1, 2, 3]);
    expect(legs.labels, 'leg numbers drawn as labels').to.deep.equal([1, 2, 3]);
    expect([...new Set(legs.kinds)], 'leg kinds in order').to.deep.equal(['approached', 'picked_up', 'taken_to']);
    expect(await page.getByTestId('journeys-legend').innerText()).to.match(/Legs numbered in order/);
    await page.screenshot({ path: shot('journeys-1366') });

    // A leg's circle opens the journey in the drawer, that leg marked, its kind in words.
    const second = await page.evaluate((ll) => (window as unknown as { lanternMap: MapHandle }).lanternMap.project(ll), [fixture.legs[1]!.lon, fixture.legs[1]!.lat] as [number, number]);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + second.x, box.y + second.y);
    const summary = page.getByTestId('journey-summary');
    await summary.waitFor();
    await page.getByRole('heading', { name: 'Journey', exact: true }).waitFor();
    const text = await summary.innerText();
    expect(text).to.include('Town centre to hotel (synthetic, e2e)');
    expect(text).to.match(/Approached[\s\S]*Picked up[\s\S]*Taken to/);
    expect(await summary.locator('[aria-current=step]').innerText()).to.include('Picked up');
    await page.screenshot({ path: shot('journey-drawer-1366') });

    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
    expect(e2e.foreignRequests, 'requests off the Lantern server').to.deep.equal([]);
  });

  it('when an analyst turns on Missing episodes, then the map holds a flow from missing-from to found-at, and the flow opens the episode', async function () {
    const page = e2e.page;
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: missing episodes');
    fixture ??= await makeFixture(page);
    await page.goto(`/?from=2026-03-01&to=2026-03-04&layers=areas,premises&map=${centreOf(fixture)}`);
    await waitForMap(page);
    await page.getByRole('checkbox', { name: 'Missing episodes', exact: true }).check();

    const held = await page.waitForFunction(
      ({ id, layers, source }) => {
        const map = (window as unknown as { lanternMap?: MapHandle }).lanternMap;
        if (!map || !layers.every((l) => map.getLayer(l))) return null;
        const rendered = map.queryRenderedFeatures({ layers }).filter((f) => f.properties.episodeId === id);
        const line = map.getSource(source)?.serialize().data.features.find((f) => f.properties.episodeId === id);
        return rendered.length && line
          ? { coordinates: line.geometry.coordinates, subjectRef: line.properties.subjectRef, sensitiveOrigin: line.properties.sensitiveOrigin, drawnIn: rendered.map((f) => (f as unknown as { layer: { id: string } }).layer.id) }
          : null;
      },
      { id: fixture.episodeId, layers: [FLOWS, SENSITIVE_FLOWS], source: FLOW_SOURCE },
      { timeout: 30_000 },
    );
    const flow = (await held.jsonValue()) as { coordinates: [number, number][]; subjectRef: string; sensitiveOrigin: boolean; drawnIn: string[] };
    expect(flow.subjectRef).to.equal(fixture.subjectRef);
    // Missing from a point: a home address, so a sensitive site, drawn dashed for the analyst.
    expect(flow.sensitiveOrigin, 'a home address is a sensitive site').to.equal(true);
    expect(flow.drawnIn, 'drawn dashed').to.include(SENSITIVE_FLOWS);
    const first = flow.coordinates[0]!;
    const last = flow.coordinates[flow.coordinates.length - 1]!;
    expect(first[0], 'starts where the child went missing (lon)').to.be.closeTo(fixture.from[0], 1e-5);
    expect(first[1], 'starts where the child went missing (lat)').to.be.closeTo(fixture.from[1], 1e-5);
    expect(last[0], 'ends where the child was found (lon)').to.be.closeTo(fixture.to[0], 1e-5);
    expect(last[1], 'ends where the child was found (lat)').to.be.closeTo(fixture.to[1], 1e-5);
    expect(await page.getByTestId('episodes-legend').innerText()).to.match(/Missing from \(pale\) → found at \(dark\)/);
    await page.screenshot({ path: shot('episodes-1366') });

    // The episode in the legend's list opens its summary (the keyboard's way to what the canvas draws).
    await page.getByRole('list', { name: 'Missing episodes in view' }).getByRole('button', { name: new RegExp(fixture.subjectRef) }).click();
    const summary = page.getByTestId('episode-summary');
    await summary.waitFor();
    await page.getByRole('heading', { name: 'Missing episode', exact: true }).waitFor();
    const text = await summary.innerText();
    expect(text).to.include(fixture.subjectRef);
    expect(await page.getByTestId('episode-duration').innerText()).to.equal('12 hours');

    // And so does the line itself, selected halfway along.
    await page.getByRole('button', { name: 'Close the panel' }).click();
    const mid: [number, number] = [(fixture.from[0] + fixture.to[0]) / 2, (fixture.from[1] + fixture.to[1]) / 2];
    const px = await page.evaluate((ll) => (window as unknown as { lanternMap: MapHandle }).lanternMap.project(ll), mid);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + px.x, box.y + px.y);
    await summary.waitFor();
    expect(await summary.innerText()).to.include(fixture.subjectRef);
    await page.screenshot({ path: shot('episode-drawer-1366') });

    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when the map is 390 px wide (a phone), then the layer toggles and legends still fit', async function () {
    const page = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto('/');
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: phone');
    fixture ??= await makeFixture(page);
    await page.goto(`/?from=2026-03-01&to=2026-03-04&layers=areas,episodes,journeys&map=${centreOf(fixture)}`);
    await waitForMap(page);
    await page.getByTestId('journeys-legend').waitFor();
    await page.getByTestId('episodes-count').waitFor();
    const journeys = page.getByRole('checkbox', { name: 'Journeys', exact: true });
    await journeys.scrollIntoViewIfNeeded();
    for (const id of ['episodes-legend', 'journeys-legend']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, `${id} within the phone's width`).to.be.at.most(390);
    }
    for (const name of ['Missing episodes', 'Journeys']) {
      const box = (await page.getByRole('checkbox', { name, exact: true }).boundingBox())!;
      expect(box.width, `${name} toggle big enough to touch`).to.be.greaterThan(10);
    }
    await page.screenshot({ path: shot('legend-390'), fullPage: true });
    await page.getByTestId('map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('map-390') });
  });

  it('when a licensing officer opens the map, then neither toggle is there and no episode or journey is asked for, even from a link', async function () {
    const page = e2e.page;
    await signIn(page, e2e.server.credentials.licensing);
    await statePurpose(page, 'E2E check: licensing map');
    await page.goto('/?layers=areas,episodes,journeys,clusters');
    await waitForMap(page);
    await page.getByRole('checkbox', { name: 'Ward boundaries and names', exact: true }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Journeys', exact: true }).count(), 'Journeys toggle').to.equal(0);
    expect(await page.getByRole('checkbox', { name: 'Missing episodes', exact: true }).count(), 'Missing episodes toggle').to.equal(0);
    const asked = e2e.requests.filter((r) => /^\/api\/(episodes|journeys)/.test(r));
    expect(asked, 'requests for people layers').to.deep.equal([]);
    const layers = await page.evaluate(
      (ids) => ids.filter((id) => (window as unknown as { lanternMap?: MapHandle }).lanternMap?.getLayer(id)),
      [LEGS, NUMBERS, FLOWS, SENSITIVE_FLOWS],
    );
    expect(layers, 'people layers on the map').to.deep.equal([]);
    await page.screenshot({ path: shot('licensing-1366') });
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });

  it('when an analyst opens a premises profile, then "Seen with" lists the vehicle and the person seen there, most often first, each opening the association chart; a licensing officer sees the vehicle and no person', async function () {
    const page = e2e.page;
    await signInToMap(page, e2e.server.credentials.analyst, 'E2E check: seen with');
    const premises = (await (await page.request.get('/api/premises?q=Golden%20Fork&limit=1')).json()).features[0] as { id: string; geometry: { coordinates: [number, number] } };
    const vehicle = ((await (await page.request.get('/api/vehicles?limit=1')).json()) as { items: { id: string; plate: string }[] }).items[0]!;
    const subjectRef = `E2E-SEEN-${Date.now()}`;
    const subject = await post(page.request, '/api/subjects', { kind: 'person_of_interest', ref: subjectRef, description: 'An adult seen at the take-away (synthetic, e2e).' });
    const [lon, lat] = premises.geometry.coordinates;
    const recent = Date.now() - 20 * 86_400_000;
    for (const n of [0, 1, 2]) {
      await post(page.request, '/api/sightings', {
        observedAt: new Date(recent + n * 86_400_000).toISOString(),
        lat,
        lon,
        precisionM: 10,
        category: 'vehicle_of_interest',
        sourceAgency: 'police',
        sourceEval: 2,
        intelAssessment: 'B',
        handlingCode: 'P',
        premisesId: premises.id,
        vehicleId: vehicle.id,
        // The person only on the first: the vehicle is seen with the premises more often.
        ...(n === 0 ? { subjects: [{ subjectId: subject.id, role: 'seen_with' }] } : {}),
        narrative: `Vehicle outside the take-away, ${n + 1} of 3 (synthetic, e2e).`,
      });
    }

    await page.goto(`/licensing/premises/${premises.id}`);
    const seenWith = page.getByTestId('seen-with');
    await seenWith.locator('table').waitFor({ timeout: 30_000 });
    // The demo town's own subjects and vehicles are there too: the whole list, not the first rows.
    const more = seenWith.getByRole('button', { name: /^Show all/ });
    if (await more.count()) await more.click();
    const vehicleLink = seenWith.locator(`a[href="/associations?vehicle=${vehicle.id}"]`);
    const subjectLink = seenWith.locator(`a[href="/associations?subject=${subject.id}"]`);
    await vehicleLink.waitFor();
    await subjectLink.waitFor();
    const rows = await seenWith.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const counts = rows.map((r) => Number(r[2]!.replace(/[^\d]/g, '')));
    expect(counts, 'most often first').to.deep.equal([...counts].sort((a, b) => b - a));
    const vehicleRow = rows.findIndex((r) => r[1] === 'Vehicle' && r[0]!.includes(vehicle.plate));
    const subjectRow = rows.findIndex((r) => r[1] === 'Person');
    expect(vehicleRow, 'the vehicle is listed').to.be.at.least(0);
    expect(subjectRow, 'the person is listed').to.be.at.least(0);
    expect(counts[vehicleRow], 'the vehicle, three times').to.be.at.least(3);
    await seenWith.screenshot({ path: shot('seen-with-analyst-1366') });
    await vehicleLink.click();
    await page.waitForFunction((id) => location.pathname === '/associations' && new URLSearchParams(location.search).get('vehicle') === id, vehicle.id);

    // The licensing officer, on a phone: the same list, as far as they may see: premises and vehicles only.
    const officer = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await officer.goto('/');
    await signIn(officer, e2e.server.credentials.licensing);
    await statePurpose(officer, 'E2E check: seen with (licensing)');
    await officer.goto(`/licensing/premises/${premises.id}`);
    const theirs = officer.getByTestId('seen-with');
    await theirs.locator('table').waitFor({ timeout: 30_000 });
    const theirMore = theirs.getByRole('button', { name: /^Show all/ });
    if (await theirMore.count()) await theirMore.click();
    const kinds = await theirs.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(kinds, 'no person for a licensing officer').to.not.include('Person');
    expect(await theirs.innerText()).to.include(vehicle.plate);
    expect(await theirs.innerText()).to.not.include(subjectRef);
    expect(await theirs.locator('a[href^="/associations"]').count(), 'no association chart for a licensing officer').to.equal(0);
    const card = (await theirs.boundingBox())!;
    const table = (await theirs.locator('table').boundingBox())!;
    expect(table.x + table.width, 'the table fits its card on a phone').to.be.at.most(card.x + card.width);
    await theirs.screenshot({ path: shot('seen-with-licensing-390') });
    expect(e2e.problems, 'console errors and exceptions').to.deep.equal([]);
  });
});
