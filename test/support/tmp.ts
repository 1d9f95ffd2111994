import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A maker of fresh temporary directories (`lantern-<prefix>-…`), each removed when the
 * suite it is called in has run. Call it in a `describe` body.
 */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), `lantern-${prefix}-`));
    dirs.push(d);
    return d;
  };
}
