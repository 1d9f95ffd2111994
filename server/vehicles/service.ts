import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { conflict, notFound, unprocessable } from '../http/errors.js';
import { maySeeSensitiveSites, recordScope } from '../auth/policy.js';
import { gateFor } from '../disclosure/gate.js';
import { trackLegs, TRACK_MAX_GAP_HOURS } from './track.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import * as sightings from '../sightings/repo.js';
import * as mapRepo from '../map/repo.js';
import * as intel from '../intel/repo.js';
import { visibleIntel } from '../intel/service.js';
import * as premises from '../premises/repo.js';
import { publishProfile } from '../premises/profile.js';
import * as repo from './repo.js';
import { withFormat, type CreateVehicle, type PatchVehicle, type Vehicle, type VehicleProfile } from './schema.js';

/** A caller who may not see sensitive sites never learns that one operates a vehicle. */
const reachOf = (c: Caller): repo.Reach => ({ hideSensitive: !maySeeSensitiveSites(c.role) });

export async function search(db: Db, c: Caller, f: { plate?: string; operatorId?: string; limit: number }): Promise<Vehicle[]> {
  const rows = await repo.search(db.knex, f, reachOf(c));
  await record(db, c, { action: 'search', targetType: 'vehicle', query: { ...f, returned: rows.length }, outcome: 'ok' });
  return rows.map(withFormat);
}

export async function get(db: Db, c: Caller, id: string): Promise<Vehicle> {
  const v = await repo.findById(db.knex, id, reachOf(c));
  await record(db, c, { action: 'consult', targetType: 'vehicle', targetIds: [id], outcome: v ? 'ok' : 'not found' });
  if (!v) throw notFound(`No vehicle ${id}.`);
  return withFormat(v);
}

function dbError(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505') throw conflict('A vehicle with this plate is already recorded.', [{ path: 'plate', message: 'already recorded' }]);
  if (e.code === '23503') throw unprocessable('No premises with this operatorId.', [{ path: 'operatorId', message: 'no premises with this id' }]);
  throw err;
}

const rowOf = (v: PatchVehicle): repo.VehicleRow => ({ plate: v.plate, licence_no: v.licenceNo, operator_id: v.operatorId, make: v.make, colour: v.colour });

export async function create(db: Db, c: Caller, v: CreateVehicle): Promise<Vehicle> {
  const id = await db.knex
    .transaction(async (trx) => {
      const id = await repo.insert(trx, { ...rowOf(v), created_by: c.userId });
      await recordIn(trx, c, { action: 'create', targetType: 'vehicle', targetIds: [id], outcome: 'ok' });
      return id;
    })
    .catch(dbError);
  return withFormat((await repo.findById(db.knex, id, reachOf(c)))!);
}

export async function update(db: Db, c: Caller, id: string, v: PatchVehicle): Promise<Vehicle> {
  const ok = await db.knex
    .transaction(async (trx) => {
      const ok = await repo.update(trx, id, rowOf(v));
      await recordIn(trx, c, { action: 'update', targetType: 'vehicle', targetIds: [id], query: { fields: Object.keys(v) }, outcome: ok ? 'ok' : 'not found' });
      return ok;
    })
    .catch(dbError);
  if (!ok) throw notFound(`No vehicle ${id}.`);
  return withFormat((await repo.findById(db.knex, id, reachOf(c)))!);
}

/**
 * A vehicle's linked sightings as a timeline and a track (time-ordered line), its
 * operator and linked intelligence. Counts cover every record; the timeline and
 * track only those the caller may read. Audited as a consultation, or as an export for a PDF.
 */
export async function profile(db: Db, config: Config, c: Caller, id: string, q: { from?: Date; to?: Date }, format: 'json' | 'pdf' = 'json'): Promise<VehicleProfile> {
  const v = await repo.findById(db.knex, id, reachOf(c));
  if (!v) throw notFound(`No vehicle ${id}.`);
  // Counts cover sightings this caller may not read: a restricted reader's go through the disclosure gate.
  const gate = gateFor(c.role, config.timeZone, config.operatingArea);
  const f = gate.period({ vehicleId: id, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
  // The counts may come from a read replica; the records listed below, which an erasure
  // or an edit must not leave stale, come from the primary.
  const { t, byCategory, indicators } = await db.read(c.readAfter, async (k) => ({
    t: await mapRepo.timeline(k, f, config.timeZone, 'all', 'month'),
    byCategory: await mapRepo.countByCategory(k, f, config.timeZone, 'all'),
    indicators: await mapRepo.countIndicators(k, f, config.timeZone, 'all'),
  }));
  const scope = recordScope(c.role) === 'all' ? 'all' : 'licensing';
  const visible = (await sightings.list(db.knex, f, config.timeZone, scope, 1000)).slice(0, 1000);
  const chronological = [...visible].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  const operator = v.operatorId ? await premises.findById(db.knex, v.operatorId, reachOf(c)) : undefined;
  const intelItems = await intel.list(db.knex, scope, { subjectType: 'vehicle', subjectId: id, limit: 200 });
  await record(db, c, {
    // A PDF leaves the system: a disclosure, audited with the caller's purpose.
    action: format === 'json' ? 'consult' : 'export',
    targetType: 'vehicle',
    targetIds: [id, ...visible.map((s) => s.id)],
    query: { profile: true, format, ...q, total: t.total },
    outcome: 'ok',
  });
  const pub = publishProfile(gate, t, byCategory, indicators);
  return {
    vehicle: withFormat(v),
    operator: operator ?? null,
    sightings: { ...pub.sightings, timeline: chronological },
    // Joined only where one sighting follows the last within TRACK_MAX_GAP_HOURS; the points are numbered in time order by the client.
    track: {
      type: 'Feature' as const,
      geometry: { type: 'MultiLineString' as const, coordinates: trackLegs(chronological) },
      properties: { from: chronological[0]?.observedAt ?? null, to: chronological.at(-1)?.observedAt ?? null, points: chronological.length, maxGapHours: TRACK_MAX_GAP_HOURS },
    },
    intel: { total: await intel.countFor(db.knex, 'vehicle', id), items: intelItems.map((i) => visibleIntel(c.role, i)) },
  };
}
