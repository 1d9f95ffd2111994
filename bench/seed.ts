/**
 * How long the synthetic demo town takes to load, and how much memory it needs,
 * by database and number of sightings.
 *
 *   npm run bench:seed                               # PGlite, 30 000 and 1 000 000
 *   npm run bench:seed -- --sizes 30000,100000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:seed
 *
 * PGlite loads into a fresh temporary data directory each time. PostgreSQL loads into
 * a fresh database created (and dropped afterwards) through the BENCH_DATABASE_URL
 * connection, which must be allowed to create databases. Each run is a child process,
 * so that its peak RSS is its own. RSS is this Node process: PGlite's database runs
 * inside it, PostgreSQL's does not.
 */
import { parseArgs } from 'node:util';
import type { DbKind } from '../server/db/index.js';
import { seedDemo } from '../seeds/demo/index.js';
import { freshPglite, freshPostgres, machine, parseSizes, runInChild } from './support.js';

const DEFAULT_SIZES = [30_000, 1_000_000];
/** A fixed end of history, so every run loads the same rows. */
const NOW = new Date('2026-11-28T12:00:00Z');

interface Result {
  database: DbKind;
  sightings: number;
  seconds: number;
  /** RSS once the database is open and migrated, before the seed: PGlite with PostGIS alone is about 1 GB. */
  startRssMb: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string' }, child: { type: 'string' }, size: { type: 'string' } },
  });
  if (values.child) {
    if (values.child !== 'pglite' && values.child !== 'postgres') throw new Error(`--child must be pglite or postgres, got "${values.child}"`);
    const result = await runOne(values.child, Number(values.size));
    // The IPC channel would keep the child alive: let go of it once the result is sent.
    process.send!(result, () => process.disconnect());
    return;
  }
  const sizes = values.sizes ? parseSizes(values.sizes) : DEFAULT_SIZES;
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const databases: DbKind[] = pgUrl ? ['pglite', 'postgres'] : ['pglite'];

  console.log(machine());
  if (!pgUrl) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL to include it)');
  console.log('');
  const header = ['database', 'sightings', 'seconds', 'rows/s', 'start RSS MB', 'peak RSS MB'];
  const widths = [10, 11, 9, 9, 13, 12];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  console.log(line(header));
  for (const database of databases) {
    for (const n of sizes) {
      const r = await inChild(database, n);
      console.log(line([r.database, String(r.sightings), r.seconds.toFixed(1), String(Math.round(r.sightings / r.seconds)), String(r.startRssMb), String(r.peakRssMb)]));
    }
  }
}

const inChild = (database: DbKind, n: number) => runInChild<Result>(import.meta.url, database, n);

async function runOne(database: DbKind, n: number): Promise<Result> {
  const target = database === 'pglite' ? await freshPglite() : await freshPostgres(process.env.BENCH_DATABASE_URL!);
  try {
    const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    const t = process.hrtime.bigint();
    await seedDemo(target.db, { sightings: n, now: NOW, seed: 1 });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    // maxRSS is in kilobytes on Linux and macOS.
    return { database, sightings: n, seconds, startRssMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await target.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
