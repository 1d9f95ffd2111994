import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { callerOf, guards } from './http/auth.js';
import { apiNotFound, problemHandler, type Logger } from './http/problem.js';
import { refuseDeepJson, refuseLoneSurrogates } from './http/body.js';
import { authRoutes } from './auth/routes.js';
import { resolveSession } from './auth/service.js';
import { authenticate as authenticateToken } from './tokens/service.js';
import { record } from './audit/service.js';
import { healthRoutes, type Lifecycle } from './health/routes.js';
import { createMetrics, metricsAccess } from './http/metrics.js';
import { admission } from './http/admission.js';
import { recordWritePosition } from './http/lsn.js';
import { sightingRoutes } from './sightings/routes.js';
import { auditRoutes } from './audit/routes.js';
import { userRoutes } from './users/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { reviewRoutes } from './review/routes.js';
import { mapRoutes } from './map/routes.js';
import { areaRoutes } from './areas/routes.js';
import { premisesRoutes } from './premises/routes.js';
import { vehicleRoutes } from './vehicles/routes.js';
import { intelRoutes } from './intel/routes.js';
import { importRoutes } from './imports/routes.js';
import { hotspotMapRoutes, hotspotRoutes } from './hotspots/routes.js';
import { disruptionRoutes } from './disruption/routes.js';
import { reportRoutes } from './reports/routes.js';
import { exportRoutes } from './exports/routes.js';
import { ogcRoutes } from './ogc/routes.js';
import { checkRoutes } from './checks/routes.js';
import { basemapRoutes } from './basemap/routes.js';
import { submissionRoutes } from './submissions/routes.js';
import { placeRoutes } from './places/routes.js';
import { subjectRoutes } from './subjects/routes.js';
import { episodeRoutes } from './episodes/routes.js';
import { journeyRoutes } from './journeys/routes.js';
import { associationRoutes } from './associations/routes.js';
import { mayCallApi, mayUseOgc } from './auth/policy.js';
import { forbidden } from './http/errors.js';

export interface AppDeps {
  db: Db;
  config: Config;
  log?: Logger;
  /** When given, one structured log line per request. */
  requestLog?: RequestHandler;
  /** Built client to serve; defaults to client/dist beside the server. */
  clientDir?: string;
}

const defaultClientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'client', 'dist');

export const consoleLogger: Logger = (level, msg, extra) => {
  const line = `${new Date().toISOString()} ${level} ${msg}`;
  if (level === 'error') console.error(line, extra ?? '');
  else console.log(line);
};

/** The method and path of every route a router declares (for the role-matrix test and docs). */
export function routesOf(router: Router): { method: string; path: string }[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; slash?: boolean; handle?: { stack?: Layer[] } };
  return ((router as unknown as { stack: Layer[] }).stack ?? []).flatMap((layer): { method: string; path: string }[] => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => ({ method: m.toUpperCase(), path: layer.route!.path }));
    }
    // A router used without a path of its own (behind a guard) serves its routes at this level.
    return layer.slash && layer.handle?.stack ? routesOf(layer.handle as unknown as Router) : [];
  });
}

/** Builds the Express app without listening, so tests drive it in-process. */
export function createApp({ db, config, log = consoleLogger, requestLog, clientDir = defaultClientDir }: AppDeps): Express {
  const app = express();
  const metrics = createMetrics(db);
  const lifecycle: Lifecycle = { stopping: false };
  app.locals.lifecycle = lifecycle;
  if (requestLog) app.use(requestLog);
  // Map responses are large, repetitive JSON: gzip makes them several times smaller.
  app.use(compression({ threshold: 2048 }));
  app.use(metrics.middleware);
  app.disable('x-powered-by');
  // One proxy hop at most: trusting every X-Forwarded-For entry would let a client name its own address.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.set('query parser', 'simple');
  // A configured remote basemap style is the only other origin the page may reach.
  const styleOrigin = config.mapStyle ? [new URL(config.mapStyle).origin] : [];
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:', ...styleOrigin],
          'worker-src': ["'self'", 'blob:'],
          'child-src': ["'self'", 'blob:'],
          'connect-src': ["'self'", ...styleOrigin],
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
      strictTransportSecurity: config.secureCookies,
    }),
  );
  const json = express.json({ limit: `${config.bodyLimitKb}kb`, strict: true, verify: refuseDeepJson });
  // Imports stream their (GeoJSON) files to disk themselves, with their own size limit.
  app.use((req, res, next) => (req.path.startsWith('/api/imports/') ? next() : json(req, res, next)));
  app.use(refuseLoneSurrogates);

  // The HTTP layer's guards get the domains' session, token and audit functions from here.
  const g = guards({
    resolveSession: (token, ip) => resolveSession(db, config, token, ip),
    authenticateToken: (token, ip, at) => authenticateToken(db, token, ip, at),
    recordDenial: (actor, query, outcome) => record(db, actor, { action: 'denied', query, outcome }),
  });
  // /metrics describes use: administrators only (session or access token); then health serves it.
  app.get('/metrics', ...metricsAccess(g));
  app.use(healthRoutes(db, config, lifecycle, metrics));
  if (config.basemapPmtiles) {
    const file = config.basemapPmtiles;
    // sendFile answers Range requests, which the pmtiles protocol relies on.
    app.get('/basemap.pmtiles', (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  }
  // Requests that wait on other requests of ours (a PDF's browser calls back into the API)
  // or stream for minutes (imports) bypass the gate rather than starve it.
  const gate = admission(config.admission, {
    registry: metrics.registry,
    exempt: (req) => (req.method === 'POST' && req.originalUrl.startsWith('/api/imports/')) || req.query.format === 'pdf' || (req.body as { format?: unknown } | undefined)?.format === 'pdf',
  });
  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(g.session);
  // Partners report concerns and read their own outcomes; every other API path is refused to them here.
  api.use(async (req, _res, next) => {
    const { role } = callerOf(req);
    if (!mayCallApi(role, req.path)) throw await g.deny(req, forbidden(`The ${role} role may not ${req.method} /api${req.path}.`));
    next();
  });
  const mounts: [string, Router][] = [
    ['/auth', authRoutes(db, config, g)],
    ['/sightings', sightingRoutes(db, config, g)],
    ['/audit', auditRoutes(db, g)],
    ['/users', userRoutes(db, g)],
    ['/tokens', tokenRoutes(db, g)],
    ['/review', reviewRoutes(db, g)],
    ['/map', mapRoutes(db, config, g)],
    ['/areas', areaRoutes(db, config, g)],
    ['/premises', premisesRoutes(db, config, g)],
    ['/vehicles', vehicleRoutes(db, config, g)],
    ['/intel', intelRoutes(db, config, g)],
    ['/imports', importRoutes(db, config, g, log, metrics)],
    ['/hotspots', hotspotRoutes(db, config, g)],
    ['/disruption', disruptionRoutes(db, config, g)],
    ['/reports', reportRoutes(db, config, g)],
    ['/exports', exportRoutes(db, config, g)],
    ['/checks', checkRoutes(db, config, g)],
    ['/basemap', basemapRoutes(db, g)],
    ['/submissions', submissionRoutes(db, config, g)],
    ['/places', placeRoutes(db, g)],
    ['/subjects', subjectRoutes(db, config, g)],
    ['/episodes', episodeRoutes(db, config, g)],
    ['/journeys', journeyRoutes(db, config, g)],
    ['/associations', associationRoutes(db, config, g)],
  ];
  // GET /map/heat?method=kde is a hot spot analysis: its routes answer it before the map's.
  api.use('/map', hotspotMapRoutes(db, config, g));
  for (const [prefix, router] of mounts) api.use(prefix, router);
  api.use(apiNotFound);
  app.locals.apiRoutes = mounts.flatMap(([prefix, router]) => routesOf(router).map((r) => ({ method: r.method, path: `/api${prefix}${r.path === '/' ? '' : r.path}` })));
  // With read replicas, a writer's next reads wait for a replica to replay the write (server/http/lsn.ts).
  const writePosition = db.replicas().length ? [recordWritePosition(() => db.walPosition(), { secure: config.secureCookies })] : [];
  app.use('/api', gate, ...writePosition, api);
  // OGC API – Features for desktop GIS: outside /api (its own URL space), same sessions and tokens.
  // Partners hold no access tokens (/api/tokens is refused to them), so their only way in is the session cookie.
  const ogcPartnerFence: RequestHandler = async (req, res, next) => {
    if (/^Bearer\s/i.test(req.get('authorization') ?? '')) return next();
    await g.session(req, res, () => {});
    const { role } = callerOf(req);
    if (!mayUseOgc(role)) throw await g.deny(req, forbidden(`The ${role} role may not read OGC collections.`));
    next();
  };
  app.use('/ogc', gate, ...writePosition, ogcPartnerFence, ogcRoutes(db, config, g));

  if (fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes all load the single page.
    app.get(/^\/(?!api\/|healthz).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }
  app.use(problemHandler(log));
  return app;
}
