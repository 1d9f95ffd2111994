#!/usr/bin/env node
/**
 * Makes sure the client is built before the server starts (`npm start`), so a
 * fresh `npm ci && npm start` serves the page. When `client/dist/index.html`
 * exists it does nothing, quickly.
 *
 *   node client/ensure-built.mjs            build only when there is no build
 *   node client/ensure-built.mjs --stale    also rebuild when a client source
 *                                           (or server/lists.ts, server/labels.ts) is newer than the build
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const clientDir = path.dirname(fileURLToPath(import.meta.url));
const configFile = path.join(clientDir, 'vite.config.ts');
const builtPage = path.join(clientDir, 'dist', 'index.html');
/** What the build is made from; `server/lists.ts` and `server/labels.ts` are the shared vocabulary modules. */
const sources = [
  path.join(clientDir, 'index.html'),
  path.join(clientDir, 'src'),
  configFile,
  path.join(clientDir, '..', 'server', 'lists.ts'),
  path.join(clientDir, '..', 'server', 'labels.ts'),
];

/** Newest modification time (ms) of a file or of any file under a directory. */
function newestMtime(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function reasonToBuild(checkStale) {
  const built = fs.statSync(builtPage, { throwIfNoEntry: false });
  if (!built) return 'no client build yet';
  if (checkStale && Math.max(...sources.map(newestMtime)) > built.mtimeMs) return 'client sources changed since the last build';
  return undefined;
}

const reason = reasonToBuild(process.argv.includes('--stale'));
if (reason) {
  let build;
  try {
    ({ build } = await import('vite'));
  } catch {
    console.error(
      `The client needs building (${reason}), but Vite is not installed.\n` +
        'Install the development dependencies (npm ci) or run `npm run build` where they are installed.',
    );
    process.exit(1);
  }
  console.log(`Building the client (${reason})…`);
  try {
    await build({ configFile, logLevel: 'warn' });
  } catch (err) {
    console.error('The client build failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
  console.log(`Client built into ${path.relative(process.cwd(), path.dirname(builtPage)) || '.'}`);
}
