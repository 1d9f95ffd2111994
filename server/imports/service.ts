import type { Config } from '../config.js';
import { untimed, type Db } from '../db/index.js';
import { notFound, unprocessable } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { ColumnsRefused, Tally, type Ctx } from './context.js';
import { importAreas, importPremises, importVehicles } from './importers.js';
import { importSightings } from './sightings.js';
import { importEpisodes } from './episodes.js';
import { importPlaces } from './places.js';
import { importBasemap } from './basemap.js';
import * as repo from './repo.js';
import type { BasemapImportDetail, ImportOptions, ImportProgress, ImportResult } from './schema.js';

/**
 * The import job runner: registers an import, runs its importer in one transaction
 * with live progress, and records the outcome. The importers are in sightings.ts
 * (the staged COPY pipeline), importers.ts (premises, vehicles, areas) and episodes.ts.
 */

export interface Upload {
  file: string;
  sha256: string;
  bytes: number;
}

/** Imports in progress in this process, for GET /api/imports/:id while their transaction is open. */
const progress = new Map<string, ImportProgress>();

class StrictRejection extends Error {}

/** Each kind's importer; one that returns a detail (basemap: the layers loaded) has it kept with the import. */
const IMPORTERS: Record<ImportOptions['kind'], (c: Ctx, file: string) => Promise<void | BasemapImportDetail>> = {
  sightings: importSightings,
  premises: importPremises,
  vehicles: importVehicles,
  areas: importAreas,
  places: importPlaces,
  basemap: importBasemap,
  episodes: importEpisodes,
};

/**
 * Kinds taken whole or not at all, whatever the mode asked: a missing episodes file
 * with a row left out would undercount a child's episodes ("repeat missing").
 */
const WHOLE_FILE_KINDS: ReadonlySet<ImportOptions['kind']> = new Set(['episodes']);
const strictFor = (opts: ImportOptions): boolean => opts.mode === 'strict' || WHOLE_FILE_KINDS.has(opts.kind);

/**
 * Imports a dead process left 'running' are marked interrupted: at start-up and when
 * imports are listed. At start-up on the embedded database no other process can be
 * importing, so every orphan goes at once; elsewhere only those a few seconds old.
 */
export const sweepInterrupted = (db: Db, atStartUp = false): Promise<number> =>
  repo.markInterrupted(db.knex, atStartUp && db.kind === 'pglite' ? 0 : 10);

/** Registers an import and returns its id; `run` does the work. */
export async function begin(db: Db, actor: Caller, opts: ImportOptions, upload: Upload): Promise<string> {
  return repo.create(db.knex, { ...opts, sha256: upload.sha256, bytes: upload.bytes, by: actor.userId });
}

/**
 * Runs an import in one transaction: every valid row lands or none does (a crash
 * rolls it all back). Lenient mode keeps the valid rows and reports the rest;
 * strict mode (always, for WHOLE_FILE_KINDS) writes nothing if any row is bad (422 naming the rows).
 */
export async function run(db: Db, config: Config, actor: Caller, id: string, opts: ImportOptions, upload: Upload, onProgress: (c: ImportProgress) => void = () => {}): Promise<ImportResult> {
  const tally = new Tally((c) => {
    progress.set(id, c);
    onProgress(c);
  });
  const meta = { importId: id, kind: opts.kind, fileName: opts.fileName, sha256: upload.sha256, bytes: upload.bytes, mode: opts.mode, onDuplicate: opts.onDuplicate, ...(opts.placeFormat ? { placeFormat: opts.placeFormat } : {}), ...(opts.basemap ? { basemap: opts.basemap } : {}) };
  let detail: BasemapImportDetail | undefined;
  try {
    await db.knex.transaction(async (trx) => {
      await untimed(trx);
      await repo.holdImportLock(trx, id);
      const ctx: Ctx = { db, trx, config, actor, opts, tally, writing: () => !strictFor(opts) || tally.counts.rejectedCount === 0 };
      detail = (await IMPORTERS[opts.kind](ctx, upload.file)) ?? undefined;
      // Rows rejected in SQL (grid references outside the area) come after their chunk's others.
      tally.rejected.sort((a, b) => a.row - b.row);
      if (strictFor(opts) && tally.counts.rejectedCount > 0) throw new StrictRejection();
      await repo.finish(trx, id, 'done', tally.counts, tally.rejected, null, detail, tally.warnings);
      const warned = tally.warnings.length ? { unreadColumns: tally.warnings.map((w) => w.path.replace(/^columns\./, '')) } : {};
      await recordIn(trx, actor, { action: 'import', targetType: opts.kind, targetIds: [id], query: { ...meta, ...tally.counts, ...warned, ...(detail ? { basemap: detail } : {}) }, outcome: 'ok' });
    });
    return { id, status: 'done', ...tally.counts, rejected: tally.rejected, warnings: tally.warnings, ...(detail ? { basemap: detail } : {}) };
  } catch (err) {
    const strict = err instanceof StrictRejection;
    const columns = err instanceof ColumnsRefused ? err : null;
    const counts = { ...tally.counts, inserted: 0, updated: 0, duplicates: strict ? tally.counts.duplicates : 0 };
    const message = strict ? null : (err as Error).message?.slice(0, 500) ?? 'failed';
    // A refused header is kept with the import as its warnings, so that the report shows the columns later too.
    await repo.finish(db.knex, id, strict || columns ? 'rejected' : 'failed', counts, tally.rejected, message, undefined, columns ? columns.errors : tally.warnings);
    const outcome = strict ? 'rejected (strict mode)' : columns ? 'rejected (columns)' : `failed: ${message}`;
    await record(db, actor, { action: 'import', targetType: opts.kind, targetIds: [id], query: { ...meta, ...counts, ...(columns ? { columns: columns.errors.map((e) => e.path.replace(/^columns\./, '')) } : {}) }, outcome });
    if (columns) throw unprocessable(columns.message, columns.errors);
    if (strict) {
      throw unprocessable(
        `${opts.mode === 'strict' ? 'Strict mode' : `A ${opts.kind} file is imported whole or not at all`}: ${tally.counts.rejectedCount} row${tally.counts.rejectedCount === 1 ? '' : 's'} failed validation, so nothing was imported.`,
        tally.rejected.flatMap((r) => r.errors.map((e) => ({ path: `rows.${r.row}${e.path ? `.${e.path}` : ''}`, message: e.message }))),
      );
    }
    throw err;
  } finally {
    progress.delete(id);
  }
}

/** An import's record, with live counts while it is still running in this process. */
export async function status(db: Db, actor: Caller, id: string) {
  const live = progress.get(id);
  const row = await repo.find(db.knex, id);
  await record(db, actor, { action: 'consult', targetType: 'import', targetIds: [id], outcome: row ? 'ok' : 'not found' });
  if (!row) throw notFound(`No import ${id}.`);
  return live && row.status === 'running' ? { ...row, ...live } : row;
}

export async function list(db: Db, actor: Caller) {
  await sweepInterrupted(db);
  const rows = await repo.list(db.knex, 100);
  await record(db, actor, { action: 'search', targetType: 'import', query: { returned: rows.length }, outcome: 'ok' });
  return rows;
}
