import type { Config } from '../config.js';
import { withKnex, type Db } from '../db/index.js';
import type { Role } from '../lists.js';
import { record } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { describeFilters } from '../sightings/filters.js';
import { COLLECTIONS, type Collection, type Extent, type Feature, type Page } from './collections.js';
import { COLLECTION_IDS, type ItemsRequest } from './schema.js';

/** What the OGC API serves a caller, each answer audited (one row per request). */

/** The collections a role may read, in a fixed order. */
export const readable = (role: Role | null): Collection[] => COLLECTION_IDS.map((id) => COLLECTIONS[id]).filter((c) => c.mayRead(role));

const audit = (db: Db, v: Caller, action: 'search' | 'consult', targetType: string, query: Record<string, unknown>, targetIds?: string[]) =>
  record(db, v, { action, targetType, ...(targetIds ? { targetIds } : {}), query, outcome: 'ok' });

/** Landing page and conformance: audited as a look at the service. */
export const visit = (db: Db, v: Caller, path: string) => audit(db, v, 'search', 'ogc', { path });

/** Every readable collection with its extent. */
export async function collections(db: Db, v: Caller, path: string): Promise<{ collection: Collection; extent: Extent }[]> {
  const out = [];
  for (const c of readable(v.role)) out.push({ collection: c, extent: await db.read(v.readAfter, (knex) => c.extent(withKnex(db, knex), v.role)) });
  await audit(db, v, 'search', 'ogc', { path, collections: out.map((o) => o.collection.id) });
  return out;
}

export async function collection(db: Db, v: Caller, c: Collection, path: string): Promise<Extent> {
  const extent = await db.read(v.readAfter, (knex) => c.extent(withKnex(db, knex), v.role));
  await audit(db, v, 'search', `ogc:${c.id}`, { path });
  return extent;
}

/** One page of features; the audit row has the filters, the page and how many matched. */
export async function items(db: Db, config: Config, v: Caller, c: Collection, q: ItemsRequest, path: string): Promise<Page> {
  const page = await db.read(v.readAfter, (knex) => c.items(withKnex(db, knex), config, v.role, q));
  const f = describeFilters({ ...q.filters, ...(q.bbox ? { bbox: q.bbox } : {}), ...q.range });
  await audit(db, v, 'search', `ogc:${c.id}`, {
    path,
    ...f,
    ...(q.cellSize ? { cellSize: q.cellSize } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    limit: q.limit,
    offset: q.offset,
    returned: page.features.length,
    matched: page.numberMatched,
  });
  return page;
}

/** One feature by id, audited as a consultation of it. */
export async function item(db: Db, v: Caller, c: Collection, id: string, path: string): Promise<Feature | undefined> {
  const f = await c.item(db, v.role, id);
  await record(db, v, { action: 'consult', targetType: `ogc:${c.id}`, targetIds: [id], query: { path }, outcome: f ? 'ok' : 'not found' });
  return f;
}
