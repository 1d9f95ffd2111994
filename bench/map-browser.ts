/**
 * How fast the map draws in Chromium, with the synthetic demo town:
 * - navigation → first drawn clusters: from the start of navigation to the moment the
 *   map has drawn its first cluster result (markers in the page, WebGL idle), both with
 *   nothing cached (a new browser context each run) and on a reload (assets cached);
 * - filter change → updated map: from choosing an hour window to the map having drawn
 *   the new result (the request, the answer and the drawing).
 *
 *   npm run bench:map                                  # 30 000 sightings, 7 runs
 *   npm run bench:map -- --sightings 100000 --runs 11
 *
 * Starts the real server on a fresh embedded database (as the e2e tests do) and times
 * inside the page with the performance mark MapView sets when a result is drawn. The
 * issue's targets (2 s and 300 ms on the team's machine) are printed beside the
 * figures; nothing here fails on them.
 */
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, signIn } from '../test/e2e/support/browser.js';
import { startServer, type RunningServer } from '../test/e2e/support/server.js';
import { machine } from './support.js';

/** Set by client/src/map/MapView.tsx each time a cluster result is on screen. */
const DRAWN_MARK = 'lantern:clusters-drawn';
const VIEWPORT = { width: 1366, height: 768 };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sightings: { type: 'string' }, runs: { type: 'string' } } });
  const sightings = Number(values.sightings ?? 30_000);
  const runs = Number(values.runs ?? 7);
  if (!Number.isInteger(sightings) || sightings < 1) throw new Error(`--sightings must be a whole number above 0, got "${values.sightings}"`);
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`--runs must be a whole number of at least 2, got "${values.runs}"`);

  console.log(`Starting Lantern with ${sightings.toLocaleString('en-GB')} demo sightings…`);
  const server = await startServer({ demoSightings: sightings, readyTimeoutMs: 600_000 });
  const browser = await launchChromium();
  try {
    const { context, page, link } = await signedInMap(browser, server);
    const storageState = await context.storageState();

    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const fresh = await browser.newContext({ baseURL: server.url, viewport: VIEWPORT, storageState });
      try {
        cold.push(await timeNavigation(await fresh.newPage(), link));
      } finally {
        await fresh.close();
      }
    }
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timeNavigation(page, link));
    const filter: number[] = [];
    for (let i = 0; i < runs; i++) filter.push(await timeFilterChange(page, i % 2 === 0 ? '22' : ''));

    console.log('');
    console.log(`Lantern map in Chromium: ${sightings.toLocaleString('en-GB')} demo sightings, ${runs} runs each, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
    console.log(machine());
    console.log(`browser: Chromium ${browser.version()}, headless, --disable-gpu (WebGL in software)`);
    console.log(`view: ${link}`);
    console.log('');
    console.log(row('', 'median', 'p95', 'min', 'max', 'target'));
    console.log(row('navigation → first clusters (cold)', ...stats(cold), 'under 2 s'));
    console.log(row('navigation → first clusters (cached)', ...stats(warm), 'under 2 s'));
    console.log(row('filter change → updated map', ...stats(filter), 'under 300 ms'));
    console.log('');
    console.log(`runs (ms): cold ${cold.map(Math.round).join(', ')}; cached ${warm.map(Math.round).join(', ')}; filter ${filter.map(Math.round).join(', ')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Signs in as the demo analyst, states a purpose, and returns the map's link once it has drawn. */
async function signedInMap(browser: Browser, server: RunningServer): Promise<{ context: BrowserContext; page: Page; link: string }> {
  const context = await browser.newContext({ baseURL: server.url, viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, server.credentials.analyst);
  await page.getByLabel('Purpose', { exact: true }).fill('Benchmark: map drawing times');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await drawnMarks(page, 1);
  const url = new URL(page.url());
  return { context, page, link: `${url.pathname}${url.search}` };
}

/** Milliseconds from the start of navigation to the first drawn cluster result. */
async function timeNavigation(page: Page, link: string): Promise<number> {
  await page.goto(link);
  await drawnMarks(page, 1);
  return page.evaluate((name) => performance.getEntriesByName(name)[0]!.startTime, DRAWN_MARK);
}

/** Milliseconds from choosing an hour window ("" for any time) to the map drawn with it. */
async function timeFilterChange(page: Page, startHour: string): Promise<number> {
  const before = await page.evaluate((name) => performance.getEntriesByName(name).length, DRAWN_MARK);
  const t0 = await page.evaluate((value) => {
    const select = document.getElementById('hours-start') as HTMLSelectElement;
    const t = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return t;
  }, startHour);
  await drawnMarks(page, before + 1);
  const t1 = await page.evaluate((name) => performance.getEntriesByName(name).at(-1)!.startTime, DRAWN_MARK);
  return t1 - t0;
}

async function drawnMarks(page: Page, atLeast: number): Promise<void> {
  await page.waitForFunction(
    ({ name, n }) => performance.getEntriesByName(name).length >= n && document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.state === 'ready',
    { name: DRAWN_MARK, n: atLeast },
    { timeout: 60_000 },
  );
}

/** Median, nearest-rank 95th percentile, min and max, as "123 ms". */
function stats(xs: number[]): [string, string, string, string] {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return [median, at(0.95), s[0]!, s[s.length - 1]!].map((v) => `${Math.round(v)} ms`) as [string, string, string, string];
}

const row = (label: string, ...cells: string[]) => `${label.padEnd(40)}${cells.map((c, i) => (i < 4 ? c.padStart(10) : `   ${c}`)).join('')}`.trimEnd();

await main();
