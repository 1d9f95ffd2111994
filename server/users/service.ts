import type { Db } from '../db/index.js';
import { conflict, forbidden, notFound, unprocessable } from '../http/errors.js';
import { parse } from '../http/validate.js';
import { assertPasswordAcceptable, hashPassword } from '../auth/password.js';
import { needsAgency } from '../auth/policy.js';
import { recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { revokeAllForUser } from '../tokens/service.js';
import * as repo from './repo.js';
import { createUserSchema, type UpdateUser, type User } from './schema.js';

/**
 * Creates a user with an argon2id hash; the creation is audited in the same transaction.
 * The API and the CLI's `user add` both come here, so both get the password policy.
 */
export async function createUser(db: Db, actor: Caller, input: unknown): Promise<User> {
  const u = parse(createUserSchema, input, 'user');
  assertPasswordAcceptable(u.password, u);
  if (await repo.findByUsername(db.knex, u.username)) {
    throw conflict(`A user named "${u.username}" already exists.`, [{ path: 'username', message: 'already taken' }]);
  }
  const passwordHash = await hashPassword(u.password);
  return db.knex.transaction(async (trx) => {
    const user = await repo.insert(trx, { ...u, passwordHash });
    await recordIn(trx, actor, { action: 'user_create', targetType: 'user', targetIds: [user.id], query: { username: user.username, role: user.role, agency: user.agency }, outcome: 'ok' });
    return user;
  });
}

export const listUsers = (db: Db) => repo.list(db.knex);
export const countUsers = (db: Db) => repo.count(db.knex);

/**
 * Changes role, name or status; an administrator cannot demote or disable themselves.
 * A role change or a disabled account ends the user's sessions and revokes their
 * access tokens for good (re-enabling does not bring them back).
 */
export async function updateUser(db: Db, actor: Caller, id: string, v: UpdateUser): Promise<User> {
  if (id === actor.userId && (v.role !== undefined || v.disabled)) {
    throw forbidden('You cannot change your own role or disable yourself; ask another administrator.');
  }
  if (needsAgency(v.role) || v.agency === null) {
    const current = await repo.findById(db.knex, id);
    const role = v.role ?? current?.role;
    const agency = v.agency === undefined ? current?.agency : v.agency;
    if (current && needsAgency(role) && !agency) throw unprocessable('A partner belongs to an agency.', [{ path: 'agency', message: 'required for a partner' }]);
  }
  const user = await db.knex.transaction(async (trx) => {
    const user = await repo.update(trx, id, v);
    await recordIn(trx, actor, { action: 'user_update', targetType: 'user', targetIds: [id], query: v, outcome: user ? 'ok' : 'not found' });
    if (user && (v.role !== undefined || v.disabled)) await revokeAllForUser(trx, actor, id, v.disabled ? 'account disabled' : 'role changed');
    return user;
  });
  if (!user) throw notFound(`No user ${id}.`);
  return user;
}

/**
 * Sets a new password chosen by an administrator, unlocks the account, ends its
 * sessions and revokes its access tokens.
 */
export async function resetPassword(db: Db, actor: Caller, id: string, password: string): Promise<void> {
  const target = await repo.findById(db.knex, id);
  if (!target) {
    await db.knex.transaction((trx) => recordIn(trx, actor, { action: 'user_update', targetType: 'user', targetIds: [id], query: { password: 'reset' }, outcome: 'not found' }));
    throw notFound(`No user ${id}.`);
  }
  assertPasswordAcceptable(password, target);
  const hash = await hashPassword(password);
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.setPassword(trx, id, hash);
    await recordIn(trx, actor, { action: 'user_update', targetType: 'user', targetIds: [id], query: { password: 'reset' }, outcome: ok ? 'ok' : 'not found' });
    if (ok) await revokeAllForUser(trx, actor, id, 'password reset');
    return ok;
  });
  if (!ok) throw notFound(`No user ${id}.`);
}
