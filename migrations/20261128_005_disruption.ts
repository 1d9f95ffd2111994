import type { Knex } from 'knex';
import {
  DISRUPTION_ACTION_CODES,
  DISRUPTION_ACTION_STATUSES,
  DISRUPTION_TARGET_KINDS,
  DISRUPTION_TARGET_STATUSES,
  SOURCE_AGENCIES,
} from '../server/lists.js';
import { runScript } from './sql.js';

/** `col in ('a','b')` for a CHECK constraint; the lists are our own constants, never user input. */
const oneOf = (col: string, values: readonly string[]) => `${col} in (${values.map((v) => `'${v}'`).join(', ')})`;

/**
 * Disruption planning: targets (the place the work is aimed at), their actions
 * (the plan, owned by a partner agency) and a log of what was done and when.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    create table disruption_targets (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      kind text not null check (${oneOf('kind', DISRUPTION_TARGET_KINDS)}),
      geom geometry(MultiPolygon, 4326) not null check (not ST_IsEmpty(geom) and ST_IsValid(geom)),
      -- Metres of the buffer drawn round a premises or a vehicle's sightings.
      radius_m integer check (radius_m is null or radius_m between 10 and 2000),
      premises_id uuid references premises (id),
      vehicle_id uuid references vehicles (id),
      -- The hot spot area a target was made from, when it was.
      area_id uuid references areas (id),
      -- The comparison area; null means the rest of the ward the target's centroid lies in.
      control_area_id uuid references areas (id),
      status text not null default 'open' check (${oneOf('status', DISRUPTION_TARGET_STATUSES)}),
      synthetic boolean not null default false,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'premises') = (premises_id is not null)),
      check ((kind = 'vehicle') = (vehicle_id is not null))
    );
    create index disruption_targets_geom_gist on disruption_targets using gist (geom);
    create index disruption_targets_premises_idx on disruption_targets (premises_id) where premises_id is not null;
    create index disruption_targets_vehicle_idx on disruption_targets (vehicle_id) where vehicle_id is not null;

    create table disruption_actions (
      id uuid primary key default gen_random_uuid(),
      target_id uuid not null references disruption_targets (id),
      type text not null check (${oneOf('type', DISRUPTION_ACTION_CODES)}),
      owner_agency text not null check (${oneOf('owner_agency', SOURCE_AGENCIES)}),
      due_date date not null,
      status text not null default 'planned' check (${oneOf('status', DISRUPTION_ACTION_STATUSES)}),
      notes text check (notes is null or length(notes) <= 4000),
      synthetic boolean not null default false,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index disruption_actions_target_idx on disruption_actions (target_id);
    create index disruption_actions_agency_status_idx on disruption_actions (owner_agency, status);

    create table disruption_action_logs (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null references disruption_actions (id),
      done_at timestamptz not null,
      outcome text not null check (length(outcome) between 1 and 4000),
      synthetic boolean not null default false,
      logged_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index disruption_action_logs_action_idx on disruption_action_logs (action_id, done_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop table disruption_action_logs;
    drop table disruption_actions;
    drop table disruption_targets;
  `);
}
