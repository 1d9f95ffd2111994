import type { Knex } from 'knex';
import { runScript } from './sql.js';
import { functions } from './20261218_019_hour_marginals.js';
import { withDayHours, TABLES } from './20261219_020_day_hours.js';

/** The cube's level for British National Grid squares: a negative level is a square of −lvl metres. */
export const BNG_LEVEL = -250;

/**
 * Migration 020's delta with the cube's levels made a lateral list of cells that also holds
 * the point's 250 m British National Grid square (level −250), so that one insert, in key
 * order as before, upserts every cube row of a change.
 */
export const withBngCube = (src: string, sign: 1 | -1) => {
  const delta = withDayHours(src, sign);
  const cells = 'floor(d.merc_x / l.size)::int, floor(d.merc_y / l.size)::int,';
  const levels = "cross join (select lvl, 156543.03392804097::float8 * 8 / power(2::float8, lvl) as size from aggregate_settings, unnest(cube_levels) lvl) l";
  if (!delta.includes(cells) || !delta.includes(levels)) throw new Error('migration 022: the cube upsert of migration 017 was not found');
  return delta.replace(cells, 'l.ix, l.iy,').replace(
    levels,
    `cross join lateral (
        select m.lvl, floor(d.merc_x / m.size)::int as ix, floor(d.merc_y / m.size)::int as iy
        from (select lvl, 156543.03392804097::float8 * 8 / power(2::float8, lvl) as size from aggregate_settings, unnest(cube_levels) lvl) m
        union all
        select ${BNG_LEVEL}::smallint, floor(d.bng_e / ${-BNG_LEVEL})::int, floor(d.bng_n / ${-BNG_LEVEL})::int) l`,
  );
};

/**
 * The cube also counts 250 m squares of the British National Grid (issue 20). Restricted
 * readers' map cells (250 m to 32 km, each a whole number of 250 m squares, on the same
 * origin) and hot spot lattices of square cells of 250 m multiples are sums of these, so
 * for the filters the cube answers they read months and days of squares, not every fact
 * of the period: a year of the town's hot spots at 1M counted 540,000 facts in one process.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    ${functions(withBngCube, TABLES)}
    insert into sighting_cube (lvl, span, day, place, cat, ix, iy, n, sx, sy)
    select ${BNG_LEVEL}, sp.span,
      case when sp.span = 1 then floor(d.lh / 24.0)::int
        else (date_trunc('month', timestamp '1970-01-01' + d.lh * interval '1 hour')::date - date '1970-01-01') end,
      d.place, d.cat, floor(d.bng_e / ${-BNG_LEVEL})::int, floor(d.bng_n / ${-BNG_LEVEL})::int, count(*), sum(ST_X(d.geom)), sum(ST_Y(d.geom))
    from sighting_facts d cross join (values (1::smallint), (30::smallint)) sp (span)
    -- In key order, as the rebuild writes them: a period's rows then lie together on disk.
    group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7;
    analyze sighting_cube;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    ${functions(withDayHours, TABLES)}
    delete from sighting_cube where lvl = ${BNG_LEVEL};
  `);
}
