/**
 * How fast the map draws in Chromium, with the synthetic demo town:
 * - navigation → first drawn clusters: from the start of navigation to the moment the
 *   map has drawn its first cluster result (markers in the page, WebGL idle), both with
 *   nothing cached (a new browser context each run) and on a reload (assets cached);
 * - filter change → updated map: from choosing an hour window to the map having drawn
 *   the new result (the request, the answer and the drawing), and the part of it after
 *   the clusters answer arrived (the issue's goal: redrawn within 300 ms of the answer);
 * - playback: the last 52 weeks played week by week at the fastest speed, the time each
 *   step takes beyond its quarter second, and the map requests it makes;
 * - panning: the frame rate while the mouse drags the map about (three drags of about a
 *   second each, the map fetching and drawing new clusters after each, as a user pans),
 *   counted with requestAnimationFrame in the page: mean frames per second, the worst
 *   one-second window, the longest frame, and the long animation frames Chromium reports
 *   (PerformanceObserver). An idle second is measured first, as the ceiling headless
 *   Chromium sets.
 *
 *   npm run bench:map                                  # 30 000 sightings, 7 runs
 *   npm run bench:map -- --sightings 100000 --runs 11
 *   npm run bench:map -- --sightings 1000000 --database-url postgres://postgres@127.0.0.1:5432/postgres
 *
 * Starts the real server on a fresh embedded database (as the e2e tests do), or on a fresh
 * PostgreSQL database made through `--database-url` and dropped at the end, and times
 * inside the page with the performance mark MapView sets when a result is drawn. The
 * issue's targets (2 s and 300 ms on the team's machine) are printed beside the
 * figures; nothing here fails on them.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchChromium, signIn } from '../test/e2e/support/browser.js';
import { startServer, type RunningServer } from '../test/e2e/support/server.js';
import { machine, median } from './support.js';

/** Set by client/src/map/MapView.tsx each time a cluster result is on screen. */
const DRAWN_MARK = 'lantern:clusters-drawn';
const VIEWPORT = { width: 1366, height: 768 };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sightings: { type: 'string' }, runs: { type: 'string' }, 'database-url': { type: 'string' } } });
  const sightings = Number(values.sightings ?? 30_000);
  const runs = Number(values.runs ?? 7);
  if (!Number.isInteger(sightings) || sightings < 1) throw new Error(`--sightings must be a whole number above 0, got "${values.sightings}"`);
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`--runs must be a whole number of at least 2, got "${values.runs}"`);

  const database = values['database-url'] ? await freshDatabase(values['database-url']) : null;
  console.log(`Starting Lantern with ${sightings.toLocaleString('en-GB')} demo sightings on ${database ? 'PostgreSQL' : 'the embedded database'}…`);
  const server = await startServer({ demoSightings: sightings, readyTimeoutMs: 1_800_000, ...(database ? { databaseUrl: database.url } : {}) }).catch(async (err: unknown) => {
    await database?.drop();
    throw err;
  });
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
    const changes: { total: number; afterAnswer: number | null }[] = [];
    for (let i = 0; i < runs; i++) changes.push(await timeFilterChange(page, i % 2 === 0 ? '22' : ''));
    const filter = changes.map((c) => c.total);
    const afterAnswer = changes.flatMap((c) => (c.afterAnswer === null ? [] : [c.afterAnswer]));
    const playback = await timePlayback(page, link);
    await page.goto(link);
    await drawnMarks(page, 1);
    const idle = await idleFrames(page);
    const pans: PanResult[] = [];
    for (let i = 0; i < runs; i++) pans.push(await timePan(page, i));

    console.log('');
    console.log(`Lantern map in Chromium: ${sightings.toLocaleString('en-GB')} demo sightings on ${database ? 'PostgreSQL' : 'the embedded database'}, ${runs} runs each, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
    console.log(machine());
    console.log(`load average at the end (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
    console.log(`browser: Chromium ${browser.version()}, headless, --disable-gpu (WebGL in software)`);
    console.log(`view: ${link}`);
    console.log('');
    console.log(row('', 'median', 'p95', 'min', 'max', 'target'));
    console.log(row('navigation → first clusters (cold)', ...stats(cold), 'under 2 s'));
    console.log(row('navigation → first clusters (cached)', ...stats(warm), 'under 2 s'));
    console.log(row('filter change → updated map', ...stats(filter), ''));
    console.log(row('… of which after the answer', ...(afterAnswer.length ? stats(afterAnswer) : ['–', '–', '–', '–']), 'under 300 ms'));
    console.log('');
    console.log(`playback of the last ${playback.frames} weeks at ¼ s a step: ${playback.totalMs.toFixed(0)} ms from Play to the last frame, ` +
      `${playback.overheadMsPerFrame.toFixed(0)} ms a step beyond the ¼ s; map requests (count, median answer ms): ` +
      `${Object.entries(playback.requests).map(([k, n]) => `${k} ${n}, ${median(playback.answeredMs[k] ?? []).toFixed(0)} ms`).join('; ') || 'none'}`);
    console.log('');
    console.log(`panning (${pans.length} pans of ${PAN_DRAGS.length} drags, ~${(PAN_DRAGS.length * DRAG_MS) / 1000} s each; idle page: ${idle.toFixed(1)} fps)`);
    console.log(row('', 'median', 'worst', 'best', '', 'target'));
    const fps = (f: (p: PanResult) => number, worst: 'min' | 'max') => {
      const xs = pans.map(f).sort((x, y) => x - y);
      const median = xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
      return worst === 'min' ? [median, xs[0]!, xs.at(-1)!] : [median, xs.at(-1)!, xs[0]!];
    };
    const fmt = (xs: number[], unit: string, digits = 1) => xs.map((v) => `${v.toFixed(digits)}${unit}`);
    console.log(row('mean frame rate during a pan', ...fmt(fps((p) => p.meanFps, 'min'), ' fps'), '', 'smooth: near the idle rate'));
    console.log(row('worst 1 s window during a pan', ...fmt(fps((p) => p.worstWindowFps, 'min'), ' fps')));
    console.log(row('longest frame during a pan', ...fmt(fps((p) => p.longestFrameMs, 'max'), ' ms', 0)));
    console.log(row('frames over 50 ms per pan', ...fmt(fps((p) => p.framesOver50ms, 'max'), '', 0)));
    console.log(row('long animation frames per pan', ...fmt(fps((p) => p.longAnimationFrames, 'max'), '', 0)));
    console.log(row('cluster results drawn per pan', ...fmt(fps((p) => p.drawn, 'min'), '', 0)));
    console.log(row('pan duration (mouse-down to mouse-up)', ...fmt(fps((p) => p.durationMs / 1000, 'max'), ' s')));
    console.log(row('cluster markers on the map after a pan', ...fmt(fps((p) => p.markers, 'max'), '', 0)));
    console.log('');
    console.log(`runs (ms): cold ${cold.map(Math.round).join(', ')}; cached ${warm.map(Math.round).join(', ')}; filter ${filter.map(Math.round).join(', ')} (after the answer: ${changes.map((c) => (c.afterAnswer === null ? 'held' : Math.round(c.afterAnswer))).join(', ')})`);
    console.log(`pans (mean fps / worst 1 s / longest frame ms): ${pans.map((p) => `${p.meanFps.toFixed(1)}/${p.worstWindowFps.toFixed(0)}/${Math.round(p.longestFrameMs)}`).join(', ')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    await database?.drop();
  }
}

/** An empty database beside the one `base` names, for the server to migrate and seed. */
async function freshDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lantern_benchmap_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
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

/**
 * From choosing an hour window ("" for any time) to the map drawn with it, ms (`total`),
 * and the part of that after the clusters request's answer arrived (`afterAnswer`: the
 * client's own work, which the issue's 300 ms goal is about), or null when no request was
 * made (an answer the client held).
 */
async function timeFilterChange(page: Page, startHour: string): Promise<{ total: number; afterAnswer: number | null }> {
  const before = await page.evaluate((name) => performance.getEntriesByName(name).length, DRAWN_MARK);
  const t0 = await page.evaluate((value) => {
    performance.clearResourceTimings();
    const select = document.getElementById('hours-start') as HTMLSelectElement;
    const t = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return t;
  }, startHour);
  await drawnMarks(page, before + 1);
  const { drawn, answered } = await page.evaluate((name) => {
    const clusters = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/api/map/clusters') as PerformanceResourceTiming[];
    return { drawn: performance.getEntriesByName(name).at(-1)!.startTime, answered: clusters.at(-1)?.responseEnd ?? null };
  }, DRAWN_MARK);
  return { total: drawn - t0, afterAnswer: answered === null ? null : drawn - answered };
}

/** The frame time playback is set to (its fastest speed), ms. */
const PLAYBACK_STEP_MS = 250;

/**
 * Plays the last 52 weeks of the view week by week at the fastest speed, from Play to the
 * last frame (playback pauses there): the time beyond the frames' own quarter seconds is
 * what fetching and drawing cost a step. Counts the map requests made meanwhile.
 */
async function timePlayback(
  page: Page,
  link: string,
): Promise<{ frames: number; totalMs: number; overheadMsPerFrame: number; requests: Record<string, number>; answeredMs: Record<string, number[]> }> {
  const url = new URL(link, 'http://x');
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const today = new Date();
  url.searchParams.set('from', day(new Date(today.getTime() - 363 * 86_400_000)));
  url.searchParams.set('to', day(today));
  await page.goto(`${url.pathname}${url.search.replaceAll('%2F', '/')}`);
  await drawnMarks(page, 1);
  await page.getByLabel('Speed', { exact: true }).selectOption(String(PLAYBACK_STEP_MS));
  const requests: Record<string, number> = {};
  const answeredMs: Record<string, number[]> = {};
  const count = (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/map/')) requests[path] = (requests[path] ?? 0) + 1;
  };
  const answered = (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/map/')) (answeredMs[path] ??= []).push(r.timing().responseEnd);
  };
  page.on('request', count);
  page.on('requestfinished', answered);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 600_000 });
  const totalMs = Date.now() - t0;
  page.off('request', count);
  page.off('requestfinished', answered);
  const label = await page.getByTestId('playback-frame').innerText();
  const frames = Number(/\((\d+) of (\d+)\)/.exec(label)?.[2] ?? NaN);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  return { frames, totalMs, overheadMsPerFrame: (totalMs - frames * PLAYBACK_STEP_MS) / frames, requests, answeredMs };
}

/** Each drag of a pan: pixels right and down the map moves under the mouse. */
const PAN_DRAGS: [number, number][] = [
  [-420, 0],
  [0, -260],
  [380, 220],
];
/** How long one drag takes, ms. */
const DRAG_MS = 1000;

interface PanResult {
  /** From the first mouse-down to the last mouse-up, ms (the drags' own time, plus a frame at each end and the pauses between). */
  durationMs: number;
  /** HTML cluster markers on the map when the pan ended. */
  markers: number;
  meanFps: number;
  /** Fewest frames in any one second of the pan. */
  worstWindowFps: number;
  longestFrameMs: number;
  framesOver50ms: number;
  /** PerformanceObserver 'long-animation-frame' entries (frames over 50 ms of main-thread work). */
  longAnimationFrames: number;
  /** Cluster results the map drew (and went idle with) while the pan was under way: few, as each drag starts 60 ms after the last ended. */
  drawn: number;
}

/** Starts counting frames in the page (requestAnimationFrame timestamps and long animation frames). */
async function startFrameCount(page: Page): Promise<void> {
  // tsx names the functions declared below with a helper that exists only in Node.
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { times: number[]; long: number; on: boolean; observer?: PerformanceObserver } };
    const state: typeof w.__frames = { times: [], long: 0, on: true };
    w.__frames = state;
    const tick = (t: number) => {
      if (!state.on) return;
      state.times.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      state.observer = new PerformanceObserver((list) => {
        state.long += list.getEntries().length;
      });
      state.observer.observe({ type: 'long-animation-frame' });
    }
  });
}

/** Stops counting and returns the frame timestamps (ms) and the long animation frames seen. */
async function stopFrameCount(page: Page): Promise<{ times: number[]; long: number }> {
  return page.evaluate(() => {
    const state = (window as unknown as { __frames: { times: number[]; long: number; on: boolean; observer?: PerformanceObserver } }).__frames;
    state.on = false;
    state.observer?.disconnect();
    return { times: state.times, long: state.long };
  });
}

/** Frames per second of the page doing nothing for a second: what headless Chromium allows. */
async function idleFrames(page: Page): Promise<number> {
  await startFrameCount(page);
  await page.waitForTimeout(1000);
  const { times } = await stopFrameCount(page);
  return ((times.length - 1) / (times.at(-1)! - times[0]!)) * 1000;
}

/** A point over the map itself (its canvas), not over a marker or a control, to start a drag from. */
async function dragStart(page: Page, dx: number, dy: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid=map] canvas').first().boundingBox())!;
  const found = await page.evaluate(
    ({ box, dx, dy }) => {
      // Start where the whole drag stays inside the map, nearest its centre first.
      const cx = box.x + box.width / 2 - dx / 2;
      const cy = box.y + box.height / 2 - dy / 2;
      for (let r = 0; r < 200; r += 8) {
        for (let a = 0; a < 16; a++) {
          const x = cx + r * Math.cos((a * Math.PI) / 8);
          const y = cy + r * Math.sin((a * Math.PI) / 8);
          if ((document.elementFromPoint(x, y) as HTMLElement | null)?.tagName === 'CANVAS') return { x, y };
        }
      }
      return null;
    },
    { box, dx, dy },
  );
  if (!found) throw new Error('no free spot on the map canvas to start a drag from');
  return found;
}

/**
 * One scripted pan: the drags of PAN_DRAGS one after another, each over DRAG_MS, with
 * frames counted from the first mouse-down to the last mouse-up. Each drag ends a move,
 * so the map asks for new clusters and draws them while the next drag is under way.
 *
 * The mouse events are made in the page, one per animation frame at the position the
 * clock says the drag has reached (as MapLibre's own drag tests simulate them), rather
 * than with page.mouse: each page.mouse step waits for the browser to take it, so with
 * slow frames a one-second drag took tens of seconds and moved a few pixels a frame.
 */
async function timePan(page: Page, run: number): Promise<PanResult> {
  const viewBefore = new URL(page.url()).searchParams.get('map');
  const drawnBefore = await page.evaluate((name) => performance.getEntriesByName(name).length, DRAWN_MARK);
  await startFrameCount(page);
  for (const [i, [dx0, dy0]] of PAN_DRAGS.entries()) {
    // Alternate runs pan the other way, so the view wanders about the town rather than off it.
    const [dx, dy] = run % 2 ? [-dx0, -dy0] : [dx0, dy0];
    const from = await dragStart(page, dx, dy);
    await page.evaluate(
      ({ x, y, dx, dy, ms }) =>
        new Promise<void>((done) => {
          const target = document.elementFromPoint(x, y)!;
          const event = (type: string, cx: number, cy: number, buttons: number) =>
            target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: cx, clientY: cy, button: 0, buttons }));
          event('mousedown', x, y, 1);
          const t0 = performance.now();
          const step = () => {
            const f = Math.min(1, (performance.now() - t0) / ms);
            event('mousemove', x + dx * f, y + dy * f, 1);
            if (f < 1) return void requestAnimationFrame(step);
            event('mouseup', x + dx, y + dy, 0);
            done();
          };
          requestAnimationFrame(step);
        }),
      { ...from, dx, dy, ms: DRAG_MS },
    );
    if (i < PAN_DRAGS.length - 1) await page.waitForTimeout(60);
  }
  const { times, long } = await stopFrameCount(page);
  const drawn = (await page.evaluate((name) => performance.getEntriesByName(name).length, DRAWN_MARK)) - drawnBefore;
  const markers = await page.locator('[data-testid=map] .maplibregl-marker').count();
  // Let the last move's clusters arrive before the next pan starts.
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.state === 'ready', undefined, { timeout: 60_000 });
  // The link mirrors the map's position: if it has not moved, the drags did not pan and the frames mean nothing.
  await page.waitForFunction((before) => new URLSearchParams(location.search).get('map') !== before, viewBefore, { timeout: 10_000 }).catch(() => {
    throw new Error(`the map did not move during pan ${run + 1} (still at ${viewBefore})`);
  });
  return { ...frameStats(times), longAnimationFrames: long, drawn, markers };
}

/** Mean rate, the worst one-second window, and the longest frames of rAF timestamps (ms). */
function frameStats(times: number[]): Omit<PanResult, 'longAnimationFrames' | 'drawn' | 'markers'> {
  const span = times.at(-1)! - times[0]!;
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  let worst = Infinity;
  // Every window of one second that starts at a frame and ends inside the pan.
  for (let i = 0, j = 0; i < times.length && times[i]! + 1000 <= times.at(-1)!; i++) {
    while (j < times.length && times[j]! < times[i]! + 1000) j++;
    worst = Math.min(worst, j - i);
  }
  return {
    durationMs: span,
    meanFps: ((times.length - 1) / span) * 1000,
    worstWindowFps: Number.isFinite(worst) ? worst : ((times.length - 1) / span) * 1000,
    longestFrameMs: Math.max(...gaps),
    framesOver50ms: gaps.filter((g) => g > 50).length,
  };
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
