import { migrateSchema, type Db } from './db/index.js';
import { secureAuditLog } from './audit/service.js';

/**
 * Brings the schema up to date; safe to call on every start. On PostgreSQL it then hands
 * audit_log to its NOLOGIN owner when run by a superuser (a no-op once done, and for
 * anyone else: `secureAuditLog` says why). Here rather than in server/db/, which
 * imports no domain.
 */
export async function migrate(db: Db): Promise<string[]> {
  const applied = await migrateSchema(db);
  await secureAuditLog(db);
  return applied;
}
