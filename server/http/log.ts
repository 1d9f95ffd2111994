import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';
import type { Logger } from './problem.js';
import type { Caller } from './auth.js';

/** The process logger: JSON lines on stdout. */
export function createPino(level = 'info'): Pino {
  return pino({ level, base: { service: 'lantern' }, redact: { paths: ['password', '*.password', 'narrative', '*.narrative', 'subjectRefs', '*.subjectRefs', 'subjects', '*.subjects', 'displayName', '*.displayName', 'notes', '*.notes'], remove: true } });
}

/** The app's Logger signature on top of pino. */
export function loggerOf(p: Pino): Logger {
  return (level, msg, extra) => {
    if (extra instanceof Error) p[level]({ err: extra }, msg);
    else if (extra !== undefined) p[level]({ extra }, msg);
    else p[level](msg);
  };
}

/**
 * One line per request: id, method, path (never the query string, which may hold a
 * plate or a name), user id, status and latency. Bodies are never logged.
 */
export function requestLogger(p: Pino): RequestHandler {
  return pinoHttp({
    logger: p,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({ userId: (req as { auth?: Caller }).auth?.userId ?? null }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}
