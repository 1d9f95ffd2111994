/**
 * Bulk loading of the demo's sightings inside the seed's transaction: chunks of rows
 * are copied (COPY, text format) into a staging table and moved from there into
 * `sightings` by one statement each, which derives their areas set-based. On an
 * empty `sightings` the indexes that enforce nothing are dropped first and built
 * once at the end. Memory stays flat: one chunk of text at a time.
 *
 * @example
 * await knex.transaction(async (trx) => {
 *   const loader = await openSightingsLoader(trx, db.kind);
 *   await loader.load(generateSightings(town, { count, now, seed }));
 *   await loader.finish();
 * });
 */
import type { Knex } from 'knex';
import type { DbKind } from '../../server/db/index.js';
import { copyLine, copyText } from './copy.js';
import {
  STAGE_COPY,
  createIndexes,
  createSightingsStage,
  dropSecondaryIndexes,
  finishBulkSightings,
  moveStagedSightings,
  prepareBulkSightings,
  sightingsEmpty,
} from './repo.js';
import type { SightingSeed } from './sightings.js';

/** Rows per COPY and move: big enough to amortise the statements, small enough to sort in memory. */
export const CHUNK_ROWS = 20_000;

export interface SightingsLoader {
  /**
   * Loads the rows in the order given and returns how many; `progress` hears the
   * running total after each chunk.
   */
  load(rows: Iterable<SightingSeed>, progress?: (loaded: number) => void): Promise<number>;
  /** Switches the area trigger back on and builds the indexes dropped for the load. Call once, last. */
  finish(): Promise<void>;
}

/** Prepares `trx` for loading sightings; `kind` says how COPY reaches the database. */
export async function openSightingsLoader(trx: Knex.Transaction, kind: DbKind): Promise<SightingsLoader> {
  await createSightingsStage(trx);
  await prepareBulkSightings(trx);
  const indexes = (await sightingsEmpty(trx)) ? await dropSecondaryIndexes(trx) : [];
  let ordinal = 0;
  return {
    async load(rows, progress) {
      const source = rows[Symbol.iterator]();
      let loaded = 0;
      let chunk = encodeChunk(source, ordinal);
      while (chunk.rows > 0) {
        await copyText(trx, kind, STAGE_COPY, chunk.text);
        ordinal += chunk.rows;
        loaded += chunk.rows;
        const moving = moveStagedSightings(trx);
        // Handled below, after the next chunk is made; this only keeps an early
        // failure from counting as unhandled meanwhile.
        moving.catch(() => {});
        // Let the statement go out, then make the next chunk while the database moves
        // this one (PostgreSQL works in its own process; PGlite simply takes turns).
        await new Promise((resolve) => setImmediate(resolve));
        chunk = encodeChunk(source, ordinal);
        await moving;
        progress?.(loaded);
      }
      return loaded;
    },
    async finish() {
      await finishBulkSightings(trx);
      await createIndexes(trx, indexes);
    },
  };
}

/** The next CHUNK_ROWS rows as COPY text in STAGE_COPY's column order, numbered from `first`. */
function encodeChunk(source: Iterator<SightingSeed>, first: number): { rows: number; text: string } {
  const lines: string[] = [];
  while (lines.length < CHUNK_ROWS) {
    const next = source.next();
    if (next.done) break;
    const s = next.value;
    lines.push(
      copyLine([
        first + lines.length,
        s.id,
        s.observedAt,
        s.reportedAt,
        s.lon,
        s.lat,
        s.precisionM,
        s.category,
        s.groomingModel,
        s.sourceAgency,
        s.sourceEval,
        s.intelAssessment,
        s.handlingCode,
        s.premisesId,
        s.vehicleId,
        s.narrative,
        s.subjectRefs,
        s.indicators,
        s.externalRef,
        s.reviewDue,
      ]),
    );
  }
  return { rows: lines.length, text: lines.join('') };
}
