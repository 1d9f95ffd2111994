import { Router, type RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { purposeApplies, seesOwnSubmissionsOnly, SUBMITTERS, TRIAGERS } from '../auth/policy.js';
import { createSubmissionSchema, decisionSchema, listSubmissionsQuerySchema } from './schema.js';
import * as service from './service.js';

/** Partners' reports and their triage (issue 17). Partners never need a purpose; analysts do. */
export function submissionRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const partners = g.requireRole(...SUBMITTERS);
  const triagers = g.requireRole(...TRIAGERS);
  const either = g.requireRole(...SUBMITTERS, ...TRIAGERS);
  const purposeUnlessPartner: RequestHandler = (req, res, next) => (purposeApplies(callerOf(req).role) ? g.requirePurpose(req, res, next) : next());

  r.post('/', partners, async (req, res) => {
    const body = parseBody(createSubmissionSchema, req);
    const made = await service.submit(db, config, callerOf(req), body);
    res.status(201).location(`${req.baseUrl}/${made.id}`).json(made);
  });

  r.get('/', either, purposeUnlessPartner, async (req, res) => {
    const q = parseQuery(listSubmissionsQuerySchema, req);
    res.json({ items: await service.list(db, callerOf(req), q) });
  });

  // The header badge: how many wait for triage. A count, so never for partners.
  r.get('/waiting', triagers, async (_req, res) => {
    res.json({ waiting: await service.queueLength(db) });
  });

  r.get('/:id', either, purposeUnlessPartner, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const caller = callerOf(req);
    res.json(seesOwnSubmissionsOnly(caller.role) ? await service.getOwn(db, caller, id) : await service.getForTriage(db, caller, id));
  });

  r.post('/:id/decision', triagers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const body = parseBody(decisionSchema, req);
    res.json(await service.decide(db, config, callerOf(req), id, body));
  });

  return r;
}
