/**
 * Per-row costs on PostgreSQL+PostGIS, for the estimates in docs/SCALING.md: how the
 * time of a whole-town map request, and of the bare SQL scan under it, grows with the
 * number of sightings, and how many bytes a sighting takes on disk with its indexes.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/per-row-costs.ts
 *   BENCH_DATABASE_URL=… npx tsx bench/per-row-costs.ts --sizes 100000,300000 --runs 7
 *
 * For each size: a fresh database (created and dropped through BENCH_DATABASE_URL),
 * `cli seed demo --sightings N`, one real server process on it, and an analyst who asks
 * for the whole town over all time (the worst case: every row is in the view) at
 * zoom 12: clusters, heat, timeline, and hot spots on 250 m cells. Each is run twice to
 * warm up, then `--runs` times; the median is kept. The two sizes give a straight line
 * per request: fixed milliseconds plus milliseconds per 100 000 sightings.
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { Client } from '../test/chaos/client.js';
import { childEnv, cli, freePort, startServer } from '../test/chaos/process.js';
import { benchDatabaseUrl, machine, medianMs } from './support.js';

const PASSWORD = 'per-row-costs-passphrase';

interface SizeResult {
  sightings: number;
  seedSeconds: number;
  /** Median ms of each request, and of the bare SQL. */
  ms: Record<string, number>;
  bytesPerSighting: { table: number; indexes: number };
}

/** Median milliseconds of `runs` calls, after two warm-ups. */
const timed = (runs: number, f: () => Promise<unknown>) => medianMs(runs, f, 2);

async function one(base: string, n: number, runs: number): Promise<SizeResult> {
  const name = `lantern_rowcost_${process.pid}_${n}`;
  const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-rowcost-'));
  let db: Knex | undefined;
  const port = await freePort();
  const env = childEnv({ PORT: String(port), DATABASE_URL: u.toString(), LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '0', LANTERN_STATEMENT_TIMEOUT_MS: '600000' });
  try {
    const t0 = Date.now();
    const seeded = cli(['seed', 'demo', '--sightings', String(n)], env);
    if (seeded.code !== 0) throw new Error(`seed failed:\n${seeded.out}`);
    const seedSeconds = (Date.now() - t0) / 1000;
    const added = cli(['user', 'add', 'rowcost-analyst', '--role', 'analyst'], env, `${PASSWORD}\n`);
    if (added.code !== 0) throw new Error(added.out);

    db = knexFactory({ client: 'pg', connection: u.toString(), pool: { min: 0, max: 1 } });
    await db.raw('vacuum analyze sightings');
    const ext = (await db.raw('select ST_XMin(e) as w, ST_YMin(e) as s, ST_XMax(e) as e, ST_YMax(e) as n from (select ST_Extent(geom) as e from sightings) x')).rows[0];
    const bbox = [ext.w, ext.s, ext.e, ext.n].map((v: number) => v.toFixed(5)).join(',');
    const span = 'from=2000-01-01&to=2030-01-01';

    const server = await startServer(env, `http://127.0.0.1:${port}`);
    const ms: Record<string, number> = {};
    try {
      const c = new Client(`http://127.0.0.1:${port}`);
      await c.signIn('rowcost-analyst', PASSWORD, 'Benchmark: per-row costs');
      const get = (p: string) => async () => {
        const r = await c.send('GET', p);
        if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      };
      ms['clusters z12'] = await timed(runs, get(`/api/map/clusters?bbox=${bbox}&zoom=12&${span}`));
      ms['heat z12'] = await timed(runs, get(`/api/map/heat?bbox=${bbox}&zoom=12&${span}`));
      ms['timeline'] = await timed(runs, get(`/api/map/timeline?bbox=${bbox}&${span}`));
      ms['hotspots 250 m'] = await timed(Math.min(runs, 5), get(`/api/hotspots?bbox=${bbox}&cellSize=250&${span}`));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // The floor: the rows of the view read and reduced, nothing sent.
    ms['bare SQL scan'] = await timed(runs, () =>
      db!.raw(
        `select count(*), sum(ST_X(geom)), sum(ST_Y(geom)) from sightings
         where deleted_at is null and geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) and observed_at >= '2000-01-01' and observed_at < '2030-01-01'`,
        [ext.w, ext.s, ext.e, ext.n],
      ),
    );
    const sz = (await db.raw(`select pg_table_size('sightings') as t, pg_indexes_size('sightings') as i, (select count(*) from sightings) as n`)).rows[0];
    return {
      sightings: n,
      seedSeconds,
      ms,
      bytesPerSighting: { table: Math.round(Number(sz.t) / Number(sz.n)), indexes: Math.round(Number(sz.i) / Number(sz.n)) },
    };
  } finally {
    await db?.destroy();
    await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, runs: { type: 'string' } } });
  const base = benchDatabaseUrl();
  const sizes = (values.sizes ?? '100000,300000').split(',').map(Number);
  const runs = Number(values.runs ?? 7);
  if (sizes.length !== 2 || sizes.some((n) => !Number.isInteger(n) || n < 1) || sizes[0]! >= sizes[1]!) throw new Error(`--sizes must be two whole numbers, smaller first, got "${values.sizes}"`);
  const results: SizeResult[] = [];
  for (const n of sizes) {
    console.error(`${n} sightings: seeding and timing…`);
    results.push(await one(base, n, runs));
  }
  const [lo, hi] = results as [SizeResult, SizeResult];
  const per100k = (k: string) => ((hi.ms[k]! - lo.ms[k]!) / (hi.sightings - lo.sightings)) * 100_000;
  const fixed = (k: string) => lo.ms[k]! - (per100k(k) * lo.sightings) / 100_000;
  console.log(`Per-row costs, PostgreSQL+PostGIS, whole town over all time (every row in view), median of ${runs} warm runs`);
  console.log(machine());
  console.log(`load average at the end (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  console.log('');
  const pad = (s: string, w: number) => s.padStart(w);
  console.log(`${'request'.padEnd(18)}${pad(`${lo.sightings / 1000}k ms`, 12)}${pad(`${hi.sightings / 1000}k ms`, 12)}${pad('ms / 100k', 12)}${pad('fixed ms', 12)}`);
  for (const k of Object.keys(lo.ms)) {
    console.log(`${k.padEnd(18)}${pad(lo.ms[k]!.toFixed(1), 12)}${pad(hi.ms[k]!.toFixed(1), 12)}${pad(per100k(k).toFixed(1), 12)}${pad(fixed(k).toFixed(1), 12)}`);
  }
  console.log('');
  for (const r of results) {
    console.log(`${r.sightings} sightings: seeded in ${r.seedSeconds.toFixed(1)} s; ${r.bytesPerSighting.table} B/sighting table + ${r.bytesPerSighting.indexes} B/sighting indexes`);
  }
  console.log('');
  console.log(JSON.stringify({ machine: machine(), runs, results }));
}

await main();
