/**
 * Where a sightings import's time goes on PostgreSQL (issue 20's import goal): one chunk
 * of N synthetic rows, landed by one INSERT … SELECT as the import lands its stage, into a
 * table that already holds `--existing` rows, with one part of the write switched off at a
 * time. Each variant runs in a transaction that is rolled back, so every run starts from
 * the same table.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:write-costs
 *   … npm run bench:write-costs -- --chunk 20000 --existing 200000 --runs 5
 *
 * Prints the median milliseconds per chunk, rows per second, and each part's share: the
 * difference from the whole write when that part is off.
 */
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { benchDatabaseUrl, freshPostgres, machine, median } from './support.js';

interface Variant {
  name: string;
  /** Statements run first, inside the rolled-back transaction. */
  setup: string[];
  /** The derived columns computed in the statement instead of by the per-row triggers. */
  derivedHere?: boolean;
}

const SIGHTINGS_INDEXES = ['sightings_geom_gist', 'sightings_observed_at_idx', 'sightings_area_idx', 'sightings_indicators_gin', 'sightings_review_due_idx'];
const AGG = 'disable trigger sightings_aggregates_ins';
/** What the import does since migration 021: the per-row derive triggers step aside, the statement derives. */
const DERIVE = "select set_config('lantern.derived_here', 'on', true)";

const VARIANTS: Variant[] = [
  { name: 'as shipped', setup: [DERIVE], derivedHere: true },
  { name: 'no aggregates trigger', setup: [DERIVE, `alter table sightings ${AGG}`], derivedHere: true },
  { name: 'area and grid by the per-row triggers (before 021)', setup: [] },
  { name: 'no GiST index on sightings', setup: [DERIVE, 'drop index sightings_geom_gist'], derivedHere: true },
  { name: 'no GiST index on sighting_facts', setup: [DERIVE, 'drop index sighting_facts_geom_gist'], derivedHere: true },
  { name: 'no secondary index on sightings', setup: [DERIVE, ...SIGHTINGS_INDEXES.map((i) => `drop index ${i}`)], derivedHere: true },
  { name: 'floor: no aggregates, derived here, no secondary index', setup: [DERIVE, `alter table sightings ${AGG}`, ...SIGHTINGS_INDEXES.map((i) => `drop index ${i}`)], derivedHere: true },
];

const STAGE = `create temporary table write_cost_stage as
  select gen_random_uuid() as sid, timestamptz '2026-01-01' + (i * 97 % 500000) * interval '1 minute' as observed_at,
    ST_SetSRID(ST_MakePoint(-2.55 + random() * 0.2, 53.53 + random() * 0.1), 4326) as g, ? || i as ext
  from generate_series(1, ?) i`;

const insert = (derivedHere: boolean) => `
  insert into sightings (id, observed_at, reported_at, geom, category, grooming_model, source_agency, source_eval,
    intel_assessment, handling_code, indicators, external_ref, review_due${derivedHere ? ', area_id, bng_e, bng_n' : ''})
  select sid, observed_at, now(), g, 'adult_loitering', 'unknown', 'police', 2, 'B', 'P', '{}', ext, date '2030-01-01'${
    derivedHere
      ? `, (select a.id from areas a where ST_Intersects(a.geom, st.g) order by (a.kind = 'ward') desc, ST_Area(a.geom), a.id limit 1), ST_X(b.p), ST_Y(b.p)
  from write_cost_stage st cross join lateral (select ST_Transform(st.g, 27700) as p) b`
      : ' from write_cost_stage st'
  }`;

async function fill(knex: Knex, existing: number): Promise<void> {
  const chunk = 50_000;
  for (let done = 0; done < existing; done += chunk) {
    await knex.transaction(async (trx) => {
      await trx.raw(STAGE, [`PRE-${done}-`, Math.min(chunk, existing - done)]);
      await trx.raw(insert(false));
      await trx.raw('drop table write_cost_stage');
    });
  }
  for (const t of ['sightings', 'sighting_facts', 'sighting_cube', 'sighting_day_hours']) await knex.raw(`vacuum analyze ${t}`);
}

async function timeVariant(knex: Knex, v: Variant, chunk: number, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    let took = 0;
    await knex
      .transaction(async (trx) => {
        await trx.raw(STAGE, [`RUN-${i}-`, chunk]);
        await trx.raw('analyze write_cost_stage');
        for (const s of v.setup) await trx.raw(s);
        const t = performance.now();
        await trx.raw(insert(v.derivedHere ?? false));
        took = performance.now() - t;
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    if (i > 0) ms.push(took); // the first run warms the caches
  }
  return median(ms);
}

class Rollback extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { chunk: { type: 'string' }, existing: { type: 'string' }, runs: { type: 'string' } } });
  const chunk = Number(values.chunk ?? 20_000);
  const existing = Number(values.existing ?? 200_000);
  const runs = Number(values.runs ?? 5);
  for (const [k, n] of [['chunk', chunk], ['existing', existing], ['runs', runs]] as const) {
    if (!Number.isInteger(n) || n < (k === 'existing' ? 0 : 1)) throw new Error(`--${k} must be a whole number, got ${n}`);
  }
  const target = await freshPostgres(benchDatabaseUrl());
  try {
    console.log(machine());
    console.log(`PostgreSQL; ${existing.toLocaleString('en-GB')} sightings already in the table; chunks of ${chunk.toLocaleString('en-GB')} rows; median of ${runs} runs after one warm-up\n`);
    await fill(target.db.knex, existing);
    const rows: [string, number][] = [];
    for (const v of VARIANTS) rows.push([v.name, await timeVariant(target.db.knex, v, chunk, runs)]);
    const whole = rows[0]![1];
    console.log(`${'variant'.padEnd(56)} ${'ms/chunk'.padStart(9)} ${'rows/s'.padStart(8)} ${'saves'.padStart(6)}`);
    for (const [name, ms] of rows) {
      const saves = name === 'as shipped' ? '' : `${Math.round((100 * (whole - ms)) / whole)}%`;
      console.log(`${name.padEnd(56)} ${ms.toFixed(0).padStart(9)} ${Math.round((chunk * 1000) / ms).toString().padStart(8)} ${saves.padStart(6)}`);
    }
  } finally {
    await target.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
