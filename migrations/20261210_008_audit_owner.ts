import type { Knex } from 'knex';

/**
 * `audit_append`, the one way the application writes the audit log.
 *
 * On PostgreSQL the role that ran the first migration owned audit_log, and an owner can
 * `ALTER TABLE … DISABLE TRIGGER`, rewrite rows and recompute the chain. So the table,
 * its trigger function and this function move to a NOLOGIN role (`lantern_audit_owner`,
 * done by `migrate` when a superuser runs it: server/audit/service.ts secureAuditLog),
 * and the application's role keeps SELECT on the table and EXECUTE on this function.
 * SECURITY DEFINER runs the insert as the owner; the fixed search_path stops a caller
 * from planting its own `audit_log` or operators ahead of ours.
 *
 * The function also refuses a row that does not link to the current head, under the
 * same advisory lock the application takes (re-entrant within a transaction): whatever
 * a caller does, two appends cannot fork the chain.
 *
 * PGlite gets the same function, owned by its single (superuser) role.
 */
export async function up(knex: Knex): Promise<void> {
  // The schema the tables were made in, fixed into the function's search_path.
  const schema = (await knex.raw('select current_schema() as s')).rows[0].s as string;
  await knex.raw(
    `create function audit_append(
      p_at timestamptz, p_user_id uuid, p_username text, p_role text, p_action text, p_target_type text,
      p_target_ids text[], p_query jsonb, p_purpose text, p_outcome text, p_ip text, p_prev_hash text, p_hash text
    ) returns bigint
    language plpgsql volatile security definer
    set search_path = ??, pg_temp
    as $$
    declare
      head text;
      new_id bigint;
    begin
      perform pg_advisory_xact_lock(hashtext('lantern.audit_log'));
      select hash into head from audit_log order by id desc limit 1;
      if p_prev_hash is distinct from coalesce(head, repeat('0', 64)) then
        raise exception 'audit_append: prev_hash % is not the chain head %', p_prev_hash, coalesce(head, repeat('0', 64))
          using errcode = '40001';
      end if;
      insert into audit_log (at, user_id, username, role, action, target_type, target_ids, query, purpose, outcome, ip, prev_hash, hash)
      values (p_at, p_user_id, p_username, p_role, p_action, p_target_type, coalesce(p_target_ids, '{}'), p_query, p_purpose, p_outcome, p_ip, p_prev_hash, p_hash)
      returning id into new_id;
      return new_id;
    end $$`,
    [schema],
  );
}

export async function down(knex: Knex): Promise<void> {
  // Ownership of audit_log stays with the audit owner: handing it back would undo the point.
  await knex.raw('drop function audit_append(timestamptz, uuid, text, text, text, text, text[], jsonb, text, text, text, text, text)');
}
