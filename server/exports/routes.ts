import { Router, type Request } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { AppError } from '../http/errors.js';
import { record } from '../audit/service.js';
import { RECORD_READERS } from '../auth/policy.js';
import { toFilters } from '../sightings/filters.js';
import { withSelection } from '../sightings/selection.js';
import { exportQuerySchema } from './schema.js';
import * as service from './service.js';

/** Files of individual records for analysts' own tools (GIS, spreadsheets): each one an audited disclosure. */
export function exportRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const query = exportQuerySchema(config.timeZone);
  // Planners are refused here, before the purpose check, with a 403 rather than a 428.
  r.use(g.requireRole(...RECORD_READERS), g.requirePurpose);

  /** The query, checked; a refused export is still an attempted disclosure, so it leaves an audit line too. */
  const parseAudited = async (req: Request) => {
    try {
      return parseQuery(query, req);
    } catch (err) {
      if (err instanceof AppError) await record(db, callerOf(req), { action: 'export', targetType: 'sighting', query: { params: req.query }, outcome: `${err.status} ${err.slug}` });
      throw err;
    }
  };

  r.get('/sightings', async (req, res) => {
    const { format = 'geojson', cell, cluster, within, ...q } = await parseAudited(req);
    const filters = await withSelection(db, config, callerOf(req), toFilters(q), { cell, cluster, within });
    const file = await service.exportSightings(db, config, callerOf(req), filters, format);
    res
      .status(200)
      // attachment() guesses a type from the extension, so the real one is set after it.
      .attachment(file.filename)
      .type(file.contentType)
      .set('X-Lantern-Count', String(file.count))
      .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
  });
  return r;
}
