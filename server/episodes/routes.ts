import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { SUBJECT_READERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { createEpisodeSchema, deleteEpisodeSchema, DEFAULT_LIMIT, layerQuerySchema, listQuerySchema, patchEpisodeSchema } from './schema.js';
import * as service from './service.js';

/** Missing episodes: analysts and admins only, each with a stated purpose. */
export function episodeRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const listQuery = listQuerySchema(config.timeZone);
  const layerQuery = layerQuerySchema(config.timeZone);
  // Other roles are refused before the purpose check, with a 403 rather than a 428.
  const readers = g.requireRole(...SUBJECT_READERS);

  r.get('/', readers, g.requirePurpose, async (req, res) => {
    const { subject, premises, limit, ...q } = parseQuery(listQuery, req);
    const page = await service.list(db, callerOf(req), { ...q, subjectId: subject, premisesId: premises }, limit ?? DEFAULT_LIMIT);
    res.json(page);
  });

  r.get('/flows', readers, g.requirePurpose, async (req, res) => {
    const features = await service.flows(db, callerOf(req), parseQuery(layerQuery, req));
    res.json({ type: 'FeatureCollection', features });
  });

  r.get('/found', readers, g.requirePurpose, async (req, res) => {
    const features = await service.found(db, callerOf(req), parseQuery(layerQuery, req));
    res.json({ type: 'FeatureCollection', features });
  });

  r.get('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.get(db, callerOf(req), id));
  });

  r.post('/', readers, g.requirePurpose, async (req, res) => {
    const created = await service.create(db, config, callerOf(req), parseBody(createEpisodeSchema, req));
    res.status(201).location(`${req.baseUrl}/${created.id}`).json(created);
  });

  r.patch('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.update(db, config, callerOf(req), id, parseBody(patchEpisodeSchema, req)));
  });

  r.delete('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    await service.remove(db, callerOf(req), id, parseBody(deleteEpisodeSchema, req).reason);
    res.status(204).end();
  });

  // Bad input and refusals are audited too: a failed look-up of a child's episodes is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
