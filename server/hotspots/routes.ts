import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { toFilters } from '../sightings/filters.js';
import { emergingQuerySchema, hotspotQuerySchema, kdeQuerySchema, nearRepeatQuerySchema, placesQuerySchema } from './schema.js';
import { kdeHeat } from './density.js';
import * as service from './service.js';
import { nearRepeat, places } from './repeats.js';
import { NEAR_REPEAT_ROLES } from '../auth/policy.js';
import { revalidate } from '../http/cache.js';


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
    res.json(await service.hotSpots(db, config, callerOf(req), toFilters(q), { cellSize, shape, bandwidth, names: true }));
  });

  r.get('/emerging', g.requireRole(...ROLES), async (req, res) => {
    const { cellSize, shape, bandwidth, step, timeLag, ...q } = parseQuery(emergingQuery, req);
    res.json(await service.emerging(db, config, callerOf(req), toFilters(q), { cellSize, shape, bandwidth, step, timeLag }));
  });

  r.get('/places', g.requireRole(...ROLES), async (req, res) => {
    const { radius, limit, ...q } = parseQuery(placesQuery, req);
    res.json(await places(db, config, callerOf(req), toFilters(q), { radius, limit }));
  });

  r.get('/near-repeat', g.requireRole(...NEAR_REPEAT_ROLES), async (req, res) => {
    const { distanceBand, distanceBands, timeBand, timeBands, simulations, seed, ...q } = parseQuery(nearRepeatQuery, req);
    res.json(await nearRepeat(db, config, callerOf(req), toFilters(q), { distanceBand, distanceBands, timeBand, timeBands, simulations, seed }));
  });
  return r;
}

/**
 * The hot spot analysis that lives in the map's URL space: GET /api/map/heat?method=kde,
 * a calibrated density surface for analysis rather than the display heatmap's weighted
 * points. Mounted at /map before the map routes; any other /heat request passes on to them.
 */
export function hotspotMapRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const kdeQuery = kdeQuerySchema(config.timeZone);
  r.get(
    '/heat',
    (req, _res, next) => next(req.query.method === 'kde' ? undefined : 'route'),
    g.requireRole(...ROLES),
    revalidate,
    async (req, res) => {
      const { bandwidth, cellSize, zoom, method: _method, ...k } = parseQuery(kdeQuery, req);
      res.json(await kdeHeat(db, config, callerOf(req), { ...toFilters(k), bbox: k.bbox }, { bandwidth, cellSize, zoom }));
    },
  );
  return r;
}
