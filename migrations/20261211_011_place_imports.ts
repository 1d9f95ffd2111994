import type { Knex } from 'knex';
import { runScript } from './sql.js';

/** Gazetteer files (OS Code-Point Open, ONSPD, OS Open Names, OS Open UPRN) go through the import pipeline as kind `places` (issue 17). */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table imports drop constraint if exists imports_kind_check;
    alter table imports add constraint imports_kind_check check (kind in ('sightings', 'premises', 'vehicles', 'areas', 'places'));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    delete from imports where kind = 'places';
    alter table imports drop constraint if exists imports_kind_check;
    alter table imports add constraint imports_kind_check check (kind in ('sightings', 'premises', 'vehicles', 'areas'));
  `);
}
