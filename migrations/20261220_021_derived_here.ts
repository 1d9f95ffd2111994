import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * The per-row triggers that derive a sighting's area (migration 001) and grid position
 * (migration 006) step aside for a statement that derives them itself, set-based
 * (issue 20). A transaction that sets `lantern.derived_here` to `on` (locally, with
 * `set_config(…, true)`) promises that its inserts into sightings fill area_id, bng_e and
 * bng_n the way the triggers would; the bulk import does, a chunk at a time.
 *
 * Before this, only the embedded database's import could skip them, by ALTER TABLE …
 * DISABLE TRIGGER, which makes every other writer of sightings wait for the import to
 * commit: acceptable on PGlite (one connection), not on PostgreSQL. The setting is local
 * to the one transaction, so every other writer still gets the triggers, and a WHEN
 * condition is evaluated without calling the trigger's function.
 */
const CONDITION = `coalesce(current_setting('lantern.derived_here', true), '') <> 'on'`;

export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop trigger sightings_area_ins on sightings;
    create trigger sightings_area_ins before insert on sightings
      for each row when (${CONDITION}) execute function sightings_derive_area();
    drop trigger sightings_bng_ins on sightings;
    create trigger sightings_bng_ins before insert on sightings
      for each row when (${CONDITION}) execute function sightings_derive_bng();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop trigger sightings_area_ins on sightings;
    create trigger sightings_area_ins before insert on sightings
      for each row execute function sightings_derive_area();
    drop trigger sightings_bng_ins on sightings;
    create trigger sightings_bng_ins before insert on sightings
      for each row execute function sightings_derive_bng();
  `);
}
