import type { Knex } from 'knex';
import type { AuditContent, ChainRow } from './hash.js';
import type { AuditEntry } from './schema.js';

const columns = `id, at, user_id as "userId", username, role, action, target_type as "targetType",
  target_ids as "targetIds", query, purpose, outcome, ip, prev_hash as "prevHash", hash`;

/**
 * Serialises writers of the chain for the rest of the transaction: two concurrent
 * appends would otherwise both link to the same previous row.
 */
export async function lockChain(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('lantern.audit_log'))");
}

export async function lastHash(trx: Knex.Transaction): Promise<string | undefined> {
  const row = await trx('audit_log').select('hash').orderBy('id', 'desc').first();
  return row?.hash as string | undefined;
}

/** The signature of the append function (migrations/20261210_008_audit_owner.ts). */
export const AUDIT_APPEND_SIGNATURE = 'audit_append(timestamptz, uuid, text, text, text, text, text[], jsonb, text, text, text, text, text)';

/** The NOLOGIN role that owns the audit log on PostgreSQL, so the application's role does not. */
export const AUDIT_OWNER = 'lantern_audit_owner';

/**
 * Appends through `audit_append`, a SECURITY DEFINER function owned by the audit
 * owner: the application's role may execute it but holds no INSERT, UPDATE, DELETE or
 * TRUNCATE on the table. The function refuses a row whose prev_hash is not the head.
 */
export async function append(trx: Knex.Transaction, c: AuditContent, prevHash: string, hash: string): Promise<number> {
  const r = await trx.raw('select audit_append(?::timestamptz, ?::uuid, ?, ?, ?, ?, ?::text[], ?::jsonb, ?, ?, ?, ?, ?) as id', [
    c.at,
    c.userId,
    c.username,
    c.role,
    c.action,
    c.targetType,
    c.targetIds,
    c.query === null || c.query === undefined ? null : JSON.stringify(c.query),
    c.purpose,
    c.outcome,
    c.ip,
    prevHash,
    hash,
  ]);
  return Number((r.rows[0] as { id: number | string }).id);
}

export interface AuditOwnership {
  currentUser: string;
  superuser: boolean;
  tableOwner: string;
  triggerFunctionOwner: string;
  appendFunctionOwner: string | null;
  /** Who owns audit_log's schema (for `public`, the database owner): it could drop the table. */
  schemaOwner: string;
  schemaOwnerIsSuperuser: boolean;
}

export async function ownership(knex: Knex): Promise<AuditOwnership> {
  const r = await knex.raw(
    `select current_user as "currentUser",
       coalesce((select rolsuper from pg_roles where rolname = current_user), false) as superuser,
       (select pg_get_userbyid(relowner) from pg_class where oid = 'audit_log'::regclass) as "tableOwner",
       (select pg_get_userbyid(proowner) from pg_proc where oid = 'audit_log_append_only()'::regprocedure) as "triggerFunctionOwner",
       (select pg_get_userbyid(proowner) from pg_proc where oid = to_regprocedure(?)) as "appendFunctionOwner",
       s.owner as "schemaOwner",
       coalesce((select rolsuper from pg_roles where rolname = s.owner), false) as "schemaOwnerIsSuperuser"
     from (
       -- PostgreSQL 15's public schema belongs to pg_database_owner, i.e. to the database's owner.
       select case when n.nspowner = 'pg_database_owner'::regrole
                   then (select pg_get_userbyid(datdba) from pg_database where datname = current_database())
                   else pg_get_userbyid(n.nspowner) end as owner
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.oid = 'audit_log'::regclass
     ) s`,
    [AUDIT_APPEND_SIGNATURE],
  );
  return r.rows[0] as AuditOwnership;
}

/**
 * Hands audit_log (with its identity sequence and indexes), its trigger function and
 * audit_append to the NOLOGIN audit owner, takes every privilege on them from PUBLIC,
 * and leaves the previous owner SELECT and EXECUTE only. Needs a superuser; anyone
 * else gets PostgreSQL's 42501, which the caller reports. Idempotent; the advisory lock
 * keeps two starting servers from racing.
 */
export async function transferToAuditOwner(knex: Knex, previousOwner: string): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw("select pg_advisory_xact_lock(hashtext('lantern.audit_owner'))");
    // Roles belong to the cluster: another database of it may have made the role already,
    // or be making it right now (then the second insert into pg_authid is a unique_violation).
    await trx.raw(`do $$
      begin
        create role lantern_audit_owner nologin;
      exception when duplicate_object or unique_violation then null;
      end $$`);
    await trx.raw('alter table audit_log owner to lantern_audit_owner');
    await trx.raw('alter function audit_log_append_only() owner to lantern_audit_owner');
    await trx.raw(`alter function ${AUDIT_APPEND_SIGNATURE} owner to lantern_audit_owner`);
    await trx.raw('revoke all on audit_log from public');
    await trx.raw(`revoke all on function ${AUDIT_APPEND_SIGNATURE} from public`);
    // The previous owner is most likely the application's role (it ran the first migration):
    // it keeps reading and appending, so the server carries on, but no longer owns anything.
    if (previousOwner !== AUDIT_OWNER) {
      await trx.raw('grant select on audit_log to ??', [previousOwner]);
      await trx.raw(`grant execute on function ${AUDIT_APPEND_SIGNATURE} to ??`, [previousOwner]);
    }
  });
}

/** One page of the chain in id order, after `afterId`. */
export async function chainPage(knex: Knex, afterId: number, size: number): Promise<ChainRow[]> {
  const r = await knex.raw(`select ${columns} from audit_log where id > ? order by id limit ?`, [afterId, size]);
  return (r.rows as ChainRow[]).map((row) => ({ ...row, id: Number(row.id) }));
}

/** Rows older than `id`: how many entries precede the first one that cannot be trusted. */
export async function countBefore(knex: Knex, id: number): Promise<number> {
  const r = await knex.raw('select count(*) as n from audit_log where id < ?', [id]);
  return Number((r.rows[0] as { n: number | string }).n);
}

export interface AuditFilter {
  userId?: string;
  username?: string;
  action?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  beforeId?: number;
}

export async function search(knex: Knex, f: AuditFilter): Promise<AuditEntry[]> {
  const q = knex('audit_log').select(knex.raw(columns)).orderBy('id', 'desc').limit(f.limit);
  if (f.userId) q.where('user_id', f.userId);
  if (f.username) q.where('username', f.username);
  if (f.action) q.where('action', f.action);
  if (f.targetId) q.whereRaw('? = any(target_ids)', [f.targetId]);
  if (f.from) q.where('at', '>=', f.from);
  if (f.to) q.where('at', '<', f.to);
  if (f.beforeId) q.where('id', '<', f.beforeId);
  const rows = (await q) as AuditEntry[];
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
