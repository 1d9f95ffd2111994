import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Role } from '../lists.js';
import { locate } from '../geo/locate.js';
import { conflict, forbidden, notFound, unprocessable, type FieldError } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import { userIdOf, type Caller } from '../http/auth.js';
import { describeFilters, type SightingFilters } from './filters.js';
import * as repo from './repo.js';
import { reviewDue } from '../time/review.js';
import { mayReadRestrictedFields, mayReadSubjects, recordScope, type Scope } from '../auth/policy.js';
import { checkSightingSubjects, setSightingLinks } from '../subjects/service.js';
import { DEFAULT_LIMIT, type CreateSighting, type PatchSighting, type Sighting, type SightingSummary } from './schema.js';

/** What a role may see of individual sightings (DESIGN.md, Roles). Planners see none. */
function scopeOf(role: Role | null): Scope {
  const scope = recordScope(role);
  if (scope === 'none') throw forbidden(`The ${role} role sees aggregated maps and reports, not individual sightings.`);
  return scope;
}

/** Removes what a role may not read from a record: narrative, subject references, and subjects (the key itself). */
export function visibleTo(role: Role | null, s: Sighting): Sighting {
  if (mayReadRestrictedFields(role) && mayReadSubjects(role)) return s;
  const { subjects: _subjects, ...rest } = s;
  return mayReadRestrictedFields(role) ? { ...rest, subjectRefs: [] } : { ...rest, narrative: null, subjectRefs: [] };
}

export interface SightingPage {
  items: SightingSummary[];
  numberMatched: number;
  truncated: boolean;
}

export async function list(db: Db, config: Config, caller: Caller, filters: SightingFilters, limit = DEFAULT_LIMIT): Promise<SightingPage> {
  const scope = scopeOf(caller.role);
  const rows = await repo.list(db.knex, filters, config.timeZone, scope, limit);
  const truncated = rows.length > limit;
  const items = truncated ? rows.slice(0, limit) : rows;
  const numberMatched = truncated ? await repo.count(db.knex, filters, config.timeZone, scope) : items.length;
  await record(db, caller, {
    action: 'search',
    targetType: 'sighting',
    query: { ...describeFilters(filters), limit, returned: items.length, matched: numberMatched },
    outcome: 'ok',
  });
  return { items, numberMatched, truncated };
}

export async function get(db: Db, caller: Caller, id: string): Promise<Sighting> {
  const found = await repo.findById(db.knex, id, scopeOf(caller.role));
  await record(db, caller, { action: 'consult', targetType: 'sighting', targetIds: [id], outcome: found ? 'ok' : 'not found' });
  if (!found) throw notFound(`No sighting ${id} that you may see.`);
  return visibleTo(caller.role, found);
}

/** Turns constraint violations into field errors instead of 500s. */
function dbFieldError(err: unknown): never {
  const e = err as { code?: string; constraint?: string; detail?: string };
  const byConstraint: Record<string, FieldError> = {
    sightings_premises_id_fkey: { path: 'premisesId', message: 'no premises with this id' },
    sightings_vehicle_id_fkey: { path: 'vehicleId', message: 'no vehicle with this id' },
  };
  const field = e.constraint ? byConstraint[e.constraint] : undefined;
  if (e.code === '23503' && field) throw unprocessable(`${field.path}: ${field.message}.`, [field]);
  if (e.code === '23505' && e.constraint === 'sightings_source_agency_external_ref_key') {
    throw conflict('A sighting from this agency with this externalRef already exists.', [{ path: 'externalRef', message: 'already used by this source agency' }]);
  }
  throw err;
}

function rowOf(v: Partial<CreateSighting>): repo.SightingRow {
  return {
    observed_at: v.observedAt,
    reported_at: v.reportedAt,
    precision_m: v.precisionM,
    location_method: v.locationMethod,
    category: v.category,
    grooming_model: v.groomingModel,
    source_agency: v.sourceAgency,
    source_eval: v.sourceEval,
    intel_assessment: v.intelAssessment,
    handling_code: v.handlingCode,
    premises_id: v.premisesId,
    vehicle_id: v.vehicleId,
    narrative: v.narrative,
    indicators: v.indicators,
    external_ref: v.externalRef,
    review_due: v.reviewDue,
  };
}

const FUTURE_SLACK_MS = 5 * 60_000;

function checkTimes(v: { observedAt?: Date; reportedAt?: Date }): void {
  const now = Date.now() + FUTURE_SLACK_MS;
  const errors: FieldError[] = [];
  if (v.observedAt && v.observedAt.getTime() > now) errors.push({ path: 'observedAt', message: 'is in the future' });
  if (v.reportedAt && v.reportedAt.getTime() > now) errors.push({ path: 'reportedAt', message: 'is in the future' });
  if (v.observedAt && v.observedAt.getUTCFullYear() < 1990) errors.push({ path: 'observedAt', message: 'is before 1990' });
  if (errors.length) throw unprocessable('Times must not be in the future.', errors);
}

export async function create(db: Db, config: Config, caller: Caller, v: CreateSighting): Promise<Sighting> {
  checkTimes(v);
  const at = (await locate(db, config, v))!;
  const id = await db.knex.transaction((trx) => insertIn(trx, config, caller, { ...v, ...at })).catch(dbFieldError);
  return (await repo.findById(db.knex, id, 'all'))!;
}

/**
 * Inserts a checked sighting at a WGS84 point inside the caller's transaction, audited
 * there (triage makes several records in one transaction). Area and grid columns are
 * derived by the database's triggers as for any sighting.
 */
export async function insertIn(
  trx: Knex.Transaction,
  config: Config,
  caller: Caller,
  v: CreateSighting & { lon: number; lat: number },
  provenance: { submissionId?: string } = {},
): Promise<string> {
  checkTimes(v);
  await checkSightingSubjects(trx, caller.role, v);
  const row: repo.SightingRow = {
    ...rowOf(v),
    lon: v.lon,
    lat: v.lat,
    review_due: v.reviewDue ?? reviewDue(new Date(), v.intelAssessment, config.reviewMonths, config.reviewMonthsByAssessment),
    created_by: caller.userId,
    submission_id: provenance.submissionId,
  };
  const id = await repo.insert(trx, row).catch(dbFieldError);
  await setSightingLinks(trx, config, caller, id, v);
  await recordIn(trx, caller, { action: 'create', targetType: 'sighting', targetIds: [id], query: provenance.submissionId ? { submissionId: provenance.submissionId } : undefined, outcome: 'ok' });
  return id;
}

export async function update(db: Db, config: Config, caller: Caller, id: string, v: PatchSighting): Promise<Sighting> {
  checkTimes(v);
  await checkSightingSubjects(db.knex, caller.role, v);
  const at = await locate(db, config, v);
  const { reason, ...fields } = v;
  const row: repo.SightingRow = { ...rowOf(fields), ...at };
  const changed = Object.keys(fields);
  const ok = await db.knex
    .transaction(async (trx) => {
      const ok = await repo.update(trx, id, row);
      // The links given replace the sighting's links, in the same transaction as its other fields.
      if (ok) await setSightingLinks(trx, config, caller, id, fields);
      await recordIn(trx, caller, { action: 'update', targetType: 'sighting', targetIds: [id], query: reason ? { fields: changed, reason } : { fields: changed }, outcome: ok ? 'ok' : 'not found' });
      return ok;
    })
    .catch(dbFieldError);
  if (!ok) throw notFound(`No sighting ${id}.`);
  return (await repo.findById(db.knex, id, 'all'))!;
}

export async function remove(db: Db, caller: Caller, id: string, reason: string): Promise<void> {
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.softDelete(trx, id, userIdOf(caller), reason);
    await recordIn(trx, caller, { action: 'delete', targetType: 'sighting', targetIds: [id], query: { reason }, outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`No sighting ${id}.`);
}
