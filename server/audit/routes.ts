import { Router } from 'express';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { auditQuerySchema } from './schema.js';
import * as repo from './repo.js';
import { describeVerify, record, verify } from './service.js';

/** The audit trail, for administrators. Reading it is itself audited. */
export function auditRoutes(db: Db, g: Guards): Router {
  const r = Router();
  r.use(g.requireRole('admin'));

  r.get('/', async (req, res) => {
    const q = parseQuery(auditQuerySchema, req);
    const limit = q.limit ?? 100;
    const filter: repo.AuditFilter = { limit };
    if (q.userId) filter.userId = q.userId;
    if (q.username) filter.username = q.username;
    if (q.action) filter.action = q.action;
    if (q.targetId) filter.targetId = q.targetId;
    if (q.from) filter.from = q.from;
    if (q.to) filter.to = q.to;
    if (q.before) filter.beforeId = q.before;
    const entries = await repo.search(db.knex, filter);
    await record(db, callerOf(req), { action: 'search', targetType: 'audit_log', query: { ...q, returned: entries.length }, outcome: 'ok' });
    res.json({ entries, next: entries.length === limit ? entries[entries.length - 1]!.id : null });
  });

  r.get('/verify', async (req, res) => {
    const result = await verify(db);
    await record(db, callerOf(req), { action: 'verify', targetType: 'audit_log', outcome: describeVerify(result) });
    res.json(result);
  });
  r.use(g.auditRefusals);
  return r;
}
