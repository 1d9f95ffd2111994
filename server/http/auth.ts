import { timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Role } from '../lists.js';
import { CSRF_HEADER, SESSION_COOKIE } from './session.js';
import { AppError, forbidden, purposeRequired, unauthorized } from './errors.js';
import { lsnOf } from './lsn.js';

/**
 * Who is asking: what every service is handed and what the audit log names. A request's
 * caller comes from its session cookie or access token; the CLI, imports and the demo
 * act as the system (`SYSTEM_ACTOR`, server/audit/service.ts), and a request not signed
 * in, or a failed sign-in, is a caller with no user.
 */
export interface Caller {
  /** Null for the system and for someone not signed in, as are `displayName` and `role`. */
  userId: string | null;
  /** The user's name; "system", or the name a failed sign-in tried. */
  username: string | null;
  displayName: string | null;
  role: Role | null;
  /** The agency a partner works for (partners are created with one). */
  agency: string | null;
  /** The reason given for reading records (DPA 2018 s.62): the session's, or the one the token was issued with. */
  purpose: string | null;
  ip: string | null;
  /** A browser session (cookie + CSRF token), a personal access token (Bearer, no CSRF), or neither. */
  via: 'session' | 'token' | null;
  /** The session's id, or the token's when `via` is 'token'. */
  credentialId: string | null;
  /** The CSRF token given at sign-in; sessions only. */
  csrfToken: string | null;
  /**
   * The WAL position of the caller's last write (server/http/lsn.ts): the caller's data
   * reads go to a read replica only once it has replayed this far (`Db.read`).
   */
  readAfter?: string;
}

/** A caller with no user and no credential. */
export const NOBODY: Caller = {
  userId: null,
  username: null,
  displayName: null,
  role: null,
  agency: null,
  purpose: null,
  ip: null,
  via: null,
  credentialId: null,
  csrfToken: null,
};

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller, once the session cookie or access token checks out. */
    auth?: Caller;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's caller: the signed-in user, or nobody (from this address) when not signed in. */
export const callerOf = (req: Request): Caller => req.auth ?? { ...NOBODY, ip: req.ip ?? null };

/** The caller's user id, for work only a signed-in user does (behind `requireRole`, there always is one). */
export function userIdOf(c: Caller): string {
  if (!c.userId) throw unauthorized();
  return c.userId;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * What the guards need from the domains, given by `createApp` so that this layer
 * imports none of them: session and token look-ups, and the audit log.
 */
export interface GuardServices {
  /** The caller whose live session a session cookie's value names, if any. */
  resolveSession(token: string, ip: string | null): Promise<Caller | undefined>;
  /** The caller a personal access token names, if any (its use audited); `path` is "METHOD /path". */
  authenticateToken(token: string, ip: string | null, path: string): Promise<Caller | undefined>;
  /** Appends a refusal (`denied`) to the audit log. */
  recordDenial(caller: Caller, query: Record<string, unknown>, outcome: string): Promise<unknown>;
}

/** Guards for routes; each refusal is a problem document and (once signed in) an audited denial. */
export function guards({ resolveSession, authenticateToken, recordDenial }: GuardServices) {
  /** Refusals already in the audit log, so a router's `auditRefusals` does not write them twice. */
  const audited = new WeakSet<AppError>();
  const deny = async (req: Request, err: AppError) => {
    audited.add(err);
    // The full path: inside a router req.path is relative to its mount ("/" for /api/sightings).
    await recordDenial(callerOf(req), { method: req.method, path: req.originalUrl.split('?')[0] }, `${err.status} ${err.slug}`);
    return err;
  };

  /**
   * Reads a Bearer token or the session cookie into `req.auth`. A Bearer header that
   * does not check out is a 401 rather than a fall-back to the cookie.
   */
  const session: RequestHandler = async (req, _res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) {
      req.auth = await authenticateToken(bearer, req.ip ?? null, `${req.method} ${req.originalUrl.split('?')[0]}`);
      if (!req.auth) throw unauthorized('The access token is unknown, expired or revoked.');
    } else {
      const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
      if (token) req.auth = await resolveSession(token, req.ip ?? null);
    }
    const readAfter = lsnOf(req);
    if (req.auth && readAfter) req.auth = { ...req.auth, readAfter };
    next();
  };

  /**
   * Requires a signed-in caller with one of the roles, and on state-changing
   * methods the CSRF token given at sign-in.
   */
  const requireRole =
    (...roles: Role[]): RequestHandler =>
    async (req, _res, next) => {
      if (!req.auth) throw unauthorized();
      // Bearer tokens are not sent by browsers on their own, so they need no CSRF token.
      if (!SAFE_METHODS.has(req.method) && req.auth.via === 'session') {
        const sent = req.get(CSRF_HEADER) ?? '';
        if (!sameToken(sent, req.auth.csrfToken ?? '')) {
          throw await deny(req, new AppError(403, 'csrf', 'Forbidden', `Send the X-CSRF-Token header given at sign-in with every ${req.method} request.`));
        }
      }
      if (!req.auth.role || !roles.includes(req.auth.role)) {
        throw await deny(req, forbidden(`The ${req.auth.role} role may not ${req.method} ${req.baseUrl}${req.path}.`));
      }
      next();
    };

  /** Individual records are only read with a stated purpose (DPA 2018 s.62 logging). */
  const requirePurpose: RequestHandler = async (req, _res, next) => {
    if (!req.auth) throw unauthorized();
    if (!req.auth.purpose) throw await deny(req, purposeRequired());
    next();
  };

  /** Things a token may not do for itself (issue more tokens, manage users): browser sessions only. */
  const requireSession: RequestHandler = async (req, _res, next) => {
    if (req.auth?.via !== 'session') throw await deny(req, forbidden('This needs a signed-in browser session, not an access token.'));
    next();
  };

  /**
   * Error middleware for a router whose every refusal must be audited (users, tokens,
   * review, audit): a signed-in caller's 4xx (bad input, not found, conflict) is written
   * as `denied` with the fields the problem document names, then handled as usual.
   */
  const auditRefusals: ErrorRequestHandler = async (err, req, _res, next) => {
    if (err instanceof AppError && err.status >= 400 && err.status < 500 && req.auth && !audited.has(err)) {
      audited.add(err);
      try {
        await recordDenial(
          callerOf(req),
          { method: req.method, path: req.originalUrl.split('?')[0], ...(err.errors ? { fields: err.errors.map((e) => e.path) } : {}) },
          `${err.status} ${err.slug}`,
        );
      } catch (auditErr) {
        return next(auditErr);
      }
    }
    next(err);
  };

  return { session, requireRole, requirePurpose, requireSession, deny, auditRefusals };
}

export type Guards = ReturnType<typeof guards>;
