import type { Knex } from 'knex';
import { runScript } from './sql.js';
import { GROOMING_MODELS, SENSITIVE_PREMISES_CATEGORIES, SIGHTING_CATEGORIES, SOURCE_AGENCIES } from '../server/lists.js';

const textArray = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

/**
 * The aggregates' part of a change: `src` holds fact rows that came (`sign` 1) or went
 * (−1); the cube and the hour counts take the difference. Rows are upserted in key order,
 * so two writers that touch the same cells lock them in the same order (no deadlock).
 */
export const applyDelta = (src: string, sign: 1 | -1) => `,
    cube as (
      insert into sighting_cube as c (lvl, span, day, place, cat, ix, iy, n, sx, sy)
      select l.lvl, sp.span,
        case when sp.span = 1 then floor(d.lh / 24.0)::int
          else (date_trunc('month', timestamp '1970-01-01' + d.lh * interval '1 hour')::date - date '1970-01-01') end,
        d.place, d.cat, floor(d.merc_x / l.size)::int, floor(d.merc_y / l.size)::int,
        ${sign} * count(*), ${sign} * sum(ST_X(d.geom)), ${sign} * sum(ST_Y(d.geom))
      from ${src} d
      cross join (select lvl, 156543.03392804097::float8 * 8 / power(2::float8, lvl) as size from aggregate_settings, unnest(cube_levels) lvl) l
      cross join (values (1::smallint), (30::smallint)) sp (span)
      group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
      on conflict (lvl, span, day, place, cat, ix, iy) do update set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy
      returning 1)
    insert into sighting_hours as h (lh, place, cat, n)
    select d.lh, d.place, d.cat, ${sign} * count(*) from ${src} d group by 1, 2, 3 order by 1, 2, 3
    on conflict (lh, place, cat) do update set n = h.n + excluded.n`;

/**
 * Space-time aggregates (issue 20). Map views read these instead of the 400-byte rows of
 * `sightings`; the triggers below keep them exact in the transaction of every write, by
 * whatever writer (API, import, triage, review, seed, psql).
 *
 * - `sighting_facts`: one narrow row per live sighting, with its local hour (hours since
 *   1970-01-01 on the team's wall clock), its category, agency and grooming model as small
 *   codes, and its place. `place` is 0 for an ordinary sighting; one linked to a sensitive
 *   site (issue 21) has two rows: 1 at the site (record-level readers) and 2 at its area's
 *   point (restricted readers), as `aggregateSightings` in server/map/repo.ts places it.
 * - `sighting_cube`: counts and coordinate sums per local day (span 1) and per local month
 *   (span 30, `day` its first day), category, place and cell of the Web Mercator grid the
 *   map clusters on at each zoom in `cube_levels`. A period reads whole months from the
 *   month rows and the days at its ends from the day rows.
 * - `sighting_hours`: counts per local hour, category and place (timelines, stats).
 *
 * Codes are positions in `aggregate_settings`' lists and the local hour is in its time
 * zone; `npm run cli -- rebuild aggregates` rebuilds all three when either changes.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    create table aggregate_settings (
      id boolean primary key default true check (id),
      time_zone text not null,
      categories text[] not null,
      agencies text[] not null,
      models text[] not null,
      sensitive text[] not null,
      cube_levels smallint[] not null,
      built_at timestamptz not null default now()
    );
    insert into aggregate_settings (time_zone, categories, agencies, models, sensitive, cube_levels)
    values ('Europe/London', ${textArray(SIGHTING_CATEGORIES)}, ${textArray(SOURCE_AGENCIES)}, ${textArray(GROOMING_MODELS)},
      ${textArray(SENSITIVE_PREMISES_CATEGORIES)}, '{8,10}');

    create table sighting_facts (
      id uuid not null,
      place smallint not null,
      t timestamptz not null,
      lh integer not null,
      cat smallint not null,
      agency smallint not null,
      model smallint not null,
      disposed boolean not null,
      merc_x double precision not null,
      merc_y double precision not null,
      bng_e double precision not null,
      bng_n double precision not null,
      geom geometry(Point, 4326) not null,
      primary key (id, place)
    );
    create index sighting_facts_t_idx on sighting_facts (t);
    create index sighting_facts_geom_gist on sighting_facts using gist (geom);

    -- Every write updates cube and hour rows in place: room in each page keeps those updates
    -- HOT (no index entry), and a low vacuum threshold clears the old versions soon.

    create table sighting_cube (
      lvl smallint not null,
      span smallint not null check (span in (1, 30)),
      day integer not null,
      place smallint not null,
      cat smallint not null,
      ix integer not null,
      iy integer not null,
      n integer not null,
      sx double precision not null,
      sy double precision not null,
      primary key (lvl, span, day, place, cat, ix, iy)
    ) with (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);

    create table sighting_hours (
      lh integer not null,
      place smallint not null,
      cat smallint not null,
      n integer not null,
      primary key (lh, place, cat)
    ) with (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);

    -- What sighting_facts should hold: its rows for the live sightings.
    create view sighting_fact_rows as
    select s.id, v.place, s.observed_at as t,
      floor(extract(epoch from s.observed_at at time zone g.time_zone) / 3600)::int as lh,
      coalesce(array_position(g.categories, s.category), 0)::smallint as cat,
      coalesce(array_position(g.agencies, s.source_agency), 0)::smallint as agency,
      coalesce(array_position(g.models, s.grooming_model), 0)::smallint as model,
      s.disposed_at is not null as disposed,
      v.merc_x, v.merc_y, v.bng_e, v.bng_n, v.geom
    from sightings s
    cross join aggregate_settings g
    cross join lateral (select s.premises_id is not null and exists (select 1 from premises p where p.id = s.premises_id and p.category = any(g.sensitive)) as sensitive) k
    cross join lateral (
      select 0::smallint as place, s.merc_x, s.merc_y, s.bng_e, s.bng_n, s.geom where not k.sensitive
      union all
      select 1::smallint, s.merc_x, s.merc_y, s.bng_e, s.bng_n, s.geom where k.sensitive
      union all
      select 2::smallint, ST_X(c.geom) * 111319.49079327357, ln(tan(radians(90 + ST_Y(c.geom)) / 2)) * 6378137, ST_X(c.b), ST_Y(c.b), c.geom
      from (select a.geom, ST_Transform(a.geom, 27700) as b from (
        select coalesce((select ST_PointOnSurface(ar.geom) from areas ar where ar.id = s.area_id),
          ST_Transform(ST_SetSRID(ST_MakePoint((floor(s.bng_e / 8000) + 0.5) * 8000, (floor(s.bng_n / 8000) + 0.5) * 8000), 27700), 4326)) as geom) a) c
      where k.sensitive
    ) v
    where s.deleted_at is null;

    -- Brings the aggregates of these sightings up to date with the table. fresh: none of them has facts yet.
    create function sighting_aggregates_refresh(ids uuid[], fresh boolean) returns void language plpgsql as $$
    begin
      if not fresh then
        with gone as (delete from sighting_facts f using unnest(ids) u (id) where f.id = u.id returning f.*)${applyDelta('gone', -1)};
      end if;
      -- A join on the ids (not id = any(ids)): small writes probe the keys, an import hashes them.
      with came as (insert into sighting_facts select r.* from unnest(ids) u (id) join sighting_fact_rows r on r.id = u.id returning *)${applyDelta('came', 1)};
    end $$;

    -- Every aggregate again from the table (rebuild aggregates; a new time zone or list).
    create function sighting_aggregates_rebuild() returns void language plpgsql as $$
    begin
      truncate sighting_facts, sighting_cube, sighting_hours;
      insert into sighting_facts select * from sighting_fact_rows order by t;
      with came as (select * from sighting_facts)${applyDelta('came', 1)};
      update aggregate_settings set built_at = now();
    end $$;

    create function sightings_aggregates_ins() returns trigger language plpgsql as $$
    begin
      perform sighting_aggregates_refresh(array(select id from new_rows), true);
      return null;
    end $$;
    -- Only rows whose counted fields changed: an edited narrative or review date changes no count.
    create function sightings_aggregates_upd() returns trigger language plpgsql as $$
    begin
      perform sighting_aggregates_refresh(array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where (o.observed_at, ST_X(o.geom), ST_Y(o.geom), o.category, o.source_agency, o.grooming_model, o.premises_id, o.area_id, o.deleted_at is null, o.disposed_at is null)
          is distinct from (n.observed_at, ST_X(n.geom), ST_Y(n.geom), n.category, n.source_agency, n.grooming_model, n.premises_id, n.area_id, n.deleted_at is null, n.disposed_at is null)), false);
      return null;
    end $$;
    create function sightings_aggregates_del() returns trigger language plpgsql as $$
    begin
      perform sighting_aggregates_refresh(array(select id from old_rows), false);
      return null;
    end $$;
    create function sightings_aggregates_truncate() returns trigger language plpgsql as $$
    begin
      truncate sighting_facts, sighting_cube, sighting_hours;
      return null;
    end $$;
    create trigger sightings_aggregates_ins after insert on sightings referencing new table as new_rows
      for each statement execute function sightings_aggregates_ins();
    create trigger sightings_aggregates_upd after update on sightings referencing old table as old_rows new table as new_rows
      for each statement execute function sightings_aggregates_upd();
    create trigger sightings_aggregates_del after delete on sightings referencing old table as old_rows
      for each statement execute function sightings_aggregates_del();
    create trigger sightings_aggregates_truncate after truncate on sightings
      for each statement execute function sightings_aggregates_truncate();

    -- A premises that becomes (or stops being) a sensitive site moves its sightings for restricted readers.
    create function premises_aggregates_upd() returns trigger language plpgsql as $$
    begin
      perform sighting_aggregates_refresh(array(select s.id from sightings s where s.premises_id = new.id), false);
      return null;
    end $$;
    create trigger premises_aggregates_upd after update of category on premises
      for each row when (old.category is distinct from new.category) execute function premises_aggregates_upd();

    -- A ward redrawn moves the point its sensitive sites' sightings are counted at.
    create function areas_aggregates_upd() returns trigger language plpgsql as $$
    begin
      perform sighting_aggregates_refresh(array(select f.id from sighting_facts f join sightings s on s.id = f.id where f.place = 2 and s.area_id = new.id), false);
      return null;
    end $$;
    create trigger areas_aggregates_upd after update of geom on areas
      for each row execute function areas_aggregates_upd();

    select sighting_aggregates_rebuild();
    analyze sighting_facts;
    analyze sighting_cube;
    analyze sighting_hours;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop trigger areas_aggregates_upd on areas;
    drop function areas_aggregates_upd();
    drop trigger premises_aggregates_upd on premises;
    drop function premises_aggregates_upd();
    drop trigger sightings_aggregates_truncate on sightings;
    drop trigger sightings_aggregates_del on sightings;
    drop trigger sightings_aggregates_upd on sightings;
    drop trigger sightings_aggregates_ins on sightings;
    drop function sightings_aggregates_truncate();
    drop function sightings_aggregates_del();
    drop function sightings_aggregates_upd();
    drop function sightings_aggregates_ins();
    drop function sighting_aggregates_rebuild();
    drop function sighting_aggregates_refresh(uuid[], boolean);
    drop view sighting_fact_rows;
    drop table sighting_hours;
    drop table sighting_cube;
    drop table sighting_facts;
    drop table aggregate_settings;
  `);
}
