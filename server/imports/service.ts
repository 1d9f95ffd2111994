import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { copyInto, copyLine } from '../db/copy.js';
import { containsPoint } from '../geo/bbox.js';
import { countCrossings, isShapeProblem, readAreaShape } from '../geo/areaShape.js';
import { AREA_KINDS } from '../lists.js';
import { notFound, unprocessable, type FieldError } from '../http/errors.js';
import { record, recordIn, type Actor } from '../audit/service.js';
import { reviewDue } from '../review/period.js';
import { csvRecords, geoJsonRecords, type SourceRecord } from './records.js';
import * as repo from './repo.js';
import { readPremises, readSighting, readVehicle, type Place, type SightingImport } from './rows.js';
import type { ImportCounts, ImportOptions, ImportProgress, ImportResult, Rejected } from './schema.js';

const BATCH = 2000;
/** Progress is reported every this many rows read. */
const PROGRESS_EVERY = 2000;
/** Rejected rows kept for the report; the count covers them all. */
const KEEP_REJECTED = 1000;

export interface Upload {
  file: string;
  sha256: string;
  bytes: number;
}

/** Imports in progress in this process, for GET /api/imports/:id while their transaction is open. */
const progress = new Map<string, ImportProgress>();

class Tally {
  readonly counts: ImportCounts = { rowsRead: 0, inserted: 0, updated: 0, duplicates: 0, rejectedCount: 0 };
  readonly rejected: Rejected[] = [];
  /** How far into the file the reader is (CSV only; GeoJSON is parsed whole). */
  private bytesRead: number | null = null;
  constructor(private readonly onProgress: (c: ImportProgress) => void) {}
  read(rec: SourceRecord) {
    this.counts.rowsRead++;
    if (rec.bytes !== undefined) this.bytesRead = rec.bytes;
  }
  reject(row: number, errors: FieldError[]) {
    this.counts.rejectedCount++;
    if (this.rejected.length < KEEP_REJECTED) this.rejected.push({ row, errors });
  }
  report() {
    this.onProgress({ ...this.counts, bytesRead: this.bytesRead });
  }
}

class StrictRejection extends Error {}

interface Ctx {
  db: Db;
  trx: Knex.Transaction;
  config: Config;
  actor: Actor;
  opts: ImportOptions;
  tally: Tally;
  /** In strict mode, stop writing once a row is bad (but keep reading to report every bad row). */
  writing: () => boolean;
}

/** Places given as British National Grid become WGS84 (one PostGIS call per batch); all must lie in the operating area. */
async function resolvePlaces<T extends { line: number; place: Place }>(c: Ctx, rows: T[]): Promise<(T & { lon: number; lat: number })[]> {
  const bng = rows.filter((r) => 'easting' in r.place);
  const wgs = await repo.transformBng(c.trx, bng.map((r) => r.place as { easting: number; northing: number }));
  const at = new Map(bng.map((r, i) => [r, wgs[i]!]));
  const out: (T & { lon: number; lat: number })[] = [];
  for (const r of rows) {
    const p = at.get(r) ?? (r.place as { lon: number; lat: number });
    if (!containsPoint(c.config.operatingArea, p.lon, p.lat)) {
      c.tally.reject(r.line, [{ path: 'easting' in r.place ? 'easting' : 'lat', message: `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}) is outside the operating area` }]);
      continue;
    }
    out.push({ ...r, lon: p.lon, lat: p.lat });
  }
  return out;
}

async function* source(file: string, opts: ImportOptions): AsyncGenerator<SourceRecord> {
  if (opts.format === 'csv') {
    yield* csvRecords(file);
    return;
  }
  for (const r of geoJsonRecords(file).records) {
    const g = r.geometry as { type?: string; coordinates?: unknown } | null;
    if (g?.type === 'Point' && Array.isArray(g.coordinates)) {
      const [x, y] = g.coordinates as unknown[];
      // Only numbers: an array here (even one nested 200,000 deep) is a malformed point, not text to read.
      if (typeof x !== 'number' || typeof y !== 'number') {
        yield { ...r, problem: 'geometry: a Point needs coordinates [x, y] of two numbers' };
        continue;
      }
      const bng = opts.srid === 27700;
      yield { ...r, cells: { ...r.cells, ...(bng ? { easting: String(x), northing: String(y) } : { lon: String(x), lat: String(y) }) } };
    } else yield r;
  }
}

/** Valid sightings rows are staged and landed in chunks of this many: bounded memory, few statements. */
const CHUNK = 20_000;

/**
 * One chunk of valid sightings rows as COPY lines, with repeats of an external ref
 * settled as the per-row upsert did: `skip` keeps the first, `update` the last.
 */
class SightingChunk {
  lines: string[] = [];
  /** Index in `lines` of each (source agency, external ref). */
  private readonly keys = new Map<string, number>();
  /** Whether any row still needs PostGIS to place it (British National Grid). */
  bng = false;
  constructor(private readonly onDuplicate: 'skip' | 'update') {}
  /** Adds a row's COPY line; false when it repeats a ref of this chunk and was counted a duplicate. */
  add(key: string | null, line: string, bng: boolean): boolean {
    const at = key === null ? undefined : this.keys.get(key);
    if (at !== undefined) {
      if (this.onDuplicate === 'update') this.lines[at] = line;
      return false;
    }
    if (key !== null) this.keys.set(key, this.lines.length);
    this.lines.push(line);
    this.bng ||= bng;
    return true;
  }
}

/**
 * On the embedded database the import's transaction is the only one (a pool of one),
 * so the per-row triggers deriving area and grid position are switched off for it and
 * the landing statement does their work set-based (on PGlite they were half the cost
 * of landing a row). On PostgreSQL the triggers stay: switching them off would make
 * every other writer of sightings wait for the import to commit.
 */
const derivedHere = (c: Ctx) => c.db.kind === 'pglite';

/** Copies one chunk into the stage, places its grid references, and lands it. */
async function landSightings(c: Ctx, chunk: SightingChunk): Promise<void> {
  if (chunk.lines.length === 0 || !(c.writing() || chunk.bng)) return;
  let staged = await copyInto(c.trx, c.db, repo.SIGHTING_STAGE, repo.SIGHTING_STAGE_COLUMNS, chunk.lines.join(''));
  if (chunk.bng) {
    const outside = (await repo.placeStagedBng(c.trx)).filter((p) => !containsPoint(c.config.operatingArea, p.lon, p.lat));
    for (const p of outside) c.tally.reject(p.line, [{ path: 'easting', message: `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}) is outside the operating area` }]);
    await repo.unstage(c.trx, outside.map((p) => p.line));
    staged -= outside.length;
  }
  if (c.writing()) {
    const r = await repo.landStagedSightings(c.trx, c.opts.onDuplicate, c.actor.userId, derivedHere(c) ? 'here' : 'by triggers');
    c.tally.counts.inserted += r.inserted;
    c.tally.counts.updated += r.updated;
    c.tally.counts.duplicates += staged - r.inserted - r.updated;
  }
  await repo.clearStage(c.trx);
}

/**
 * Sightings: each row read and checked here (line numbers, field errors), the valid
 * ones staged with COPY a chunk at a time and landed in SQL (geometry, grid
 * transform, duplicates). The next chunk is read while the database lands the last.
 */
async function importSightings(c: Ctx, file: string): Promise<void> {
  const premises = await repo.premisesRefs(c.trx);
  const plates = await repo.plateIds(c.trx);
  await repo.createSightingStage(c.trx);
  if (derivedHere(c)) await repo.sightingDeriveTriggers(c.trx, false);
  const today = new Date();
  const dueBy = new Map<string, string>();
  const due = (assessment: string) => {
    let d = dueBy.get(assessment);
    if (!d) dueBy.set(assessment, (d = reviewDue(today, assessment as 'A', c.config.reviewMonths, c.config.reviewMonthsByAssessment)));
    return d;
  };
  const area = c.config.operatingArea;
  let chunk = new SightingChunk(c.opts.onDuplicate);
  let landing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await landing;
    landing = landSightings(c, chunk);
    // Handled here so that it never counts as unhandled; the next `await landing` still throws.
    landing.catch(() => {});
    chunk = new SightingChunk(c.opts.onDuplicate);
  };
  try {
    for await (const rec of source(file, c.opts)) {
      c.tally.read(rec);
      if (c.tally.counts.rowsRead % PROGRESS_EVERY === 0) c.tally.report();
      if (rec.problem) {
        c.tally.reject(rec.line, [{ path: '', message: rec.problem }]);
        continue;
      }
      const r = readSighting(rec.cells, c.config.timeZone);
      if (!r.ok) {
        c.tally.reject(rec.line, r.errors);
        continue;
      }
      const row = r.row;
      const bng = 'easting' in row.place;
      if (!bng) {
        const p = row.place as { lon: number; lat: number };
        if (!containsPoint(area, p.lon, p.lat)) {
          c.tally.reject(rec.line, [{ path: 'lat', message: `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}) is outside the operating area` }]);
          continue;
        }
      }
      const errors: FieldError[] = [];
      const premisesId = row.premisesRef ? premises.get(row.premisesRef.toUpperCase()) : null;
      const vehicleId = row.plate ? plates.get(row.plate) : null;
      if (premisesId === undefined) errors.push({ path: 'premises_ref', message: `no premises with licence or reference "${row.premisesRef}"` });
      if (vehicleId === undefined) errors.push({ path: 'plate', message: `no vehicle with plate ${row.plate}` });
      if (errors.length) {
        c.tally.reject(rec.line, errors);
        continue;
      }
      const key = row.externalRef === null ? null : `${row.sourceAgency}\u0000${row.externalRef}`;
      if (!chunk.add(key, stageLine(rec.line, row, premisesId ?? null, vehicleId ?? null, due(row.intelAssessment)), bng)) c.tally.counts.duplicates++;
      if (chunk.lines.length >= CHUNK) await flush();
    }
    await flush();
  } finally {
    // Whatever happened, nothing may still be running on the transaction's connection.
    await landing.catch(() => {});
  }
  await landing;
  if (derivedHere(c)) await repo.sightingDeriveTriggers(c.trx, true);
  c.tally.report();
}

/** A valid row as a COPY line of the stage (columns as repo.SIGHTING_STAGE_COLUMNS). */
function stageLine(line: number, r: SightingImport, premisesId: string | null, vehicleId: string | null, reviewDue: string): string {
  const p = r.place as { lon?: number; lat?: number; easting?: number; northing?: number };
  return copyLine([
    line, r.observedAt.toISOString(), r.reportedAt?.toISOString(), p.lon, p.lat, p.easting, p.northing, r.precisionM, r.category,
    r.groomingModel, r.sourceAgency, r.sourceEval, r.intelAssessment, r.handlingCode, premisesId, vehicleId, r.narrative,
    r.subjectRefs, r.indicators, r.externalRef, reviewDue,
  ]);
}

async function importPremises(c: Ctx, file: string): Promise<void> {
  let batch: { line: number; row: ReturnType<typeof readPremises> & { ok: true } }[] = [];
  const flush = async () => {
    const located = await resolvePlaces(c, batch.map((b) => ({ ...b.row.row, line: b.line })));
    const ready = located.map(({ place: _p, line: _l, ...rest }) => ({ ...rest, createdBy: c.actor.userId }));
    if (c.writing()) {
      const r = await repo.upsertPremises(c.trx, ready, c.opts.onDuplicate);
      c.tally.counts.inserted += r.inserted;
      c.tally.counts.updated += r.updated;
      c.tally.counts.duplicates += ready.length - r.inserted - r.updated;
    }
    batch = [];
    c.tally.report();
  };
  for await (const rec of source(file, c.opts)) {
    c.tally.read(rec);
    const r = rec.problem ? undefined : readPremises(rec.cells);
    if (!r || !r.ok) {
      c.tally.reject(rec.line, r ? (r as { errors: FieldError[] }).errors : [{ path: '', message: rec.problem! }]);
      continue;
    }
    batch.push({ line: rec.line, row: r });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

async function importVehicles(c: Ctx, file: string): Promise<void> {
  const premises = await repo.premisesRefs(c.trx);
  let batch: repo.ReadyVehicle[] = [];
  const flush = async () => {
    if (c.writing()) {
      const r = await repo.upsertVehicles(c.trx, batch, c.opts.onDuplicate);
      c.tally.counts.inserted += r.inserted;
      c.tally.counts.updated += r.updated;
      c.tally.counts.duplicates += batch.length - r.inserted - r.updated;
    }
    batch = [];
    c.tally.report();
  };
  const plates = new Set<string>();
  for await (const rec of source(file, c.opts)) {
    c.tally.read(rec);
    const r = rec.problem ? undefined : readVehicle(rec.cells);
    if (!r || !r.ok) {
      c.tally.reject(rec.line, r ? (r as { errors: FieldError[] }).errors : [{ path: '', message: rec.problem! }]);
      continue;
    }
    const { operatorRef, ...v } = r.row;
    const operatorId = operatorRef ? premises.get(operatorRef.toUpperCase()) : null;
    if (operatorId === undefined) {
      c.tally.reject(rec.line, [{ path: 'operator_ref', message: `no premises with licence or reference "${operatorRef}"` }]);
      continue;
    }
    // A plate twice in one file: the first stands, later ones count as duplicates.
    if (plates.has(v.plate)) {
      c.tally.counts.duplicates++;
      continue;
    }
    plates.add(v.plate);
    batch.push({ ...v, operatorId, createdBy: c.actor.userId });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

const pick = (cells: Record<string, string | undefined>, exact: string, suffix: string) =>
  cells[exact] ?? Object.entries(cells).find(([k, v]) => k.endsWith(suffix) && v)?.[1];

/**
 * Repair (ST_MakeValid) is refused for an area whose edges cross more often than this:
 * its cost grows much faster with the crossings than with the vertices.
 */
export const MAX_REPAIR_CROSSINGS = 1000;

/**
 * Ward boundaries and other areas, from GeoJSON in EPSG:4326 or 27700 (e.g. ONS boundaries: WD22CD / WD22NM).
 * Each area's shape and size are checked in Node before any SQL (at most
 * `config.areaMaxVertices` vertices; for repair, at most MAX_REPAIR_CROSSINGS edge
 * crossings), so that PostGIS's validity check and repair take bounded time even on
 * the embedded database, whose single connection no statement timeout interrupts.
 */
async function importAreas(c: Ctx, file: string): Promise<void> {
  if (c.opts.format !== 'geojson') throw unprocessable('Areas are imported from GeoJSON.', [{ path: '', message: 'send application/geo+json' }]);
  const doc = geoJsonRecords(file);
  const srid = doc.srid ?? c.opts.srid ?? 4326;
  const changed: string[] = [];
  for (const rec of doc.records) {
    c.tally.read(rec);
    if (rec.problem) {
      c.tally.reject(rec.line, [{ path: '', message: rec.problem }]);
      continue;
    }
    const name = pick(rec.cells, 'name', 'nm');
    const code = pick(rec.cells, 'code', 'cd') ?? null;
    const kind = (rec.cells.kind ?? 'ward').toLowerCase();
    const errors: FieldError[] = [];
    if (!name) errors.push({ path: 'properties.name', message: 'is required (name, or an ONS …NM field)' });
    if (!(AREA_KINDS as readonly string[]).includes(kind)) errors.push({ path: 'properties.kind', message: `unknown kind "${kind}"` });
    const g = rec.geometry;
    const shape = g ? readAreaShape(g, c.config.areaMaxVertices) : undefined;
    if (!shape || (isShapeProblem(shape) && shape.path === 'type')) errors.push({ path: 'geometry', message: 'must be a Polygon or MultiPolygon' });
    else if (isShapeProblem(shape)) errors.push({ path: `geometry.${shape.path}`, message: shape.message });
    else if (!c.opts.repair) {
      const problem = await repo.geometryProblem(c.trx, g!, srid).catch((e: Error) => e.message);
      if (problem) errors.push({ path: 'geometry', message: `invalid: ${problem} (add ?repair=true to repair with ST_MakeValid)` });
    } else {
      const crossings = countCrossings(shape.rings, MAX_REPAIR_CROSSINGS);
      if (crossings === 'too complex' || crossings >= MAX_REPAIR_CROSSINGS) {
        errors.push({ path: 'geometry', message: `its edges cross ${crossings === 'too complex' ? 'too intricately' : `${MAX_REPAIR_CROSSINGS.toLocaleString('en-GB')} times or more`} to repair in bounded time; repair or simplify it in a GIS first` });
      }
    }
    if (errors.length) {
      c.tally.reject(rec.line, errors);
      continue;
    }
    if (!c.writing()) continue;
    const r = await repo.upsertArea(c.trx, { name: name!, kind, code, geometry: g!, srid, createdBy: c.actor.userId }, c.opts.onDuplicate);
    c.tally.counts[r.outcome === 'inserted' ? 'inserted' : r.outcome === 'updated' ? 'updated' : 'duplicates']++;
    if (r.id) changed.push(r.id);
  }
  if (c.writing() && changed.length > 0) await repo.rederiveAreas(c.trx, changed);
}

const IMPORTERS = { sightings: importSightings, premises: importPremises, vehicles: importVehicles, areas: importAreas };

/**
 * Imports a dead process left 'running' are marked interrupted: at start-up and when
 * imports are listed. At start-up on the embedded database no other process can be
 * importing, so every orphan goes at once; elsewhere only those a few seconds old.
 */
export const sweepInterrupted = (db: Db, atStartUp = false): Promise<number> =>
  repo.markInterrupted(db.knex, atStartUp && db.kind === 'pglite' ? 0 : 10);

/** Registers an import and returns its id; `run` does the work. */
export async function begin(db: Db, actor: Actor, opts: ImportOptions, upload: Upload): Promise<string> {
  return repo.create(db.knex, { ...opts, sha256: upload.sha256, bytes: upload.bytes, by: actor.userId });
}

/**
 * Runs an import in one transaction: every valid row lands or none does (a crash
 * rolls it all back). Lenient mode keeps the valid rows and reports the rest;
 * strict mode writes nothing if any row is bad (422 naming the rows).
 */
export async function run(db: Db, config: Config, actor: Actor, id: string, opts: ImportOptions, upload: Upload, onProgress: (c: ImportProgress) => void = () => {}): Promise<ImportResult> {
  const tally = new Tally((c) => {
    progress.set(id, c);
    onProgress(c);
  });
  const meta = { importId: id, kind: opts.kind, fileName: opts.fileName, sha256: upload.sha256, bytes: upload.bytes, mode: opts.mode, onDuplicate: opts.onDuplicate };
  try {
    await db.knex.transaction(async (trx) => {
      await repo.holdImportLock(trx, id);
      const ctx: Ctx = { db, trx, config, actor, opts, tally, writing: () => opts.mode === 'lenient' || tally.counts.rejectedCount === 0 };
      await IMPORTERS[opts.kind](ctx, upload.file);
      // Rows rejected in SQL (grid references outside the area) come after their chunk's others.
      tally.rejected.sort((a, b) => a.row - b.row);
      if (opts.mode === 'strict' && tally.counts.rejectedCount > 0) throw new StrictRejection();
      await repo.finish(trx, id, 'done', tally.counts, tally.rejected);
      await recordIn(trx, actor, { action: 'import', targetType: opts.kind, targetIds: [id], query: { ...meta, ...tally.counts }, outcome: 'ok' });
    });
    return { id, status: 'done', ...tally.counts, rejected: tally.rejected };
  } catch (err) {
    const strict = err instanceof StrictRejection;
    const counts = { ...tally.counts, inserted: 0, updated: 0, duplicates: strict ? tally.counts.duplicates : 0 };
    const message = strict ? null : (err as Error).message?.slice(0, 500) ?? 'failed';
    await repo.finish(db.knex, id, strict ? 'rejected' : 'failed', counts, tally.rejected, message);
    await record(db, actor, { action: 'import', targetType: opts.kind, targetIds: [id], query: { ...meta, ...counts }, outcome: strict ? 'rejected (strict mode)' : `failed: ${message}` });
    if (strict) {
      throw unprocessable(
        `Strict mode: ${tally.counts.rejectedCount} row${tally.counts.rejectedCount === 1 ? '' : 's'} failed validation, so nothing was imported.`,
        tally.rejected.flatMap((r) => r.errors.map((e) => ({ path: `rows.${r.row}${e.path ? `.${e.path}` : ''}`, message: e.message }))),
      );
    }
    throw err;
  } finally {
    progress.delete(id);
  }
}

/** An import's record, with live counts while it is still running in this process. */
export async function status(db: Db, actor: Actor, id: string) {
  const live = progress.get(id);
  const row = await repo.find(db.knex, id);
  await record(db, actor, { action: 'consult', targetType: 'import', targetIds: [id], outcome: row ? 'ok' : 'not found' });
  if (!row) throw notFound(`No import ${id}.`);
  return live && row.status === 'running' ? { ...row, ...live } : row;
}

export async function list(db: Db, actor: Actor) {
  await sweepInterrupted(db);
  const rows = await repo.list(db.knex, 100);
  await record(db, actor, { action: 'search', targetType: 'import', query: { returned: rows.length }, outcome: 'ok' });
  return rows;
}
