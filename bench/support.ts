import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { openDb, type Db, type DbKind } from '../server/db/index.js';
import { migrate } from '../server/migrate.js';
import { OUTLINE } from '../seeds/demo/town.js';

/** Shared pieces of the benchmark scripts: the machine line, child processes, fresh databases. */

export function machine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** The machine as data, for results saved as JSON: cores, memory, Node, load. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    host: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    loadAverage: os.loadavg(),
  };
}

/** BENCH_DATABASE_URL, for the scripts that run on PostgreSQL only. */
export function benchDatabaseUrl(): string {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL+PostGIS server this script may create databases on');
  return url;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Median milliseconds of `runs` calls of `f`, after `warmups` calls that are not timed. */
export async function medianMs(runs: number, f: () => unknown, warmups = 1): Promise<number> {
  for (let i = 0; i < warmups; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  const bad = sizes.find((n) => !Number.isInteger(n) || n < 0);
  if (bad !== undefined || sizes.length === 0) throw new Error(`--sizes must be whole numbers separated by commas, got "${text}"`);
  return sizes;
}

/** Runs the calling script again as `--child <database> --size <n>` and returns the result it sends. */
export function runInChild<R>(scriptUrl: string, database: DbKind, n: number): Promise<R> {
  return new Promise((resolve, reject) => {
    // The child inherits tsx's loader through execArgv.
    const child = fork(fileURLToPath(scriptUrl), ['--child', database, '--size', String(n)], { stdio: 'inherit' });
    let result: R | undefined;
    child.on('message', (m) => (result = m as R));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${database} ${n}: child exited with ${code}`))));
  });
}

/** Peak RSS of this process in MB (maxRSS is in kilobytes on Linux and macOS). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export interface Target {
  db: Db;
  dispose(): Promise<void>;
}

export async function freshPglite(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'));
  const db = await openDb({ dataDir: dir });
  await migrate(db);
  return {
    db,
    dispose: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database beside the one the URL names, dropped again afterwards. */
export async function freshPostgres(url: string): Promise<Target> {
  const name = `lantern_bench_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`create database ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await openDb({ databaseUrl: u.toString(), dataDir: null, statementTimeoutMs: 0 });
    await migrate(db);
    return {
      db,
      dispose: async () => {
        await db.close();
        await admin.raw(`drop database if exists ${name}`);
        await admin.destroy();
      },
    };
  } catch (err) {
    await admin.raw(`drop database if exists ${name}`).catch(() => {});
    await admin.destroy();
    throw err;
  }
}


/** The end of the seeded history (24 months before it) for bench and bench:explain, fixed so every run loads the same rows. */
export const HISTORY_END = new Date('2026-11-28T12:00:00Z');
/** The demo town's seed in bench and bench:explain (as bench:seed uses). */
export const TOWN_SEED = 1;
/** The view bench and bench:explain request: a laptop browser window, in CSS pixels. */
export const VIEWPORT = { width: 1366, height: 768 };

/**
 * The bbox (w, s, e, n; WGS84) of a VIEWPORT-sized map view centred on (lon, lat) at a
 * zoom, with 256-px tiles in Web Mercator.
 *
 * @example viewBBox(-2.4295, 53.5779, 16) // about 1.2 km × 0.7 km round Bolton's centre
 */
export function viewBBox(lon: number, lat: number, zoom: number): [number, number, number, number] {
  const degPerPx = 360 / (256 * 2 ** zoom);
  const halfW = (VIEWPORT.width / 2) * degPerPx;
  const halfH = (VIEWPORT.height / 2) * degPerPx;
  // Mercator y in degrees, so that the pixel span converts back to latitude exactly.
  const y = (l: number) => (Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360)) * 180) / Math.PI;
  const latOf = (yy: number) => (Math.atan(Math.exp((yy * Math.PI) / 180)) * 360) / Math.PI - 90;
  const yc = y(lat);
  return [lon - halfW, latOf(yc - halfH), lon + halfW, latOf(yc + halfH)];
}

/** The demo town's extent, w, s, e, n (WGS84): the wards tile its outline, so this is the wards' extent too. */
export const TOWN_BBOX: [number, number, number, number] = [
  Math.min(...OUTLINE.map((p) => p[0])),
  Math.min(...OUTLINE.map((p) => p[1])),
  Math.max(...OUTLINE.map((p) => p[0])),
  Math.max(...OUTLINE.map((p) => p[1])),
];
