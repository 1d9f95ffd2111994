import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * Residents of an area (an ONS mid-year estimate, or the demo town's synthetic figure),
 * so that a choropleth can shade wards by sightings per 1,000 residents (issue 19).
 * Null where nobody has loaded one: such areas are shaded per km².
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table areas add column population integer check (population >= 0);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table areas drop column population;
  `);
}
