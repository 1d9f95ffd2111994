import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * Each sighting keeps its British National Grid easting and northing, computed once
 * when it is written: disclosure-safe grids, hot spot cells and reports bin in
 * metres, and transforming every point on every request was the slowest part of
 * those queries (above all on PGlite).
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table sightings add column bng_e double precision, add column bng_n double precision;

    create function sightings_derive_bng() returns trigger language plpgsql as $$
    declare p geometry := ST_Transform(new.geom, 27700);
    begin
      new.bng_e := ST_X(p);
      new.bng_n := ST_Y(p);
      return new;
    end $$;
    create trigger sightings_bng_ins before insert on sightings
      for each row execute function sightings_derive_bng();
    create trigger sightings_bng_upd before update of geom on sightings
      for each row when (not ST_Equals(old.geom, new.geom)) execute function sightings_derive_bng();

    update sightings set bng_e = ST_X(ST_Transform(geom, 27700)), bng_n = ST_Y(ST_Transform(geom, 27700));
    alter table sightings alter column bng_e set not null, alter column bng_n set not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop trigger sightings_bng_upd on sightings;
    drop trigger sightings_bng_ins on sightings;
    drop function sightings_derive_bng();
    alter table sightings drop column bng_n, drop column bng_e;
  `);
}
