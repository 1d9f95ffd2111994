import type { Knex } from 'knex';
import { runScript } from './sql.js';
import { SUBMISSION_OUTCOMES } from '../server/lists.js';

/** `col in ('a','b')` for a CHECK constraint; the lists are our own constants, never user input. */
const oneOf = (col: string, values: readonly string[]) => `${col} in (${values.map((v) => `'${v}'`).join(', ')})`;

/**
 * Missing episodes from triage (issue 21): a partner's report can be decided as a missing
 * episode, which carries the submission as its provenance, as sightings and intel do.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table submissions drop constraint if exists submissions_outcome_check;
    alter table submissions add constraint submissions_outcome_check check (outcome is null or ${oneOf('outcome', SUBMISSION_OUTCOMES)});
    alter table episodes add column submission_id uuid references submissions (id);
    create index episodes_submission_idx on episodes (submission_id) where submission_id is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  // Decisions already taken as episodes cannot be expressed in the older list: they fail the
  // constraint below, and the rollback stops rather than rewrite what the partner was told.
  await runScript(knex, `
    drop index episodes_submission_idx;
    alter table episodes drop column submission_id;
    alter table submissions drop constraint if exists submissions_outcome_check;
    alter table submissions add constraint submissions_outcome_check
      check (outcome is null or outcome in ('sighting', 'intel', 'duplicate', 'no_action'));
  `);
}
