/**
 * How fast the street basemap's vector tiles are made: the synthetic demo town's
 * network is loaded into a fresh database, then every tile over the built-up middle
 * of the town (up to 60 per zoom, spread evenly) is made at zooms 12–16 through the
 * service, on PGlite (SQL clipping, geojson-vt + vt-pbf) and, with BENCH_DATABASE_URL,
 * on PostgreSQL (ST_AsMVT). Prints p50/p95 ms per tile and the tile sizes.
 *
 *   npm run bench:tiles
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:tiles
 */
import { tile } from '../server/basemap/service.js';
import { loadDemoStreets } from '../seeds/demo/streets.js';
import { DEFAULT_SEED } from '../seeds/demo/index.js';
import { freshPglite, freshPostgres, machine, type Target } from './support.js';

/** The built-up middle of the demo town: Bolton centre to Farnworth, Astley Bridge to Breightmet. */
const BOX = [-2.47, 53.54, -2.37, 53.61] as const;
const PER_ZOOM = 60;

const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Up to `n` tiles of zoom z over BOX, spread evenly. */
function tilesAt(z: number, n: number): { z: number; x: number; y: number }[] {
  const all: { z: number; x: number; y: number }[] = [];
  for (let x = tileX(BOX[0], z); x <= tileX(BOX[2], z); x++) for (let y = tileY(BOX[3], z); y <= tileY(BOX[1], z); y++) all.push({ z, x, y });
  const step = Math.max(1, all.length / n);
  return Array.from({ length: Math.min(n, all.length) }, (_, i) => all[Math.floor(i * step)]!);
}

async function bench(name: string, target: Target): Promise<void> {
  const { db } = target;
  try {
    const loaded = await db.knex.transaction((trx) => loadDemoStreets(trx, DEFAULT_SEED));
    await db.knex.raw('analyze basemap_roads, basemap_water, basemap_green, basemap_buildings');
    console.log(`\n${name}: ${loaded.roads} roads, ${loaded.water} water, ${loaded.green} green, ${loaded.buildings} buildings`);
    console.log('zoom  tiles   p50 ms   p95 ms   mean KB   max KB');
    for (let z = 12; z <= 16; z++) {
      const tiles = tilesAt(z, PER_ZOOM);
      await tile(db, tiles[0]!);
      const ms: number[] = [];
      const bytes: number[] = [];
      for (const t of tiles) {
        const started = performance.now();
        const body = await tile(db, t);
        ms.push(performance.now() - started);
        bytes.push(body.length);
      }
      const kb = (b: number) => (b / 1024).toFixed(1).padStart(8);
      console.log(`${String(z).padStart(4)} ${String(tiles.length).padStart(6)} ${pct(ms, 50).toFixed(1).padStart(8)} ${pct(ms, 95).toFixed(1).padStart(8)}  ${kb(bytes.reduce((a, b) => a + b, 0) / bytes.length)} ${kb(Math.max(...bytes))}`);
    }
  } finally {
    await target.dispose();
  }
}

console.log(`bench:tiles on ${machine()}`);
await bench('PGlite', await freshPglite());
if (process.env.BENCH_DATABASE_URL) await bench('PostgreSQL', await freshPostgres(process.env.BENCH_DATABASE_URL));
