import { openDb, type Db } from '../../server/db/index.js';
import { migrate } from '../../server/migrate.js';

let shared: Promise<Db> | undefined;

/**
 * The database of this test run: PostgreSQL+PostGIS when TEST_DATABASE_URL is set,
 * else one in-memory PGlite shared by every test file (opening PGlite with PostGIS
 * takes seconds). Migrated once. Tests make their own rows and never truncate.
 */
export function testDb(): Promise<Db> {
  shared ??= (async () => {
    const db = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, dataDir: null, poolMax: 5 });
    await migrate(db);
    return db;
  })();
  return shared;
}

export const mochaHooks = {
  async afterAll() {
    if (shared) await (await shared).close();
    shared = undefined;
  },
};
