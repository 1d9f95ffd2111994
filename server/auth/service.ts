import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { AppError, badRequest } from '../http/errors.js';
import { record } from '../audit/service.js';
import { NOBODY, userIdOf, type Caller } from '../http/auth.js';
import type { Role } from '../lists.js';
import * as users from '../users/repo.js';
import { decoyHash, verifyPassword } from './password.js';
import * as repo from './repo.js';
import { LoginThrottle } from './throttle.js';
import type { SessionUser } from './schema.js';

/** Session ids are stored hashed; the cookie holds the only copy of the token. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

const loginFailed = () => new AppError(401, 'login-failed', 'Sign-in failed', 'The username or password is wrong.');

const retryAfter = (ms: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });

/** 429: this address has failed this account too often in a row and must wait (other addresses need not). */
const addressThrottled = (waitMs: number) =>
  new AppError(
    429,
    'login-throttled',
    'Too many failed sign-ins',
    `Too many failed sign-ins to this account from this address: wait ${Math.max(1, Math.ceil(waitMs / 1000))} seconds before trying again.`,
    undefined,
    retryAfter(waitMs),
  );

/** 423: the account has failed too often from everywhere; it waits, except at addresses it signed in from lately. */
const accountLocked = (until: Date) =>
  new AppError(423, 'account-locked', 'Account locked', `Too many failed sign-ins: the account is locked until ${until.toISOString()}.`, undefined, retryAfter(until.getTime() - Date.now()));

export interface LoginResult {
  token: string;
  user: SessionUser;
  csrfToken: string;
}

/**
 * Checks the password (argon2id), counts failures towards the two lock-outs (one per
 * account and address, one per account: README, "Sign-in and lock-out") and opens a
 * session. Every attempt is audited; an unknown user costs the same time and meets the
 * same lock-outs as a known one.
 */
export async function login(
  db: Db,
  config: Config,
  throttle: LoginThrottle,
  input: { username: string; password: string; ip: string | null; userAgent: string | null; previousToken?: string },
): Promise<LoginResult> {
  const actorFor = (u?: { id: string; username: string; role: Role }): Caller => ({
    ...NOBODY,
    userId: u?.id ?? null,
    username: u?.username ?? input.username,
    role: u?.role ?? null,
    ip: input.ip,
  });
  const key = LoginThrottle.key(input.username, input.ip);
  const accountBackoff = { threshold: config.accountLockoutThreshold, baseSeconds: config.lockoutBackoffSeconds, maxSeconds: Math.max(config.lockoutBackoffSeconds, config.lockoutMinutes * 60) };

  // This address is waiting for this account: refused without checking the password.
  const addressWait = throttle.perAddress.waitMs(key);
  if (addressWait > 0) {
    await record(db, actorFor(), { action: 'login_failed', outcome: 'address throttled' });
    throw addressThrottled(addressWait);
  }
  const user = await users.findByUsername(db.knex, input.username);
  const knownAddress = throttle.isKnownAddress(input.username, input.ip);
  if (!user) {
    const wait = throttle.unknownAccounts.waitMs(input.username);
    if (wait > 0 && !knownAddress) {
      await record(db, actorFor(), { action: 'login_failed', outcome: 'unknown user; account locked' });
      throw accountLocked(new Date(Date.now() + wait));
    }
    await verifyPassword(await decoyHash(), input.password);
    const nowWaits = throttle.perAddress.fail(key);
    const accountWaits = throttle.unknownAccounts.fail(input.username);
    await record(db, actorFor(), { action: 'login_failed', outcome: `unknown user${nowWaits ? '; address now throttled' : accountWaits ? '; account now locked' : ''}` });
    if (nowWaits) throw addressThrottled(nowWaits);
    if (accountWaits && !knownAddress) throw accountLocked(new Date(Date.now() + accountWaits));
    throw loginFailed();
  }
  if (user.lockedUntil !== null && user.lockedUntil > new Date() && !knownAddress) {
    await record(db, actorFor(user), { action: 'login_failed', targetType: 'user', targetIds: [user.id], outcome: 'account locked' });
    throw accountLocked(user.lockedUntil);
  }
  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  if (!passwordOk || user.disabledAt !== null) {
    const reason = !passwordOk ? 'wrong password' : 'account disabled';
    // Only guesses count: the right password of a disabled account is no guess.
    const nowWaits = passwordOk ? 0 : throttle.perAddress.fail(key);
    const lockedUntil = passwordOk ? null : await users.recordLoginFailure(db.knex, user.id, accountBackoff);
    const outcome = `${reason}${nowWaits ? '; address now throttled' : ''}${lockedUntil ? '; account now locked' : ''}`;
    await record(db, actorFor(user), { action: 'login_failed', targetType: 'user', targetIds: [user.id], outcome });
    if (nowWaits) throw addressThrottled(nowWaits);
    if (lockedUntil && !knownAddress) throw accountLocked(lockedUntil);
    throw loginFailed();
  }
  throttle.succeeded(input.username, input.ip);
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

/** The caller whose live session this cookie value names, at this address. */
export async function resolveSession(db: Db, config: Config, token: string, ip: string | null): Promise<Caller | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return repo.findLiveSession(db.knex, sessionIdOf(token), config.sessionIdleMinutes, ip);
}

export async function logout(db: Db, c: Caller): Promise<void> {
  if (c.credentialId) await repo.deleteSession(db.knex, c.credentialId);
  await record(db, c, { action: 'logout', targetType: 'user', targetIds: [userIdOf(c)], outcome: 'ok' });
}

export async function setPurpose(db: Db, c: Caller, purpose: string): Promise<void> {
  if (c.via !== 'session' || !c.credentialId) throw badRequest('An access token carries the purpose it was issued with; issue another token for another purpose.');
  await repo.setPurpose(db.knex, c.credentialId, purpose);
  await record(db, { ...c, purpose }, { action: 'purpose_set', targetType: 'session', outcome: 'ok' });
}
