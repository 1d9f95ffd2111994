import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, badRequest, notFound, payloadTooLarge, serviceUnavailable } from './errors.js';

export type Logger = (level: 'info' | 'warn' | 'error', msg: string, extra?: unknown) => void;

/** Database errors that mean "the database is not there", not "the query is wrong". */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08000', '08003', '08006']);

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; code?: string; message?: string };
  if (e?.type === 'entity.too.large') return payloadTooLarge('The request body is larger than this server accepts.');
  if (e?.type === 'entity.too.deep') {
    const path = (err as { path?: string }).path ?? '';
    return badRequest(`${e.message ?? 'The JSON body is nested too deep.'} Nothing was read.`, [{ path, message: 'nested too deep' }]);
  }
  // The router could not decode a path parameter (malformed %-escapes, or UTF-8 of a lone surrogate such as %ED%A0%80).
  if (err instanceof URIError && e.status === 400) return badRequest('The path is not valid percent-encoded UTF-8.', [{ path: 'path', message: 'malformed percent-encoding' }]);
  if (e?.type === 'entity.parse.failed') return badRequest('The body is not valid JSON.', [{ path: '', message: 'malformed JSON' }]);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError(415, 'unsupported-media-type', 'Unsupported media type', e.message ?? 'unsupported encoding');
  if (e?.code && UNAVAILABLE.has(e.code)) return serviceUnavailable('The database is not reachable; try again shortly.');
  if (e?.code === '57014') return serviceUnavailable('The query took too long and was stopped; narrow the filters.');
  if (e?.message?.startsWith('Knex: Timeout acquiring a connection')) return serviceUnavailable('The database is busy or unreachable; try again shortly.');
  return undefined;
}

/** The one place errors become RFC 9457 problem documents. Never leaks stacks or SQL. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const app = toAppError(err);
    if (!app) log('error', `${req.method} ${req.originalUrl} failed`, err);
    const status = app?.status ?? 500;
    const body = {
      type: app?.type ?? '/problems/internal',
      title: app?.title ?? 'Internal error',
      status,
      detail: app?.detail ?? 'Something went wrong on the server; it has been logged.',
      ...(app?.errors ? { errors: app.errors } : {}),
    };
    if (res.headersSent) return;
    if (status === 503) res.setHeader('Retry-After', '5');
    for (const [k, v] of Object.entries(app?.headers ?? {})) res.setHeader(k, v);
    res.status(status).type('application/problem+json').send(JSON.stringify(body));
  };
}

/** 404 for unknown API paths, as a problem document rather than HTML. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(notFound(`No endpoint ${req.method} ${req.path}.`));
};
