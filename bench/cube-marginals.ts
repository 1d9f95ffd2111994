/**
 * What a cube of marginals would cost (issue 20's plan for views filtered by hours, agency or
 * grooming model): on a seeded database, the rows `sighting_cube` holds at each level and
 * span, the rows the same cells would hold keyed also by one agency, one grooming model or
 * one hour of the day (with the category, as clusters need, and without it, as heat and hot
 * spots need), and how long grouping the facts into each takes: the part of a rebuild, or of
 * an import's flush, that each would add. Reads only; its tables are temporary.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/m1 npm run cli -- seed demo --sightings 1000000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/m1 npm run bench:cube-marginals
 */
import knexFactory from 'knex';
import { benchDatabaseUrl, machine } from './support.js';

/** A fact's cells at the cube's levels (migration 022): Mercator levels from the settings, and 250 m BNG squares. */
const CELLS = `cross join lateral (
    select m.lvl, floor(f.merc_x / m.size)::int as ix, floor(f.merc_y / m.size)::int as iy
    from (select lvl, 156543.03392804097::float8 * 8 / power(2::float8, lvl) as size from aggregate_settings, unnest(cube_levels) lvl) m
    union all select -250::smallint, floor(f.bng_e / 250)::int, floor(f.bng_n / 250)::int) l`;
const MONTH = "(date_trunc('month', timestamp '1970-01-01' + f.lh * interval '1 hour')::date - date '1970-01-01')";
const DAY = 'floor(f.lh / 24.0)::int';

/** Each key beyond level, span, day, place and cell. */
const KEYS: [string, string][] = [
  ['category (the cube as built)', 'f.cat'],
  ['agency, category', 'f.agency, f.cat'],
  ['model, category', 'f.model, f.cat'],
  ['hour of day, category', '((f.lh % 24) + 24) % 24, f.cat'],
  ['agency', 'f.agency'],
  ['model', 'f.model'],
  ['hour of day', '((f.lh % 24) + 24) % 24'],
];

async function main(): Promise<void> {
  const knex = knexFactory({ client: 'pg', connection: { connectionString: benchDatabaseUrl(), options: '-c jit=off -c work_mem=32MB' } as never, pool: { min: 1, max: 1 } });
  try {
    console.log(machine());
    const facts = Number((await knex.raw('select count(*) as n from sighting_facts')).rows[0].n);
    const cube = Number((await knex.raw('select count(*) as n from sighting_cube')).rows[0].n);
    console.log(`sighting_facts: ${facts} rows; sighting_cube: ${cube} rows\n`);
    console.log('key beyond (level, span, day, place, cell) | level | day rows | month rows | grouped in ms');
    const totals = new Map<string, number>();
    for (const [label, key] of KEYS) {
      const t0 = performance.now();
      const r = await knex.raw(
        `with c as (
           select l.lvl, sp.span, case when sp.span = 1 then ${DAY} else ${MONTH} end as day, f.place, ${key}, l.ix, l.iy, count(*) as n
           from sighting_facts f ${CELLS} cross join (values (1), (30)) sp (span)
           group by 1, 2, 3, 4, ${key}, l.ix, l.iy)
         select lvl, count(*) filter (where span = 1)::int as days, count(*) filter (where span = 30)::int as months from c group by lvl order by lvl`,
      );
      const ms = performance.now() - t0;
      for (const row of r.rows as { lvl: number; days: number; months: number }[]) {
        console.log(`${label} | ${row.lvl} | ${row.days} | ${row.months} |`);
        totals.set(label, (totals.get(label) ?? 0) + row.days + row.months);
      }
      console.log(`${label} | all | | | ${ms.toFixed(0)} (${totals.get(label)} rows, ${(totals.get(label)! / facts).toFixed(2)} a fact)`);
    }
  } finally {
    await knex.destroy();
  }
}

await main();
