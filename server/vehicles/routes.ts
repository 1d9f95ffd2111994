import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { RECORD_READERS, SIGHTING_WRITERS } from '../auth/policy.js';
import { actorOf, authOf, type Guards } from '../http/auth.js';
import { parse, parseBody, parseQuery } from '../http/validate.js';
import { profileQuerySchema } from '../premises/schema.js';
import { createVehicleSchema, listVehiclesQuerySchema, patchVehicleSchema } from './schema.js';
import * as service from './service.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });
const caller = (req: Request): service.Caller => ({ role: authOf(req).user.role, actor: actorOf(req) });

/** Taxis and private-hire vehicles: plates are personal data, so no planner access. */
export function vehicleRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const profileQuery = profileQuerySchema(config.timeZone);
  const readers = g.requireRole(...RECORD_READERS);
  const writers = g.requireRole(...SIGHTING_WRITERS);

  r.get('/', readers, async (req, res) => {
    const q = parseQuery(listVehiclesQuerySchema, req);
    res.json({ items: await service.search(db, caller(req), { ...q, limit: q.limit ?? 50 }) });
  });

  r.get('/:id', readers, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.get(db, caller(req), id));
  });

  r.get('/:id/profile', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { from, to } = parseQuery(profileQuery, req);
    res.json(await service.profile(db, config, caller(req), id, { ...(from ? { from } : {}), ...(to ? { to } : {}) }));
  });

  r.post('/', writers, async (req, res) => {
    const v = await service.create(db, caller(req), parseBody(createVehicleSchema, req));
    res.status(201).location(`${req.baseUrl}/${v.id}`).json(v);
  });

  r.patch('/:id', writers, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.update(db, caller(req), id, parseBody(patchVehicleSchema, req)));
  });
  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
