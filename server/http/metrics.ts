import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/index.js';
import type { Guards } from './auth.js';

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  importsFinished: Counter<'kind' | 'status'>;
  importRows: Counter<'kind' | 'outcome'>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A bounded route label: the API path with ids folded (/api/sightings/:id); every
 * other path (the page and its assets) is one label.
 */
export function routeLabel(path: string): string {
  if (!/^\/(api|ogc)(\/|$)/.test(path)) return /^\/(healthz|readyz|metrics)$/.test(path) ? path : 'page';
  return path.replace(UUID, ':id').replace(/\/\d+(?=\/|$)/g, '/:n').slice(0, 100);
}

/** Prometheus metrics for one app: request latency by route, database pool, imports, process. */
export function createMetrics(db: Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'lantern_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  type Pool = { numUsed(): number; numFree(): number; numPendingAcquires(): number };
  const pool = () => (db.knex.client as { pool?: Pool }).pool;
  new Gauge({
    name: 'lantern_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'used' }, p.numUsed());
      this.set({ state: 'free' }, p.numFree());
      this.set({ state: 'pending' }, p.numPendingAcquires());
    },
  });
  // Read replicas (server/db/replicas.ts), named host:port/database; nothing when none are configured.
  new Gauge({
    name: 'lantern_replica_up',
    help: 'Read replica state: 1 in the labelled state (up takes reads; lagging and down send theirs to the primary)',
    labelNames: ['replica', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const r of db.replicas()) for (const state of ['up', 'lagging', 'down'] as const) this.set({ replica: r.name, state }, r.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'lantern_replica_lag_seconds',
    help: 'Time of writes the read replica has not replayed (absent while unknown)',
    labelNames: ['replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const r of db.replicas()) if (r.lagMs !== null) this.set({ replica: r.name }, r.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'lantern_replica_lag_bytes',
    help: 'Bytes of WAL the read replica has not replayed (absent while unknown)',
    labelNames: ['replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const r of db.replicas()) if (r.lagBytes !== null) this.set({ replica: r.name }, r.lagBytes);
    },
  });
  new Counter({
    name: 'lantern_db_reads_total',
    help: 'Data reads routed by Db.read, by where they ran (primary, or a replica by name)',
    labelNames: ['target'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ target: 'primary' }, db.primaryReads());
      for (const r of db.replicas()) this.inc({ target: r.name }, r.reads);
    },
  });
  const importsFinished = new Counter({ name: 'lantern_imports_total', help: 'Imports finished, by kind and status', labelNames: ['kind', 'status'] as const, registers: [registry] });
  const importRows = new Counter({ name: 'lantern_import_rows_total', help: 'Imported rows by kind and outcome', labelNames: ['kind', 'outcome'] as const, registers: [registry] });
  const middleware: RequestHandler = (req, res, next) => {
    const end = latency.startTimer();
    const route = routeLabel(req.path);
    res.on('finish', () => end({ method: req.method, route, status: String(res.statusCode) }));
    next();
  };
  return { registry, middleware, importsFinished, importRows };
}

/**
 * In front of `GET /metrics` (served by server/health/routes.ts): its per-route counts
 * describe how Lantern is used, so only an administrator reads them, signed in or with
 * an administrator's access token (`Authorization: Bearer lnt_…`, for a Prometheus
 * scrape job). 401 without either, 403 (audited) for other roles.
 */
export function metricsAccess(g: Pick<Guards, 'session' | 'requireRole'>): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    g.session,
    g.requireRole('admin'),
  ];
}
