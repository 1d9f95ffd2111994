import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES } from '../lists.js';
import { actorOf, authOf, type Guards } from '../http/auth.js';
import { parse, parseBody, parseQuery } from '../http/validate.js';
import { purposeRequired, unauthorized } from '../http/errors.js';
import { areaReportQuerySchema, polygonReportBodySchema, type AreaReport, type ReportFormat } from './schema.js';
import { buildReport, type ReportTarget, type Viewer } from './service.js';
import { toCsv, toGeoJson } from './csv.js';
import { printReport } from './pdf.js';
import { PRINT_COOKIE, ticketStore } from './print.js';
import { basemapReads } from '../basemap/routes.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

const viewerOf = (req: Request): Viewer => {
  const { user } = authOf(req);
  return { role: user.role, actor: actorOf(req), displayName: user.displayName };
};

/** The server as its own Chromium reaches it: the address and port this request came in on. */
function selfOrigin(req: Request): string {
  const addr = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = addr === '::' || addr === '0.0.0.0' ? '127.0.0.1' : addr.includes(':') ? `[${addr}]` : addr;
  return `http://${host}:${req.socket.localPort}`;
}

/** The local month a period starts in, `YYYY-MM`. */
const startMonth = (r: AreaReport) => new Intl.DateTimeFormat('en-CA', { timeZone: r.timeZone, year: 'numeric', month: '2-digit' }).format(new Date(r.period.from));

/** Halliwell, from January 2026 → "lantern-report-halliwell-2026-01" */
const fileName = (r: AreaReport) => `lantern-report-${r.area.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'area'}-${startMonth(r)}`;

const isLoopback = (ip: string | undefined) => !!ip && (/^127\./.test(ip) || ip === '::1' || /^::ffff:127\./.test(ip));
/** The connection comes from this machine: over loopback, or to and from the address the server listens on. */
const fromThisMachine = (req: Request) => isLoopback(req.socket.remoteAddress) || (!!req.socket.remoteAddress && req.socket.remoteAddress === req.socket.localAddress);

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
  const tickets = ticketStore();

  async function respond(req: Request, res: Response, target: ReportTarget, q: { from?: Date; to?: Date; format?: ReportFormat }) {
    const format = q.format ?? 'json';
    const v = viewerOf(req);
    const report = await buildReport(db, config, v, { target, from: q.from, to: q.to, format });
    const name = fileName(report);
    if (format === 'json') return void res.json(report);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
      return void res.send(toCsv(report));
    }
    if (format === 'geojson') {
      res.type('application/geo+json').attachment(`${name}.geojson`);
      return void res.send(JSON.stringify(toGeoJson(report)));
    }
    const ticket = tickets.issue(report, { userId: v.actor.userId, purpose: v.actor.purpose });
    try {
      const { pdf, map } = await printReport(selfOrigin(req), ticket, report);
      // What the PDF's map drew under the report's layers: "streets; roads=12" or "plain".
      res.set('Lantern-Print-Map', map.streets ? `streets; roads=${map.roadNames.length}; names=${encodeURIComponent(map.roadNames.slice(0, 30).join('|'))}` : 'plain');
      res.type('application/pdf').attachment(`${name}.pdf`).send(pdf);
    } finally {
      tickets.revoke(ticket);
    }
  }

  /** An export is a disclosure: it needs the reason it is made, for the audit log. */
  async function purposeForExports(req: Request, format: ReportFormat | undefined) {
    if (format && format !== 'json' && !authOf(req).purpose) throw await g.deny(req, purposeRequired());
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

  const printTicket = (req: Request) => {
    const ticket = parseCookies(req.headers.cookie ?? '')[PRINT_COOKIE];
    return ticket && fromThisMachine(req) ? ticket : undefined;
  };

  // The print page's one fetch: only from this machine, only with a live ticket, once.
  r.get('/print', async (req, res) => {
    const ticket = printTicket(req);
    const t = ticket ? tickets.redeem(ticket) : undefined;
    if (!t) throw unauthorized('This page is printed by the server itself, with a one-use print ticket.');
    res.json(t.report);
  });

  // The street basemap under the print's map (public reference geography): the same
  // ticket, from this machine, for as long as its print lasts; nothing else of the API.
  r.use(
    '/print/basemap',
    (req, _res, next) => {
      const ticket = printTicket(req);
      if (!ticket || !tickets.printing(ticket)) throw unauthorized('The print basemap is read by the server\'s own print browser, while a print ticket is live.');
      next();
    },
    basemapReads(db),
  );
  return r;
}
