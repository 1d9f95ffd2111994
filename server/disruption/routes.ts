import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { recordScope } from '../auth/policy.js';
import { actorOf, authOf, type Guards } from '../http/auth.js';
import { parse, parseBody, parseQuery } from '../http/validate.js';
import { createActionSchema, createTargetSchema, evaluationQuerySchema, listTargetsQuerySchema, logActionSchema, patchActionSchema } from './schema.js';
import * as service from './service.js';
import { shapeFeature } from '../geo/feature.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });
const caller = (req: Request): service.Caller => ({ role: authOf(req).user.role, actor: actorOf(req) });

/**
 * Disruption planning: targets, their plans of partner actions, the log of what was
 * done, and the evaluation of whether sightings fell where the work was done.
 * Mounted at /api/disruption.
 */
export function disruptionRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const logBody = logActionSchema(config.timeZone);
  const everyone = g.requireRole(...ROLES);
  const planners = g.requireRole(...service.PLANNERS);
  const loggers = g.requireRole(...service.LOGGERS);
  // Notes and log outcomes may name people: record readers state a purpose first. Planners never get them.
  const purposeForRecords: RequestHandler = (req, res, next) => (recordScope(authOf(req).user.role) === 'none' ? next() : g.requirePurpose(req, res, next));

  r.get('/targets', everyone, async (req, res) => {
    const targets = await service.listTargets(db, config, caller(req), parseQuery(listTargetsQuerySchema, req));
    res.json({ type: 'FeatureCollection', numberReturned: targets.length, features: targets.map(shapeFeature) });
  });

  r.post('/targets', planners, async (req, res) => {
    const t = await service.createTarget(db, config, caller(req), parseBody(createTargetSchema, req));
    res.status(201).location(`${req.baseUrl}/targets/${t.id}`).json(shapeFeature(t));
  });

  r.get('/targets/:id', everyone, purposeForRecords, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(shapeFeature(await service.getTarget(db, config, caller(req), id)));
  });

  r.get('/targets/:id/evaluation', everyone, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.evaluation(db, config, caller(req), id, parseQuery(evaluationQuerySchema, req)));
  });

  r.post('/targets/:id/actions', planners, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const action = await service.addAction(db, config, caller(req), id, parseBody(createActionSchema, req));
    res.status(201).location(`${req.baseUrl}/actions/${action.id}`).json(action);
  });

  r.patch('/actions/:id', loggers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.patchAction(db, config, caller(req), id, parseBody(patchActionSchema, req)));
  });

  r.post('/actions/:id/log', loggers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { log, action } = await service.logAction(db, config, caller(req), id, parseBody(logBody, req));
    res.status(201).json({ ...log, action });
  });
  return r;
}
