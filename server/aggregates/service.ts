import type { Db } from '../db/index.js';
import * as repo from './repo.js';
import type { AggregateSettings } from './plan.js';

/**
 * Zooms whose cluster grids the cube keeps: zooms 9 and 11 (and heat at 8 and 10) read the
 * next zoom's cells merged two by two, so each write updates three levels, not five. From
 * zoom 13 the facts answer: a view there covers a few kilometres, and its facts are found
 * through the GiST index. Zoom 12 (migration 023): a whole-town view of two years at 1M read
 * from its 433,000 month rows in 167–181 ms, against 560–590 ms from the facts.
 */
export const CUBE_LEVELS = [8, 10, 12] as const;

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
