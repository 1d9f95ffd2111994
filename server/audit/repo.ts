import type { Knex } from 'knex';
import type { AuditContent, ChainRow } from './hash.js';

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

export async function insert(trx: Knex.Transaction, c: AuditContent, prevHash: string, hash: string): Promise<number> {
  const [row] = await trx('audit_log')
    .insert({
      at: c.at,
      user_id: c.userId,
      username: c.username,
      role: c.role,
      action: c.action,
      target_type: c.targetType,
      target_ids: c.targetIds,
      query: c.query === null || c.query === undefined ? null : JSON.stringify(c.query),
      purpose: c.purpose,
      outcome: c.outcome,
      ip: c.ip,
      prev_hash: prevHash,
      hash,
    })
    .returning('id');
  return Number((row as { id: number }).id);
}

/** One page of the chain in id order, after `afterId`. */
export async function chainPage(knex: Knex, afterId: number, size: number): Promise<ChainRow[]> {
  const r = await knex.raw(`select ${columns} from audit_log where id > ? order by id limit ?`, [afterId, size]);
  return (r.rows as ChainRow[]).map((row) => ({ ...row, id: Number(row.id) }));
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

export async function search(knex: Knex, f: AuditFilter): Promise<ChainRow[]> {
  const q = knex('audit_log').select(knex.raw(columns)).orderBy('id', 'desc').limit(f.limit);
  if (f.userId) q.where('user_id', f.userId);
  if (f.username) q.where('username', f.username);
  if (f.action) q.where('action', f.action);
  if (f.targetId) q.whereRaw('? = any(target_ids)', [f.targetId]);
  if (f.from) q.where('at', '>=', f.from);
  if (f.to) q.where('at', '<', f.to);
  if (f.beforeId) q.where('id', '<', f.beforeId);
  const rows = (await q) as ChainRow[];
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
