import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { toFilters } from '../sightings/filters.js';
import { choroplethQuerySchema, framesQuerySchema, statsBodySchema, timelineQuerySchema, viewQuerySchema } from './schema.js';
import * as service from './service.js';
import { checkArea } from '../geo/area.js';
import { revalidate } from '../http/cache.js';


/** Aggregated map views: open to every role, disclosure-controlled for restricted ones. */
export function mapRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const view = viewQuerySchema(config.timeZone);
  const framesQuery = framesQuerySchema(config.timeZone);
  const timelineQuery = timelineQuerySchema(config.timeZone);
  const choroplethQuery = choroplethQuerySchema(config.timeZone);
  const statsBody = statsBodySchema(config.timeZone);
  r.use(g.requireRole(...ROLES));

  // Which basemap the client should draw: a configured style, a local PMTiles file, or neither (offline default).
  r.get('/basemap', (_req, res) => {
    res.json({ style: config.mapStyle ?? null, pmtiles: config.basemapPmtiles ? '/basemap.pmtiles' : null });
  });

  r.get('/clusters', revalidate, async (req, res) => {
    const q = parseQuery(view, req);
    res.json(await service.clusters(db, config, callerOf(req), { ...toFilters(q), bbox: q.bbox }, q.zoom));
  });

  // Playback: up to FRAMES_PER_REQUEST frames of the same view in one answer.
  r.get('/clusters/frames', revalidate, async (req, res) => {
    const { frames, ...q } = parseQuery(framesQuery, req);
    res.json(await service.clusterFrames(db, config, callerOf(req), { ...toFilters(q), bbox: q.bbox }, q.zoom, frames));
  });
  r.get('/heat/frames', revalidate, async (req, res) => {
    const { frames, ...q } = parseQuery(framesQuery, req);
    res.json(await service.heatFrames(db, config, callerOf(req), { ...toFilters(q), bbox: q.bbox }, q.zoom, frames));
  });

  // method=kde is answered by the hot spot routes (hotspotMapRoutes), mounted before these.
  r.get('/heat', revalidate, async (req, res) => {
    const q = parseQuery(view, req);
    res.json(await service.heat(db, config, callerOf(req), { ...toFilters(q), bbox: q.bbox }, q.zoom));
  });

  r.get('/timeline', revalidate, async (req, res) => {
    const q = parseQuery(timelineQuery, req);
    res.json(await service.timeline(db, config, callerOf(req), toFilters(q), q.interval));
  });

  r.get('/choropleth', revalidate, async (req, res) => {
    const q = parseQuery(choroplethQuery, req);
    res.json(await service.choropleth(db, config, callerOf(req), toFilters(q), q.kind ?? 'ward'));
  });

  r.post('/stats', async (req, res) => {
    const { geometry, ...q } = parseBody(statsBody, req);
    await checkArea(db, geometry);
    res.json(await service.periodStats(db, config, callerOf(req), { ...toFilters(q), within: geometry }, { type: 'polygon', ids: [] }));
  });
  return r;
}
