import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parse, parseBody, parseQuery } from '../http/validate.js';
import { toFilters } from './filters.js';
import { withSelection } from './selection.js';
import { createSightingSchema, deleteSightingSchema, listQuerySchema, patchSightingSchema } from './schema.js';
import * as service from './service.js';
import { RECORD_READERS, SIGHTING_WRITERS } from '../auth/policy.js';
import { pointFeature } from '../geo/feature.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });


export function sightingRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const listQuery = listQuerySchema(config.timeZone);
  const createBody = createSightingSchema(config.timeZone);
  const patchBody = patchSightingSchema(config.timeZone);
  // Planners are refused here, before the purpose check, with a 403 rather than a 428.
  const readers = g.requireRole(...RECORD_READERS);
  const writers = g.requireRole(...SIGHTING_WRITERS);

  r.get('/', readers, g.requirePurpose, async (req, res) => {
    const { cell, cluster, within, limit, ...q } = parseQuery(listQuery, req);
    const filters = await withSelection(db, config, callerOf(req), toFilters(q), { cell, cluster, within });
    const page = await service.list(db, config, callerOf(req), filters, limit);
    res.json({
      type: 'FeatureCollection',
      numberMatched: page.numberMatched,
      numberReturned: page.items.length,
      truncated: page.truncated,
      features: page.items.map(pointFeature),
    });
  });

  r.get('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(pointFeature(await service.get(db, callerOf(req), id)));
  });

  r.post('/', writers, g.requirePurpose, async (req, res) => {
    const body = parseBody(createBody, req);
    const created = await service.create(db, config, callerOf(req), body);
    res.status(201).location(`${req.baseUrl}/${created.id}`).json(pointFeature(created));
  });

  r.patch('/:id', writers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const body = parseBody(patchBody, req);
    res.json(pointFeature(await service.update(db, config, callerOf(req), id, body)));
  });

  r.delete('/:id', writers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { reason } = parseBody(deleteSightingSchema, req);
    await service.remove(db, callerOf(req), id, reason);
    res.status(204).end();
  });

  return r;
}
