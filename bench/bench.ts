/**
 * The map endpoints at force scale, side by side with the bare SQL that selects the
 * same points (the floor), on PGlite and PostgreSQL+PostGIS.
 *
 *   npm run bench                                              # 100k and 1M, both databases, 20 samples
 *   npm run bench -- --sizes 10000 --databases pglite --samples 5
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- --plans
 *
 * For each database and size: a child process loads the synthetic demo town with that
 * many sightings (seedDemo, as `npm run cli -- seed demo --sightings N` does, with a fixed
 * `now` and seed so every run loads the same rows) into a fresh database (a temporary
 * PGlite directory, or a PostgreSQL database created beside BENCH_DATABASE_URL's and
 * dropped afterwards). A second child process opens that database, builds the real app
 * with createApp and listens on 127.0.0.1; this process signs in as an analyst (and a
 * planner, the restricted role) and drives it over HTTP, one request at a time, with
 * `Accept-Encoding: gzip` as a browser sends it.
 *
 * Requests, as the client makes them (client/src/map/api.ts, MapPage.tsx, hotspots/api.ts):
 * - clusters and heat: the bbox of a 1366 × 768 px view at zooms 8, 10, 12, 14 and 16,
 *   centred at random over the town (half uniformly over its extent, half near one of
 *   its settlements), with a random time window (7 days to 2 years) and a random filter;
 * - timeline: the filter without a time window or bbox (the client asks for the whole
 *   history under the other filters, so the user can choose a window from it);
 * - hot spots: the town's extent (the wards' extent, the client's default study area),
 *   250 m cells, the time window and filter.
 * Every random choice comes from a seeded generator (--seed), so runs are comparable.
 *
 * Times are wall-clock milliseconds per request measured by this process on loopback:
 * from sending the request to the last byte of the (compressed) answer. That is the
 * server's time plus a loopback round trip, well under a millisecond. The floor is
 * `select ST_X(geom), ST_Y(geom) from sightings s where <the same filters>` (the app's own
 * applyFilters, so the predicates are identical), run in the server process and fetched
 * to Node, timed there. Ratio = endpoint ÷ floor at the same percentile. Peak RSS is
 * the server process's after every request has been answered, before the floors run
 * (the floors fetch up to every point and would inflate it). The seed's time and peak
 * RSS are its own process's.
 *
 * Results go to stdout as one table, with issue 9's targets and issue 20's goals (bench/goals.ts,
 * which also reads saved runs), and to docs/benchmarks/<date>-<host>.json (--out).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import { z } from 'zod';
import { openDb, type Db, type DbKind } from '../server/db/index.js';
import { migrate } from '../server/migrate.js';
import { loadConfig } from '../server/config.js';
import { createApp } from '../server/app.js';
import { SYSTEM_ACTOR } from '../server/audit/service.js';
import { createUser } from '../server/users/service.js';
import { applyFilters } from '../server/sightings/repo.js';
import { filterFields, toFilters } from '../server/sightings/filters.js';
import { GROOMING_MODELS, SIGHTING_CATEGORIES, SOURCE_AGENCIES } from '../server/lists.js';
import { SETTLEMENTS } from '../seeds/demo/town.js';
import { mulberry32 } from '../server/hotspots/knox.js';
import { Client } from '../test/chaos/client.js';
import { goals } from './goals.js';
import { HISTORY_END, TOWN_BBOX, TOWN_SEED, VIEWPORT, machine, machineInfo, parseSizes, viewBBox } from './support.js';

const DEFAULT_SIZES = [100_000, 1_000_000];
const ZOOMS = [8, 10, 12, 14, 16] as const;
const NOW = HISTORY_END;
const ROLES = ['analyst', 'planner'] as const;
type BenchRole = (typeof ROLES)[number];
const ENDPOINTS = ['clusters', 'heat', 'timeline', 'hotspots'] as const;
type Endpoint = (typeof ENDPOINTS)[number];
const PATHS: Record<Endpoint, string> = { clusters: '/api/map/clusters', heat: '/api/map/heat', timeline: '/api/map/timeline', hotspots: '/api/hotspots' };

const TOWN = TOWN_BBOX;

// ---- Requests ------------------------------------------------------------------------------

type Params = Record<string, string>;

/** One request of the run: its endpoint's parameters and the floor's (the same filters, no zoom). */
interface Sample {
  endpoint: Endpoint;
  /** 'town' for hot spots and 'all' for the timeline, which do not depend on the view */
  zoom: number | 'town' | 'all';
  params: Params;
  floor: Params;
  filter: string;
}

const fmtBBox = (b: readonly number[]) => b.map((v) => v.toFixed(5)).join(',');
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** Random views, time windows and filters; the same for every database and size of a run. */
function makeSamples(seed: number, samples: number): Sample[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const window = (): Params => {
    const days = pick([7, 30, 90, 182, 365, 730]);
    const start = NOW.getTime() - 730 * DAY + rand() * (730 - days) * DAY;
    return { from: isoDay(start), to: isoDay(start + (days - 1) * DAY) };
  };
  const filter = (): Params => {
    const cats = () => [pick(SIGHTING_CATEGORIES), pick(SIGHTING_CATEGORIES)].filter((c, i, a) => a.indexOf(c) === i).join(',');
    return pick<() => Params>([
      () => ({}),
      () => ({ hours: '22-4' }),
      () => ({ days: 'fri,sat' }),
      () => ({ category: cats() }),
      () => ({ agency: pick(SOURCE_AGENCIES) }),
      () => ({ model: pick(GROOMING_MODELS) }),
      () => ({ hours: '18-23', days: 'fri,sat,sun', category: pick(SIGHTING_CATEGORIES) }),
    ])();
  };
  const label = (f: Params) => Object.entries(f).map(([k, v]) => `${k}=${v}`).join('&') || 'none';
  const centre = (): [number, number] => {
    if (rand() < 0.5) return [TOWN[0] + rand() * (TOWN[2] - TOWN[0]), TOWN[1] + rand() * (TOWN[3] - TOWN[1])];
    const s = pick(SETTLEMENTS);
    const mPerDegLat = 111_320;
    const mPerDegLon = mPerDegLat * Math.cos((s.centre[1] * Math.PI) / 180);
    return [s.centre[0] + (gauss() * s.sdM) / mPerDegLon, s.centre[1] + (gauss() * s.sdM) / mPerDegLat];
  };

  const out: Sample[] = [];
  for (const zoom of ZOOMS) {
    for (let i = 0; i < samples; i++) {
      const [lon, lat] = centre();
      const f = filter();
      const w = window();
      const bbox = fmtBBox(viewBBox(lon, lat, zoom));
      const floor = { ...f, ...w, bbox };
      for (const endpoint of ['clusters', 'heat'] as const) out.push({ endpoint, zoom, params: { ...f, ...w, bbox, zoom: String(zoom) }, floor, filter: label(f) });
    }
  }
  for (let i = 0; i < samples; i++) {
    const f = filter();
    out.push({ endpoint: 'timeline', zoom: 'all', params: { ...f, interval: 'auto' }, floor: f, filter: label(f) });
  }
  for (let i = 0; i < samples; i++) {
    const f = filter();
    const w = window();
    const bbox = fmtBBox(TOWN);
    out.push({ endpoint: 'hotspots', zoom: 'town', params: { ...f, ...w, bbox, cellSize: '250' }, floor: { ...f, ...w, bbox }, filter: label(f) });
  }
  return out;
}

const query = (p: Params) => new URLSearchParams(p).toString();

interface Answer {
  status: number;
  ms: number;
  /** body bytes as sent (gzip when the server compressed it) */
  wireBytes: number;
  /** body bytes once decoded */
  rawBytes: number;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET over loopback, timed from sending to the last byte received. */
function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.get(url, { agent, headers: { ...headers, 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const ms = performance.now() - t;
        const wire = Buffer.concat(chunks);
        const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, ms, wireBytes: wire.length, rawBytes: body.length, body });
      });
    });
    req.on('error', reject);
  });
}

/** How many features (or timeline buckets) an answer holds. */
function featuresOf(body: Buffer): number | null {
  try {
    const j = JSON.parse(body.toString('utf8')) as { features?: unknown[]; buckets?: unknown[] };
    return (j.features ?? j.buckets)?.length ?? null;
  } catch {
    return null;
  }
}

// ---- Statistics ------------------------------------------------------------------------------

/** Nearest-rank percentile (p in 0–1) of the values; null when there are none. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

// ---- Child processes ------------------------------------------------------------------------

type ToServer = { op: 'floor'; id: number; params: Params } | { op: 'rss'; id: number } | { op: 'plans'; id: number; label: string } | { op: 'stop'; id: number };
type FromServer =
  | { op: 'ready'; port: number; users: Record<BenchRole, { username: string; password: string }>; rssMb: number }
  | { op: 'floor'; id: number; ms: number; rows: number; sql: string }
  | { op: 'rss'; id: number; peakRssMb: number; rssMb: number }
  | { op: 'plans'; id: number; markdown: string }
  | { op: 'stop'; id: number }
  | { op: 'error'; id: number; message: string };

interface SeedResult {
  seconds: number;
  peakRssMb: number;
  counts: { areas: number; premises: number; vehicles: number; sightings: number };
}

/** What a child process opens: a PGlite data directory or a PostgreSQL URL. */
interface Location {
  database: DbKind;
  dataDir?: string;
  url?: string;
}

const peakRss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rssNow = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function open(loc: Location, statementTimeoutMs: number): Promise<Db> {
  return loc.database === 'pglite' ? openDb({ dataDir: loc.dataDir! }) : openDb({ databaseUrl: loc.url!, dataDir: null, statementTimeoutMs });
}

async function seedChild(loc: Location, n: number): Promise<SeedResult> {
  const db = await open(loc, 0);
  try {
    await migrate(db);
    // Imported here, not at the top: the server process has no use for the seed code.
    const { seedDemo } = await import('../seeds/demo/index.js');
    const t = performance.now();
    const counts = await seedDemo(db, { sightings: n, now: NOW, seed: TOWN_SEED });
    return { seconds: (performance.now() - t) / 1000, peakRssMb: peakRss(), counts };
  } finally {
    await db.close();
  }
}

async function serveChild(loc: Location): Promise<void> {
  const config = loadConfig({
    LANTERN_DATA_DIR: loc.dataDir ?? '/nonexistent-lantern-bench',
    DATABASE_URL: loc.url,
    HOST: '127.0.0.1',
    PORT: '0',
    LANTERN_LOGIN_RATE_LIMIT: '100000',
  });
  const db = await open(loc, config.statementTimeoutMs);
  await migrate(db);
  const users = {} as Record<BenchRole, { username: string; password: string }>;
  for (const role of ROLES) {
    const u = { username: `bench-${role}-${process.pid}`, password: `bench-${role}-${Math.random().toString(36).slice(2)}-pw` };
    await createUser(db, SYSTEM_ACTOR, { ...u, displayName: `Benchmark ${role}`, role });
    users[role] = u;
  }
  const app = createApp({ db, config, log: () => {}, clientDir: '/nonexistent' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const floorSchema = z.strictObject(filterFields(config.timeZone));
  const send = (m: FromServer) => process.send!(m);

  process.on('message', async (m: ToServer) => {
    try {
      if (m.op === 'floor') {
        const f = toFilters(floorSchema.parse(m.params));
        const q = applyFilters(db.knex({ s: 'sightings' }).select(db.knex.raw('ST_X(s.geom) as x, ST_Y(s.geom) as y')), f, config.timeZone, 'all', { includeDisposed: true });
        const t = performance.now();
        const rows = (await q) as unknown[];
        send({ op: 'floor', id: m.id, ms: performance.now() - t, rows: rows.length, sql: q.toSQL().sql });
      } else if (m.op === 'rss') {
        send({ op: 'rss', id: m.id, peakRssMb: peakRss(), rssMb: rssNow() });
      } else if (m.op === 'plans') {
        const { capturePlans, plansMarkdown } = await import('./explain.js');
        send({ op: 'plans', id: m.id, markdown: plansMarkdown(m.label, await capturePlans(db, config, NOW)) });
      } else {
        await new Promise((resolve) => server.close(resolve));
        await db.close();
        process.send!({ op: 'stop', id: m.id } satisfies FromServer, () => process.disconnect());
      }
    } catch (err) {
      send({ op: 'error', id: m.id, message: (err as Error).stack ?? String(err) });
    }
  });
  send({ op: 'ready', port: (server.address() as AddressInfo).port, users, rssMb: rssNow() });
}

function forkSelf(args: string[]): ChildProcess {
  // The child inherits tsx's loader through execArgv.
  return fork(fileURLToPath(import.meta.url), args, { stdio: 'inherit' });
}

/** Runs the seed in its own process, so that its peak RSS is its own. */
function runSeed(loc: Location, n: number): Promise<SeedResult> {
  return new Promise((resolve, reject) => {
    const child = forkSelf(['--child', 'seed', '--location', JSON.stringify(loc), '--size', String(n)]);
    let result: SeedResult | undefined;
    child.on('message', (m) => (result = m as SeedResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`seeding ${loc.database} with ${n}: child exited with ${code}`))));
  });
}

/** The server process: started, asked for floors, RSS and plans, then stopped. */
class ServerChild {
  private next = 1;
  private waiting = new Map<number, { resolve: (m: FromServer) => void; reject: (e: Error) => void }>();
  private constructor(private child: ChildProcess, readonly ready: Extract<FromServer, { op: 'ready' }>) {
    child.on('message', (m: FromServer) => {
      if (m.op === 'ready') return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.op === 'error') w?.reject(new Error(`server process: ${m.message}`));
      else w?.resolve(m);
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`server process exited with ${code}`));
      this.waiting.clear();
    });
  }

  static start(loc: Location): Promise<ServerChild> {
    return new Promise((resolve, reject) => {
      const child = forkSelf(['--child', 'serve', '--location', JSON.stringify(loc)]);
      const onExit = (code: number | null) => reject(new Error(`server process exited with ${code} before it was ready`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.once('message', (m: FromServer) => {
        child.off('exit', onExit);
        if (m.op === 'ready') resolve(new ServerChild(child, m));
        else reject(new Error(`server process: ${JSON.stringify(m)}`));
      });
    });
  }

  ask<K extends ToServer['op']>(m: Omit<Extract<ToServer, { op: K }>, 'id'>): Promise<Extract<FromServer, { op: K }>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (m: FromServer) => void, reject });
      this.child.send({ ...m, id });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.ask<'stop'>({ op: 'stop' }).catch(() => this.child.kill());
    await exited;
  }
}

// ---- Databases ------------------------------------------------------------------------------

interface Prepared {
  loc: Location;
  drop(): Promise<void>;
}

async function prepare(database: DbKind, pgUrl: string | undefined): Promise<Prepared> {
  if (database === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'));
    return { loc: { database, dataDir: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `lantern_bench_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: pgUrl!, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const u = new URL(pgUrl!);
  u.pathname = `/${name}`;
  return {
    loc: { database, url: u.toString() },
    drop: async () => {
      try {
        await admin.raw(`drop database if exists ${name}`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

// ---- The run ------------------------------------------------------------------------------

interface Timing {
  endpoint: Endpoint;
  role: BenchRole;
  zoom: Sample['zoom'];
  filter: string;
  status: number;
  ms: number;
  wireBytes: number;
  rawBytes: number;
  features: number | null;
  error?: string;
}

interface Row {
  role: BenchRole;
  endpoint: Endpoint;
  zoom: Sample['zoom'];
  n: number;
  errors: number;
  statuses: Record<string, number>;
  ms: { p50: number | null; p95: number | null; max: number | null };
  floor: { n: number; p50: number | null; p95: number | null; rowsP50: number | null; rowsMax: number | null };
  ratio: { p50: number | null; p95: number | null };
  bytes: { wireP50: number | null; rawP50: number | null; wireMax: number | null; rawMax: number | null };
  featuresP50: number | null;
}

interface Group {
  database: DbKind;
  sightings: number;
  seed: SeedResult;
  server: { startRssMb: number; peakRssMb: number; rssAfterMb: number };
  rows: Row[];
  /** every request, for comparing runs in detail */
  timings: Timing[];
  floors: { zoom: Sample['zoom']; endpoint: Endpoint; ms: number; rows: number }[];
  floorSql: string[];
  minutes: number;
  /** 1-minute load average when the group started and ended: the machine may be shared */
  load: [number, number];
}

interface Options {
  sizes: number[];
  databases: DbKind[];
  samples: number;
  roles: BenchRole[];
  seed: number;
  /** after this many seconds on one row (endpoint × zoom × role), stop sampling it (at least 3 samples) */
  budgetS: number;
  plans: boolean;
}

const MIN_SAMPLES = 3;
const log = (msg: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${msg}`);

async function runGroup(database: DbKind, n: number, o: Options, pgUrl: string | undefined, samples: Sample[]): Promise<Group> {
  const started = performance.now();
  const loadStart = os.loadavg()[0]!;
  const prepared = await prepare(database, pgUrl);
  try {
    log(`${database} ${n}: seeding`);
    const seed = await runSeed(prepared.loc, n);
    log(`${database} ${n}: seeded in ${seed.seconds.toFixed(1)} s; starting the server`);
    const server = await ServerChild.start(prepared.loc);
    try {
      const base = `http://127.0.0.1:${server.ready.port}`;
      const timings: Timing[] = [];
      const spent = new Map<string, { ms: number; n: number }>();
      const key = (role: string, s: Sample) => `${role} ${s.endpoint} ${s.zoom}`;

      for (const role of o.roles) {
        const client = new Client(base);
        const u = server.ready.users[role];
        await client.signIn(u.username, u.password, 'Benchmark of the map endpoints (synthetic data)');
        const headers = client.authHeaders;
        // Warm-up, not recorded: the first of each kind of request plans and caches.
        for (const endpoint of ENDPOINTS) {
          for (const s of samples.filter((x) => x.endpoint === endpoint && (x.zoom === 12 || typeof x.zoom === 'string')).slice(0, 2)) {
            await get(`${base}${PATHS[s.endpoint]}?${query(s.params)}`, headers);
          }
        }
        log(`${database} ${n} ${role}: ${samples.length} requests`);
        for (const s of samples) {
          const k = key(role, s);
          const sp = spent.get(k) ?? { ms: 0, n: 0 };
          if (sp.n >= MIN_SAMPLES && sp.ms > o.budgetS * 1000) continue;
          const a = await get(`${base}${PATHS[s.endpoint]}?${query(s.params)}`, headers);
          spent.set(k, { ms: sp.ms + a.ms, n: sp.n + 1 });
          const t: Timing = { endpoint: s.endpoint, role, zoom: s.zoom, filter: s.filter, status: a.status, ms: a.ms, wireBytes: a.wireBytes, rawBytes: a.rawBytes, features: a.status === 200 ? featuresOf(a.body) : null };
          if (a.status !== 200) t.error = a.body.toString('utf8').slice(0, 300);
          timings.push(t);
        }
      }
      const rss = await server.ask<'rss'>({ op: 'rss' });
      log(`${database} ${n}: server peak RSS ${rss.peakRssMb} MB; floors`);

      // Floors: once per distinct set of points (clusters and heat share theirs).
      const floors: Group['floors'] = [];
      const floorSql = new Set<string>();
      const floorSpent = new Map<string, { ms: number; n: number }>();
      const distinct = samples.filter((s) => s.endpoint !== 'heat');
      for (const s of distinct.filter((x) => x.zoom === 12).slice(0, 2)) await server.ask<'floor'>({ op: 'floor', params: s.floor });
      for (const s of distinct) {
        const k = `${s.endpoint} ${s.zoom}`;
        const sp = floorSpent.get(k) ?? { ms: 0, n: 0 };
        if (sp.n >= MIN_SAMPLES && sp.ms > o.budgetS * 1000) continue;
        const f = await server.ask<'floor'>({ op: 'floor', params: s.floor });
        floorSpent.set(k, { ms: sp.ms + f.ms, n: sp.n + 1 });
        floorSql.add(f.sql);
        floors.push({ zoom: s.zoom, endpoint: s.endpoint, ms: f.ms, rows: f.rows });
        // clusters and heat select the same points
        if (s.endpoint === 'clusters') floors.push({ zoom: s.zoom, endpoint: 'heat', ms: f.ms, rows: f.rows });
      }

      if (o.plans) {
        log(`${database} ${n}: EXPLAIN (ANALYZE, BUFFERS)`);
        const label = `${database}, ${n.toLocaleString('en-GB')} sightings`;
        const { markdown } = await server.ask<'plans'>({ op: 'plans', label });
        const file = path.join('docs', 'plans', `${database}-${n}.md`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${markdown}\nCommand: \`${commandLine()}\` (bench.ts --plans), ${new Date().toISOString()}.\n`);
        log(`${database} ${n}: plans written to ${file}`);
      }
      const after = await server.ask<'rss'>({ op: 'rss' });
      const rows = summarise(o.roles, timings, floors);
      return {
        database,
        sightings: n,
        seed,
        server: { startRssMb: server.ready.rssMb, peakRssMb: rss.peakRssMb, rssAfterMb: after.rssMb },
        rows,
        timings,
        floors,
        floorSql: [...floorSql].slice(0, 5),
        minutes: (performance.now() - started) / 60_000,
        load: [loadStart, os.loadavg()[0]!],
      };
    } finally {
      await server.stop();
    }
  } finally {
    await prepared.drop();
  }
}

function summarise(roles: BenchRole[], timings: Timing[], floors: Group['floors']): Row[] {
  const rows: Row[] = [];
  const zooms: Sample['zoom'][] = [...ZOOMS];
  for (const role of roles) {
    for (const endpoint of ENDPOINTS) {
      for (const zoom of endpoint === 'timeline' ? ['all' as const] : endpoint === 'hotspots' ? ['town' as const] : zooms) {
        const all = timings.filter((t) => t.role === role && t.endpoint === endpoint && t.zoom === zoom);
        const ok = all.filter((t) => t.status === 200);
        const fl = floors.filter((f) => f.endpoint === endpoint && f.zoom === zoom);
        const ms = ok.map((t) => t.ms);
        const fms = fl.map((f) => f.ms);
        const p = (xs: number[], q: number) => round1(percentile(xs, q));
        const statuses: Record<string, number> = {};
        for (const t of all) statuses[t.status] = (statuses[t.status] ?? 0) + 1;
        const ratio = (q: number) => {
          const a = percentile(ms, q);
          const b = percentile(fms, q);
          return a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100;
        };
        rows.push({
          role,
          endpoint,
          zoom,
          n: ok.length,
          errors: all.length - ok.length,
          statuses,
          ms: { p50: p(ms, 0.5), p95: p(ms, 0.95), max: p(ms, 1) },
          floor: { n: fl.length, p50: p(fms, 0.5), p95: p(fms, 0.95), rowsP50: percentile(fl.map((f) => f.rows), 0.5), rowsMax: percentile(fl.map((f) => f.rows), 1) },
          ratio: { p50: ratio(0.5), p95: ratio(0.95) },
          bytes: {
            wireP50: percentile(ok.map((t) => t.wireBytes), 0.5),
            rawP50: percentile(ok.map((t) => t.rawBytes), 0.5),
            wireMax: percentile(ok.map((t) => t.wireBytes), 1),
            rawMax: percentile(ok.map((t) => t.rawBytes), 1),
          },
          featuresP50: percentile(ok.flatMap((t) => (t.features === null ? [] : [t.features])), 0.5),
        });
      }
    }
  }
  return rows;
}

// ---- The table ------------------------------------------------------------------------------

const COLUMNS: [string, number][] = [
  ['database', 8], ['sightings', 9], ['seed s', 6], ['RSS MB', 6], ['load', 9], ['role', 7], ['endpoint', 8], ['zoom', 4], ['n', 3],
  ['p50 ms', 7], ['p95 ms', 7], ['floor p50', 9], ['floor p95', 9], ['p95÷floor', 9], ['floor rows', 10], ['gzip B', 8], ['raw B', 9], ['features', 8], ['not 200', 7],
];

const cell = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '–' : digits ? x.toFixed(digits) : String(Math.round(x)));

export function table(groups: Group[]): string {
  const line = (cells: string[]) => cells.map((c, i) => (i <= 1 || i === 5 || i === 6 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join(' ');
  const out = [line(COLUMNS.map(([h]) => h)), line(COLUMNS.map(([, w]) => '-'.repeat(w)))];
  for (const g of groups) {
    g.rows.forEach((r, i) => {
      out.push(
        line([
          i === 0 ? g.database : '',
          i === 0 ? String(g.sightings) : '',
          i === 0 ? g.seed.seconds.toFixed(1) : '',
          i === 0 ? String(g.server.peakRssMb) : '',
          i === 0 ? `${g.load[0].toFixed(1)}/${g.load[1].toFixed(1)}` : '',
          r.role,
          r.endpoint,
          String(r.zoom),
          String(r.n),
          cell(r.ms.p50, 1),
          cell(r.ms.p95, 1),
          cell(r.floor.p50, 1),
          cell(r.floor.p95, 1),
          cell(r.ratio.p95, 2),
          cell(r.floor.rowsP50),
          cell(r.bytes.wireP50),
          cell(r.bytes.rawP50),
          cell(r.featuresP50),
          String(r.errors),
        ]),
      );
    });
  }
  return out.join('\n');
}

/**
 * The issue's targets (analyst rows, 1M sightings), each with the figure measured and
 * whether it is met; only those whose groups were run.
 */
export function targets(groups: Group[]): string[] {
  const out: string[] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const rowsOf = (g: Group, e: Endpoint) => g.rows.filter((r) => r.role === 'analyst' && r.endpoint === e);
  const worst = (rows: Row[], f: (r: Row) => number | null) => rows.reduce<{ v: number; r: Row } | null>((w, r) => {
    const v = f(r);
    return v !== null && (!w || v > w.v) ? { v, r } : w;
  }, null);
  const pg = groups.find((g) => g.database === 'postgres' && g.sightings === 1_000_000);
  if (pg) {
    for (const e of ['clusters', 'heat'] as const) {
      const p95 = worst(rowsOf(pg, e), (r) => r.ms.p95);
      const ratio = worst(rowsOf(pg, e), (r) => r.ratio.p95);
      if (p95) out.push(`PostgreSQL 1M ${e} p95 ≤ 150 ms at every zoom: worst ${p95.v.toFixed(1)} ms at zoom ${p95.r.zoom} — ${verdict(p95.v <= 150)}`);
      if (ratio) out.push(`PostgreSQL 1M ${e} p95 within 2× the bare SQL: worst ${ratio.v.toFixed(2)}× at zoom ${ratio.r.zoom} — ${verdict(ratio.v <= 2)}`);
    }
    const tl = rowsOf(pg, 'timeline')[0]?.ms.p95;
    if (tl != null) out.push(`PostgreSQL 1M timeline p95 ≤ 100 ms: ${tl.toFixed(1)} ms — ${verdict(tl <= 100)}`);
    const hs = rowsOf(pg, 'hotspots')[0]?.ms.p95;
    if (hs != null) out.push(`PostgreSQL 1M hot spots over the town at 250 m ≤ 500 ms (p95): ${hs.toFixed(1)} ms — ${verdict(hs <= 500)}`);
    out.push(`Seeding 1M on PostgreSQL under 60 s: ${pg.seed.seconds.toFixed(1)} s — ${verdict(pg.seed.seconds < 60)}`);
  }
  const lite = groups.find((g) => g.database === 'pglite' && g.sightings === 1_000_000);
  if (lite) {
    const all = lite.rows.filter((r) => r.role === 'analyst');
    const w = worst(all, (r) => r.ms.p95);
    const over = all.filter((r) => r.ms.p95 !== null && r.ms.p95 > 500).map((r) => `${r.endpoint}@${r.zoom}`);
    if (w) out.push(`PGlite 1M every map endpoint p95 ≤ 500 ms: worst ${w.v.toFixed(1)} ms (${w.r.endpoint}, zoom ${w.r.zoom}); over 500 ms: ${over.join(', ') || 'none'} — ${verdict(w.v <= 500)}`);
  }
  return out;
}

function commandLine(): string {
  const args = process.argv.slice(2);
  return `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      databases: { type: 'string' },
      samples: { type: 'string' },
      roles: { type: 'string' },
      seed: { type: 'string' },
      budget: { type: 'string' },
      plans: { type: 'boolean' },
      out: { type: 'string' },
      child: { type: 'string' },
      location: { type: 'string' },
      size: { type: 'string' },
    },
  });
  if (values.child === 'seed') {
    const result = await seedChild(JSON.parse(values.location!) as Location, Number(values.size));
    // The IPC channel would keep the child alive: let go of it once the result is sent.
    process.send!(result, () => process.disconnect());
    return;
  }
  if (values.child === 'serve') return serveChild(JSON.parse(values.location!) as Location);

  const pgUrl = process.env.BENCH_DATABASE_URL;
  const databases = (values.databases ?? (pgUrl ? 'pglite,postgres' : 'pglite')).split(',').map((s) => s.trim());
  for (const d of databases) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--databases must list pglite and/or postgres, got "${d}"`);
  if (databases.includes('postgres') && !pgUrl) throw new Error('postgres needs BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres), a role that may create databases');
  const roles = (values.roles ?? 'analyst,planner').split(',').map((s) => s.trim());
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) throw new Error(`--roles must list analyst and/or planner, got "${r}"`);
  const num = (v: string | undefined, d: number, what: string, min: number) => {
    const x = v === undefined ? d : Number(v);
    if (!Number.isFinite(x) || x < min) throw new Error(`--${what} must be a number of at least ${min}, got "${v}"`);
    return x;
  };
  const o: Options = {
    sizes: values.sizes ? parseSizes(values.sizes) : DEFAULT_SIZES,
    databases: databases as DbKind[],
    samples: Math.round(num(values.samples, 20, 'samples', 1)),
    roles: roles as BenchRole[],
    seed: Math.round(num(values.seed, 9, 'seed', 0)),
    budgetS: num(values.budget, 30, 'budget', 1),
    plans: values.plans ?? false,
  };
  const info = machineInfo();
  const startedAt = new Date();
  console.log(machine());
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const samples = makeSamples(o.seed, o.samples);
  const out = values.out ?? path.join('docs', 'benchmarks', `${startedAt.toISOString().slice(0, 10)}-${os.hostname()}.json`);
  const save = (groups: Group[], partial: boolean) => {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const doc = {
      command: commandLine(),
      partial,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { ...info, loadAverageEnd: os.loadavg() },
      options: { ...o, zooms: ZOOMS, viewport: VIEWPORT, historyEnd: NOW.toISOString(), townSeed: TOWN_SEED, town: TOWN },
      notes: [
        'ms are per request, measured by the client on loopback from sending to the last byte',
        'floor = select ST_X(s.geom), ST_Y(s.geom) from sightings s where <applyFilters of the same query>, fetched to Node in the server process',
        'ratio = endpoint percentile / floor percentile',
        'server.peakRssMb = maxRSS of the server process after every request, before the floors ran',
      ],
      groups,
    };
    fs.writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
  };
  const groups: Group[] = [];
  for (const database of o.databases) {
    for (const n of o.sizes) {
      const g = await runGroup(database, n, o, pgUrl, samples);
      groups.push(g);
      // Saved and shown as each group ends, so a long run that fails later keeps what it measured.
      save(groups, true);
      log(`${database} ${n}: done in ${g.minutes.toFixed(1)} min\n${table([g])}`);
    }
  }
  const loadEnd = os.loadavg();
  console.log('');
  console.log(`${commandLine()}  (${startedAt.toISOString()}, seed ${o.seed}, ${o.samples} samples per row, budget ${o.budgetS} s per row)`);
  console.log(machine());
  console.log(`load average at end: ${loadEnd.map((l) => l.toFixed(2)).join(' ')}`);
  console.log('ms: per request, measured by the client on loopback (server time + loopback round trip); floor: the bare SQL selecting the same points, fetched to Node');
  console.log('zoom: clusters and heat per zoom (1366×768 view); timeline over all history (as the client asks); hot spots over the town at 250 m');
  console.log('seed s: seeding time; RSS MB: server process peak RSS; load: 1-minute load average as the group started/ended; n: answers 200 (others under "not 200")');
  console.log('gzip B / raw B: median response body, as sent (gzip) and decoded; features: median features (timeline: buckets); floor rows: median points the floor fetched');
  console.log('');
  console.log(table(groups));
  const t = targets(groups);
  if (t.length) console.log(`\nTargets of issue 9 (analyst rows):\n${t.map((l) => `  ${l}`).join('\n')}`);
  const g = goals(groups);
  if (g.length) console.log(`\nGoals of issue 20 (every role asked):\n${g.map((l) => `  ${l}`).join('\n')}`);

  save(groups, false);
  console.log(`\nresults: ${out}`);
  agent.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
