import { Router } from 'express';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parse, parseBody, parseQuery } from '../http/validate.js';
import { decisionParams, decisionSchema, dueQuerySchema } from './schema.js';
import * as service from './service.js';

/** MoPI review and retention: administrators only. */
export function reviewRoutes(db: Db, g: Guards): Router {
  const r = Router();
  r.use(g.requireRole('admin'));

  r.get('/due', async (req, res) => {
    const q = parseQuery(dueQuerySchema, req);
    res.json(await service.listDue(db, callerOf(req), q.type, q.limit ?? 100));
  });

  r.post('/:type/:id', async (req, res) => {
    const { type, id } = parse(decisionParams, req.params, 'path');
    res.json(await service.decide(db, callerOf(req), type, id, parseBody(decisionSchema, req)));
  });
  r.use(g.auditRefusals);
  return r;
}
