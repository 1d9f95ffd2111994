import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { actorOf, type Guards } from '../http/auth.js';
import type { Logger } from '../http/problem.js';
import type { Metrics } from '../http/metrics.js';
import { unprocessable, unsupportedMediaType } from '../http/errors.js';
import { spool } from '../http/upload.js';
import { parse, parseQuery } from '../http/validate.js';
import { importParams, importQuerySchema, PLACE_FORMATS, type ImportOptions } from './schema.js';
import * as service from './service.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

function formatOf(req: Request): ImportOptions['format'] {
  if (req.is('text/csv') || req.is('application/csv')) return 'csv';
  if (req.is('application/geo+json') || req.is('application/json')) return 'geojson';
  throw unsupportedMediaType(`Send the file as text/csv or application/geo+json, not ${req.headers['content-type'] ?? 'an unnamed type'}.`);
}

/** Imports of partners' files: administrators only. */
export function importRoutes(db: Db, config: Config, g: Guards, log: Logger, metrics: Metrics): Router {
  const r = Router();
  /** Runs an import and counts its outcome for /metrics. */
  const counted = async (...args: Parameters<typeof service.run>) => {
    try {
      const result = await service.run(...args);
      metrics.importsFinished.inc({ kind: args[4].kind, status: 'done' });
      metrics.importRows.inc({ kind: args[4].kind, outcome: 'inserted' }, result.inserted);
      metrics.importRows.inc({ kind: args[4].kind, outcome: 'rejected' }, result.rejectedCount);
      return result;
    } catch (err) {
      metrics.importsFinished.inc({ kind: args[4].kind, status: (err as { status?: number }).status === 422 ? 'rejected' : 'failed' });
      throw err;
    }
  };
  r.use(g.requireRole('admin'));

  r.post('/:kind', async (req, res) => {
    const { kind } = parse(importParams, req.params, 'path');
    const q = parseQuery(importQuerySchema, req);
    if ((kind === 'places') !== (q.format !== undefined)) {
      throw unprocessable(kind === 'places' ? 'Say which gazetteer file this is.' : 'Only places imports take a format.', [
        { path: 'format', message: kind === 'places' ? `is required: ${PLACE_FORMATS.join(', ')}` : 'is for places imports only' },
      ]);
    }
    if (kind === 'places' && !(req.is('text/csv') || req.is('application/csv'))) throw unsupportedMediaType('Gazetteer files are CSV: send text/csv.');
    const opts: ImportOptions = {
      kind,
      format: formatOf(req),
      mode: q.mode ?? 'lenient',
      onDuplicate: q.onDuplicate ?? 'skip',
      ...(q.srid ? { srid: q.srid } : {}),
      ...(q.repair !== undefined ? { repair: q.repair } : {}),
      ...(q.format ? { placeFormat: q.format } : {}),
      fileName: q.fileName ?? null,
    };
    const upload = await spool(req, config.importMaxMb * 1024 * 1024);
    const actor = actorOf(req);
    try {
      const id = await service.begin(db, actor, opts, upload);
      if (upload.bytes > config.importAsyncMb * 1024 * 1024) {
        counted(db, config, actor, id, opts, upload)
          .catch((err: unknown) => log('warn', `import ${id} did not complete`, err))
          .finally(() => upload.remove());
        res.status(202).location(`${req.baseUrl}/${id}`).json({ id, status: 'running' });
        return;
      }
      res.json(await counted(db, config, actor, id, opts, upload));
      upload.remove();
    } catch (err) {
      upload.remove();
      throw err;
    }
  });

  r.get('/', async (req, res) => {
    res.json({ imports: await service.list(db, actorOf(req)) });
  });

  r.get('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.status(db, actorOf(req), id));
  });
  return r;
}
