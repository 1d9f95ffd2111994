import type { Knex } from 'knex';
import { runScript } from './sql.js';
import { IMPORT_KINDS, JOURNEY_LEG_KINDS, PREMISES_CATEGORIES, SUBJECT_KINDS, SUBJECT_LINK_ROLES } from '../server/lists.js';

/** `col in ('a','b')` for a CHECK constraint; the lists are our own constants, never user input. */
const oneOf = (col: string, values: readonly string[]) => `${col} in (${values.map((v) => `'${v}'`).join(', ')})`;

/**
 * People, missing episodes and journeys (issue 21):
 * - `subjects`: children at risk, persons of interest and described unknown adults, with
 *   the force's own reference, for analysts and admins only; MoPI review as records;
 * - `subject_links`: a subject's role on exactly one sighting, intel, vehicle or episode;
 *   the free-text `sightings.subject_refs` becomes subjects (one per distinct reference)
 *   and `seen_with` links, and the column goes;
 * - `episodes`: a child's missing episode, from premises or a point (a home address),
 *   to where they were found and how they came back;
 * - `journeys` and `journey_legs`: sightings grouped as ordered, typed legs;
 * - premises categories `children_home`, `school` and `refuge`; imports of kind `episodes`.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table premises drop constraint if exists premises_category_check;
    alter table premises add constraint premises_category_check check (${oneOf('category', PREMISES_CATEGORIES)});
    alter table imports drop constraint if exists imports_kind_check;
    alter table imports add constraint imports_kind_check check (${oneOf('kind', IMPORT_KINDS)});

    create table subjects (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (${oneOf('kind', SUBJECT_KINDS)}),
      ref text check (ref is null or length(ref) between 1 and 100),
      description text not null check (length(description) between 1 and 2000),
      display_name text check (display_name is null or length(display_name) between 1 and 200),
      synthetic boolean not null default false,
      review_due date not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      disposed_at timestamptz
    );
    -- One subject per force reference: links made from references find it again.
    create unique index subjects_ref_key on subjects (ref) where ref is not null;
    create index subjects_search_trgm on subjects
      using gin ((coalesce(ref, '') || ' ' || description || ' ' || coalesce(display_name, '')) gin_trgm_ops);
    create index subjects_review_due_idx on subjects (review_due) where deleted_at is null and disposed_at is null;

    create table episodes (
      id uuid primary key default gen_random_uuid(),
      subject_id uuid not null references subjects (id) on delete cascade,
      missing_from_premises_id uuid references premises (id) on delete set null,
      missing_from_geom geometry(Point, 4326) not null check (not ST_IsEmpty(missing_from_geom)),
      reported_missing_at timestamptz not null,
      found_time timestamptz check (found_time is null or found_time >= reported_missing_at),
      found_geom geometry(Point, 4326) check (found_geom is null or not ST_IsEmpty(found_geom)),
      found_precision_m integer check (found_precision_m is null or found_precision_m between 1 and 100000),
      returned_by_vehicle_id uuid references vehicles (id) on delete set null,
      returned_by_subject_id uuid references subjects (id) on delete set null,
      notes text check (notes is null or length(notes) <= 10000),
      external_ref text,
      synthetic boolean not null default false,
      review_due date not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      disposed_at timestamptz,
      check (num_nonnulls(returned_by_vehicle_id, returned_by_subject_id) <= 1),
      check (found_precision_m is null or found_geom is not null)
    );
    create index episodes_subject_idx on episodes (subject_id, reported_missing_at);
    create index episodes_from_premises_idx on episodes (missing_from_premises_id) where missing_from_premises_id is not null;
    create index episodes_missing_from_gist on episodes using gist (missing_from_geom);
    create index episodes_found_gist on episodes using gist (found_geom);
    create index episodes_reported_idx on episodes (reported_missing_at);
    create unique index episodes_external_ref_key on episodes (external_ref) where external_ref is not null;

    create table subject_links (
      id bigint generated always as identity primary key,
      subject_id uuid not null references subjects (id) on delete cascade,
      role text not null check (${oneOf('role', SUBJECT_LINK_ROLES)}),
      sighting_id uuid references sightings (id) on delete cascade,
      intel_id uuid references intel (id) on delete cascade,
      vehicle_id uuid references vehicles (id) on delete cascade,
      episode_id uuid references episodes (id) on delete cascade,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      check (num_nonnulls(sighting_id, intel_id, vehicle_id, episode_id) = 1)
    );
    create index subject_links_subject_idx on subject_links (subject_id);
    create unique index subject_links_sighting_key on subject_links (sighting_id, subject_id, role) where sighting_id is not null;
    create unique index subject_links_intel_key on subject_links (intel_id, subject_id, role) where intel_id is not null;
    create unique index subject_links_vehicle_key on subject_links (vehicle_id, subject_id, role) where vehicle_id is not null;
    create unique index subject_links_episode_key on subject_links (episode_id, subject_id, role) where episode_id is not null;

    create table journeys (
      id uuid primary key default gen_random_uuid(),
      title text not null check (length(title) between 1 and 200),
      synthetic boolean not null default false,
      review_due date not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    -- A leg's time, place, vehicle and premises are its sighting's.
    create table journey_legs (
      journey_id uuid not null references journeys (id) on delete cascade,
      seq smallint not null check (seq between 1 and 50),
      kind text not null check (${oneOf('kind', JOURNEY_LEG_KINDS)}),
      sighting_id uuid not null references sightings (id) on delete cascade,
      primary key (journey_id, seq)
    );
    create index journey_legs_sighting_idx on journey_legs (sighting_id);

    -- Free-text references become subjects (described, kind unknown until an analyst says)
    -- linked to their sightings as "seen with".
    insert into subjects (kind, ref, description, synthetic, review_due)
      select 'unknown_adult', r.ref, 'Subject reference ' || r.ref || ' (from sightings before subjects existed)',
             bool_and(r.synthetic), max(r.review_due)
      from (select unnest(subject_refs) as ref, synthetic, review_due from sightings) r
      where length(r.ref) between 1 and 100
      group by r.ref;
    insert into subject_links (subject_id, role, sighting_id)
      select distinct su.id, 'seen_with', s.id
      from sightings s cross join lateral unnest(s.subject_refs) as r(ref)
      join subjects su on su.ref = r.ref;
    alter table sightings drop column subject_refs;

    -- Subjects are reviewed (MoPI) as records are, and their decisions kept alike.
    alter table review_decisions drop constraint if exists review_decisions_record_type_check;
    alter table review_decisions add constraint review_decisions_record_type_check check (record_type in ('sighting', 'intel', 'subject'));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table sightings add column subject_refs text[] not null default '{}';
    update sightings s set subject_refs = coalesce((
      select array_agg(su.ref order by su.ref) from subject_links l join subjects su on su.id = l.subject_id
      where l.sighting_id = s.id and su.ref is not null), '{}');
    delete from review_decisions where record_type = 'subject';
    alter table review_decisions drop constraint if exists review_decisions_record_type_check;
    alter table review_decisions add constraint review_decisions_record_type_check check (record_type in ('sighting', 'intel'));
    drop table journey_legs;
    drop table journeys;
    drop table subject_links;
    drop table episodes;
    drop table subjects;
    delete from imports where kind = 'episodes';
    alter table imports drop constraint if exists imports_kind_check;
    alter table imports add constraint imports_kind_check check (kind in ('sightings', 'premises', 'vehicles', 'areas', 'places', 'basemap'));
    delete from premises where category in ('children_home', 'school', 'refuge');
    alter table premises drop constraint if exists premises_category_check;
    alter table premises add constraint premises_category_check
      check (category in ('takeaway', 'hotel', 'licensed_premises', 'taxi_rank', 'private_hire_operator', 'shop', 'park', 'other'));
  `);
}
