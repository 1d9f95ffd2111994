import type { Knex } from 'knex';
import { runScript } from './sql.js';

export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      purpose text not null check (length(purpose) between 3 and 500),
      -- SHA-256 of the token: the token itself is shown once and never stored.
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    create index api_tokens_user_idx on api_tokens (user_id);

    alter table sightings add column disposed_at timestamptz;
    alter table intel add column disposed_at timestamptz;
    create index sightings_review_due_idx on sightings (review_due) where deleted_at is null and disposed_at is null;
    create index intel_review_due_idx on intel (review_due) where deleted_at is null and disposed_at is null;

    create table review_decisions (
      id uuid primary key default gen_random_uuid(),
      record_type text not null check (record_type in ('sighting', 'intel')),
      record_id uuid not null,
      decision text not null check (decision in ('retain', 'dispose')),
      reason text not null check (length(reason) between 3 and 1000),
      previous_review_due date,
      new_review_due date,
      decided_by uuid references users (id),
      decided_at timestamptz not null default now(),
      check ((decision = 'retain') = (new_review_due is not null))
    );
    create index review_decisions_record_idx on review_decisions (record_type, record_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop table review_decisions;
    alter table intel drop column disposed_at;
    alter table sightings drop column disposed_at;
    drop table api_tokens;
  `);
}
