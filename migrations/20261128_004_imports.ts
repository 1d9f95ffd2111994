import type { Knex } from 'knex';
import { runScript } from './sql.js';

export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    create table imports (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('sightings', 'premises', 'vehicles', 'areas')),
      file_name text,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      bytes bigint not null check (bytes >= 0),
      format text not null check (format in ('csv', 'geojson')),
      mode text not null check (mode in ('lenient', 'strict')),
      on_duplicate text not null check (on_duplicate in ('skip', 'update')),
      status text not null default 'running' check (status in ('running', 'done', 'rejected', 'failed', 'interrupted')),
      rows_read integer not null default 0,
      inserted integer not null default 0,
      updated integer not null default 0,
      duplicates integer not null default 0,
      rejected_count integer not null default 0,
      -- The first rejected rows with their reasons, for the report; the count above is complete.
      rejected jsonb not null default '[]',
      error text,
      started_by uuid references users (id),
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index imports_started_at_idx on imports (started_at desc);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop table imports;
  `);
}
