import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDb, type Db } from './index.js';
import { lockDataDir } from './lock.js';

/**
 * Backups of either database. PostgreSQL: `pg_dump` custom format, restorable with
 * `pg_restore` (the server may keep running). Embedded: PGlite's own consistent
 * tarball of its data directory (the server must be stopped: the directory is locked).
 */

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message} (install the PostgreSQL client tools)`);
  if (r.status !== 0) throw new Error(`${cmd} failed (exit ${r.status}): ${r.stderr.trim().slice(0, 2000)}`);
}

export async function backup(db: Db, config: Config, file: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (db.kind === 'postgres') {
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
  } else {
    const blob = await db.pglite!.dumpDataDir('gzip');
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600);
  return { bytes: fs.statSync(file).size };
}

/**
 * Restores a backup. PostgreSQL: objects are dropped and recreated from the dump.
 * Embedded: the data directory must not hold a database, unless `force`, which
 * moves the old one aside (kept, never deleted).
 */
export async function restore(config: Config, file: string, opts: { force?: boolean } = {}): Promise<{ movedAside?: string }> {
  if (!fs.existsSync(file)) throw new Error(`no backup file ${file}`);
  if (config.databaseUrl) {
    run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${config.databaseUrl}`, file]);
    return {};
  }
  const pgdata = path.join(config.dataDir, 'pgdata');
  let movedAside: string | undefined;
  // Holding the lock while moving the old database proves no server is using it.
  const release = lockDataDir(config.dataDir);
  try {
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
      if (!opts.force) throw new Error(`${config.dataDir} already holds a database; stop the server and pass --force to move it aside and restore`);
      movedAside = `${pgdata}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(pgdata, movedAside);
    }
  } finally {
    release();
  }
  const blob = new Blob([fs.readFileSync(file)]);
  const db = await openDb({ dataDir: config.dataDir, loadDataDir: blob });
  await db.close();
  return movedAside ? { movedAside } : {};
}
