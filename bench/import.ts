/**
 * Import throughput and memory: a sightings CSV of N rows (generated, synthetic)
 * through the same service the API and CLI use, into a fresh database.
 *
 *   npm run bench:import                                  # PGlite, 100 000 and 1 000 000 rows
 *   npm run bench:import -- --sizes 50000
 *   BENCH_DATABASE_URL=… npm run bench:import -- --sizes 1000000 --databases postgres
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import type { DbKind } from '../server/db/index.js';
import { SYSTEM_ACTOR } from '../server/audit/service.js';
import * as imports from '../server/imports/service.js';
import { csvRecords } from '../server/imports/records.js';
import { readSighting } from '../server/imports/rows.js';
import type { ImportOptions } from '../server/imports/schema.js';
import { freshPglite, freshPostgres, machine, parseSizes, peakRssMb, runInChild } from './support.js';

interface Result {
  database: DbKind;
  rows: number;
  seconds: number;
  /** Seconds to read and check the same file in Node alone (CSV parse and row validation, no database). */
  checkSeconds: number;
  megabytes: number;
  inserted: number;
  /** RSS once the database is open and migrated, before the import: what the engine itself holds (PGlite: about 1 GB). */
  startRssMb: number;
  peakRssMb: number;
  /** 1-minute load average when the import finished: the machine is shared. */
  load: number;
}

/** Writes N synthetic rows around Bolton, streamed so the generator holds no more than a chunk. */
async function writeCsv(file: string, n: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('external_ref,observed_at,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative\n');
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const line = `BENCH-${i},2026-0${1 + (i % 9)}-${day} ${String(i % 24).padStart(2, '0')}:30,${(53.53 + rnd() * 0.1).toFixed(5)},${(-2.55 + rnd() * 0.2).toFixed(5)},adult_loitering,police,2,B,P,"Synthetic benchmark row ${i}, generated"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Reads and checks every row as the import does, without a database: the part of the time that is Node's. */
async function readAndCheck(file: string, timeZone: string): Promise<number> {
  const t = process.hrtime.bigint();
  let ok = 0;
  for await (const rec of csvRecords(file)) if (readSighting(rec.cells, timeZone).ok) ok++;
  if (ok === 0) throw new Error('no row of the benchmark file is valid');
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function runOne(database: DbKind, n: number): Promise<Result> {
  const file = path.join(os.tmpdir(), `lantern-bench-import-${process.pid}.csv`);
  await writeCsv(file, n);
  const checkSeconds = await readAndCheck(file, loadConfig({}).timeZone);
  const target = database === 'pglite' ? await freshPglite() : await freshPostgres(process.env.BENCH_DATABASE_URL!);
  try {
    const bytes = fs.statSync(file).size;
    const sha256 = createHash('sha256').update(String(bytes)).digest('hex');
    const opts: ImportOptions = { kind: 'sightings', format: 'csv', mode: 'lenient', onDuplicate: 'skip', fileName: 'bench.csv' };
    const config = loadConfig({});
    const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    const t = process.hrtime.bigint();
    const id = await imports.begin(target.db, SYSTEM_ACTOR, opts, { file, sha256, bytes });
    const r = await imports.run(target.db, config, SYSTEM_ACTOR, id, opts, { file, sha256, bytes });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    return { database, rows: n, seconds, checkSeconds, megabytes: Math.round(bytes / 2 ** 20), inserted: r.inserted, startRssMb, peakRssMb: peakRssMb(), load: os.loadavg()[0]! };
  } finally {
    await target.dispose();
    fs.rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, databases: { type: 'string' }, child: { type: 'string' }, size: { type: 'string' } } });
  if (values.child) {
    const result = await runOne(values.child as DbKind, Number(values.size));
    process.send!(result, () => process.disconnect());
    return;
  }
  const sizes = values.sizes ? parseSizes(values.sizes) : [100_000, 1_000_000];
  const available: DbKind[] = process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  // --databases postgres: one of them only (a 1M PGlite import takes minutes).
  const databases = values.databases ? available.filter((d) => values.databases!.split(',').includes(d)) : available;
  console.log(machine());
  if (!process.env.BENCH_DATABASE_URL) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL to include it)');
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
  console.log('read+check s: the same file read and checked in Node alone, without a database');
  console.log('\ndatabase     rows       MB   seconds    rows/s  read+check s  RSS before MB  peak RSS MB  load');
  for (const database of databases) {
    for (const n of sizes) {
      const r = await runInChild<Result>(import.meta.url, database, n);
      if (r.inserted !== n) throw new Error(`${database}: inserted ${r.inserted} of ${n}`);
      console.log(`${r.database.padEnd(10)} ${String(r.rows).padStart(8)} ${String(r.megabytes).padStart(6)} ${r.seconds.toFixed(1).padStart(9)} ${String(Math.round(r.rows / r.seconds)).padStart(9)} ${r.checkSeconds.toFixed(1).padStart(13)} ${String(r.startRssMb).padStart(14)} ${String(r.peakRssMb).padStart(12)} ${r.load.toFixed(1).padStart(5)}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
