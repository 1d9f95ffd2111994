import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import type { Logger } from '../http/problem.js';
import type { Metrics } from '../http/metrics.js';
import { unprocessable, unsupportedMediaType, type FieldError } from '../http/errors.js';
import { spool } from '../http/upload.js';
import { parse, parseQuery } from '../http/validate.js';
import { isSqliteFile } from '../basemap/sources.js';
import { BASEMAP_FORMATS, importParams, importQuerySchema, PLACE_FORMATS, type BasemapFormat, type ImportKind, type ImportOptions, type ImportQuery, type PlaceFormat } from './schema.js';
import * as service from './service.js';
import { toCsv } from '../http/csv.js';
import { templateFileName, templateRows, TEMPLATE_KINDS } from './columns.js';

const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });
const templateParams = z.strictObject({ kind: z.enum(TEMPLATE_KINDS, { message: `a template is offered for ${TEMPLATE_KINDS.join(', ')}` }) });

/** Media types a GeoPackage arrives as: its registered one, SQLite's, or a browser's shrug. */
const GPKG_TYPES = ['application/geopackage+sqlite3', 'application/vnd.sqlite3', 'application/x-sqlite3', 'application/octet-stream'];

function formatOf(req: Request, kind: ImportKind): ImportOptions['format'] {
  if (kind === 'basemap') {
    if (req.is('application/geo+json') || req.is('application/json')) return 'geojson';
    if (req.is(GPKG_TYPES)) return 'gpkg';
    throw unsupportedMediaType(`Send a basemap file as application/geopackage+sqlite3 or application/geo+json, not ${req.headers['content-type'] ?? 'an unnamed type'}.`);
  }
  if (req.is('text/csv') || req.is('application/csv')) return 'csv';
  if (req.is('application/geo+json') || req.is('application/json')) return 'geojson';
  throw unsupportedMediaType(`Send the file as text/csv or application/geo+json, not ${req.headers['content-type'] ?? 'an unnamed type'}.`);
}

/** The query's options that the kind does not take, or requires and lacks. */
function kindOptionErrors(kind: ImportKind, q: ImportQuery): FieldError[] {
  const errors: FieldError[] = [];
  const placeFormat = (PLACE_FORMATS as readonly string[]).includes(q.format ?? '');
  const basemapFormat = (BASEMAP_FORMATS as readonly string[]).includes(q.format ?? '');
  if (kind === 'places' && !placeFormat) errors.push({ path: 'format', message: `is required: ${PLACE_FORMATS.join(', ')}` });
  else if (kind === 'basemap' && q.format !== undefined && !basemapFormat) errors.push({ path: 'format', message: `a basemap file is one of ${BASEMAP_FORMATS.join(', ')}` });
  else if (kind !== 'places' && kind !== 'basemap' && q.format !== undefined) errors.push({ path: 'format', message: 'is for places and basemap imports only' });
  if (kind !== 'basemap') {
    if (q.layer !== undefined) errors.push({ path: 'layer', message: 'is for basemap imports only' });
    if (q.table !== undefined) errors.push({ path: 'table', message: 'is for basemap imports only' });
  } else if (q.onDuplicate === 'update') errors.push({ path: 'onDuplicate', message: 'a basemap import replaces its layers whole: there is nothing to update' });
  return errors;
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
    const optionErrors = kindOptionErrors(kind, q);
    if (optionErrors.length) {
      const title = kind === 'places' ? 'Say which gazetteer file this is.' : kind === 'basemap' ? 'These options do not fit a basemap import.' : 'Only places and basemap imports take a format.';
      throw unprocessable(title, optionErrors);
    }
    if (kind === 'places' && !(req.is('text/csv') || req.is('application/csv'))) throw unsupportedMediaType('Gazetteer files are CSV: send text/csv.');
    const format = formatOf(req, kind);
    const basemapFormat = kind === 'basemap' ? (q.format as BasemapFormat | undefined) : undefined;
    const opts: ImportOptions = {
      kind,
      format,
      mode: q.mode ?? 'lenient',
      onDuplicate: q.onDuplicate ?? 'skip',
      ...(q.srid ? { srid: q.srid } : {}),
      ...(q.repair !== undefined ? { repair: q.repair } : {}),
      ...(kind === 'places' ? { placeFormat: q.format as PlaceFormat } : {}),
      ...(kind === 'basemap' ? { basemap: { ...(q.layer ? { layer: q.layer } : {}), ...(basemapFormat ? { format: basemapFormat } : {}), ...(q.table ? { table: q.table } : {}) } } : {}),
      fileName: q.fileName ?? null,
    };
    const upload = await spool(req, config.importMaxMb * 1024 * 1024);
    const actor = callerOf(req);
    if (kind === 'basemap') {
      // The file's first bytes, not its label, say what it is; a mismatch is refused before anything is recorded.
      const sqlite = isSqliteFile(upload.file);
      const claimed = basemapFormat ? basemapFormat.endsWith('gpkg') : format === 'gpkg';
      if (sqlite !== claimed) {
        upload.remove();
        throw unprocessable(`The file is ${sqlite ? 'a GeoPackage (SQLite)' : 'not a GeoPackage'}, but was sent as ${basemapFormat ?? (format === 'gpkg' ? 'a GeoPackage' : 'GeoJSON')}.`, [
          { path: basemapFormat ? 'format' : 'Content-Type', message: sqlite ? 'send a GeoPackage as application/geopackage+sqlite3 with format gpkg or osm-gpkg' : 'send GeoJSON as application/geo+json with format geojson or osm-geojson' },
        ]);
      }
      opts.format = sqlite ? 'gpkg' : 'geojson';
    }
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
    res.json({ imports: await service.list(db, callerOf(req)) });
  });

  /**
   * A kind's CSV template: the accepted columns and one synthetic example row, placed at
   * the operating area's centre so that it imports cleanly on any deployment.
   */
  r.get('/template/:kind', (req, res) => {
    const { kind } = parse(templateParams, req.params, 'path');
    const a = config.operatingArea;
    res.type('text/csv; charset=utf-8').attachment(templateFileName(kind)).send(toCsv(templateRows(kind, { lon: (a.west + a.east) / 2, lat: (a.south + a.north) / 2 })));
  });

  r.get('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.status(db, callerOf(req), id));
  });
  return r;
}
