import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { forbidden, notFound, unprocessable, type FieldError } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { mayReadSubjects } from '../auth/policy.js';
import type { BBox } from '../geo/bbox.js';
import { reviewDue } from '../time/review.js';
import * as repo from './repo.js';
import type { CreateJourney, Journey, OdGrouping, OdRow } from './schema.js';

/**
 * Journeys group sightings about children's movements: the same people-and-places reading
 * as subjects, so the same readers (the routes refuse others first; this is the backstop).
 */
function mustRead(c: Caller): void {
  if (!mayReadSubjects(c.role)) throw forbidden(`The ${c.role} role does not read journeys.`);
}

/**
 * Checks every leg against its sighting before anything is written: each must be a live
 * record, appear once, and a pick-up must say what picked the child up (a vehicle).
 */
async function checkLegs(db: Db, legs: CreateJourney['legs']): Promise<void> {
  const found = await repo.sightingsFor(db.knex, [...new Set(legs.map((l) => l.sightingId))]);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  legs.forEach((l, i) => {
    const path = `legs.${i}.sightingId`;
    const s = found.get(l.sightingId);
    if (!s) errors.push({ path, message: 'no live sighting with this id' });
    else if (seen.has(l.sightingId)) errors.push({ path, message: 'this sighting is already a leg of this journey' });
    else if (l.kind === 'picked_up' && !s.hasVehicle) errors.push({ path, message: 'a pick-up leg needs a sighting with a vehicle' });
    seen.add(l.sightingId);
  });
  if (errors.length) throw unprocessable(`${errors.length} leg${errors.length === 1 ? '' : 's'} cannot be used: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

export async function create(db: Db, config: Config, c: Caller, v: CreateJourney): Promise<{ id: string }> {
  mustRead(c);
  await checkLegs(db, v.legs);
  // A journey has no grading of its own: it is reviewed after the default period, as ungraded records are.
  const due = reviewDue(new Date(), 'C', config.reviewMonths, {});
  const id = await db.knex.transaction(async (trx) => {
    const id = await repo.insert(trx, { title: v.title, reviewDue: due, createdBy: c.userId }, v.legs);
    await recordIn(trx, c, { action: 'create', targetType: 'journey', targetIds: [id], query: { legs: v.legs.length, sightingIds: v.legs.map((l) => l.sightingId) }, outcome: 'ok' });
    return id;
  });
  return { id };
}

export async function get(db: Db, c: Caller, id: string): Promise<Journey> {
  mustRead(c);
  const j = await repo.findById(db.knex, id);
  await record(db, c, { action: 'consult', targetType: 'journey', targetIds: [id], outcome: j ? 'ok' : 'not found' });
  if (!j) throw notFound(`No journey ${id}.`);
  return j;
}

export async function list(db: Db, c: Caller, f: { from?: Date; to?: Date; bbox?: BBox }, limit: number): Promise<{ items: Journey[]; truncated: boolean }> {
  mustRead(c);
  const rows = await repo.list(db.knex, f, limit);
  const truncated = rows.length > limit;
  const items = truncated ? rows.slice(0, limit) : rows;
  await record(db, c, {
    action: 'search',
    targetType: 'journey',
    targetIds: items.map((j) => j.id),
    query: { from: f.from?.toISOString(), to: f.to?.toISOString(), bbox: f.bbox, limit, returned: items.length },
    outcome: 'ok',
  });
  return { items, truncated };
}

export async function originDestination(db: Db, c: Caller, f: { from?: Date; to?: Date; bbox?: BBox }, by: OdGrouping): Promise<{ by: OdGrouping; rows: OdRow[] }> {
  mustRead(c);
  const rows = await db.read(c.readAfter, (k) => repo.originDestination(k, f, by));
  await record(db, c, { action: 'search', targetType: 'journey', query: { view: 'od', by, from: f.from?.toISOString(), to: f.to?.toISOString(), bbox: f.bbox, rows: rows.length }, outcome: 'ok' });
  return { by, rows };
}

export async function remove(db: Db, c: Caller, id: string, reason: string): Promise<void> {
  mustRead(c);
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.softDelete(trx, id);
    await recordIn(trx, c, { action: 'delete', targetType: 'journey', targetIds: [id], query: { reason }, outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`No journey ${id}.`);
}
