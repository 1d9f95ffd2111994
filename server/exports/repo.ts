import type { Knex } from 'knex';
import { applyFilters, recordColumns } from '../sightings/repo.js';
import type { Scope } from '../auth/policy.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { Sighting } from '../sightings/schema.js';

/**
 * Whole records under the shared filters, oldest first (the order a spreadsheet reads),
 * at most `limit` + 1 so the caller can tell that more matched.
 */
export async function records(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, limit: number): Promise<Sighting[]> {
  const q = knex({ s: 'sightings' }).select(knex.raw(recordColumns(scope))).orderBy(['s.observed_at', 's.id']).limit(limit + 1);
  return (await applyFilters(q, f, timeZone, scope)) as Sighting[];
}
