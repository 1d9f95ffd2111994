import type { Knex } from 'knex';
import { runScript } from './sql.js';

/** The cube's new level: zoom 12's cluster grid (306 m Web Mercator cells), which zoom 11 reads merged two by two. */
export const ZOOM12_LEVEL = 12;

/**
 * The cube also keeps zoom 12's cells (issue 20). A whole-town view at zooms 11 and 12 read
 * every fact of its period: two years of the 1M bench town, grouped into zoom 12's cells,
 * took 560–590 ms from the facts and 167–181 ms from 433,000 month rows of this level. The
 * write functions upsert every level in `cube_levels`, so adding the level there is all
 * they need; the rows for the sightings already written are grouped here from the facts,
 * in key order as the rebuild writes them.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    update aggregate_settings set cube_levels = array_append(cube_levels, ${ZOOM12_LEVEL}::smallint) where not ${ZOOM12_LEVEL} = any(cube_levels);
    insert into sighting_cube (lvl, span, day, place, cat, ix, iy, n, sx, sy)
    select ${ZOOM12_LEVEL}, sp.span,
      case when sp.span = 1 then floor(d.lh / 24.0)::int
        else (date_trunc('month', timestamp '1970-01-01' + d.lh * interval '1 hour')::date - date '1970-01-01') end,
      d.place, d.cat, floor(d.merc_x / l.size)::int, floor(d.merc_y / l.size)::int, count(*), sum(ST_X(d.geom)), sum(ST_Y(d.geom))
    from sighting_facts d
    cross join (select 156543.03392804097::float8 * 8 / power(2::float8, ${ZOOM12_LEVEL}) as size) l
    cross join (values (1::smallint), (30::smallint)) sp (span)
    group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7;
    analyze sighting_cube;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    delete from sighting_cube where lvl = ${ZOOM12_LEVEL};
    update aggregate_settings set cube_levels = array_remove(cube_levels, ${ZOOM12_LEVEL}::smallint);
  `);
}
