import type { Knex } from 'knex';
import { runScript } from './sql.js';
import { applyDelta } from './20261216_017_aggregates.js';

/** The delta of migration 017, its hour counts made a CTE, then the marginals' upsert. */
export const withMarginals = (src: string, sign: 1 | -1) => {
  const delta = applyDelta(src, sign);
  const at = delta.indexOf('\n    insert into sighting_hours as h');
  if (at < 0) throw new Error('migration 019: the hour counts upsert of migration 017 was not found');
  return `${delta.slice(0, at)},
    hours as (${delta.slice(at + 1)}
      returning 1)
    insert into sighting_hours_by as hb (lh, place, dim, code, n)
    select d.lh, d.place, m.dim, m.code, ${sign} * count(*)
    from ${src} d cross join lateral (values (1::smallint, d.agency), (2::smallint, d.model)) m (dim, code)
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (lh, place, dim, code) do update set n = hb.n + excluded.n`;
};

export const functions = (delta: (src: string, sign: 1 | -1) => string, tables: string) => `
    create or replace function sighting_aggregates_apply(ids uuid[], fresh boolean) returns void language plpgsql as $$
    begin
      if not fresh then
        with gone as (delete from sighting_facts f using unnest(ids) u (id) where f.id = u.id returning f.*)${delta('gone', -1)};
      end if;
      -- A join on the ids (not id = any(ids)): small writes probe the keys, an import hashes them.
      with came as (insert into sighting_facts select r.* from unnest(ids) u (id) join sighting_fact_rows r on r.id = u.id returning *)${delta('came', 1)};
    end $$;

    create or replace function sighting_aggregates_rebuild() returns void language plpgsql as $$
    begin
      truncate ${tables};
      insert into sighting_facts select * from sighting_fact_rows order by t;
      with came as (select * from sighting_facts)${delta('came', 1)};
      update aggregate_settings set built_at = now();
    end $$;

    create or replace function sightings_aggregates_truncate() returns trigger language plpgsql as $$
    begin
      truncate ${tables};
      return null;
    end $$;
`;

/**
 * Hour counts by agency and by grooming model (issue 20), kept beside the hour counts by
 * category of migration 017. The timeline and the weekday × hour chart with an agency or a
 * model filter (and no category) read these, not the facts: their rows follow the hours, not
 * the sightings. `dim` 1 is the agency, 2 the grooming model; `code` its position in
 * `aggregate_settings`' list. Marginals, not a product: a filter on a category and an agency
 * together still reads the facts, where keying by all three would be about as many rows as
 * the facts themselves.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    create table sighting_hours_by (
      lh integer not null,
      place smallint not null,
      dim smallint not null check (dim in (1, 2)),
      code smallint not null,
      n integer not null,
      primary key (lh, place, dim, code)
    ) with (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
    ${functions(withMarginals, 'sighting_facts, sighting_cube, sighting_hours, sighting_hours_by')}
    insert into sighting_hours_by (lh, place, dim, code, n)
    select f.lh, f.place, m.dim, m.code, count(*)
    from sighting_facts f cross join lateral (values (1::smallint, f.agency), (2::smallint, f.model)) m (dim, code)
    group by 1, 2, 3, 4 order by 1, 2, 3, 4;
    analyze sighting_hours_by;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    ${functions(applyDelta, 'sighting_facts, sighting_cube, sighting_hours')}
    drop table sighting_hours_by;
  `);
}
