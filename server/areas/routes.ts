import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { SIGHTING_WRITERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { toFilters } from '../sightings/filters.js';
import { statsQuerySchema } from '../map/schema.js';
import { createAreaSchema, listAreasQuerySchema } from './schema.js';
import * as service from './service.js';
import { shapeFeature } from '../geo/feature.js';

/** Named areas (wards, hot spots, patrol zones, custom) and their statistics. */
export function areaRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const statsQuery = statsQuerySchema(config.timeZone);

  r.get('/', g.requireRole(...ROLES), async (req, res) => {
    const { kind } = parseQuery(listAreasQuerySchema, req);
    const areas = await service.list(db, callerOf(req), kind);
    res.json({ type: 'FeatureCollection', features: areas.map(shapeFeature) });
  });

  r.post('/', g.requireRole(...SIGHTING_WRITERS), async (req, res) => {
    const area = await service.create(db, callerOf(req), parseBody(createAreaSchema, req));
    res.status(201).location(`${req.baseUrl}/${area.id}`).json(shapeFeature(area));
  });

  r.get('/:id/stats', g.requireRole(...ROLES), async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.stats(db, config, callerOf(req), id, toFilters(parseQuery(statsQuery, req))));
  });
  return r;
}
