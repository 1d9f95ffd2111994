import type { Knex } from 'knex';
import { MAKESAFE_CODES } from '../server/lists.js';
import { runScript } from './sql.js';

const codes = MAKESAFE_CODES.map((c) => `'${c}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table sightings add column indicators text[] not null default '{}'
      check (indicators <@ array[${codes}]::text[]);
    alter table intel add column indicators text[] not null default '{}'
      check (indicators <@ array[${codes}]::text[]);
    create index sightings_indicators_gin on sightings using gin (indicators);

    create index premises_address_trgm on premises using gin (address gin_trgm_ops);
    create index premises_licence_ref_trgm on premises using gin (licence_ref gin_trgm_ops);
    create index premises_postcode_idx on premises (postcode);
    create index vehicles_plate_trgm on vehicles using gin (plate gin_trgm_ops);
    create index vehicles_licence_no_idx on vehicles (licence_no);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop index vehicles_licence_no_idx;
    drop index vehicles_plate_trgm;
    drop index premises_postcode_idx;
    drop index premises_licence_ref_trgm;
    drop index premises_address_trgm;
    alter table intel drop column indicators;
    alter table sightings drop column indicators;
  `);
}
