/**
 * Issue 20's goals for the map endpoints, read from `npm run bench` results: printed at the
 * end of a run, and over saved runs by
 *
 *   npm run bench:goals -- docs/benchmarks/<1M run>.json docs/benchmarks/<10M run>.json
 *
 * so that the goals table of docs/benchmarks.md comes from a script, with a 10M run (its own
 * invocation: it takes most of an hour) held to a 1M run of the same code. Every role a run
 * asked as counts: the goals are for any filter mix, whoever asks.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The part of a result group (bench.ts `Group`, as saved) that the goals read. */
export interface GoalGroup {
  database: 'pglite' | 'postgres';
  sightings: number;
  server: { peakRssMb: number };
  rows: { role: string; endpoint: string; zoom: number | string; ms: { p95: number | null } }[];
}

type GoalRow = GoalGroup['rows'][number];

const M = 1_000_000;
/** Server peak RSS at 1M on PostgreSQL before the aggregates (2026-12-06, docs/benchmarks.md): "unchanged or lower" is held to it. */
export const RSS_BEFORE_MB = 420;

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const name = (r: GoalRow) => `${r.role} ${r.endpoint}${typeof r.zoom === 'number' ? ` z${r.zoom}` : ''}`;
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** The rows' p95 against a ceiling: the worst, and how many rows are over it. */
function ceiling(what: string, rows: readonly GoalRow[], limit: number): string | undefined {
  const timed = rows.filter((r) => r.ms.p95 !== null);
  if (!timed.length) return undefined;
  const worst = timed.reduce((w, r) => (r.ms.p95! > w.ms.p95! ? r : w));
  const over = timed.filter((r) => r.ms.p95! > limit).length;
  // A row whose every request failed has no p95: the goal is not met by it.
  const failed = rows.length - timed.length;
  return `${what} ≤ ${limit} ms: worst ${ms(worst.ms.p95!)} (${name(worst)}); ${over} of ${timed.length} rows over${failed ? `, ${failed} without an answer` : ''} — ${verdict(over === 0 && failed === 0)}`;
}

/**
 * One line a goal, for the goals whose groups are in the results.
 * @example goals([{ database: 'postgres', sightings: 1e6, server: { peakRssMb: 400 }, rows: [{ role: 'analyst', endpoint: 'timeline', zoom: 'all', ms: { p95: 38.1 } }] }])
 * // ['PostgreSQL 1M timeline p95 ≤ 50 ms: worst 38.1 ms (analyst timeline); 0 of 1 rows over — met', 'PostgreSQL 1M server peak RSS 400 MB, 420 MB before the aggregates — met']
 */
export function goals(groups: readonly GoalGroup[]): string[] {
  const out: (string | undefined)[] = [];
  const find = (database: GoalGroup['database'], sightings: number) => groups.find((g) => g.database === database && g.sightings === sightings);
  const of = (g: GoalGroup, ...endpoints: string[]) => g.rows.filter((r) => endpoints.includes(r.endpoint));
  const pg = find('postgres', M);
  if (pg) {
    out.push(ceiling('PostgreSQL 1M clusters and heat p95 at zooms 8–16', of(pg, 'clusters', 'heat'), 100));
    out.push(ceiling('PostgreSQL 1M timeline p95', of(pg, 'timeline'), 50));
    out.push(ceiling('PostgreSQL 1M hot spots over the town at 250 m p95', of(pg, 'hotspots'), 300));
    out.push(`PostgreSQL 1M server peak RSS ${pg.server.peakRssMb} MB, ${RSS_BEFORE_MB} MB before the aggregates — ${verdict(pg.server.peakRssMb <= RSS_BEFORE_MB)}`);
  }
  const big = find('postgres', 10 * M);
  if (big) {
    out.push(ceiling('PostgreSQL 10M every map endpoint p95', big.rows, 250));
    if (pg) {
      const ratios = of(big, 'clusters', 'heat')
        .filter((r) => typeof r.zoom === 'number' && r.zoom <= 14 && r.ms.p95 !== null)
        .flatMap((r) => {
          const small = pg.rows.find((x) => x.role === r.role && x.endpoint === r.endpoint && x.zoom === r.zoom)?.ms.p95;
          return small ? [{ r, ratio: r.ms.p95! / small }] : [];
        });
      if (ratios.length) {
        const worst = ratios.reduce((w, x) => (x.ratio > w.ratio ? x : w));
        const over = ratios.filter((x) => x.ratio > 2).length;
        out.push(`PostgreSQL 10M p95 ≤ 2× the 1M p95 at zooms 8–14: worst ${worst.ratio.toFixed(1)}× (${name(worst.r)}); ${over} of ${ratios.length} rows over — ${verdict(over === 0)}`);
      }
    }
  }
  const lite = find('pglite', M);
  if (lite) out.push(ceiling('PGlite 1M every map endpoint p95', lite.rows, 300));
  return out.filter((l): l is string => l !== undefined);
}

/** `npm run bench:goals -- <results.json> …`: the goals over the groups of saved runs. */
function main(files: string[]): void {
  if (!files.length) throw new Error('name one or more results files of npm run bench (docs/benchmarks/*.json)');
  const groups = files.flatMap((f) => (JSON.parse(fs.readFileSync(f, 'utf8')) as { groups: GoalGroup[] }).groups);
  console.log(`Goals of issue 20 over ${files.join(', ')}:`);
  for (const line of goals(groups)) console.log(`  ${line}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
