/**
 * Load and soak against a real server on loopback (never any other address).
 *
 *   npm run bench:load                                  # 64 connections × 30 s, then a 5-minute soak
 *   npm run bench:load -- --seconds 10 --soak 60 --connections 32
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
 *   BENCH_DATABASE_URL=… BENCH_REPLICA_URL=postgres://postgres@127.0.0.1:5433/postgres npm run bench:load
 *
 * Starts the server on the embedded database with the 30,000-sighting demo town (or,
 * with BENCH_DATABASE_URL, on a fresh PostgreSQL database created beside that one and
 * dropped afterwards; with BENCH_REPLICA_URL, a streaming replica of that cluster from
 * scripts/pg-replica.sh, the server also reads from the same database there:
 * LANTERN_READ_DATABASE_URLS),
 * signs in as the demo analyst, and mixes map reads (clusters, heat, timeline at
 * random views and filters) with writes (one request in ten creates a sighting).
 * Prints throughput, latency percentiles and errors, then samples the server's RSS
 * every 10 s during the soak and prints the trend.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { Client } from '../test/chaos/client.js';
import { childEnv, freePort, startServer } from '../test/chaos/process.js';
import { machine } from './support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, soak: { type: 'string' }, connections: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 30);
const SOAK = Number(values.soak ?? 300);
const CONNECTIONS = Number(values.connections ?? 64);

let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

function randomRead(): string {
  const zoom = pick([10, 12, 13, 14, 15, 16]);
  const span = 0.6 / 2 ** (zoom - 10);
  const lon = -2.55 + rnd() * 0.2;
  const lat = 53.53 + rnd() * 0.1;
  const bbox = [lon, lat, lon + span, lat + span / 1.7].map((v) => v.toFixed(4)).join(',');
  const filter = pick(['', '&hours=22-2', '&days=fri,sat', '&category=adult_loitering,party_address', '&from=2026-06-01&to=2026-09-30']);
  return pick([`/api/map/clusters?bbox=${bbox}&zoom=${zoom}${filter}`, `/api/map/heat?bbox=${bbox}&zoom=${zoom}${filter}`, `/api/map/timeline?bbox=${bbox}${filter}`]);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

async function main() {
  console.log(machine());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-load-'));
  const pg = process.env.BENCH_DATABASE_URL ? await freshDatabase(process.env.BENCH_DATABASE_URL) : undefined;
  const replica = pg && process.env.BENCH_REPLICA_URL ? sameDatabaseOn(process.env.BENCH_REPLICA_URL, pg.url) : undefined;
  console.log(`database: ${pg ? 'PostgreSQL+PostGIS (fresh database)' : 'embedded PGlite'}${replica ? `, reads also from the replica at ${new URL(replica).host}` : ''}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer(
    childEnv({ PORT: String(port), LANTERN_DATA_DIR: dataDir, LANTERN_DEMO_SIGHTINGS: '30000', ...(pg ? { DATABASE_URL: pg.url, LANTERN_DEMO: '1' } : {}), ...(replica ? { LANTERN_READ_DATABASE_URLS: replica } : {}) }),
    url,
    300_000,
  );
  try {
    const [, username, password] = fs.readFileSync(path.join(dataDir, 'demo-credentials.txt'), 'utf8').split('\n').find((l) => l.startsWith('analyst '))!.split(' ');
    const client = new Client(url);
    await client.signIn(username!, password!, 'Load test of the demo town');
    const common = client.authHeaders;
    const write = JSON.stringify({ observedAt: '2026-07-01T21:00:00Z', lat: 53.58, lon: -2.43, category: 'other', sourceAgency: 'police', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', narrative: 'Synthetic load-test record' });

    /** Why requests failed without an HTTP status (timeouts, resets), by error code. */
    const failures = new Map<string, number>();
    const run = (seconds: number) => {
      failures.clear();
      const instance = autocannon({
        url,
        connections: CONNECTIONS,
        duration: seconds,
        headers: common,
        requests: [
          {
            setupRequest: (req) =>
              rnd() < 0.1
                ? { ...req, method: 'POST', path: '/api/sightings', headers: { ...common, 'content-type': 'application/json' }, body: write }
                : { ...req, method: 'GET', path: randomRead() },
          },
        ],
      });
      // The returned promise is also the run's event emitter (autocannon's own design).
      (instance as unknown as EventEmitter).on('reqError', (err: NodeJS.ErrnoException) => failures.set(err.code ?? err.message, (failures.get(err.code ?? err.message) ?? 0) + 1));
      return instance;
    };
    const why = () => (failures.size ? ` (${[...failures].map(([k, n]) => `${k} ${n}`).join(', ')})` : '');

    const r = await run(SECONDS);
    console.log(`\nload: ${CONNECTIONS} connections for ${SECONDS} s, 10 % writes`);
    console.log(`  requests ${r.requests.total}, ${r.requests.average.toFixed(0)} req/s`);
    console.log(`  latency ms: p50 ${r.latency.p50}, p90 ${r.latency.p90}, p99 ${r.latency.p99}, max ${r.latency.max}`);
    console.log(`  errors ${r.errors}${why()}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`);

    if (replica) await printReadSplit(url, dataDir);

    if (SOAK > 0) {
      const t0 = Date.now();
      const xs: number[] = [];
      const ys: number[] = [];
      const sampler = setInterval(() => {
        xs.push((Date.now() - t0) / 1000);
        ys.push(rssMb(server.child.pid!));
      }, 10_000);
      const soak = await run(SOAK);
      clearInterval(sampler);
      console.log(`\nsoak: ${SOAK} s, ${soak.requests.total} requests, errors ${soak.errors}${why()}, timeouts ${soak.timeouts}, non-2xx ${soak.non2xx}, p99 ${soak.latency.p99} ms`);
      console.log(`  server RSS MB every 10 s: ${ys.join(' ')}`);
      if (xs.length > 2) {
        const perMin = slope(xs, ys) * 60;
        const half = Math.floor(ys.length / 2);
        const firstHalf = ys.slice(0, half).reduce((a, b) => a + b, 0) / half;
        const secondHalf = ys.slice(half).reduce((a, b) => a + b, 0) / (ys.length - half);
        console.log(`  trend ${perMin.toFixed(1)} MB/min; mean first half ${firstHalf.toFixed(0)} MB, second half ${secondHalf.toFixed(0)} MB`);
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pg?.dispose();
  }
}

/** `replicaUrl` (a replica's server) naming the database `primaryUrl` names. */
function sameDatabaseOn(replicaUrl: string, primaryUrl: string): string {
  const u = new URL(replicaUrl);
  u.pathname = new URL(primaryUrl).pathname;
  return u.toString();
}

/** Where the data reads ran, from the server's /metrics (as the demo administrator), and the replica's state. */
async function printReadSplit(url: string, dataDir: string): Promise<void> {
  const [, username, password] = fs.readFileSync(path.join(dataDir, 'demo-credentials.txt'), 'utf8').split('\n').find((l) => l.startsWith('admin '))!.split(' ');
  const admin = new Client(url);
  await admin.signIn(username!, password!, 'Load test: where reads ran');
  const metrics = await (await fetch(`${url}/metrics`, { headers: admin.authHeaders })).text();
  const reads = metrics.split('\n').filter((l) => l.startsWith('lantern_db_reads_total{'));
  const health = (await (await fetch(`${url}/healthz`)).json()) as { replicas?: unknown };
  console.log(`  data reads by where they ran: ${reads.map((l) => l.replace('lantern_db_reads_total', '')).join(', ')}`);
  console.log(`  replica: ${JSON.stringify(health.replicas)}`);
}

/** A new database with PostGIS beside the one `url` names; `dispose` drops it. */
async function freshDatabase(url: string): Promise<{ url: string; dispose: () => Promise<void> }> {
  const name = `lantern_load_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = knexFactory({ client: 'pg', connection: u.toString(), pool: { min: 0, max: 1 } });
  await db.raw('create extension if not exists postgis; create extension if not exists pg_trgm');
  await db.destroy();
  return {
    url: u.toString(),
    dispose: async () => {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
