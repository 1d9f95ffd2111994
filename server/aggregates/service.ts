import type { Db } from '../db/index.js';
import * as repo from './repo.js';
import type { AggregateSettings } from './plan.js';

/**
 * Zooms whose cluster grids the cube keeps: zoom 9 (and heat at 8) reads zoom 10's cells
 * merged two by two, so each write updates two levels, not three. Measured on the 1M bench
 * town (docs/benchmarks.md): two years at zoom 12 need 433,000 month rows (60,000 cells ×
 * categories), about as many as the facts, so finer grids would cost every write and save
 * no read; from zoom 11 the facts answer.
 */
export const CUBE_LEVELS = [8, 10] as const;

const FIELDS = ['timeZone', 'categories', 'agencies', 'models', 'sensitive', 'cubeLevels'] as const satisfies readonly (keyof AggregateSettings)[];
const same = (a: AggregateSettings, b: AggregateSettings) => FIELDS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

/**
 * Rebuilds the aggregates when they were built for another time zone or other lists
 * (LANTERN_TIMEZONE changed, a list grew), so that the map never counts on a stale key.
 * Returns what it did, and the rows it rebuilt when it did.
 */
export async function ensureAggregates(db: Db, timeZone: string): Promise<{ rebuilt: boolean; ms: number }> {
  const wanted = repo.wantedSettings(timeZone, CUBE_LEVELS);
  const built = await repo.readSettings(db.knex);
  if (built && same(built, wanted)) return { rebuilt: false, ms: 0 };
  return { rebuilt: true, ms: await rebuildAggregates(db, timeZone) };
}

/** `npm run cli -- rebuild aggregates`: every aggregate again from the sightings. Returns the milliseconds it took. */
export async function rebuildAggregates(db: Db, timeZone: string): Promise<number> {
  const t = Date.now();
  await repo.rebuild(db.knex, repo.wantedSettings(timeZone, CUBE_LEVELS));
  return Date.now() - t;
}

export const aggregateSizes = (db: Db) => repo.sizes(db.knex);
