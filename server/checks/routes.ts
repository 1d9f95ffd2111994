import express, { Router, type Request } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { RECORD_READERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { unsupportedMediaType } from '../http/errors.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { toCsv } from '../exports/formats.js';
import { CHECK_EXPORT_FIELDS, checkBodySchema, checkQuerySchema, type CheckEntry } from './schema.js';
import * as service from './service.js';

const CSV_TYPES = ['text/csv', 'application/csv'];

function entriesOf(req: Request): CheckEntry[] {
  if (req.is(CSV_TYPES)) return service.entriesFromCsv(typeof req.body === 'string' ? req.body : '');
  if (!req.is('application/json')) throw unsupportedMediaType(`Send the list as text/csv (a licence_ref or plate column) or application/json, not ${req.headers['content-type'] ?? 'an unnamed type'}.`);
  return service.entriesFromJson(parseBody(checkBodySchema, req));
}

/** Bulk premises and taxi checks: a list of licence refs or plates in, a table of counts and flags out. */
export function checkRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const query = checkQuerySchema(config.timeZone);
  const csvBody = express.text({ type: CSV_TYPES, limit: `${config.bodyLimitKb}kb` });

  r.post('/', g.requireRole(...RECORD_READERS), g.requirePurpose, csvBody, async (req, res) => {
    const q = parseQuery(query, req);
    const format = q.format ?? 'json';
    const result = await service.check(db, config, callerOf(req), entriesOf(req), { from: q.from, to: q.to, radius: q.radius, format });
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`lantern-check-OFFICIAL-SENSITIVE-${result.period.to.slice(0, 10)}.csv`);
      res.send(toCsv(result.rows as unknown as Parameters<typeof toCsv>[0], CHECK_EXPORT_FIELDS));
      return;
    }
    res.json(result);
  });
  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
