import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * Each sighting keeps its Web Mercator x and y in metres (R = 6378137 m), generated from
 * its point. Map clusters and heat snap to a Mercator grid per zoom; computing
 * ln(tan(…)) for every point of every view was a large share of those queries, and
 * plain columns also let the planner estimate the number of cells (so it hashes
 * rather than sorts a million rows).
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table sightings
      add column merc_x double precision generated always as (ST_X(geom) * 111319.49079327357) stored,
      add column merc_y double precision generated always as (ln(tan(radians(90 + ST_Y(geom)) / 2)) * 6378137) stored;
    analyze sightings;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `alter table sightings drop column merc_y, drop column merc_x;`);
}
