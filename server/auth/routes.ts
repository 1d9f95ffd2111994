import { Router } from 'express';
import { parse as parseCookies } from 'cookie';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { callerOf, type Guards } from '../http/auth.js';
import { tooManyRequests } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { loginSchema, purposeSchema, SESSION_COOKIE, type LoginResponse, type MeResponse } from './schema.js';
import * as service from './service.js';
import { LoginThrottle } from './throttle.js';

export function authRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
    path: '/',
  };

  // Failed sign-ins per client address, whatever the account: successful ones are not
  // counted, so an office behind one NAT address does not lock itself out.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: config.loginRateLimit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(tooManyRequests('Too many failed sign-ins from this address; wait a few minutes.')),
  });
  // Failures per account and address, and per account (server/auth/throttle.ts).
  const throttle = new LoginThrottle(config);

  r.post('/login', loginLimiter, async (req, res) => {
    const body = parseBody(loginSchema, req);
    const result = await service.login(db, config, throttle, {
      ...body,
      ip: req.ip ?? null,
      userAgent: req.get('user-agent')?.slice(0, 300) ?? null,
      previousToken: parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE],
    });
    res.cookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: config.sessionMaxHours * 3600 * 1000 });
    const signedIn: LoginResponse = { user: result.user, csrfToken: result.csrfToken };
    res.json(signedIn);
  });

  r.post('/logout', g.requireRole(...ROLES), async (req, res) => {
    await service.logout(db, callerOf(req));
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    // Map layers may have been kept by the browser for revalidation (server/http/cache.ts).
    res.set('Clear-Site-Data', '"cache"');
    res.status(204).end();
  });

  r.get('/me', g.requireRole(...ROLES), (req, res) => {
    const c = callerOf(req);
    // requireRole: a signed-in caller, so its user fields are set.
    const me: MeResponse = { user: { id: c.userId!, username: c.username!, displayName: c.displayName!, role: c.role! }, purpose: c.purpose, csrfToken: c.csrfToken ?? '' };
    res.json(me);
  });

  r.put('/purpose', g.requireRole(...ROLES), async (req, res) => {
    const { purpose } = parseBody(purposeSchema, req);
    await service.setPurpose(db, callerOf(req), purpose);
    res.json({ purpose });
  });

  return r;
}
