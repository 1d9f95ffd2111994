import type { Knex } from 'knex';
import type { Caller } from '../auth/schema.js';
import { CALLER_COLUMNS, callerOfRow } from '../auth/repo.js';
import type { ApiToken } from './schema.js';

const columns = `id, name, purpose, created_at as "createdAt", expires_at as "expiresAt",
  revoked_at as "revokedAt", last_used_at as "lastUsedAt"`;

export async function insert(
  trx: Knex.Transaction,
  t: { userId: string; name: string; purpose: string; tokenHash: string; expiresAt: Date },
): Promise<ApiToken> {
  const r = await trx.raw(
    `insert into api_tokens (user_id, name, purpose, token_hash, expires_at) values (?, ?, ?, ?, ?) returning ${columns}`,
    [t.userId, t.name, t.purpose, t.tokenHash, t.expiresAt],
  );
  return r.rows[0];
}

export async function listForUser(knex: Knex, userId: string): Promise<ApiToken[]> {
  const r = await knex.raw(`select ${columns} from api_tokens where user_id = ? order by created_at desc`, [userId]);
  return r.rows;
}

export async function revoke(trx: Knex.Transaction, id: string, userId: string): Promise<boolean> {
  const n = await trx('api_tokens').update({ revoked_at: trx.fn.now() }).where({ id, user_id: userId }).whereNull('revoked_at');
  return n > 0;
}

/** Revokes every live token of a user (their password, role or status changed); returns the ids revoked. */
export async function revokeAllForUser(trx: Knex.Transaction, userId: string): Promise<string[]> {
  const r = await trx.raw('update api_tokens set revoked_at = now() where user_id = ? and revoked_at is null returning id', [userId]);
  return r.rows.map((row: { id: string }) => row.id);
}

/** The caller a live token stands for, at this address; stamps its last use. */
export async function findLive(knex: Knex, tokenHash: string, ip: string | null): Promise<Caller | undefined> {
  const r = await knex.raw(
    `update api_tokens t set last_used_at = now()
     from users u
     where t.token_hash = ? and u.id = t.user_id and u.disabled_at is null
       and t.revoked_at is null and t.expires_at > now()
     returning t.id as "tokenId", t.purpose, ${CALLER_COLUMNS}`,
    [tokenHash],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return callerOfRow(row, ip, 'token', row.tokenId, null);
}
