import { Router, type Request } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Db } from '../db/index.js';
import { unauthorized } from '../http/errors.js';
import { basemapReads } from '../basemap/routes.js';
import { printToPdf, type PrintJob } from './chromium.js';
import { PRINT_COOKIE, type Owner, type TicketStore } from './tickets.js';

/** The server as its own Chromium reaches it: the address and port this request came in on. */
export function selfOrigin(req: Request): string {
  const addr = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = addr === '::' || addr === '0.0.0.0' ? '127.0.0.1' : addr.includes(':') ? `[${addr}]` : addr;
  return `http://${host}:${req.socket.localPort}`;
}

const isLoopback = (ip: string | undefined) => !!ip && (/^127\./.test(ip) || ip === '::1' || /^::ffff:127\./.test(ip));
/** The connection comes from this machine: over loopback, or to and from the address the server listens on. */
const fromThisMachine = (req: Request) => isLoopback(req.socket.remoteAddress) || (!!req.socket.remoteAddress && req.socket.remoteAddress === req.socket.localAddress);

export interface PrintDesk<T> {
  /**
   * `GET /print`: the document, once, to the server's own print browser on its ticket;
   * `/print/basemap/…`: the street basemap (style, tiles, glyphs) to it while that print
   * lasts. Used by the domain's router without a path, ahead of its `/:id` routes.
   */
  routes: Router;
  /** Prints `doc`, built for `owner`, through the client page `job.path`; the ticket is revoked however the print ends. */
  print<S>(req: Request, doc: T, owner: Owner, job: Omit<PrintJob<S>, 'origin' | 'ticket'>): Promise<{ pdf: Buffer; seen: S | undefined }>;
}

/** A domain's printing of its documents to PDF (tickets in server/print/tickets.ts, Chromium in chromium.ts). */
export function printDesk<K extends string, T>(db: Db, tickets: TicketStore<K, T>): PrintDesk<T> {
  const r = Router();
  const ticketOf = (req: Request) => {
    const ticket = parseCookies(req.headers.cookie ?? '')[PRINT_COOKIE];
    return ticket && fromThisMachine(req) ? ticket : undefined;
  };

  // The print page's one fetch: only from this machine, only with a live ticket, once.
  r.get('/print', async (req, res) => {
    const ticket = ticketOf(req);
    const t = ticket ? tickets.redeem(ticket) : undefined;
    if (!t) throw unauthorized('This page is printed by the server itself, with a one-use print ticket.');
    res.json(t[tickets.key]);
  });

  // The street basemap under the print's map (public reference geography): the same
  // ticket, from this machine, for as long as its print lasts; nothing else of the API.
  r.use(
    '/print/basemap',
    (req, _res, next) => {
      const ticket = ticketOf(req);
      if (!ticket || !tickets.printing(ticket)) throw unauthorized('The print basemap is read by the server\'s own print browser, while a print ticket is live.');
      next();
    },
    basemapReads(db),
  );

  return {
    routes: r,
    async print(req, doc, owner, job) {
      const ticket = tickets.issue(doc, owner);
      try {
        return await printToPdf({ ...job, origin: selfOrigin(req), ticket });
      } finally {
        tickets.revoke(ticket);
      }
    },
  };
}
