import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { mayReadPremises, RECORD_READERS, SIGHTING_WRITERS } from '../auth/policy.js';
import { actorOf, authOf, type Guards } from '../http/auth.js';
import { parse, parseBody, parseQuery } from '../http/validate.js';
import { badRequest } from '../http/errors.js';
import { containsPoint, formatBBox } from '../geo/bbox.js';
import { createPremisesSchema, listPremisesQuerySchema, patchPremisesSchema, profileQuerySchema } from './schema.js';
import * as service from './service.js';
import { pointFeature } from '../geo/feature.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });
const caller = (req: Request): service.Caller => ({ role: authOf(req).user.role, actor: actorOf(req) });

/** Premises: business records for the roles that may read premises (not planners); profiles for record readers. */
export function premisesRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const premisesReaders = g.requireRole(...ROLES.filter(mayReadPremises));
  const profileQuery = profileQuerySchema(config.timeZone);

  r.get('/', premisesReaders, async (req, res) => {
    const q = parseQuery(listPremisesQuerySchema, req);
    if (q.near && !containsPoint(config.operatingArea, q.near.lon, q.near.lat)) {
      const message = `(${q.near.lat}, ${q.near.lon}) is outside the operating area ${formatBBox(config.operatingArea)}`;
      throw badRequest(`The query's near point ${message}.`, [{ path: 'near', message }]);
    }
    const rows = await service.search(db, caller(req), {
      ...(q.q ? { q: q.q } : {}),
      ...(q.category ? { categories: q.category } : {}),
      ...(q.near ? { near: { ...q.near, radius: q.radius ?? 500 } } : {}),
      ...(q.bbox ? { bbox: q.bbox } : {}),
      limit: q.limit ?? (q.q ? 50 : 5000),
    });
    res.json({ type: 'FeatureCollection', numberReturned: rows.length, features: rows.map(pointFeature) });
  });

  r.get('/:id', premisesReaders, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(pointFeature(await service.get(db, caller(req), id)));
  });

  r.get('/:id/profile', g.requireRole(...RECORD_READERS), g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.profile(db, config, caller(req), id, parseQuery(profileQuery, req)));
  });

  r.post('/', g.requireRole(...SIGHTING_WRITERS), async (req, res) => {
    const p = await service.create(db, config, caller(req), parseBody(createPremisesSchema, req));
    res.status(201).location(`${req.baseUrl}/${p.id}`).json(pointFeature(p));
  });

  r.patch('/:id', g.requireRole(...SIGHTING_WRITERS), async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(pointFeature(await service.update(db, config, caller(req), id, parseBody(patchPremisesSchema, req))));
  });
  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
