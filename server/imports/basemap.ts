import fs from 'node:fs';
import { loadBasemap } from '../basemap/import.js';
import { BasemapFileError } from '../basemap/sources.js';
import { unprocessable } from '../http/errors.js';
import type { Ctx } from './context.js';
import type { BasemapImportDetail } from './schema.js';

/** Features read between progress reports when no batch lands. */
const REPORT_EVERY = 5000;

/**
 * Street basemap layers (GeoPackage or GeoJSON, OS or OpenStreetMap) through the
 * import pipeline: the layers are replaced inside the import's transaction, features
 * count as rows read, those loaded as inserted, those that cannot go on a layer as
 * rejected (with their number in the file), so the Imports page and the CLI show
 * progress and a report as for any other file.
 */
export async function importBasemap(c: Ctx, file: string): Promise<BasemapImportDetail> {
  const bytes = fs.statSync(file).size;
  const asked = c.opts.basemap ?? {};
  let landed = 0;
  const r = await loadBasemap(
    c.trx,
    file,
    {
      ...(asked.layer ? { layer: asked.layer } : {}),
      ...(asked.format ? { format: asked.format } : {}),
      ...(asked.table ? { table: asked.table } : {}),
      ...(c.opts.srid ? { srid: c.opts.srid } : {}),
      ...(c.opts.fileName ? { fileName: c.opts.fileName } : {}),
    },
    {
      read: (fraction) => {
        c.tally.read({ line: 0, cells: {}, ...(fraction === null ? {} : { bytes: Math.round(fraction * bytes) }) });
        // Features left aside land in no batch: tell progress by reading too, or a long run of them would look stuck.
        if (c.tally.counts.rowsRead % REPORT_EVERY === 0) c.tally.report();
      },
      reject: (n, path, message) => c.tally.reject(n, [{ path, message }]),
      progress: (loaded) => {
        c.tally.landed(loaded - landed, { inserted: loaded - landed, updated: 0 });
        landed = loaded;
        c.tally.report();
      },
      writing: c.writing,
    },
  ).catch((err: unknown) => {
    if (err instanceof BasemapFileError) throw unprocessable(`The basemap file was not imported: ${err.message}`, [{ path: 'file', message: err.message }]);
    throw err;
  });
  c.tally.report();
  return { ...asked, format: r.format, tables: r.tables, layers: r.layers, ignored: r.read - r.placed - c.tally.counts.rejectedCount };
}
