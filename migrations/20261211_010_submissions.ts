import type { Knex } from 'knex';
import { runScript } from './sql.js';
import { LOCATION_METHODS, PLACE_KINDS, ROLES, SOURCE_AGENCIES, SUBMISSION_LOCATION_METHODS, SUBMISSION_OUTCOMES, SUBMISSION_STATUSES } from '../server/lists.js';

/** `col in ('a','b')` for a CHECK constraint; the lists are our own constants, never user input. */
const oneOf = (col: string, values: readonly string[]) => `${col} in (${values.map((v) => `'${v}'`).join(', ')})`;

/**
 * Partner reports and their triage (issue 17):
 * - `users.agency`, required for the new `partner` role; the role and agency lists grow;
 * - `submissions`: a partner's report stored as sent (`payload`, never changed: a trigger
 *   refuses any update of it), with its reference, status and the analyst's decision;
 * - `sightings.submission_id` / `intel.submission_id`: the provenance of triaged records;
 * - `sightings.location_method`: how the place was found, beside `precision_m`;
 * - `places`: the offline gazetteer `GET /api/places` searches.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table users drop constraint if exists users_role_check;
    alter table users add constraint users_role_check check (${oneOf('role', ROLES)});
    alter table users add column agency text check (agency is null or ${oneOf('agency', SOURCE_AGENCIES)});
    alter table users add constraint users_partner_agency check (role <> 'partner' or agency is not null);

    alter table sightings drop constraint if exists sightings_source_agency_check;
    alter table sightings add constraint sightings_source_agency_check check (${oneOf('source_agency', SOURCE_AGENCIES)});
    alter table intel drop constraint if exists intel_source_agency_check;
    alter table intel add constraint intel_source_agency_check check (${oneOf('source_agency', SOURCE_AGENCIES)});
    alter table disruption_actions drop constraint if exists disruption_actions_owner_agency_check;
    alter table disruption_actions add constraint disruption_actions_owner_agency_check check (${oneOf('owner_agency', SOURCE_AGENCIES)});

    create table submissions (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique check (reference ~ '^LNT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
      partner_id uuid not null references users (id),
      agency text not null check (${oneOf('agency', SOURCE_AGENCIES)}),
      -- The body exactly as the partner sent it (after validation), never changed.
      payload jsonb not null,
      received_at timestamptz not null default now(),
      -- Read from the payload once, for the queue and the search round a place.
      geom geometry(Point, 4326),
      precision_m integer check (precision_m is null or precision_m > 0),
      location_method text not null check (${oneOf('location_method', SUBMISSION_LOCATION_METHODS)}),
      status text not null default 'received' check (${oneOf('status', SUBMISSION_STATUSES)}),
      outcome text check (outcome is null or ${oneOf('outcome', SUBMISSION_OUTCOMES)}),
      outcome_message text check (outcome_message is null or length(outcome_message) between 1 and 2000),
      reason text,
      duplicate_of uuid references submissions (id),
      decided_by uuid references users (id),
      decided_at timestamptz,
      check ((status in ('actioned', 'no_further_action')) = (decided_at is not null))
    );
    create index submissions_partner_idx on submissions (partner_id, received_at desc);
    create index submissions_status_idx on submissions (status, received_at);
    create index submissions_geom_gist on submissions using gist (geom);

    create function submissions_keep_as_sent() returns trigger language plpgsql as $$
    begin
      if new.payload is distinct from old.payload or new.partner_id is distinct from old.partner_id
         or new.reference is distinct from old.reference or new.received_at is distinct from old.received_at
         or new.agency is distinct from old.agency
         or not (new.geom is not distinct from old.geom) then
        raise exception 'a submission is stored as sent and cannot be changed' using errcode = 'check_violation';
      end if;
      if old.decided_at is not null and (new.decided_at is distinct from old.decided_at or new.outcome is distinct from old.outcome) then
        raise exception 'a submission is decided once' using errcode = 'check_violation';
      end if;
      return new;
    end $$;
    create trigger submissions_as_sent before update on submissions
      for each row execute function submissions_keep_as_sent();

    alter table sightings add column submission_id uuid references submissions (id),
      add column location_method text check (location_method is null or ${oneOf('location_method', LOCATION_METHODS)});
    create index sightings_submission_idx on sightings (submission_id) where submission_id is not null;
    alter table intel add column submission_id uuid references submissions (id);

    create table places (
      id bigint generated always as identity primary key,
      name text not null check (length(name) between 1 and 300),
      kind text not null check (${oneOf('kind', PLACE_KINDS)}),
      -- Lower case, punctuation gone, road words spelt out ("deane rd" → "deane road").
      search_name text not null,
      -- search_name without spaces: "bl11aa" and "BL1 1AA " meet here.
      compact_name text not null,
      geom geometry(Point, 4326) not null,
      precision_m integer not null check (precision_m > 0),
      source text not null,
      source_ref text,
      synthetic boolean not null default false
    );
    create index places_geom_gist on places using gist (geom);
    create index places_compact_idx on places (compact_name text_pattern_ops);
    create index places_search_trgm on places using gin (search_name gin_trgm_ops);
    create unique index places_source_ref_key on places (source, source_ref) where source_ref is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop table places;
    alter table intel drop column submission_id;
    drop index sightings_submission_idx;
    alter table sightings drop column location_method, drop column submission_id;
    drop trigger submissions_as_sent on submissions;
    drop function submissions_keep_as_sent();
    drop table submissions;
    alter table users drop constraint users_partner_agency;
    alter table users drop column agency;
  `);
}
