/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of the SQL behind the map views, on a seeded database:
 * clusters and heat at a few zooms, the timeline, the hot spot counts, for an analyst
 * and a planner. The SQL is what knex actually sends, caught with a query listener on
 * the knex instance while the real service functions run (the audit writes left out).
 *
 *   npm run bench:explain                                   # 1 000 000 sightings, PGlite (and PostgreSQL)
 *   npm run bench:explain -- --sizes 100000 --databases postgres
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:explain
 *
 * Each database is a fresh one loaded with the demo town as bench does (same history end
 * and seed). Writes docs/plans/<database>-<sightings>.md. `npm run bench -- --plans`
 * writes the same files from the databases it has just measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from '../server/config.js';
import { loadConfig } from '../server/config.js';
import type { Db, DbKind } from '../server/db/index.js';
import type { SightingFilters } from '../server/sightings/filters.js';
import type { BBox } from '../server/geo/bbox.js';
import { SYSTEM_ACTOR } from '../server/audit/service.js';
import type { Caller } from '../server/http/auth.js';
import * as map from '../server/map/service.js';
import * as hotspots from '../server/hotspots/service.js';
import { seedDemo } from '../seeds/demo/index.js';
import { TOWN_CENTRE } from '../seeds/demo/town.js';
import { HISTORY_END, TOWN_BBOX, TOWN_SEED, freshPglite, freshPostgres, machine, parseSizes, viewBBox } from './support.js';

export interface CapturedQuery {
  sql: string;
  bindings: unknown[];
  plan: string;
}

export interface Scenario {
  title: string;
  /** what the service was asked, in words */
  request: string;
  /** the warm service call, milliseconds */
  ms: number;
  queries: CapturedQuery[];
}

const DAY = 86_400_000;
const asBBox = ([west, south, east, north]: readonly number[]): BBox => ({ west: west!, south: south!, east: east!, north: north! });

/** Runs `call` once to warm up, then again with every select it sends captured. */
async function capture(db: Db, call: () => Promise<unknown>): Promise<{ ms: number; queries: { sql: string; bindings: unknown[] }[] }> {
  await call();
  const queries: { sql: string; bindings: unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    // Audit writes (the hash chain's lock, last hash and insert) are not map SQL.
    if (/^\s*(select|with)\b/i.test(q.sql) && !/audit_log|pg_advisory/i.test(q.sql)) queries.push({ sql: q.sql, bindings: q.bindings ?? [] });
  };
  db.knex.on('query', listener);
  const t = performance.now();
  try {
    await call();
  } finally {
    db.knex.removeListener('query', listener);
  }
  return { ms: performance.now() - t, queries };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement as knex sent it ($n placeholders). */
async function explain(db: Db, sql: string, bindings: unknown[]): Promise<string> {
  // Back to knex's ? placeholders (a literal ? escaped), so the same bindings apply on both databases.
  const text = `explain (analyze, buffers) ${sql.replace(/\?/g, '\\?').replace(/\$\d+/g, '?')}`;
  const r = await db.knex.raw(text, bindings as never[]);
  return (r.rows as Record<string, string>[]).map((row) => row['QUERY PLAN']).join('\n');
}

/** The map views worth a plan: a town-wide view, a street view, each endpoint once. */
export async function capturePlans(db: Db, config: Config, now: Date = HISTORY_END): Promise<Scenario[]> {
  const analyst: Caller = { ...SYSTEM_ACTOR, role: 'analyst' };
  const planner: Caller = { ...SYSTEM_ACTOR, role: 'planner' };
  const [lon, lat] = TOWN_CENTRE;
  const year = { from: new Date(now.getTime() - 365 * DAY), to: now };
  const quarter = { from: new Date(now.getTime() - 91 * DAY), to: now };
  const view = (zoom: number) => asBBox(viewBBox(lon, lat, zoom));
  const town = asBBox(TOWN_BBOX);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const scenarios: { title: string; request: string; call: () => Promise<unknown> }[] = [
    { title: 'clusters, analyst, zoom 8', request: `GET /api/map/clusters, a 1366×768 view at zoom 8 on the town centre, ${iso(year.from)} to ${iso(year.to)}, no other filter`, call: () => map.clusters(db, config, analyst, { bbox: view(8), ...year }, 8) },
    { title: 'clusters, analyst, zoom 12', request: `GET /api/map/clusters, zoom 12 on the town centre, ${iso(year.from)} to ${iso(year.to)}`, call: () => map.clusters(db, config, analyst, { bbox: view(12), ...year }, 12) },
    { title: 'clusters, analyst, zoom 16', request: `GET /api/map/clusters, zoom 16 on the town centre, ${iso(year.from)} to ${iso(year.to)}`, call: () => map.clusters(db, config, analyst, { bbox: view(16), ...year }, 16) },
    {
      title: 'heat, analyst, zoom 10, hours 22-4',
      request: `GET /api/map/heat, zoom 10 on the town centre, ${iso(year.from)} to ${iso(year.to)}, hours=22-4`,
      call: () => map.heat(db, config, analyst, { bbox: view(10), ...year, hours: { start: 22, end: 4 } }, 10),
    },
    { title: 'clusters, planner, zoom 12', request: `GET /api/map/clusters as a planner (250 m+ British National Grid cells), zoom 12, ${iso(year.from)} to ${iso(year.to)}`, call: () => map.clusters(db, config, planner, { bbox: view(12), ...year }, 12) },
    { title: 'timeline, analyst, all history', request: 'GET /api/map/timeline?interval=auto with no filter (as the map page asks: the whole history)', call: () => map.timeline(db, config, analyst, {}, 'auto') },
    {
      title: 'timeline, analyst, days fri,sat',
      request: 'GET /api/map/timeline?interval=auto&days=fri,sat',
      call: () => map.timeline(db, config, analyst, { days: ['fri', 'sat'] } satisfies SightingFilters, 'auto'),
    },
    { title: 'hot spots, analyst, town, 250 m', request: `GET /api/hotspots over the town's extent, 250 m cells, ${iso(quarter.from)} to ${iso(quarter.to)}`, call: () => hotspots.hotSpots(db, config, analyst, { bbox: town, ...quarter }, { cellSize: 250 }) },
  ];
  const out: Scenario[] = [];
  for (const s of scenarios) {
    const { ms, queries } = await capture(db, s.call);
    const plans: CapturedQuery[] = [];
    for (const q of queries) plans.push({ ...q, plan: await explain(db, q.sql, q.bindings) });
    out.push({ title: s.title, request: s.request, ms, queries: plans });
  }
  return out;
}

const fence = (lang: string, text: string) => `\`\`\`${lang}\n${text}\n\`\`\``;

/** The plans as a markdown document. */
export function plansMarkdown(label: string, scenarios: Scenario[]): string {
  const parts = [
    `# Query plans: ${label}`,
    '',
    `\`EXPLAIN (ANALYZE, BUFFERS)\` of the SQL the map services send (caught from knex while the service ran; audit writes left out), each run once warm beforehand. ${machine()}. ${new Date().toISOString()}.`,
    '',
  ];
  for (const s of scenarios) {
    parts.push(`## ${s.title}`, '', `${s.request}. Whole service call (warm, including its audit write): ${s.ms.toFixed(1)} ms.`, '');
    s.queries.forEach((q, i) => {
      const bindings = q.bindings.map((b) => (b instanceof Date ? b.toISOString() : b));
      parts.push(`### Query ${i + 1} of ${s.queries.length}`, '', fence('sql', q.sql), '', `Bindings: \`${JSON.stringify(bindings)}\``, '', fence('text', q.plan), '');
    });
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, databases: { type: 'string' } } });
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const sizes = values.sizes ? parseSizes(values.sizes) : [1_000_000];
  const databases = (values.databases ?? (pgUrl ? 'pglite,postgres' : 'pglite')).split(',').map((s) => s.trim());
  for (const d of databases) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--databases must list pglite and/or postgres, got "${d}"`);
  if (databases.includes('postgres') && !pgUrl) throw new Error('postgres needs BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const args = process.argv.slice(2);
  const command = `npm run bench:explain${args.length ? ` -- ${args.join(' ')}` : ''}`;
  console.log(machine());
  for (const database of databases as DbKind[]) {
    for (const n of sizes) {
      const target = database === 'pglite' ? await freshPglite() : await freshPostgres(pgUrl!);
      try {
        const t = performance.now();
        await seedDemo(target.db, { sightings: n, now: HISTORY_END, seed: TOWN_SEED });
        console.log(`${database} ${n}: seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        const config = loadConfig({ LANTERN_DATA_DIR: '/nonexistent-lantern-bench', ...(pgUrl && database === 'postgres' ? { DATABASE_URL: pgUrl } : {}) });
        const scenarios = await capturePlans(target.db, config);
        const file = path.join('docs', 'plans', `${database}-${n}.md`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${plansMarkdown(`${database}, ${n.toLocaleString('en-GB')} sightings`, scenarios)}\nCommand: \`${command}\`.\n`);
        for (const s of scenarios) console.log(`  ${s.title}: ${s.ms.toFixed(1)} ms, ${s.queries.length} queries`);
        console.log(`${database} ${n}: ${file}`);
      } finally {
        await target.dispose();
      }
    }
  }
}

// Only as a script: bench.ts imports capturePlans from here.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
