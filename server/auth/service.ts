import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { AppError, badRequest } from '../http/errors.js';
import { record, type Actor } from '../audit/service.js';
import * as users from '../users/repo.js';
import { decoyHash, verifyPassword } from './password.js';
import * as repo from './repo.js';
import type { AuthContext, SessionUser } from './schema.js';

/** Session ids are stored hashed; the cookie holds the only copy of the token. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

const loginFailed = () => new AppError(401, 'login-failed', 'Sign-in failed', 'The username or password is wrong.');

/** 423 with the seconds to wait, so a client can say when to try again. */
const accountLocked = (until: Date) =>
  new AppError(423, 'account-locked', 'Account locked', `Too many failed sign-ins: the account is locked until ${until.toISOString()}.`, undefined, {
    'Retry-After': String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))),
  });

export interface LoginResult {
  token: string;
  user: SessionUser;
  csrfToken: string;
}

/**
 * Checks the password (argon2id), counts failures towards a lock-out, and opens a
 * session. Every attempt is audited; an unknown user costs the same time as a known one.
 */
export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string; ip: string | null; userAgent: string | null; previousToken?: string },
): Promise<LoginResult> {
  const actorFor = (u?: { id: string; username: string; role: string }): Actor => ({
    userId: u?.id ?? null,
    username: u?.username ?? input.username,
    role: u?.role ?? null,
    purpose: null,
    ip: input.ip,
  });
  const user = await users.findByUsername(db.knex, input.username);
  if (!user) {
    await verifyPassword(await decoyHash(), input.password);
    await record(db, actorFor(), { action: 'login_failed', outcome: 'unknown user' });
    throw loginFailed();
  }
  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  if (user.lockedUntil !== null && user.lockedUntil > new Date()) {
    await record(db, actorFor(user), { action: 'login_failed', targetType: 'user', targetIds: [user.id], outcome: 'account locked' });
    throw accountLocked(user.lockedUntil);
  }
  if (!passwordOk || user.disabledAt !== null) {
    const reason = user.disabledAt ? 'account disabled' : 'wrong password';
    const lockedUntil = user.disabledAt ? null : await users.recordLoginFailure(db.knex, user.id, config.lockoutThreshold, config.lockoutMinutes);
    await record(db, actorFor(user), { action: 'login_failed', targetType: 'user', targetIds: [user.id], outcome: lockedUntil ? `${reason}; account now locked` : reason });
    throw lockedUntil ? accountLocked(lockedUntil) : loginFailed();
  }
  await users.recordLoginSuccess(db.knex, user.id);
  // A fresh session id at every sign-in: a session planted before sign-in is worthless.
  if (input.previousToken) await repo.deleteSession(db.knex, sessionIdOf(input.previousToken));
  await repo.deleteDeadSessions(db.knex, config.sessionIdleMinutes);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await repo.insertSession(db.knex, {
    id: sessionIdOf(token),
    userId: user.id,
    csrfToken,
    ip: input.ip,
    userAgent: input.userAgent,
    maxHours: config.sessionMaxHours,
  });
  await record(db, actorFor(user), { action: 'login', targetType: 'user', targetIds: [user.id], outcome: 'ok' });
  return {
    token,
    csrfToken,
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
  };
}

export async function resolveSession(db: Db, config: Config, token: string): Promise<AuthContext | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return repo.findLiveSession(db.knex, sessionIdOf(token), config.sessionIdleMinutes);
}

export async function logout(db: Db, auth: AuthContext, actor: Actor): Promise<void> {
  await repo.deleteSession(db.knex, auth.sessionId);
  await record(db, actor, { action: 'logout', targetType: 'user', targetIds: [auth.user.id], outcome: 'ok' });
}

export async function setPurpose(db: Db, auth: AuthContext, actor: Actor, purpose: string): Promise<void> {
  if (auth.via === 'token') throw badRequest('An access token carries the purpose it was issued with; issue another token for another purpose.');
  await repo.setPurpose(db.knex, auth.sessionId, purpose);
  await record(db, { ...actor, purpose }, { action: 'purpose_set', targetType: 'session', outcome: 'ok' });
}
