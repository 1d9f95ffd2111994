import { openDb, type Db } from '../../server/db/index.js';
import { lsnAtLeast } from '../../server/db/lsn.js';
import { migrate } from '../../server/migrate.js';

let shared: Promise<Db> | undefined;

/**
 * The database of this test run: PostgreSQL+PostGIS when TEST_DATABASE_URL is set,
 * else one in-memory PGlite shared by every test file (opening PGlite with PostGIS
 * takes seconds). Migrated once. Tests make their own rows and never truncate.
 */
export function testDb(): Promise<Db> {
  shared ??= (async () => {
    // TEST_READ_DATABASE_URLS: streaming replicas of TEST_DATABASE_URL's cluster to read from (.ci/run makes one).
    const readDatabaseUrls = process.env.TEST_READ_DATABASE_URLS?.split(',').filter(Boolean) ?? [];
    const db = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, dataDir: null, poolMax: 5, readDatabaseUrls, replicaPollMs: 20 });
    await migrate(db);
    return readDatabaseUrls.length ? replayedBeforeReads(db) : db;
  })();
  return shared;
}

/**
 * Tests write rows straight into the primary (t.db.knex) and then read them through the
 * API, where no cookie tells the server about those writes: a replica a few milliseconds
 * behind would answer without them, now and then. So with replicas every read first waits
 * (up to 5 s) until the replicas in rotation have replayed all the primary has written, then
 * reads there. Reading a user's own writes by cookie is tested in test/chaos/replica.test.ts.
 */
function replayedBeforeReads(db: Db): Db {
  const read = db.read.bind(db);
  return Object.assign(db, {
    read: async <T>(minLsn: string | null | undefined, fn: Parameters<Db['read']>[1]): Promise<T> => {
      const now = await db.walPosition();
      if (now) {
        const deadline = Date.now() + 5_000;
        const replayed = () => db.replicas().every((r) => r.state !== 'up' || (r.replayLsn !== null && lsnAtLeast(r.replayLsn, now)));
        while (!replayed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return read(now ?? minLsn, fn) as Promise<T>;
    },
  });
}

export const mochaHooks = {
  async afterAll() {
    if (shared) await (await shared).close();
    shared = undefined;
  },
};
