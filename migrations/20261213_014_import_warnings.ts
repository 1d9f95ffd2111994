import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * What an import found about the file as a whole (issue 19): the columns Lantern does
 * not read, each with the accepted name it may mean, so that the report shows them
 * whenever the import is opened again.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table imports add column warnings jsonb not null default '[]';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table imports drop column warnings;
  `);
}
