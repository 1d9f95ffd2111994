import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { RECORD_READERS, SIGHTING_WRITERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { profileQuerySchema } from '../premises/schema.js';
import { createVehicleSchema, listVehiclesQuerySchema, patchVehicleSchema } from './schema.js';
import * as service from './service.js';
import { printDesk } from '../print/desk.js';
import { ticketStore } from '../print/tickets.js';
import { profilePdfName } from '../print/names.js';
import { PROTECTIVE_MARKING } from '../reports/schema.js';
import type { VehicleProfile } from './schema.js';

/**
 * Taxis and private-hire vehicles: plates are personal data, so no planner access.
 * Profiles as JSON or (`format=pdf`) printed by the server's own Chromium from the
 * client's profile print page, on a print ticket (server/print/).
 */
export function vehicleRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const profileQuery = profileQuerySchema(config.timeZone);
  const readers = g.requireRole(...RECORD_READERS);
  const writers = g.requireRole(...SIGHTING_WRITERS);
  const desk = printDesk(db, ticketStore<'profile', VehicleProfile>('profile'));
  // GET /print and /print/basemap/…, for the server's own print browser only: ahead of /:id.
  r.use(desk.routes);

  r.get('/', readers, async (req, res) => {
    const q = parseQuery(listVehiclesQuerySchema, req);
    res.json({ items: await service.search(db, callerOf(req), { ...q, limit: q.limit ?? 50 }) });
  });

  r.get('/:id', readers, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.get(db, callerOf(req), id));
  });

  r.get('/:id/profile', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { from, to, format = 'json' } = parseQuery(profileQuery, req);
    const c = callerOf(req);
    // Built for this caller as the profile page is (disclosure control and all), whatever the format.
    const p = await service.profile(db, config, c, id, { ...(from ? { from } : {}), ...(to ? { to } : {}) }, format);
    if (format === 'json') return void res.json(p);
    const { pdf } = await desk.print(req, p, c, {
      path: '/licensing/print/vehicle',
      what: 'profile',
      heads: { marking: PROTECTIVE_MARKING, subject: `Vehicle ${p.vehicle.plate} · vehicle profile`, generatedAt: new Date(), timeZone: config.timeZone },
    });
    res.type('application/pdf').attachment(profilePdfName('vehicle', p.vehicle.plate, new Date(), config.timeZone)).send(pdf);
  });

  r.post('/', writers, async (req, res) => {
    const v = await service.create(db, callerOf(req), parseBody(createVehicleSchema, req));
    res.status(201).location(`${req.baseUrl}/${v.id}`).json(v);
  });

  r.patch('/:id', writers, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.update(db, callerOf(req), id, parseBody(patchVehicleSchema, req)));
  });
  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
