import { mulberry32 } from '../../server/hotspots/knox.js';

/**
 * Tests share one database and place their rows in spots drawn with Math.random, so on an
 * unseeded run two suites could now and then draw overlapping spots and one would count the
 * other's sightings: CI went red or green by chance (issue 23). Seeding Math.random makes
 * every run of `npm test` and `npm run test:api` draw the same spots in the same order, so
 * a run that passes passes again, and a collision a new test brings shows on its first run.
 *
 * The database must be fresh for a seeded run (CI makes one; PGlite is in memory). On a
 * PostgreSQL database kept from an earlier run, set TEST_SEED=random, or another number.
 */
const given = process.env.TEST_SEED;
const seed = given === undefined || given === '' ? 20261206 : given === 'random' ? (Math.random() * 2 ** 32) >>> 0 : Number(given);
if (!Number.isInteger(seed)) throw new Error(`TEST_SEED must be an integer or "random", not ${given}`);
if (given === 'random') console.log(`TEST_SEED=${seed}`);

Math.random = mulberry32(seed);
