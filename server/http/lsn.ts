import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { isLsn } from '../db/lsn.js';

/**
 * Read-your-own-writes across read replicas (server/db/replicas.ts) and across server
 * processes: after a caller's successful write, the primary's WAL position goes back to
 * the caller in this cookie, and the caller's later reads (`Caller.readAfter`) go to a
 * replica only once it has replayed that far, else to the primary.
 *
 * The cookie is the client's to change, and that is safe: it only chooses where the
 * sender's own reads run. Forged high, they all go to the primary (which answers within
 * the same admission gate as any request); forged low or removed, they go to a replica
 * within the lag allowed to every reader. No one else's reads, and nothing the caller
 * may see, change: authorization never looks at it.
 */
export const LSN_COOKIE = 'lantern_lsn';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The WAL position the request's cookie names, if it is one. */
export function lsnOf(req: Request): string | undefined {
  const v = parseCookies(req.headers.cookie ?? '')[LSN_COOKIE];
  return v && isLsn(v) ? v : undefined;
}

/**
 * After a successful (status < 400) state-changing request, sets the cookie to the
 * primary's WAL position, read just before the answer leaves, when the handler's
 * transaction has committed. `walPosition` answers null when there are no replicas:
 * then no cookie is set. An answer streamed in parts (headers already sent) gets none;
 * none of the writes answers so.
 */
export function recordWritePosition(walPosition: () => Promise<string | null>, opts: { secure: boolean }): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      if (res.headersSent || res.statusCode >= 400) return end(...args);
      walPosition().then(
        (lsn) => {
          if (lsn && !res.headersSent) res.cookie(LSN_COOKIE, lsn, { httpOnly: true, sameSite: 'strict', secure: opts.secure, path: '/' });
          end(...args);
        },
        // The primary failing now changes nothing already done: the answer goes out without the cookie.
        () => end(...args),
      );
      return res;
    }) as typeof res.end;
    next();
  };
}
