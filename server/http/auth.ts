import { timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Role } from '../lists.js';
import { CSRF_HEADER, SESSION_COOKIE, type Actor, type AuthContext } from './session.js';
import { AppError, forbidden, purposeRequired, unauthorized } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller as the audit log names them. */
export function actorOf(req: Request): Actor {
  const a = req.auth;
  return {
    userId: a?.user.id ?? null,
    username: a?.user.username ?? null,
    role: a?.user.role ?? null,
    purpose: a?.purpose ?? null,
    ip: req.ip ?? null,
  };
}

/** The signed-in caller; for handlers behind `requireRole`, where it cannot be missing. */
export function authOf(req: Request): AuthContext {
  if (!req.auth) throw unauthorized();
  return req.auth;
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
  /** The live session a session cookie's value names, if any. */
  resolveSession(token: string): Promise<AuthContext | undefined>;
  /** The caller a personal access token names, if any (its use audited); `path` is "METHOD /path". */
  authenticateToken(token: string, ip: string | null, path: string): Promise<AuthContext | undefined>;
  /** Appends a refusal (`denied`) to the audit log. */
  recordDenial(actor: Actor, query: Record<string, unknown>, outcome: string): Promise<unknown>;
}

/** Guards for routes; each refusal is a problem document and (once signed in) an audited denial. */
export function guards({ resolveSession, authenticateToken, recordDenial }: GuardServices) {
  /** Refusals already in the audit log, so a router's `auditRefusals` does not write them twice. */
  const audited = new WeakSet<AppError>();
  const deny = async (req: Request, err: AppError) => {
    audited.add(err);
    // The full path: inside a router req.path is relative to its mount ("/" for /api/sightings).
    await recordDenial(actorOf(req), { method: req.method, path: req.originalUrl.split('?')[0] }, `${err.status} ${err.slug}`);
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
      return next();
    }
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (token) req.auth = await resolveSession(token);
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
        if (!sameToken(sent, req.auth.csrfToken)) {
          throw await deny(req, new AppError(403, 'csrf', 'Forbidden', `Send the X-CSRF-Token header given at sign-in with every ${req.method} request.`));
        }
      }
      if (!roles.includes(req.auth.user.role)) {
        throw await deny(req, forbidden(`The ${req.auth.user.role} role may not ${req.method} ${req.baseUrl}${req.path}.`));
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
          actorOf(req),
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
