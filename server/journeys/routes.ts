import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { SUBJECT_READERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { createJourneySchema, deleteJourneySchema, listJourneysQuerySchema, odQuerySchema } from './schema.js';
import * as service from './service.js';

/** Journeys: sightings grouped as ordered, typed legs. */
export function journeyRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const listQuery = listJourneysQuerySchema(config.timeZone);
  const odQuery = odQuerySchema(config.timeZone);
  // Journeys are about children's movements: the readers of subjects, refused before the purpose check.
  const readers = g.requireRole(...SUBJECT_READERS);

  r.get('/', readers, g.requirePurpose, async (req, res) => {
    const { limit = 200, ...f } = parseQuery(listQuery, req);
    res.json(await service.list(db, callerOf(req), f, limit));
  });

  // Before /:id, which would take "od" for an id.
  r.get('/od', readers, g.requirePurpose, async (req, res) => {
    const { by, ...f } = parseQuery(odQuery, req);
    res.json(await service.originDestination(db, callerOf(req), f, by));
  });

  r.get('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.get(db, callerOf(req), id));
  });

  r.post('/', readers, g.requirePurpose, async (req, res) => {
    const created = await service.create(db, config, callerOf(req), parseBody(createJourneySchema, req));
    res.status(201).location(`${req.baseUrl}/${created.id}`).json(created);
  });

  r.delete('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    await service.remove(db, callerOf(req), id, parseBody(deleteJourneySchema, req).reason);
    res.status(204).end();
  });

  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
