import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Db } from '../../../server/db/index.js';
import { buildTown } from '../../../seeds/demo/generate.js';
import { CHUNK_ROWS, openSightingsLoader } from '../../../seeds/demo/load.js';
import { insertAreas } from '../../../seeds/demo/repo.js';
import { generateSightings, type SightingSeed } from '../../../seeds/demo/sightings.js';
import { testDb } from '../../support/db.js';

const NOW = new Date('2026-11-28T12:00:00Z');
/** Not the demo's seed, so that these ids cannot meet the demo town's if it is loaded. */
const SEED = 77;

class RolledBack extends Error {}

/** Runs `f` in a transaction that is always rolled back: the test leaves nothing behind. */
async function rolledBack(db: Db, f: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  try {
    await db.knex.transaction(async (trx) => {
      await f(trx);
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
}

const rows = async <T>(trx: Knex.Transaction, sql: string): Promise<T[]> => (await trx.raw(sql)).rows as T[];

/** The sightings' indexes and their insert triggers with whether each is enabled ('O') or not ('D'). */
async function schemaOf(trx: Knex.Transaction): Promise<{ indexes: string[]; triggers: string[] }> {
  const indexes = await rows<{ d: string }>(trx, `select indexdef as d from pg_indexes where tablename = 'sightings' order by indexname`);
  const triggers = await rows<{ d: string }>(trx, `
    select tgname || ':' || tgenabled::text as d from pg_trigger
    where tgrelid = 'sightings'::regclass and not tgisinternal order by tgname`);
  return { indexes: indexes.map((r) => r.d), triggers: triggers.map((r) => r.d) };
}

/**
 * The bulk loader of the demo seed switches the per-row insert triggers off and
 * derives their columns itself, a chunk at a time: what it writes must be what the
 * triggers would have written. Checked against the triggers themselves, by inserting
 * the same points through them.
 */
describe('demo sightings bulk loader (database)', () => {
  let db: Db;

  before(async () => {
    db = await testDb();
  });

  it('when sightings already has rows, then the loader keeps every index, derives areas and BNG as the triggers do, and turns them back on', async function () {
    this.timeout(120_000);
    const town = buildTown(SEED);
    // More than a chunk, so that the next chunk is made while one is moved.
    const count = CHUNK_ROWS + 1500;
    const generated = [...generateSightings(town, { count, now: NOW, seed: SEED })].map(
      (s): SightingSeed => ({ ...s, premisesId: null, vehicleId: null, externalRef: `LOADER-${s.externalRef}` }),
    );
    await rolledBack(db, async (trx) => {
      await insertAreas(trx, town.areas);
      // A row that is not the loader's, so the table is not empty and no index may go.
      await trx.raw(`
        insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, review_due, external_ref)
        values (now(), ST_SetSRID(ST_MakePoint(-2.43, 53.58), 4326), 'other', 'police', 2, 'C', 'P', current_date, 'LOADER-OTHER')`);
      const before = await schemaOf(trx);

      const loader = await openSightingsLoader(trx, db.kind);
      const seen: number[] = [];
      expect(await loader.load(generated, (n) => seen.push(n))).to.equal(count);
      expect(seen).to.deep.equal([CHUNK_ROWS, count]);
      await loader.finish();
      expect(await schemaOf(trx)).to.deep.equal(before);

      const [check] = await rows<{ n: number; placed: number; sameArea: number; sameBng: number }>(trx, `
        with probe as (
          insert into sightings (observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, review_due, external_ref)
          select observed_at, geom, category, source_agency, source_eval, intel_assessment, handling_code, review_due, 'PROBE-' || external_ref
          from sightings where external_ref like 'LOADER-SYN-%'
          returning external_ref, source_agency, area_id, bng_e, bng_n)
        select count(*)::int as n, count(s.area_id)::int as placed,
               count(*) filter (where s.area_id is not distinct from p.area_id)::int as "sameArea",
               count(*) filter (where s.bng_e = p.bng_e and s.bng_n = p.bng_n)::int as "sameBng"
        from probe p join sightings s on s.source_agency = p.source_agency and s.external_ref = substr(p.external_ref, 7)`);
      expect(check!.n).to.equal(count);
      expect(check!.placed).to.equal(count);
      expect(check!.sameArea).to.equal(count);
      expect(check!.sameBng).to.equal(count);
    });
  });

  it('when the loaded rows are read back, then they are the generated rows, field for field', async function () {
    this.timeout(60_000);
    const town = buildTown(SEED);
    const generated = [...generateSightings(town, { count: 300, now: NOW, seed: SEED })].map(
      (s): SightingSeed => ({ ...s, premisesId: null, vehicleId: null, externalRef: `LOADER-${s.externalRef}` }),
    );
    await rolledBack(db, async (trx) => {
      await insertAreas(trx, town.areas);
      const loader = await openSightingsLoader(trx, db.kind);
      await loader.load(generated);
      await loader.finish();
      const back = await rows<Record<string, unknown>>(trx, `
        select id, to_json(observed_at) #>> '{}' as "observedAt", to_json(reported_at) #>> '{}' as "reportedAt",
               ST_X(geom) as lon, ST_Y(geom) as lat, precision_m as "precisionM", category, grooming_model as "groomingModel",
               source_agency as "sourceAgency", source_eval as "sourceEval", intel_assessment as "intelAssessment",
               handling_code as "handlingCode", narrative, coalesce((select array_agg(su.ref order by l.id) from subject_links l join subjects su on su.id = l.subject_id where l.sighting_id = sightings.id), '{}') as "subjectRefs", indicators, external_ref as "externalRef",
               to_char(review_due, 'YYYY-MM-DD') as "reviewDue", synthetic, created_at = reported_at and updated_at = reported_at as stamped
        from sightings where external_ref like 'LOADER-SYN-%' order by external_ref`);
      const iso = (s: unknown) => new Date(String(s)).toISOString();
      expect(back.map((r) => ({ ...r, observedAt: iso(r.observedAt), reportedAt: iso(r.reportedAt) }))).to.deep.equal(
        generated.map((s) => ({
          id: s.id,
          observedAt: s.observedAt,
          reportedAt: s.reportedAt,
          lon: s.lon,
          lat: s.lat,
          precisionM: s.precisionM,
          category: s.category,
          groomingModel: s.groomingModel,
          sourceAgency: s.sourceAgency,
          sourceEval: s.sourceEval,
          intelAssessment: s.intelAssessment,
          handlingCode: s.handlingCode,
          narrative: s.narrative,
          subjectRefs: s.subjectRefs,
          indicators: s.indicators,
          externalRef: s.externalRef,
          reviewDue: s.reviewDue,
          synthetic: true,
          stamped: true,
        })),
      );
    });
  });
});
