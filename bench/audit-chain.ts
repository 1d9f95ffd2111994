/**
 * How many audit rows a second the hash chain takes on PostgreSQL. Every request of
 * every server process appends one row under one advisory lock (server/audit/repo.ts
 * lockChain), so this is a ceiling for the whole deployment however many processes
 * run: docs/SCALING.md uses it.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/audit-chain.ts
 *   BENCH_DATABASE_URL=… npx tsx bench/audit-chain.ts --writers 1,4,16 --seconds 5
 *
 * A fresh database (created and dropped through BENCH_DATABASE_URL), migrated; then for
 * each number of writers, that many concurrent appenders (`record`, as a read's audit
 * row is written: a transaction of its own) for the given time, on separate pools of
 * one connection each, as separate processes would be.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { openDb, type Db } from '../server/db/index.js';
import { migrate } from '../server/migrate.js';
import { record, SYSTEM_ACTOR, verify } from '../server/audit/service.js';
import type { Caller } from '../server/http/auth.js';
import { benchDatabaseUrl, machine } from './support.js';

const ACTOR: Caller = { ...SYSTEM_ACTOR, username: 'bench-audit', role: 'analyst', purpose: 'Benchmark: audit chain throughput', ip: '127.0.0.1' };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { writers: { type: 'string' }, seconds: { type: 'string' } } });
  const base = benchDatabaseUrl();
  const writers = (values.writers ?? '1,2,8,32').split(',').map(Number);
  const seconds = Number(values.seconds ?? 5);
  if (writers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--writers must be whole numbers, got "${values.writers}"`);

  const name = `lantern_auditbench_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const dbs: Db[] = [];
  try {
    const first = await openDb({ databaseUrl: u.toString(), dataDir: null, poolMax: 1 });
    dbs.push(first);
    await migrate(first);
    console.log(`Audit chain appends on PostgreSQL, ${seconds} s per row`);
    console.log(machine());
    console.log('');
    console.log(`${'writers'.padEnd(10)}${'rows/s'.padStart(10)}${'ms each'.padStart(10)}`);
    for (const n of writers) {
      while (dbs.length < n) dbs.push(await openDb({ databaseUrl: u.toString(), dataDir: null, poolMax: 1 }));
      let rows = 0;
      const end = Date.now() + seconds * 1000;
      const t0 = performance.now();
      await Promise.all(
        dbs.slice(0, n).map(async (db, i) => {
          while (Date.now() < end) {
            await record(db, ACTOR, { action: 'search', targetType: 'map_clusters', query: { writer: i, bbox: [-2.6, 53.5, -2.3, 53.7], zoom: 12 }, outcome: 'ok' });
            rows++;
          }
        }),
      );
      const s = (performance.now() - t0) / 1000;
      console.log(`${String(n).padEnd(10)}${(rows / s).toFixed(0).padStart(10)}${((s * 1000 * n) / rows).toFixed(2).padStart(10)}`);
    }
    const v = await verify(first);
    const size = (await first.knex.raw("select pg_total_relation_size('audit_log') as b")).rows[0].b;
    console.log('');
    console.log(`chain of ${v.entries} rows verifies: ${v.ok}; ${Math.round(Number(size) / v.entries)} B per audit row with its indexes; load average (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  } finally {
    await Promise.all(dbs.map((d) => d.close()));
    await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.destroy();
  }
}

await main();
