import type { Knex } from 'knex';
import { runScript } from './sql.js';
import {
  AREA_KINDS,
  GROOMING_MODELS,
  HANDLING_CODES,
  INTEL_ASSESSMENTS,
  INTEL_SUBJECT_TYPES,
  LICENCE_STATUSES,
  PREMISES_CATEGORIES,
  ROLES,
  SIGHTING_CATEGORIES,
  SOURCE_AGENCIES,
} from '../server/lists.js';

/** `col in ('a','b')` for a CHECK constraint; the lists are our own constants, never user input. */
const oneOf = (col: string, values: readonly (string | number)[]) =>
  `${col} in (${values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(', ')})`;

const grading = `
  source_eval smallint not null check (source_eval in (1, 2, 3)),
  intel_assessment char(1) not null check (${oneOf('intel_assessment', INTEL_ASSESSMENTS)}),
  handling_code char(1) not null check (${oneOf('handling_code', HANDLING_CODES)})`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists postgis');
  await knex.raw('create extension if not exists pg_trgm');

  await runScript(knex, `
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
      display_name text not null check (length(display_name) between 1 and 200),
      role text not null check (${oneOf('role', ROLES)}),
      password_hash text not null check (password_hash like '$argon2id$%'),
      failed_logins integer not null default 0 check (failed_logins >= 0),
      locked_until timestamptz,
      disabled_at timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_username_key on users (username);

    create table sessions (
      -- SHA-256 of the cookie token: a leaked table cannot be replayed as cookies.
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references users (id) on delete cascade,
      csrf_token text not null,
      purpose text check (purpose is null or length(purpose) between 3 and 500),
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_idx on sessions (user_id);
  `);

  await runScript(knex, `
    create table areas (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      kind text not null check (${oneOf('kind', AREA_KINDS)}),
      code text,
      geom geometry(MultiPolygon, 4326) not null check (not ST_IsEmpty(geom) and ST_IsValid(geom)),
      synthetic boolean not null default false,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index areas_geom_gist on areas using gist (geom);
    create index areas_kind_idx on areas (kind);

    create table premises (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 300),
      category text not null check (${oneOf('category', PREMISES_CATEGORIES)}),
      address text,
      postcode text check (postcode is null or postcode ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$'),
      geom geometry(Point, 4326) not null check (not ST_IsEmpty(geom)),
      licence_ref text,
      licence_status text not null default 'none' check (${oneOf('licence_status', LICENCE_STATUSES)}),
      external_ref text unique,
      synthetic boolean not null default false,
      review_due date,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index premises_geom_gist on premises using gist (geom);
    create index premises_name_trgm on premises using gin (name gin_trgm_ops);

    create table vehicles (
      id uuid primary key default gen_random_uuid(),
      plate text not null unique check (plate ~ '^[A-Z0-9]{1,10}$'),
      licence_no text,
      operator_id uuid references premises (id) on delete set null,
      make text,
      colour text,
      synthetic boolean not null default false,
      review_due date,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index vehicles_operator_idx on vehicles (operator_id);
  `);

  await runScript(knex, `
    create table sightings (
      id uuid primary key default gen_random_uuid(),
      observed_at timestamptz not null,
      reported_at timestamptz not null default now(),
      geom geometry(Point, 4326) not null check (not ST_IsEmpty(geom)),
      precision_m integer check (precision_m is null or precision_m between 1 and 100000),
      category text not null check (${oneOf('category', SIGHTING_CATEGORIES)}),
      grooming_model text not null default 'unknown' check (${oneOf('grooming_model', GROOMING_MODELS)}),
      source_agency text not null check (${oneOf('source_agency', SOURCE_AGENCIES)}),
      ${grading},
      premises_id uuid references premises (id) on delete set null,
      vehicle_id uuid references vehicles (id) on delete set null,
      area_id uuid references areas (id) on delete set null,
      narrative text check (narrative is null or length(narrative) <= 10000),
      subject_refs text[] not null default '{}',
      external_ref text,
      synthetic boolean not null default false,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      review_due date not null,
      deleted_at timestamptz,
      deleted_by uuid references users (id),
      delete_reason text,
      check ((deleted_at is null) = (delete_reason is null)),
      unique (source_agency, external_ref)
    );
    create index sightings_geom_gist on sightings using gist (geom);
    create index sightings_observed_at_idx on sightings (observed_at);
    create index sightings_premises_idx on sightings (premises_id) where premises_id is not null;
    create index sightings_vehicle_idx on sightings (vehicle_id) where vehicle_id is not null;
    create index sightings_area_idx on sightings (area_id);

    -- The area of a sighting is the ward containing it (else the smallest other area),
    -- derived here so that every writer (API, import, seed, psql) gets it right.
    create function sightings_derive_area() returns trigger language plpgsql as $$
    begin
      new.area_id := (
        select a.id from areas a
        where ST_Intersects(a.geom, new.geom)
        order by (a.kind = 'ward') desc, ST_Area(a.geom), a.id
        limit 1);
      return new;
    end $$;
    create trigger sightings_area_ins before insert on sightings
      for each row execute function sightings_derive_area();
    create trigger sightings_area_upd before update of geom on sightings
      for each row when (not ST_Equals(old.geom, new.geom)) execute function sightings_derive_area();

    create table intel (
      id uuid primary key default gen_random_uuid(),
      subject_type text not null check (${oneOf('subject_type', INTEL_SUBJECT_TYPES)}),
      subject_id uuid,
      geom geometry(Point, 4326) check (geom is null or not ST_IsEmpty(geom)),
      reported_at timestamptz not null default now(),
      ${grading},
      source_agency text not null check (${oneOf('source_agency', SOURCE_AGENCIES)}),
      summary text not null check (length(summary) between 1 and 1000),
      narrative text check (narrative is null or length(narrative) <= 10000),
      synthetic boolean not null default false,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      review_due date not null,
      deleted_at timestamptz,
      check ((subject_type = 'location') = (subject_id is null)),
      check (subject_type <> 'location' or geom is not null)
    );
    create index intel_geom_gist on intel using gist (geom);
    create index intel_subject_idx on intel (subject_type, subject_id);
  `);

  await runScript(knex, `
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      user_id uuid,
      username text,
      role text,
      action text not null,
      target_type text,
      target_ids text[] not null default '{}',
      query jsonb,
      purpose text,
      outcome text not null,
      ip text,
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
    );
    create index audit_log_at_idx on audit_log (at);
    create index audit_log_user_idx on audit_log (user_id);

    -- Append-only: the application cannot rewrite history (DPA 2018 s.62 logs).
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `);
}

export async function down(): Promise<void> {
  // The audit log may never be dropped by the application; restore from backup instead.
  throw new Error('the initial migration cannot be rolled back');
}
