import { Router } from 'express';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody } from '../http/validate.js';
import { record } from '../audit/service.js';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from './schema.js';
import * as service from './service.js';

/** User administration: administrators only, from a browser session. */
export function userRoutes(db: Db, g: Guards): Router {
  const r = Router();
  r.use(g.requireRole('admin'), g.requireSession);

  r.get('/', async (req, res) => {
    const users = await service.listUsers(db);
    await record(db, callerOf(req), { action: 'search', targetType: 'user', query: { returned: users.length }, outcome: 'ok' });
    res.json({ users });
  });

  r.post('/', async (req, res) => {
    const user = await service.createUser(db, callerOf(req), parseBody(createUserSchema, req));
    res.status(201).location(`${req.baseUrl}/${user.id}`).json(user);
  });

  r.patch('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.updateUser(db, callerOf(req), id, parseBody(updateUserSchema, req)));
  });

  r.post('/:id/password', async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { password } = parseBody(resetPasswordSchema, req);
    await service.resetPassword(db, callerOf(req), id, password);
    res.status(204).end();
  });
  r.use(g.auditRefusals);
  return r;
}
