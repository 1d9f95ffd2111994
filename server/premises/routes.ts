import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { mayReadPremises, RECORD_READERS, SIGHTING_WRITERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { badRequest } from '../http/errors.js';
import { containsPoint, formatBBox } from '../geo/bbox.js';
import { createPremisesSchema, listPremisesQuerySchema, patchPremisesSchema, profileQuerySchema } from './schema.js';
import * as service from './service.js';
import { pointFeature } from '../geo/feature.js';
import { printDesk } from '../print/desk.js';
import { ticketStore } from '../print/tickets.js';
import { profilePdfName } from '../print/names.js';
import { PROTECTIVE_MARKING } from '../reports/schema.js';
import type { PremisesProfile } from './schema.js';

/**
 * Premises: business records for the roles that may read premises (not planners);
 * profiles for record readers, as JSON or (`format=pdf`) printed by the server's own
 * Chromium from the client's profile print page, on a print ticket (server/print/).
 */
export function premisesRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const premisesReaders = g.requireRole(...ROLES.filter(mayReadPremises));
  const profileQuery = profileQuerySchema(config.timeZone);
  const desk = printDesk(db, ticketStore<'profile', PremisesProfile>('profile'));
  // GET /print and /print/basemap/…, for the server's own print browser only: ahead of /:id.
  r.use(desk.routes);

  r.get('/', premisesReaders, async (req, res) => {
    const q = parseQuery(listPremisesQuerySchema, req);
    if (q.near && !containsPoint(config.operatingArea, q.near.lon, q.near.lat)) {
      const message = `(${q.near.lat}, ${q.near.lon}) is outside the operating area ${formatBBox(config.operatingArea)}`;
      throw badRequest(`The query's near point ${message}.`, [{ path: 'near', message }]);
    }
    const rows = await service.search(db, callerOf(req), {
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
    res.json(pointFeature(await service.get(db, callerOf(req), id)));
  });

  r.get('/:id/profile', g.requireRole(...RECORD_READERS), g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { format = 'json', ...q } = parseQuery(profileQuery, req);
    const c = callerOf(req);
    // Built for this caller as the profile page is (disclosure control and all), whatever the format.
    const p = await service.profile(db, config, c, id, q, format);
    if (format === 'json') return void res.json(p);
    const { pdf } = await desk.print(req, p, c, {
      path: '/licensing/print/premises',
      what: 'profile',
      heads: { marking: PROTECTIVE_MARKING, subject: `${p.premises.name} · premises profile`, generatedAt: new Date(), timeZone: config.timeZone },
    });
    res.type('application/pdf').attachment(profilePdfName('premises', p.premises.name, new Date(), config.timeZone)).send(pdf);
  });

  r.post('/', g.requireRole(...SIGHTING_WRITERS), async (req, res) => {
    const p = await service.create(db, config, callerOf(req), parseBody(createPremisesSchema, req));
    res.status(201).location(`${req.baseUrl}/${p.id}`).json(pointFeature(p));
  });

  r.patch('/:id', g.requireRole(...SIGHTING_WRITERS), async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(pointFeature(await service.update(db, config, callerOf(req), id, parseBody(patchPremisesSchema, req))));
  });
  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
