import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { badRequest, payloadTooLarge } from './errors.js';

export interface Spooled {
  file: string;
  sha256: string;
  bytes: number;
  remove(): void;
}

/**
 * Streams a request body to a private temporary file, hashing it on the way, so an
 * upload of any size costs bounded memory and the import can read it twice if needed.
 */
export async function spool(req: Request, maxBytes: number): Promise<Spooled> {
  const file = path.join(os.tmpdir(), `lantern-upload-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(payloadTooLarge(`The file is larger than ${Math.round(maxBytes / 1048576)} MiB.`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const remove = () => fs.rmSync(file, { force: true });
  try {
    await pipeline(req, meter, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    remove();
    throw err;
  }
  if (bytes === 0) {
    remove();
    throw badRequest('The file is empty.', [{ path: '', message: 'no data' }]);
  }
  return { file, sha256: hash.digest('hex'), bytes, remove };
}
