import { Router } from 'express';
import fs from 'node:fs';
import { demoCredentialsFile, type Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Metrics } from '../http/metrics.js';
import { postgisVersion, ping } from './repo.js';
import type { Health } from './schema.js';

/** Set by main.ts when a shutdown begins, so /readyz turns unready before the server stops. */
export interface Lifecycle {
  stopping: boolean;
}

/** Liveness and readiness (no session needed, no data disclosed); metrics, which app.ts guards for admins. */
export function healthRoutes(db: Db, config: Config, lifecycle: Lifecycle, metrics: Metrics): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    // `demo`: the demo users' passwords are in the data directory, for the sign-in page to say so (never the path).
    const demo = fs.existsSync(demoCredentialsFile(config));
    const replicas = db.replicas().map((r, i) => ({ replica: i + 1, state: r.state, lagMs: r.lagMs, lagBytes: r.lagBytes }));
    const health: Health = { status: 'ok', database: db.kind, postgis: await postgisVersion(db.knex), demo, ...(replicas.length ? { replicas } : {}) };
    res.set('Cache-Control', 'no-store').json(health);
  });

  // Ready = not shutting down and the database answers within a second.
  r.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (lifecycle.stopping) return void res.status(503).json({ status: 'stopping' });
    const ok = await ping(db.knex, 1000);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unavailable' });
  });

  r.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return r;
}
