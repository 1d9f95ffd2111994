import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { notFound, unprocessable } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import { userIdOf, type Caller } from '../http/auth.js';
import * as repo from './repo.js';
import { MAX_TOKEN_DAYS, TOKEN_PREFIX, type ApiToken, type CreateToken } from './schema.js';

const DAY = 86_400_000;
const DEFAULT_DAYS = 90;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a token for the caller; the secret is returned once and only its hash is kept. */
export async function create(db: Db, c: Caller, v: CreateToken): Promise<ApiToken & { token: string }> {
  const expiresAt = v.expiresAt ?? new Date(Date.now() + DEFAULT_DAYS * DAY);
  if (expiresAt.getTime() <= Date.now()) throw unprocessable('The expiry is in the past.', [{ path: 'expiresAt', message: 'must be in the future' }]);
  if (expiresAt.getTime() > Date.now() + MAX_TOKEN_DAYS * DAY) {
    throw unprocessable(`Tokens last at most ${MAX_TOKEN_DAYS} days.`, [{ path: 'expiresAt', message: `must be within ${MAX_TOKEN_DAYS} days` }]);
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return db.knex.transaction(async (trx) => {
    const row = await repo.insert(trx, { userId: userIdOf(c), name: v.name, purpose: v.purpose, tokenHash: hashOf(token), expiresAt });
    await recordIn(trx, c, { action: 'create', targetType: 'token', targetIds: [row.id], query: { name: v.name, tokenPurpose: v.purpose }, outcome: 'ok' });
    return { ...row, token };
  });
}

export const list = (db: Db, c: Caller) => repo.listForUser(db.knex, userIdOf(c));

export async function revoke(db: Db, c: Caller, id: string): Promise<void> {
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.revoke(trx, id, userIdOf(c));
    await recordIn(trx, c, { action: 'delete', targetType: 'token', targetIds: [id], outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`You have no live token ${id}.`);
}

/**
 * Revokes every live token of a user inside the transaction that changes their
 * password, role or status, and audits which; a later re-enable does not bring them back.
 */
export async function revokeAllForUser(trx: Knex.Transaction, actor: Caller, userId: string, reason: string): Promise<string[]> {
  const ids = await repo.revokeAllForUser(trx, userId);
  if (ids.length) await recordIn(trx, actor, { action: 'delete', targetType: 'token', targetIds: ids, query: { userId, reason }, outcome: 'ok' });
  return ids;
}

/** Resolves `Authorization: Bearer …`; every use is audited as token_use. */
export async function authenticate(db: Db, token: string, ip: string | null, path: string): Promise<Caller | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const c = await repo.findLive(db.knex, hashOf(token), ip);
  if (c) await record(db, c, { action: 'token_use', targetType: 'token', targetIds: [c.credentialId!], query: { path }, outcome: 'ok' });
  return c;
}
