import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { RECORD_READERS, SUBJECT_READERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { edgeQuerySchema, exportQuerySchema, graphQuerySchema } from './schema.js';
import * as service from './service.js';

/** Associations: who and what is seen together. */
export function associationRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const graphQuery = graphQuerySchema(config.timeZone);
  const edgeQuery = edgeQuerySchema(config.timeZone);
  const exportQuery = exportQuerySchema(config.timeZone);
  // Licensing officers within their scope (the service narrows what they see); planners and partners are refused here.
  const readers = g.requireRole(...RECORD_READERS);

  r.get('/', readers, g.requirePurpose, async (req, res) => {
    const { focus, period } = parseQuery(graphQuery, req);
    res.json(await service.graph(db, callerOf(req), focus, period));
  });

  r.get('/edge', readers, g.requirePurpose, async (req, res) => {
    const { a, b, from, to } = parseQuery(edgeQuery, req);
    res.json(await service.edge(db, callerOf(req), a, b, { from, to }));
  });

  // Files leave the system with people in them: analysts and admins only.
  r.get('/export', g.requireRole(...SUBJECT_READERS), g.requirePurpose, async (req, res) => {
    const { focus, period, format } = parseQuery(exportQuery, req);
    const file = await service.exportGraph(db, config, callerOf(req), focus, period, format);
    // attachment() guesses a type from the extension, so the real one is set after it.
    res.status(200).attachment(file.filename).type(file.contentType).send(file.body);
  });

  // Bad input and refusals are audited too: a failed look-up is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
