import { copyInto, copyLine } from '../db/copy.js';
import type { FieldError } from '../http/errors.js';
import { reviewDue } from '../time/review.js';
import { subjectReviewDue } from '../subjects/service.js';
import { openSource, readRow, rejectOutside, type Ctx } from './context.js';
import * as repo from './repo.js';
import { deferAggregates, flushAggregates } from '../aggregates/repo.js';
import { readSighting, type SightingImport } from './rows.js';

/** Progress is reported every this many rows read. */
const PROGRESS_EVERY = 2000;

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

/** Copies one chunk into the stage, places its grid references, and lands it. */
async function landSightings(c: Ctx, chunk: SightingChunk): Promise<void> {
  if (chunk.lines.length === 0 || !(c.writing() || chunk.bng)) return;
  let staged = await copyInto(c.trx, c.db, repo.SIGHTING_STAGE, repo.SIGHTING_STAGE_COLUMNS, chunk.lines.join(''));
  if (chunk.bng) {
    const outside = (await repo.placeStagedBng(c.trx)).filter((p) => rejectOutside(c, p.line, p, true));
    await repo.unstage(c.trx, outside.map((p) => p.line));
    staged -= outside.length;
  }
  if (c.writing()) {
    const landed = await repo.landStagedSightings(c.trx, c.opts.onDuplicate, c.actor.userId, subjectReviewDue(c.config));
    c.tally.landed(staged, landed);
  }
  await repo.clearStage(c.trx);
}

/**
 * Sightings: each row read and checked here (line numbers, field errors), the valid
 * ones staged with COPY a chunk at a time and landed in SQL (geometry, grid
 * transform, duplicates). The next chunk is read while the database lands the last.
 */
export async function importSightings(c: Ctx, file: string): Promise<void> {
  const premises = await repo.premisesRefs(c.trx);
  const plates = await repo.plateIds(c.trx);
  await repo.createSightingStage(c.trx);
  // The landing statement derives each row's area and grid position set-based: the per-row
  // triggers doing it were up to a sixth of a chunk's cost at 1M (`npm run bench:write-costs`).
  await repo.deriveHere(c.trx, true);
  // The map's aggregates once for the whole file, not once per chunk: per chunk they
  // upserted the same cube rows again and again, and were most of a chunk's cost.
  await deferAggregates(c.trx);
  const today = new Date();
  const dueBy = new Map<string, string>();
  const due = (assessment: string) => {
    let d = dueBy.get(assessment);
    if (!d) dueBy.set(assessment, (d = reviewDue(today, assessment as 'A', c.config.reviewMonths, c.config.reviewMonthsByAssessment)));
    return d;
  };
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
    for await (const rec of await openSource(c, file)) {
      c.tally.read(rec);
      if (c.tally.counts.rowsRead % PROGRESS_EVERY === 0) c.tally.report();
      const row = readRow(c, rec, (cells) => readSighting(cells, c.config.timeZone));
      if (!row) continue;
      // Grid references are placed (and checked) by PostGIS when their chunk lands.
      const bng = 'easting' in row.place;
      if (!bng && rejectOutside(c, rec.line, row.place as { lon: number; lat: number }, false)) continue;
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
  await flushAggregates(c.trx);
  await repo.deriveHere(c.trx, false);
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
