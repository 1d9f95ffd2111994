/**
 * Where a hot spot request's time goes (issue 20's hot spot goal): the bench's request
 * (the town's extent, 250 m cells, one of its filters and windows) asked of the service
 * again and again on a seeded database, each SQL statement timed as knex sends it, and the
 * answer's JSON timed after. Prints each request's parts and the median of each statement.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/m1 npm run cli -- seed demo --sightings 1000000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/m1 npm run bench:hotspot-parts -- --requests 24
 *
 * Unlike `npm run bench`, it takes a database already seeded (it only reads, but for the
 * audit rows of its requests) and ends its windows at the data's last sighting.
 */
import { parseArgs } from 'node:util';
import { openDb } from '../server/db/index.js';
import { loadConfig } from '../server/config.js';
import { SYSTEM_ACTOR } from '../server/audit/service.js';
import type { SightingFilters } from '../server/sightings/filters.js';
import * as hotspots from '../server/hotspots/service.js';
import { mulberry32 } from '../server/hotspots/knox.js';
import { GROOMING_MODELS, SIGHTING_CATEGORIES, SOURCE_AGENCIES } from '../server/lists.js';
import { parseInstant } from '../server/time/zone.js';
import { TOWN_BBOX, benchDatabaseUrl, machine, median } from './support.js';

const DAY = 86_400_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, seed: { type: 'string' } } });
  const requests = Number(values.requests ?? 24);
  const rand = mulberry32(Number(values.seed ?? 7));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const db = await openDb({ databaseUrl: benchDatabaseUrl(), dataDir: null });
  const config = loadConfig({ ...process.env });
  const analyst = { ...SYSTEM_ACTOR, role: 'analyst' as const };
  const [west, south, east, north] = TOWN_BBOX;
  const end = ((await db.knex('sightings').max({ t: 'observed_at' }))[0]!.t as Date).getTime();
  const starts = new Map<string, number>();
  let statements: { sql: string; ms: number }[] = [];
  db.knex.on('query', (q: { __knexQueryUid: string }) => starts.set(q.__knexQueryUid, performance.now()));
  db.knex.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const t = starts.get(q.__knexQueryUid);
    if (t !== undefined) statements.push({ sql: q.sql.replace(/\s+/g, ' ').slice(0, 60), ms: performance.now() - t });
  });
  console.log(machine());
  console.log(`${db.kind}; hot spots over the town at 250 m, analyst; windows ending at ${new Date(end).toISOString()}\n`);
  const totals: number[] = [];
  const byStatement = new Map<string, number[]>();
  const inNode: number[] = [];
  const json: number[] = [];
  try {
    for (let i = 0; i < requests; i++) {
      const days = pick([7, 30, 90, 182, 365, 730]);
      // Whole local days, as the bench's date pickers give them.
      const first = end - 730 * DAY + rand() * (730 - days) * DAY;
      const day = (t: number) => parseInstant(new Date(t).toISOString().slice(0, 10), config.timeZone)!;
      const [from, to] = [day(first), day(first + days * DAY)];
      const filter = pick<SightingFilters>([{}, { hours: { start: 22, end: 4 } }, { days: ['fri', 'sat'] }, { categories: [pick(SIGHTING_CATEGORIES)] }, { agencies: [pick(SOURCE_AGENCIES)] }, { models: [pick(GROOMING_MODELS)] }]);
      statements = [];
      const t0 = performance.now();
      let answer: unknown;
      try {
        answer = await hotspots.hotSpots(db, config, analyst, { ...filter, bbox: { west, south, east, north }, from, to }, { cellSize: 250 });
      } catch (err) {
        console.log(`${days} days ${JSON.stringify(filter)}: ${(err as Error).message.slice(0, 80)}`);
        continue;
      }
      const t1 = performance.now();
      const text = JSON.stringify(answer);
      const t2 = performance.now();
      const sql = statements.reduce((a, s) => a + s.ms, 0);
      totals.push(t2 - t0);
      inNode.push(t1 - t0 - sql);
      json.push(t2 - t1);
      for (const s of statements) byStatement.set(s.sql, [...(byStatement.get(s.sql) ?? []), s.ms]);
      const label = `${days} days ${JSON.stringify(filter)}`.slice(0, 52).padEnd(52);
      console.log(`${label} ${(t2 - t0).toFixed(0).padStart(5)} ms: SQL ${sql.toFixed(0).padStart(4)} (${statements.map((s) => s.ms.toFixed(0)).join(' ')}), Node ${(t1 - t0 - sql).toFixed(0).padStart(3)}, JSON ${(t2 - t1).toFixed(0).padStart(3)} (${(text.length / 1e6).toFixed(2)} MB)`);
    }
  } finally {
    await db.close();
  }
  const sorted = [...totals].sort((a, b) => a - b);
  console.log(`\nwhole request, ms: p50 ${median(totals).toFixed(0)}, p95 ${sorted[Math.ceil(sorted.length * 0.95) - 1]!.toFixed(0)} (${totals.length} requests)`);
  console.log(`median ms: Node outside SQL ${median(inNode).toFixed(1)}, JSON ${median(json).toFixed(1)}`);
  for (const [sql, ms] of byStatement) console.log(`  ${median(ms).toFixed(1).padStart(6)}  max ${Math.max(...ms).toFixed(0).padStart(4)}  ${sql}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
