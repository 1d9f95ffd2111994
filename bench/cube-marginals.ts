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
    await readSide(knex);
  } finally {
    await knex.destroy();
  }
}

/**
 * The read that the agency marginal would serve: the cells of zoom 10 (level 10) and their
 * categories over the data's last 24 whole months, for the agency with the most facts, from
 * that marginal's month rows (built here, keyed as the cube is) and from the facts, as the
 * map reads them today. Median of 5 each, alternating.
 */
async function readSide(knex: ReturnType<typeof knexFactory>): Promise<void> {
  const size = 156543.03392804097 * 8 / 2 ** 10;
  await knex.raw(`create temp table by_agency as
    select 30::smallint as span, ${MONTH} as day, f.place, f.agency, f.cat, floor(f.merc_x / ${size})::int as ix, floor(f.merc_y / ${size})::int as iy,
      count(*)::int as n, sum(ST_X(f.geom)) as sx, sum(ST_Y(f.geom)) as sy
    from sighting_facts f group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`);
  await knex.raw('alter table by_agency add primary key (span, day, place, agency, cat, ix, iy)');
  await knex.raw('analyze by_agency');
  const { agency, last } = (await knex.raw(`select (select agency from sighting_facts group by 1 order by count(*) desc limit 1) as agency,
    (select max(t) from sighting_facts) as last`)).rows[0];
  const end = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 24, 1));
  const [d0, d1] = [start.getTime() / 86_400_000, end.getTime() / 86_400_000];
  const reads = {
    marginal: () => knex.raw(`select ix, iy, cat, sum(n)::int as n, sum(sx) as sx, sum(sy) as sy from by_agency
      where span = 30 and day >= ? and day < ? and place <> 2 and agency = ? group by 1, 2, 3`, [d0, d1, agency]),
    facts: () => knex.raw(`select floor(merc_x / ?)::int as ix, floor(merc_y / ?)::int as iy, cat, count(*)::int as n, sum(ST_X(geom)) as sx, sum(ST_Y(geom)) as sy
      from sighting_facts where t >= ? and t < ? and lh >= ? and lh < ? and place <> 2 and agency = ? group by 1, 2, 3`,
      // The months are local (lh); the time index finds them within a day either side.
      [size, size, new Date(start.getTime() - 86_400_000).toISOString(), new Date(end.getTime() + 86_400_000).toISOString(), d0 * 24, d1 * 24, agency]),
  };
  const times: Record<string, number[]> = { marginal: [], facts: [] };
  const answers: Record<string, number> = {};
  for (let i = 0; i < 5; i++) {
    for (const k of (i % 2 ? ['facts', 'marginal'] : ['marginal', 'facts']) as (keyof typeof reads)[]) {
      const t0 = performance.now();
      const r = await reads[k]();
      times[k]!.push(performance.now() - t0);
      answers[k] = (r.rows as { n: number }[]).reduce((a, x) => a + x.n, 0);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows = Number((await knex.raw('select count(*) as n from by_agency where span = 30 and day >= ? and day < ? and place <> 2 and agency = ?', [d0, d1, agency])).rows[0].n);
  console.log(`\nzoom 10's cells and categories, ${start.toISOString().slice(0, 10)} to ${end.toISOString().slice(0, 10)} (24 months), agency code ${agency}:`);
  console.log(`from the agency marginal's month rows: ${rows} rows read, ${answers.marginal} sightings, median ${med(times.marginal!).toFixed(1)} ms`);
  console.log(`from the facts: ${answers.facts} sightings, median ${med(times.facts!).toFixed(1)} ms`);
}

await main();
