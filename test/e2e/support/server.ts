/**
 * Starts the real Lantern server as a child process on a free port, with a fresh
 * embedded database seeded with a small synthetic town, for browser tests.
 *
 *   const server = await startServer();   // in before()
 *   server.url, server.credentials.analyst
 *   await server.stop();                  // in after()
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, type Role } from '../../../server/lists.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Credential {
  username: string;
  password: string;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  /** One demo user per role, from `<dataDir>/demo-credentials.txt`. */
  credentials: Record<Role, Credential>;
  /** What the server has printed so far (for failure messages). */
  output: () => string;
  /** SIGTERM, then SIGKILL after 10 s; removes the data directory. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Sightings in the demo town; small, so the first start migrates and seeds quickly. */
  demoSightings?: number;
  /** How long to wait for `GET /healthz` to answer 200, ms. */
  readyTimeoutMs?: number;
  /** An empty PostgreSQL database to run on instead of the embedded one (bench:map --database-url). */
  databaseUrl?: string;
  /** Further settings for the server (LANTERN_… variables). */
  env?: Record<string, string>;
}

/**
 * Builds the client if its sources changed, then starts `server/main.ts` on the embedded
 * database (or on `databaseUrl`) and waits until it answers `GET /healthz`.
 */
export async function startServer({ demoSightings = 3000, readyTimeoutMs = 120_000, databaseUrl, env: extra = {} }: StartOptions = {}): Promise<RunningServer> {
  buildClient();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-'));
  const url = `http://127.0.0.1:${port}`;

  // Only what this test sets: nothing inherited may point the server at another database.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('LANTERN_') && k !== 'DATABASE_URL'),
  );
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    LANTERN_DATA_DIR: dataDir,
    LANTERN_DEMO_SIGHTINGS: String(demoSightings),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, LANTERN_DEMO: '1' } : {}),
    ...extra,
  });

  // One process (no tsx CLI wrapper), so SIGTERM reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    if (log.length < 1_000_000) log += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    await stopChild(child, exited);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, readyTimeoutMs, exited);
    const credentials = readCredentials(path.join(dataDir, 'demo-credentials.txt'));
    return { url, dataDir, credentials, output: () => log, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${abridged(log)}`);
  }
}

/** The start and the end of a long log; a failed query can print its whole parameter list. */
function abridged(text: string, head = 6000, tail = 3000): string {
  return text.length <= head + tail ? text : `${text.slice(0, head)}\n[… ${text.length - head - tail} characters …]\n${text.slice(-tail)}`;
}

/** Runs `client/ensure-built.mjs --stale`, so the page under test is the current source. */
function buildClient(): void {
  const r = spawnSync(process.execPath, ['client/ensure-built.mjs', '--stale'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`client build failed:\n${r.stdout}${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `GET /healthz` until 200; fails early if the server exits. */
async function waitForHealth(url: string, timeoutMs: number, exited: Promise<number | null>): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => {
    gone = code;
  });
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`the server exited (code ${gone}) before it was ready`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`the server did not answer GET /healthz with 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Lines `<role> <username> <password>`. */
function readCredentials(file: string): Record<Role, Credential> {
  const text = fs.readFileSync(file, 'utf8');
  const out: Partial<Record<Role, Credential>> = {};
  for (const line of text.split('\n')) {
    const [role, username, password] = line.trim().split(/\s+/);
    if (role && username && password) out[role as Role] = { username, password };
  }
  for (const role of ROLES) {
    if (!out[role]) throw new Error(`${file} has no ${role} user`);
  }
  return out as Record<Role, Credential>;
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
