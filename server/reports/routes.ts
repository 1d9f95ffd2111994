import { Router, type Request, type Response } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { callerOf, type Guards } from '../http/auth.js';
import { exportNeedsPurpose, purposeMet } from '../auth/policy.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { purposeRequired } from '../http/errors.js';
import { areaReportQuerySchema, polygonReportBodySchema, type ReportFormat } from './schema.js';
import { buildReport, type ReportTarget } from './service.js';
import { toCsv, toGeoJson } from './csv.js';
import { toXlsx } from './xlsx.js';
import { reportFileName } from './filename.js';
import { printReport } from './pdf.js';
import { ticketStore } from './print.js';
import { printDesk } from '../print/desk.js';

/**
 * Area reports for a ward (`GET /areas/:id`) or a drawn polygon (`POST /polygon`), as
 * JSON (the client's preview), PDF, CSV or GeoJSON. Every role may have one; restricted
 * roles get it disclosure-controlled (docs/DISCLOSURE.md). Exports need a stated purpose.
 * `GET /print` serves a report once to the server's own print browser, on a print ticket;
 * `/print/basemap/…` the street basemap (style, tiles, glyphs) to it while that print lasts.
 */
export function reportRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const query = areaReportQuerySchema(config.timeZone);
  const body = polygonReportBodySchema(config.timeZone);
  const desk = printDesk(db, ticketStore());
  // GET /print and /print/basemap/…, for the server's own print browser only.
  r.use(desk.routes);

  async function respond(req: Request, res: Response, target: ReportTarget, q: { from?: Date; to?: Date; format?: ReportFormat }) {
    const format = q.format ?? 'json';
    const v = callerOf(req);
    const report = await buildReport(db, config, v, { target, from: q.from, to: q.to, format });
    const name = reportFileName(report);
    if (format === 'json') return void res.json(report);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
      return void res.send(toCsv(report));
    }
    if (format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${name}.xlsx`);
      return void res.send(await toXlsx(report));
    }
    if (format === 'geojson') {
      res.type('application/geo+json').attachment(`${name}.geojson`);
      return void res.send(JSON.stringify(toGeoJson(report)));
    }
    const { pdf, map } = await printReport(desk, req, report, { userId: v.userId, purpose: v.purpose });
    // What the PDF's map drew under the report's layers: "streets; roads=12" or "plain".
    res.set('Lantern-Print-Map', map.streets ? `streets; roads=${map.roadNames.length}; names=${encodeURIComponent(map.roadNames.slice(0, 30).join('|'))}` : 'plain');
    res.type('application/pdf').attachment(`${name}.pdf`).send(pdf);
  }

  /** An export is a disclosure: it needs the reason it is made, for the audit log. */
  async function purposeForExports(req: Request, format: ReportFormat | undefined) {
    const { role, purpose } = callerOf(req);
    if (exportNeedsPurpose(format) && !purposeMet(role, purpose)) throw await g.deny(req, purposeRequired());
  }

  r.get('/areas/:id', g.requireRole(...ROLES), async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    const q = parseQuery(query, req);
    await purposeForExports(req, q.format);
    await respond(req, res, { type: 'area', id }, q);
  });

  r.post('/polygon', g.requireRole(...ROLES), async (req, res) => {
    const { geometry, name, ...q } = parseBody(body, req);
    await purposeForExports(req, q.format);
    await respond(req, res, { type: 'polygon', geometry, ...(name ? { name } : {}) }, q);
  });

  return r;
}
