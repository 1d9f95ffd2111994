import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Role } from '../lists.js';
import { forbidden, notFound, unprocessable } from '../http/errors.js';
import { maySeeSensitiveSites, mayReadRestrictedFields, recordScope, writesPremisesAndVehicleIntelOnly, type Scope } from '../auth/policy.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { locate } from '../geo/locate.js';
import { reviewDue } from '../time/review.js';
import * as repo from './repo.js';
import type { CreateIntel, Intel } from './schema.js';

function scopeOf(role: Role | null): Scope {
  const s = recordScope(role);
  if (s === 'none') throw forbidden(`The ${role} role does not read intelligence records.`);
  return s;
}

export const visibleIntel = (role: Role | null, i: Intel): Intel => (mayReadRestrictedFields(role) ? i : { ...i, narrative: null });

/** Intelligence the caller may read, newest first; audited with the filters. */
export async function list(db: Db, c: Caller, f: { subjectType?: string; subjectId?: string; limit: number }): Promise<Intel[]> {
  const rows = await repo.list(db.knex, scopeOf(c.role), f);
  await record(db, c, { action: 'search', targetType: 'intel', query: { ...f, returned: rows.length }, outcome: 'ok' });
  return rows.map((i) => visibleIntel(c.role, i));
}

export async function get(db: Db, c: Caller, id: string): Promise<Intel> {
  const found = await repo.findById(db.knex, scopeOf(c.role), id);
  await record(db, c, { action: 'consult', targetType: 'intel', targetIds: [id], outcome: found ? 'ok' : 'not found' });
  if (!found) throw notFound(`No intelligence ${id} that you may see.`);
  return visibleIntel(c.role, found);
}

/** Creates graded intelligence; licensing officers only about premises and vehicles. */
export async function create(db: Db, config: Config, c: Caller, v: CreateIntel): Promise<Intel> {
  if (writesPremisesAndVehicleIntelOnly(c.role) && v.subjectType !== 'premises' && v.subjectType !== 'vehicle') {
    throw forbidden('Licensing officers record intelligence about premises and vehicles.');
  }
  if (v.subjectType !== 'location' && !(await repo.subjectExists(db.knex, v.subjectType, v.subjectId!, { hideSensitive: !maySeeSensitiveSites(c.role) }))) {
    throw unprocessable(`No ${v.subjectType} ${v.subjectId}.`, [{ path: 'subjectId', message: `no ${v.subjectType} with this id` }]);
  }
  const at = await locate(db, config, v);
  const id = await db.knex.transaction(async (trx) => {
    const id = await repo.insert(trx, {
      subject_type: v.subjectType,
      subject_id: v.subjectId ?? null,
      ...(at ?? {}),
      reported_at: v.reportedAt,
      source_agency: v.sourceAgency,
      source_eval: v.sourceEval,
      intel_assessment: v.intelAssessment,
      handling_code: v.handlingCode,
      summary: v.summary,
      narrative: v.narrative ?? null,
      indicators: v.indicators ?? [],
      review_due: v.reviewDue ?? reviewDue(new Date(), v.intelAssessment, config.reviewMonths, config.reviewMonthsByAssessment),
      created_by: c.userId,
    });
    await recordIn(trx, c, { action: 'create', targetType: 'intel', targetIds: [id], query: { subjectType: v.subjectType, subjectId: v.subjectId }, outcome: 'ok' });
    return id;
  });
  return visibleIntel(c.role, (await repo.findById(db.knex, 'all', id))!);
}

export async function remove(db: Db, c: Caller, id: string, reason: string): Promise<void> {
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.softDelete(trx, id);
    await recordIn(trx, c, { action: 'delete', targetType: 'intel', targetIds: [id], query: { reason }, outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`No intelligence ${id}.`);
}
