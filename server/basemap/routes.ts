import { Router } from 'express';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import type { Guards } from '../http/auth.js';
import { revalidate } from '../http/cache.js';
import { notFound } from '../http/errors.js';
import { parse } from '../http/validate.js';
import { glyphParamsSchema, tileParamsSchema } from './schema.js';
import { basemapStyle } from './style.js';
import { readGlyphs } from './glyphs.js';
import * as service from './service.js';

/** Where this router is mounted; the style's URLs are relative to the page's origin. */
export const BASEMAP_BASE = '/api/basemap';

/**
 * The street basemap: style, vector tiles and label glyphs. Reference geography only —
 * no sightings, counts or premises — so every signed-in role may read it.
 */
export function basemapRoutes(db: Db, g: Guards): Router {
  const r = Router();
  r.use(g.requireRole(...ROLES), basemapReads(db));
  return r;
}

/**
 * The basemap's reads without a guard of their own, for a router that has already
 * decided who may read them (the signed-in roles above; the report print's ticket in
 * server/reports/routes.ts). The style's URLs point under wherever this is mounted.
 */
export function basemapReads(db: Db): Router {
  const r = Router();
  r.get('/style.json', revalidate, (req, res) => {
    res.json(basemapStyle(req.baseUrl || BASEMAP_BASE));
  });

  r.get('/tiles/:z/:x/:y.mvt', revalidate, async (req, res) => {
    const t = parse(tileParamsSchema, req.params, 'path');
    res.type('application/vnd.mapbox-vector-tile').send(await service.tile(db, t));
  });

  r.get('/glyphs/:fontstack/:range.pbf', revalidate, (req, res) => {
    const { fontstack, range } = parse(glyphParamsSchema, req.params, 'path');
    const pbf = readGlyphs(fontstack, range);
    if (!pbf) throw notFound(`No glyphs for font stack "${fontstack}" and range ${range}; served: DejaVu Sans Book and DejaVu Sans Bold, ranges 0-255 and 256-511 (run npm run glyphs if none are).`);
    res.type('application/x-protobuf').send(pbf);
  });
  return r;
}
