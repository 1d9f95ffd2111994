import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { actorOf, authOf, type Guards } from '../http/auth.js';
import { parse, parseBody } from '../http/validate.js';
import { createTokenSchema } from './schema.js';
import * as service from './service.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

/** Every user manages their own personal access tokens, from a browser session. */
export function tokenRoutes(db: Db, g: Guards): Router {
  const r = Router();
  const anyone = g.requireRole(...ROLES);
  r.use(anyone, g.requireSession);

  r.get('/', async (req, res) => {
    res.json({ tokens: await service.list(db, authOf(req)) });
  });

  r.post('/', async (req, res) => {
    const body = parseBody(createTokenSchema, req);
    const t = await service.create(db, authOf(req), actorOf(req), body);
    res.status(201).location(`${req.baseUrl}/${t.id}`).json(t);
  });

  r.delete('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    await service.revoke(db, authOf(req), actorOf(req), id);
    res.status(204).end();
  });
  r.use(g.auditRefusals);
  return r;
}
