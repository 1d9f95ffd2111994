import { Router, type RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { DISRUPTION_LOGGERS, DISRUPTION_PLANNERS, recordScope } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { createActionSchema, createTargetSchema, evaluationQuerySchema, listTargetsQuerySchema, logActionSchema, patchActionSchema } from './schema.js';
import * as service from './service.js';
import { shapeFeature } from '../geo/feature.js';

/**
 * Disruption planning: targets, their plans of partner actions, the log of what was
 * done, and the evaluation of whether sightings fell where the work was done.
 * Mounted at /api/disruption.
 */
export function disruptionRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const logBody = logActionSchema(config.timeZone);
  const everyone = g.requireRole(...ROLES);
  const planners = g.requireRole(...DISRUPTION_PLANNERS);
  const loggers = g.requireRole(...DISRUPTION_LOGGERS);
  // Notes and log outcomes may name people: record readers state a purpose first. Planners never get them.
  const purposeForRecords: RequestHandler = (req, res, next) => (recordScope(callerOf(req).role) === 'none' ? next() : g.requirePurpose(req, res, next));

  r.get('/targets', everyone, async (req, res) => {
    const targets = await service.listTargets(db, config, callerOf(req), parseQuery(listTargetsQuerySchema, req));
    res.json({ type: 'FeatureCollection', numberReturned: targets.length, features: targets.map(shapeFeature) });
  });

  r.post('/targets', planners, async (req, res) => {
    const t = await service.createTarget(db, config, callerOf(req), parseBody(createTargetSchema, req));
    res.status(201).location(`${req.baseUrl}/targets/${t.id}`).json(shapeFeature(t));
  });

  r.get('/targets/:id', everyone, purposeForRecords, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(shapeFeature(await service.getTarget(db, config, callerOf(req), id)));
  });

  r.get('/targets/:id/evaluation', everyone, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.evaluation(db, config, callerOf(req), id, parseQuery(evaluationQuerySchema, req)));
  });

  r.post('/targets/:id/actions', planners, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const action = await service.addAction(db, config, callerOf(req), id, parseBody(createActionSchema, req));
    res.status(201).location(`${req.baseUrl}/actions/${action.id}`).json(action);
  });

  r.patch('/actions/:id', loggers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.patchAction(db, config, callerOf(req), id, parseBody(patchActionSchema, req)));
  });

  r.post('/actions/:id/log', loggers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const { log, action } = await service.logAction(db, config, callerOf(req), id, parseBody(logBody, req));
    res.status(201).json({ ...log, action });
  });
  return r;
}
