import { Router } from 'express';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { maySeeSensitiveSites, PLACE_SEARCHERS } from '../auth/policy.js';
import { DEFAULT_PLACE_LIMIT, placeQuerySchema } from './schema.js';
import * as repo from './repo.js';

/**
 * GET /api/places?q=&limit= — the offline gazetteer (postcodes, streets, places) and
 * premises by name, as GeoJSON points. Every role, partners included: it reveals public
 * place names and premises' names and doors, no record about anyone, so it is not
 * audited per keystroke. Children's homes and refuges are found by analysts and admins only:
 * for everyone else a search does not know them.
 */
export function placeRoutes(db: Db, g: Guards): Router {
  const r = Router();
  r.get('/', g.requireRole(...PLACE_SEARCHERS), async (req, res) => {
    const q = parseQuery(placeQuerySchema, req);
    const places = await repo.search(db.knex, q.q, q.limit ?? DEFAULT_PLACE_LIMIT, { hideSensitive: !maySeeSensitiveSites(callerOf(req).role) });
    res.json({
      type: 'FeatureCollection',
      features: places.map(({ lon, lat, ...properties }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties })),
    });
  });
  return r;
}
