import { Router } from 'express';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody } from '../http/validate.js';
import { createTokenSchema } from './schema.js';
import * as service from './service.js';

/** Every user manages their own personal access tokens, from a browser session. */
export function tokenRoutes(db: Db, g: Guards): Router {
  const r = Router();
  const anyone = g.requireRole(...ROLES);
  r.use(anyone, g.requireSession);

  r.get('/', async (req, res) => {
    res.json({ tokens: await service.list(db, callerOf(req)) });
  });

  r.post('/', async (req, res) => {
    const body = parseBody(createTokenSchema, req);
    const t = await service.create(db, callerOf(req), body);
    res.status(201).location(`${req.baseUrl}/${t.id}`).json(t);
  });

  r.delete('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    await service.revoke(db, callerOf(req), id);
    res.status(204).end();
  });
  r.use(g.auditRefusals);
  return r;
}
