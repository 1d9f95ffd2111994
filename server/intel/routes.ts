import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { RECORD_READERS, SIGHTING_WRITERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { createIntelSchema, deleteIntelSchema, listIntelQuerySchema } from './schema.js';
import * as service from './service.js';

/** Graded (3x5x2) intelligence about premises, vehicles, areas and locations. */
export function intelRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const createBody = createIntelSchema(config.timeZone);
  const readers = g.requireRole(...RECORD_READERS);

  r.get('/', readers, g.requirePurpose, async (req, res) => {
    const q = parseQuery(listIntelQuerySchema, req);
    res.json({ items: await service.list(db, callerOf(req), { ...q, limit: q.limit ?? 200 }) });
  });

  r.get('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.get(db, callerOf(req), id));
  });

  // Licensing officers may write too, about premises and vehicles only (checked in the service).
  r.post('/', readers, g.requirePurpose, async (req, res) => {
    const created = await service.create(db, config, callerOf(req), parseBody(createBody, req));
    res.status(201).location(`${req.baseUrl}/${created.id}`).json(created);
  });

  r.delete('/:id', g.requireRole(...SIGHTING_WRITERS), g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    await service.remove(db, callerOf(req), id, parseBody(deleteIntelSchema, req).reason);
    res.status(204).end();
  });
  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
