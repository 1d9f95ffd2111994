import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { conflict, notFound } from '../http/errors.js';
import { maySeeSensitiveSites, mayReadSubjects, recordScope } from '../auth/policy.js';
import { gateFor } from '../disclosure/gate.js';
import type { Published } from '../disclosure/secondary.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { locate } from '../geo/locate.js';
import type { SightingFilters } from '../sightings/filters.js';
import * as sightings from '../sightings/repo.js';
import * as mapRepo from '../map/repo.js';
import * as intel from '../intel/repo.js';
import { visibleIntel } from '../intel/service.js';
import { circleKm2, rateRatio } from './rate.js';
import { looksLikePostcode, normalisePostcode } from './postcode.js';
import { publishProfile } from './profile.js';
import * as repo from './repo.js';
import type { CreatePremises, PatchPremises, Premises, PremisesProfile } from './schema.js';

export async function search(db: Db, c: Caller, s: Omit<repo.PremisesSearch, 'postcode'>): Promise<Premises[]> {
  const postcode = s.q && looksLikePostcode(s.q) ? normalisePostcode(s.q) : undefined;
  const rows = await repo.search(db.knex, { ...s, ...(postcode ? { postcode } : {}), hideSensitive: !maySeeSensitiveSites(c.role) });
  await record(db, c, { action: 'search', targetType: 'premises', query: { ...s, returned: rows.length }, outcome: 'ok' });
  return rows;
}

/** A sensitive site is answered 404 to a role that may not see one, exactly as a premises that is not there. */
export async function get(db: Db, c: Caller, id: string): Promise<Premises> {
  const p = await repo.findById(db.knex, id, { hideSensitive: !maySeeSensitiveSites(c.role) });
  await record(db, c, { action: 'consult', targetType: 'premises', targetIds: [id], outcome: p ? 'ok' : 'not found' });
  if (!p) throw notFound(`No premises ${id}.`);
  return p;
}

function rowOf(v: PatchPremises): repo.PremisesRow {
  return { name: v.name, category: v.category, address: v.address, postcode: v.postcode, licence_ref: v.licenceRef, licence_status: v.licenceStatus };
}

function uniqueLicence(err: unknown): never {
  const e = err as { code?: string };
  if (e.code === '23505') throw conflict('Another premises has this reference.', [{ path: 'licenceRef', message: 'already used' }]);
  throw err;
}

export async function create(db: Db, config: Config, c: Caller, v: CreatePremises): Promise<Premises> {
  const at = (await locate(db, config, v))!;
  const id = await db.knex
    .transaction(async (trx) => {
      const id = await repo.insert(trx, { ...rowOf(v), ...at, created_by: c.userId });
      await recordIn(trx, c, { action: 'create', targetType: 'premises', targetIds: [id], outcome: 'ok' });
      return id;
    })
    .catch(uniqueLicence);
  return (await repo.findById(db.knex, id))!;
}

export async function update(db: Db, config: Config, c: Caller, id: string, v: PatchPremises): Promise<Premises> {
  const at = await locate(db, config, v);
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.update(trx, id, { ...rowOf(v), ...(at ?? {}) });
    await recordIn(trx, c, { action: 'update', targetType: 'premises', targetIds: [id], query: { fields: Object.keys(v) }, outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`No premises ${id}.`);
  return (await repo.findById(db.knex, id))!;
}

const DAY = 86_400_000;
/** Episodes "end" at a premises when the child is found within this many metres of it (issue 21). */
export const EPISODE_FOUND_RADIUS_M = 100;

/**
 * What is known about a premises for an inspection or licence review: sightings
 * within `radius` metres or linked to it (counted in full, whatever the role), their
 * rate against the ward's, the Makesafe indicators seen, linked intelligence and the
 * records the caller may read. Audited as a consultation, or as an export for a PDF.
 */
export async function profile(db: Db, config: Config, c: Caller, id: string, q: { from?: Date; to?: Date; radius?: number }, format: 'json' | 'pdf' = 'json'): Promise<PremisesProfile> {
  const hideSensitive = !maySeeSensitiveSites(c.role);
  const p = await repo.findById(db.knex, id, { hideSensitive });
  // A sensitive site is not there for a role that may not see one: the same 404 (audited by the router's auditRefusals).
  if (!p) throw notFound(`No premises ${id}.`);
  // Counts cover sightings this caller may not read: a restricted reader's go through the disclosure gate.
  const gate = gateFor(c.role, config.timeZone, config.operatingArea);
  const radius = gate.radius(q.radius ?? 100);
  const asked = q.to ?? new Date();
  const { from, to } = gate.period({ from: q.from ?? new Date(asked.getTime() - 365 * DAY), to: asked }) as { from: Date; to: Date };
  const tz = config.timeZone;
  const f: SightingFilters = { from, to, near: { lon: p.lon, lat: p.lat, radius, orPremisesId: id } };
  const ward = await repo.wardAt(db.knex, p.lon, p.lat);
  // The counts may come from a read replica; the records listed below, which an erasure
  // or an edit must not leave stale, come from the primary.
  // A restricted reader's counts place sightings at sensitive sites at their area (mapRepo.aggregateSightings):
  // a radius round the shop next door to a children's home does not count the home's.
  const agg = mapRepo.aggregateScopeOf(gate.restricted);
  const { t, linked, byCategory, indicators, wardTotal } = await db.read(c.readAfter, async (k) => ({
    t: await mapRepo.timeline(k, f, tz, agg, 'month'),
    linked: await mapRepo.timeline(k, { from, to, premisesId: id }, tz, agg, 'month'),
    byCategory: await mapRepo.countByCategory(k, f, tz, agg),
    indicators: await mapRepo.countIndicators(k, f, tz, agg),
    wardTotal: ward ? (await mapRepo.timeline(k, { from, to, areaId: ward.id }, tz, agg, 'month')).total : null,
  }));
  const scope = recordScope(c.role) === 'all' ? 'all' : 'licensing';
  const records = await withoutSensitiveSites(db, hideSensitive, await sightings.list(db.knex, f, tz, scope, 200));
  // Missing episodes are about children: analysts and admins only, the field absent for anyone else.
  const episodes = mayReadSubjects(c.role) ? await repo.episodeCounts(db.knex, id, p, EPISODE_FOUND_RADIUS_M, { from, to }) : undefined;
  const intelItems = await intel.list(db.knex, scope, { subjectType: 'premises', subjectId: id, limit: 200 });
  const intelTotal = await intel.countFor(db.knex, 'premises', id);
  await record(db, c, {
    // A PDF leaves the system: a disclosure, audited with the caller's purpose.
    action: format === 'json' ? 'consult' : 'export',
    targetType: 'premises',
    targetIds: [id, ...records.slice(0, 200).map((r) => r.id)],
    // The episode counts are about children: the audit says they were read.
    query: { profile: true, format, from: from.toISOString(), to: to.toISOString(), radius, total: t.total, ...(episodes ? { episodes } : {}) },
    outcome: 'ok',
  });
  const pub = publishProfile(gate, t, byCategory, indicators, { linked: linked.total, ward: wardTotal ?? 0 });
  const shownWard = ward ? pub.alone.ward! : null;
  const num = (x: Published | null) => (typeof x === 'number' ? x : null);
  return {
    premises: p,
    period: { from: from.toISOString(), to: to.toISOString() },
    radius,
    licence: { ref: p.licenceRef, status: p.licenceStatus },
    sightings: {
      ...pub.sightings,
      linked: pub.alone.linked!,
      /** The records this caller may read (all counts above include every record). */
      visible: records.slice(0, 200),
    },
    ward: ward
      ? {
          id: ward.id,
          name: ward.name,
          total: shownWard,
          areaKm2: Math.round(ward.areaKm2 * 100) / 100,
          // From the counts as shown, so that the ratio tells no more than they do.
          rateRatio: num(pub.sightings.total) === null || num(shownWard) === null ? null : rateRatio(num(pub.sightings.total)!, circleKm2(radius), num(shownWard)!, ward.areaKm2),
        }
      : null,
    intel: { total: intelTotal, items: intelItems.map((i) => visibleIntel(c.role, i)) },
    ...(episodes ? { episodes } : {}),
  };
}

/**
 * Records near a premises may be linked to a sensitive site nearby. For a role that may not
 * see one, such a record is left out of the list (its point would draw the site and its
 * link would name it); the counts above still include it.
 */
async function withoutSensitiveSites<T extends { premisesId: string | null }>(db: Db, hide: boolean, rows: T[]): Promise<T[]> {
  if (!hide) return rows;
  const sensitive = await repo.sensitiveIds(db.knex, rows.flatMap((r) => (r.premisesId ? [r.premisesId] : [])));
  return rows.filter((r) => !(r.premisesId && sensitive.has(r.premisesId)));
}
