import type { Knex } from 'knex';
import type { Intel } from './schema.js';
import type { Scope } from '../auth/policy.js';
import { lonLatColumns, pointOf } from '../geo/sql.js';
import { sensitivePremises, SENSITIVE_BINDING } from '../premises/repo.js';

const columns = `i.id, i.subject_type as "subjectType", i.subject_id as "subjectId",
  ${lonLatColumns('i.geom')},
  i.reported_at as "reportedAt", i.source_agency as "sourceAgency", i.source_eval as "sourceEval",
  i.intel_assessment as "intelAssessment", i.handling_code as "handlingCode", i.summary, i.narrative,
  i.indicators, to_char(i.review_due, 'YYYY-MM-DD') as "reviewDue", i.created_by as "createdBy", i.created_at as "createdAt"`;

function scoped(knex: Knex, scope: Scope): Knex.QueryBuilder {
  const q = knex({ i: 'intel' }).select(knex.raw(columns)).whereNull('i.deleted_at').whereNull('i.disposed_at');
  // Licensing officers: P-coded intelligence about premises and vehicles only.
  // Intel about a sensitive site (issue 21) would name it: licensing officers never read it.
  if (scope === 'licensing') {
    q.where('i.handling_code', 'P').whereIn('i.subject_type', ['premises', 'vehicle'])
      .whereRaw(`not (i.subject_type = 'premises' and exists (select 1 from premises ip where ip.id = i.subject_id and ${sensitivePremises('ip')}))`, [SENSITIVE_BINDING]);
  }
  return q;
}

export async function list(knex: Knex, scope: Scope, f: { subjectType?: string; subjectId?: string; limit: number }): Promise<Intel[]> {
  const q = scoped(knex, scope).orderBy('i.reported_at', 'desc').limit(f.limit);
  if (f.subjectType) q.where('i.subject_type', f.subjectType);
  if (f.subjectId) q.where('i.subject_id', f.subjectId);
  return (await q) as Intel[];
}

/** How much intelligence there is about a subject, whatever the caller may read of it. */
export async function countFor(knex: Knex, subjectType: string, subjectId: string): Promise<number> {
  const r = await knex.raw('select count(*)::int as n from intel where subject_type = ? and subject_id = ? and deleted_at is null', [subjectType, subjectId]);
  return r.rows[0].n;
}

export async function findById(knex: Knex, scope: Scope, id: string): Promise<Intel | undefined> {
  return (await scoped(knex, scope).where('i.id', id).first()) as Intel | undefined;
}

/** Whether the subject exists (premises, vehicle or area). */
/** Whether the subject exists; with `hideSensitive` a sensitive site (issue 21) does not, so a 201 never confirms one. */
export async function subjectExists(knex: Knex, type: 'premises' | 'vehicle' | 'area', id: string, opts: { hideSensitive?: boolean } = {}): Promise<boolean> {
  const table = { premises: 'premises', vehicle: 'vehicles', area: 'areas' }[type];
  const q = knex({ t: table }).where('t.id', id).first('t.id');
  if (type === 'premises' && opts.hideSensitive) q.whereRaw(`not (t.category = any(?::text[]))`, [SENSITIVE_BINDING]);
  return Boolean(await q);
}

export async function insert(trx: Knex.Transaction, row: Record<string, unknown> & { lon?: number; lat?: number }): Promise<string> {
  const { lon, lat, ...rest } = row;
  const values: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (lon !== undefined && lat !== undefined) values.geom = pointOf(trx, lon, lat);
  const [r] = await trx('intel').insert(values).returning('id');
  return (r as { id: string }).id;
}

export async function softDelete(trx: Knex.Transaction, id: string): Promise<boolean> {
  return (await trx('intel').update({ deleted_at: trx.fn.now(), updated_at: trx.fn.now() }).where({ id }).whereNull('deleted_at')) > 0;
}
