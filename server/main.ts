import path from 'node:path';
import { ConfigError, describeConfig, loadConfig } from './config.js';
import { openDb } from './db/index.js';
import { migrate } from './migrate.js';
import { ensureAggregates } from './aggregates/service.js';
import { DataDirLockedError } from './db/lock.js';
import { createApp } from './app.js';
import { createPino, loggerOf, requestLogger } from './http/log.js';
import type { Lifecycle } from './health/routes.js';
import { firstStart } from './demo/service.js';
import { sweepInterrupted } from './imports/service.js';
import { closeReportBrowser } from './reports/pdf.js';
import { attachCheckpoints } from './audit/checkpoint.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const pino = createPino();
  const log = (msg: string) => pino.info(msg);
  log(`Lantern starting: ${describeConfig(config).replace(/\n/g, '; ')}`);
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    statementTimeoutMs: config.statementTimeoutMs,
    readDatabaseUrls: config.readDatabaseUrls,
    replicaMaxLagMs: config.replicaMaxLagMs,
  });
  // Signed checkpoints of the audit chain's head, outside the table (docs in the README's audit section).
  attachCheckpoints(db, config.auditCheckpoints, loggerOf(pino));
  // Start-up work runs to its end: on a big database a migration, a rebuild of the map's
  // aggregates or a large demo town takes minutes, and the statement timeout is for requests
  // (a 1M demo town's rebuild passed 30 s). On PostgreSQL it has a connection of its own
  // without the timeout; PGlite has none.
  const startup = config.databaseUrl ? await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, statementTimeoutMs: 0, poolMax: 2 }) : db;
  let creds: Awaited<ReturnType<typeof firstStart>>;
  try {
    const applied = await migrate(startup);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    const aggregates = await ensureAggregates(startup, config.timeZone);
    if (aggregates.rebuilt) log(`map aggregates rebuilt for time zone ${config.timeZone} in ${(aggregates.ms / 1000).toFixed(1)} s`);

    const interrupted = await sweepInterrupted(startup, true);
    if (interrupted) log(`${interrupted} import(s) interrupted by an earlier stop were rolled back and marked so`);

    creds = await firstStart(startup, config, log);
  } finally {
    if (startup !== db) await startup.close();
  }
  if (creds) {
    const file = path.join(config.dataDir, 'demo-credentials.txt');
    console.log(
      `\nDemo users (synthetic town; shown once, also in ${file}):\n` +
        creds.map((c) => `  ${c.role.padEnd(10)} ${c.username.padEnd(16)} ${c.password}`).join('\n') +
        '\n',
    );
  }

  const app = createApp({ db, config, log: loggerOf(pino), requestLog: requestLogger(pino) });
  const lifecycle = app.locals.lifecycle as Lifecycle;
  const server = app.listen(config.port, config.host, () => log(`listening on http://${config.host}:${config.port}`));

  // SIGTERM: /readyz turns unready at once, new connections are refused, requests in
  // flight finish (up to a deadline), then the database closes cleanly.
  const stop = (signal: string) => {
    if (lifecycle.stopping) return;
    lifecycle.stopping = true;
    log(`${signal}: finishing requests and closing the database`);
    const deadline = setTimeout(() => {
      pino.error('requests still running at the shutdown deadline; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.close(() => {
      Promise.all([closeReportBrowser(), db.close()]).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Lantern failed to start:', err);
  }
  process.exit(1);
});
