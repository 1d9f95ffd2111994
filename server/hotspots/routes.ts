import { Router, type Request } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { actorOf, authOf, type Guards } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { toFilters } from '../sightings/filters.js';
import { emergingQuerySchema, hotspotQuerySchema, nearRepeatQuerySchema, placesQuerySchema } from './schema.js';
import * as service from './service.js';
import { nearRepeat, places, NEAR_REPEAT_ROLES } from './repeats.js';
import { revalidate } from '../http/cache.js';

const viewer = (req: Request): service.Viewer => ({ role: authOf(req).user.role, actor: actorOf(req) });

/**
 * Hot spot analyses. Aggregates, open to every role and disclosure-controlled for
 * restricted ones, except the near-repeat test (individual times and places).
 */
export function hotspotRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const hotspotQuery = hotspotQuerySchema(config.timeZone);
  const emergingQuery = emergingQuerySchema(config.timeZone);
  const placesQuery = placesQuerySchema(config.timeZone);
  const nearRepeatQuery = nearRepeatQuerySchema(config.timeZone);

  r.get('/', g.requireRole(...ROLES), revalidate, async (req, res) => {
    const { cellSize, shape, bandwidth, ...q } = parseQuery(hotspotQuery, req);
    res.json(await service.hotSpots(db, config, viewer(req), toFilters(q), { cellSize, shape, bandwidth }));
  });

  r.get('/emerging', g.requireRole(...ROLES), async (req, res) => {
    const { cellSize, shape, bandwidth, step, timeLag, ...q } = parseQuery(emergingQuery, req);
    res.json(await service.emerging(db, config, viewer(req), toFilters(q), { cellSize, shape, bandwidth, step, timeLag }));
  });

  r.get('/places', g.requireRole(...ROLES), async (req, res) => {
    const { radius, limit, ...q } = parseQuery(placesQuery, req);
    res.json(await places(db, config, viewer(req), toFilters(q), { radius, limit }));
  });

  r.get('/near-repeat', g.requireRole(...NEAR_REPEAT_ROLES), async (req, res) => {
    const { distanceBand, distanceBands, timeBand, timeBands, simulations, seed, ...q } = parseQuery(nearRepeatQuery, req);
    res.json(await nearRepeat(db, config, viewer(req), toFilters(q), { distanceBand, distanceBands, timeBand, timeBands, simulations, seed }));
  });
  return r;
}
