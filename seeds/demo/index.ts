/**
 * Loads the synthetic demo town (shaped on Bolton) into a migrated database:
 * wards, known hot spots and a patrol zone, ~240 fictional premises, ~180
 * fictional vehicles and any number of sightings over the last 24 months.
 * Every row is marked `synthetic = true` and says so in its text.
 *
 * @example
 * const db = await openDb({ dataDir: './data' });
 * await migrate(db);
 * await seedDemo(db, { sightings: 30_000, log: console.error });
 */
import type { Db } from '../../server/db/index.js';
import { buildTown } from './generate.js';
import {
  analyzeDemoTables,
  countUnplacedSightings,
  demoPresent,
  insertAreas,
  insertPremises,
  insertVehicles,
} from './repo.js';
import { openSightingsLoader } from './load.js';
import { generateSightings } from './sightings.js';
import { seedDisruption } from './disruption.js';
import { seedPeople } from './people.js';
import { insertGazetteer } from './gazetteer.js';
import { loadDemoStreets } from './streets.js';

export interface SeedDemoOptions {
  /** How many sightings; default 30 000. Memory use does not grow with it. */
  sightings?: number;
  /** End of the 24 months of history; default the current time. */
  now?: Date;
  /** Same seed and same `now`, same town; default 20261128. */
  seed?: number;
  /** Progress messages (e.g. console.error); silent by default. */
  log?: (msg: string) => void;
}

export interface SeedDemoCounts {
  areas: number;
  premises: number;
  vehicles: number;
  sightings: number;
}

export const DEFAULT_SIGHTINGS = 30_000;
export const DEFAULT_SEED = 20261128;
/** Progress is told at most every tenth of the way, and never more often than this many rows. */
const PROGRESS_STEP = 20_000;

/** Thrown when the demo is already loaded: loading twice would duplicate the town. */
export class DemoAlreadyLoadedError extends Error {
  constructor() {
    super(
      'the synthetic demo town is already loaded (areas with synthetic = true exist); refusing to load it twice. ' +
        'To reload it, delete the synthetic rows first (journeys, episodes, subjects, sightings, vehicles, premises, then areas, each "where synthetic").',
    );
    this.name = 'DemoAlreadyLoadedError';
  }
}

export async function seedDemo(db: Db, opts: SeedDemoOptions = {}): Promise<SeedDemoCounts> {
  const count = opts.sightings ?? DEFAULT_SIGHTINGS;
  if (!Number.isInteger(count) || count < 0) throw new Error(`sightings must be a whole number ≥ 0, got ${count}`);
  const now = opts.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new Error('now must be a valid date');
  const seed = opts.seed ?? DEFAULT_SEED;
  const log = opts.log ?? (() => {});
  const { knex } = db;

  if (await demoPresent(knex)) throw new DemoAlreadyLoadedError();

  const town = buildTown(seed);
  // One transaction: a failure anywhere leaves nothing behind that would make the
  // next attempt refuse. Only `trx` inside: the PGlite pool has one connection, and
  // `knex` here would wait for it for ever.
  let result: SeedDemoCounts;
  try {
    result = await knex.transaction(async (trx) => {
      // Areas first (sightings are placed in them), premises before vehicles (operators).
      const areas = await insertAreas(trx, town.areas);
      const premises = await insertPremises(trx, town.premises);
      const vehicles = await insertVehicles(trx, town.vehicles);
      log(`demo: ${areas} areas, ${premises} premises, ${vehicles} vehicles, ${await insertGazetteer(trx, town)} gazetteer entries (synthetic)`);
      const streets = await loadDemoStreets(trx, seed);
      log(`demo: synthetic streets: ${streets.roads} roads, ${streets.water} water, ${streets.green} green, ${streets.buildings} building blocks`);

      const loader = await openSightingsLoader(trx, db.kind);
      const every = Math.max(PROGRESS_STEP, Math.ceil(count / 10 / PROGRESS_STEP) * PROGRESS_STEP);
      let told = 0;
      const sightings = await loader.load(generateSightings(town, { count, now, seed }), (loaded) => {
        if (loaded < count && Math.floor(loaded / every) > told) {
          told = Math.floor(loaded / every);
          log(`demo: ${loaded} of ${count} sightings`);
        }
      });
      log(`demo: ${sightings} sightings`);
      const plans = await seedDisruption(trx, town, { now, seed, sightings: count, loader });
      log(`demo: ${plans.targets} disruption targets with ${plans.actions} actions, ${plans.sightings} sightings round them`);
      // After the sightings it links people to, and through the open loader for its journeys' own sightings.
      const people = await seedPeople(trx, town, { now, seed, loader });
      log(`demo: ${people.subjects} subjects, ${people.episodes} missing episodes, ${people.journeys} journeys (${people.sightings} sightings), ${people.links} subject links (synthetic)`);
      await loader.finish();
      return { areas, premises, vehicles, sightings };
    });
  } catch (err) {
    throw new Error(`loading the demo town failed, and nothing of it was kept: ${(err as Error).message}`, { cause: err });
  }

  const unplaced = await countUnplacedSightings(knex);
  if (unplaced > 0) log(`demo: warning: ${unplaced} synthetic sightings lie in no area`);
  await analyzeDemoTables(knex);
  return result;
}
