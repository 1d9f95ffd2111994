import type { Role } from '../../server/lists';

/**
 * Roles that read individual records, and so state a purpose first (see the
 * role table in DESIGN.md). The server enforces this; the client only avoids
 * offering what would be refused.
 */
const RECORD_READERS: ReadonlySet<Role> = new Set<Role>(['analyst', 'licensing', 'admin']);

export const readsRecords = (role: Role): boolean => RECORD_READERS.has(role);
