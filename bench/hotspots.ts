/**
 * How fast the hot spot statistics are: Gi* for 20 000 cells (Greater Manchester,
 * about 1 270 km², at 250 m) in pure TypeScript, then end to end through the
 * service (study-area cells and polygons and the counts in SQL, statistics in
 * TypeScript) on PGlite and, with BENCH_DATABASE_URL, on PostgreSQL. Goal: Gi* well
 * under 500 ms. With --demo it also loads the synthetic demo town and prints what the
 * analyses find there (the persistent hot spots as bin 3, the emerging one's pattern).
 *
 *   npm run bench:hotspots
 *   npm run bench:hotspots -- --sightings 500000 --demo
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:hotspots
 *
 * Each database is a fresh one (a temporary PGlite directory; a PostgreSQL database
 * created beside the URL's and dropped afterwards).
 */
import { parseArgs } from 'node:util';
import type { Db, DbKind } from '../server/db/index.js';
import { loadConfig } from '../server/config.js';
import { SYSTEM_ACTOR } from '../server/audit/service.js';
import type { Caller } from '../server/http/auth.js';
import { gridFor, indexOf, type CellGrid, type CellShape } from '../server/hotspots/grid.js';
import { giStar } from '../server/hotspots/gistar.js';
import { fdrBins } from '../server/hotspots/fdr.js';
import { chooseBandwidth } from '../server/hotspots/bandwidth.js';
import { mulberry32 } from '../server/hotspots/knox.js';
import { countCells, studyArea } from '../server/hotspots/study.js';
import * as service from '../server/hotspots/service.js';
import { seedDemo } from '../seeds/demo/index.js';
import { HOT_SPOTS } from '../seeds/demo/town.js';
import { freshPglite, freshPostgres, machine, medianMs, type Target } from './support.js';

const SIZE = 250;
/** 142 × 142 cells of 250 m: 20 164 cells, 35.5 km square, centred on Manchester (BNG 383 500, 398 500). */
const SIDE = 142;
const E0 = 1463 * SIZE;
const N0 = 1523 * SIZE;
const config = loadConfig({ LANTERN_DATA_DIR: '/nonexistent' });
const analyst: Caller = { ...SYSTEM_ACTOR, role: 'analyst' };

/** A 20 000-cell grid of Poisson counts with a few dozen blobs, as a city's sightings look. */
function cityGrid(shape: CellShape): CellGrid {
  const rand = mulberry32(1);
  const cols = shape === 'square' ? SIDE : Math.round(SIDE / (Math.sqrt(3) / 2));
  const cells = [];
  for (let c = 0; c < cols; c++) for (let r = 0; r < SIDE; r++) cells.push({ col: c, row: r });
  const g = gridFor(shape, SIZE, cells);
  const blobs = Array.from({ length: 40 }, () => [rand() * cols, rand() * SIDE, 2 + rand() * 20]);
  for (const { col, row } of cells) {
    const mean = 0.5 + blobs.reduce((a, [x, y, h]) => a + h! * Math.exp(-((col - x!) ** 2 + (row - y!) ** 2) / 8), 0);
    let k = 0, p = 1;
    const l = Math.exp(-mean);
    do { k++; p *= rand(); } while (p > l);
    g.values[indexOf(g, col, row)] = k - 1;
  }
  return g;
}

async function pure(): Promise<void> {
  console.log('\nGi* in TypeScript (median of 20 runs; FDR bins included)');
  console.log(line(['shape', 'cells', 'bandwidth', 'Gi*+FDR ms'], [8, 7, 10, 11]));
  for (const shape of ['square', 'hex'] as const) {
    const g = cityGrid(shape);
    const cells = g.mask.reduce((a, m) => a + m, 0);
    for (const bw of [500, 750, 1000, 2500]) {
      const ms = await medianMs(20, () => {
        const gi = giStar(g, bw);
        fdrBins(gi.z, gi.p);
      });
      console.log(line([shape, String(cells), `${bw} m`, ms.toFixed(1)], [8, 7, 10, 11]));
    }
    const ms = await medianMs(5, () => chooseBandwidth(g));
    const choice = chooseBandwidth(g);
    console.log(`  default bandwidth (Global Moran's I at 10 distances, ${shape}): ${ms.toFixed(1)} ms → ${choice.bandwidth} m (${choice.method})`);
  }
}

/** Loads `n` sightings into the square: 70 % uniform, 30 % round 40 hot spots, over a year. */
async function load(db: Db, n: number): Promise<string> {
  await db.knex.transaction(async (trx) => {
    await trx.raw('select setseed(0.42)');
    await trx.raw(
      `with centres as (select i, ? + random() * ? as cx, ? + random() * ? as cy, 50 + random() * 300 as sd from generate_series(1, 40) i),
       pts as (
         select case when random() < 0.7 then ? + random() * ? else c.cx + c.sd * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) end as x,
                case when random() < 0.7 then ? + random() * ? else c.cy + c.sd * sqrt(-2 * ln(1 - random())) * sin(2 * pi() * random()) end as y
         from generate_series(1, ?) g join centres c on c.i = 1 + (g % 40))
       insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, review_due, synthetic)
       select timestamptz '2026-11-28' - random() * interval '365 days', ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 27700), 4326),
         'other', 'police', 2, 'C', 'P', date '2032-11-28', true
       from pts`,
      [E0, SIDE * SIZE, N0, SIDE * SIZE, E0, SIDE * SIZE, N0, SIDE * SIZE, n],
    );
  });
  const r = await db.knex.raw(
    `insert into areas (name, kind, geom, synthetic) values ('Greater Manchester-sized square (synthetic, benchmark)', 'custom',
       ST_Multi(ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326)), true) returning id`,
    [E0, N0, E0 + SIDE * SIZE, N0 + SIDE * SIZE],
  );
  await db.knex.raw('analyze sightings');
  return r.rows[0].id;
}

async function endToEnd(kind: DbKind, target: Target, n: number): Promise<void> {
  const { db } = target;
  const t = performance.now();
  const areaId = await load(db, n);
  console.log(`\n${kind}: ${n} sightings loaded in ${((performance.now() - t) / 1000).toFixed(1)} s (median of 5 runs below)`);
  const f = { areaId };
  const cells = await medianMs(5, () => studyArea(db, f, { cellSize: SIZE, restricted: false, clip: config.operatingArea }));
  const study = await studyArea(db, f, { cellSize: SIZE, restricted: false, clip: config.operatingArea });
  const counts = await medianMs(5, () => countCells(db.knex, config.timeZone, study));
  const { grid } = await countCells(db.knex, config.timeZone, study);
  const stats = await medianMs(5, () => {
    const gi = giStar(grid, 750);
    fdrBins(gi.z, gi.p);
  });
  const given = await medianMs(5, () => service.hotSpots(db, config, analyst, f, { cellSize: SIZE, bandwidth: 750 }));
  const auto = await medianMs(5, () => service.hotSpots(db, config, analyst, f, { cellSize: SIZE }));
  const hex = await medianMs(5, () => service.hotSpots(db, config, analyst, f, { cellSize: SIZE, shape: 'hex', bandwidth: 750 }));
  console.log(`  ${study.cells.length} cells of ${SIZE} m`);
  console.log(`  study-area cells with WGS84 polygons (SQL): ${cells.toFixed(0)} ms`);
  console.log(`  counts per cell (SQL): ${counts.toFixed(0)} ms`);
  console.log(`  Gi* + FDR at 750 m (TypeScript): ${stats.toFixed(1)} ms`);
  console.log(`  GET /api/hotspots service, bandwidth 750 m: ${given.toFixed(0)} ms; default bandwidth: ${auto.toFixed(0)} ms; hexagons: ${hex.toFixed(0)} ms`);
}

/** The synthetic demo town, and what the analyses find in it. */
async function demo(target: Target): Promise<void> {
  const { db } = target;
  const now = new Date('2026-11-28T12:00:00Z');
  await seedDemo(db, { sightings: 30_000, now });
  const e = (await db.knex.raw(`select ST_XMin(e) as w, ST_YMin(e) as s, ST_XMax(e) as e, ST_YMax(e) as n from (select ST_Extent(geom)::geometry as e from areas where kind = 'ward') x`)).rows[0];
  const bbox = { west: e.w, south: e.s, east: e.e, north: e.n };
  const cellOf = async (lon: number, lat: number) => {
    const p = (await db.knex.raw('select ST_X(p) as x, ST_Y(p) as y from (select ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700) as p) q', [lon, lat])).rows[0];
    return `${Math.floor(p.x / SIZE)}:${Math.floor(p.y / SIZE)}`;
  };
  const hot = await service.hotSpots(db, config, analyst, { bbox }, { cellSize: SIZE });
  console.log(`\ndemo town (30 000 sightings, 24 months): hot spots at ${SIZE} m, bandwidth ${hot.params.bandwidth} m (${hot.params.bandwidthMethod}), ${hot.params.n} cells`);
  for (const h of HOT_SPOTS) {
    const id = await cellOf(h.centre[0], h.centre[1]);
    const c = hot.features.find((x) => x.id === id)!;
    console.log(`  ${h.key.padEnd(9)} ${h.emergingDays ? 'emerging  ' : 'persistent'}  bin ${c.properties.bin}  z ${c.properties.giZ}  count ${c.properties.count}`);
  }
  const lounge = HOT_SPOTS.find((h) => h.emergingDays)!;
  const id = await cellOf(lounge.centre[0], lounge.centre[1]);
  for (const [label, from] of [['all 24 months', undefined], ['the last 12 weeks', new Date(now.getTime() - 12 * 7 * 86_400_000)]] as const) {
    const em = await service.emerging(db, config, analyst, { bbox, ...(from ? { from } : {}) }, { cellSize: SIZE, step: 'week' });
    const c = em.features.find((x) => x.id === id)!;
    console.log(`  emerging hot spots, weekly over ${label} (${em.params.steps} steps): the emerging bar is ${c.properties.pattern} (hot ${c.properties.hotSteps} weeks, trend z ${c.properties.trendZ})`);
  }
}

const line = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sightings: { type: 'string' }, demo: { type: 'boolean' } } });
  const n = values.sightings ? Number(values.sightings) : 200_000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sightings must be a whole number, got "${values.sightings}"`);
  const pgUrl = process.env.BENCH_DATABASE_URL;
  console.log(machine());
  if (!pgUrl) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL to include it)');
  await pure();
  for (const kind of (pgUrl ? ['pglite', 'postgres'] : ['pglite']) as DbKind[]) {
    const target = kind === 'pglite' ? await freshPglite() : await freshPostgres(pgUrl!);
    try {
      await endToEnd(kind, target, n);
    } finally {
      await target.dispose();
    }
    if (values.demo) {
      const fresh = kind === 'pglite' ? await freshPglite() : await freshPostgres(pgUrl!);
      try {
        await demo(fresh);
      } finally {
        await fresh.dispose();
      }
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
