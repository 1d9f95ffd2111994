import type { Knex } from 'knex';
import type { Caller } from './schema.js';

/** The user's columns a live credential's query returns for `callerOfRow` (users as `u`). */
export const CALLER_COLUMNS = `u.id, u.username, u.display_name as "displayName", u.role, u.agency`;

/** The caller a live session's or token's row (`CALLER_COLUMNS` and the credential's purpose) stands for. */
export function callerOfRow(
  row: { id: string; username: string; displayName: string; role: Caller['role']; agency: string | null; purpose: string | null },
  ip: string | null,
  via: 'session' | 'token',
  credentialId: string,
  csrfToken: string | null,
): Caller {
  return { userId: row.id, username: row.username, displayName: row.displayName, role: row.role, agency: row.agency, purpose: row.purpose, ip, via, credentialId, csrfToken };
}

export async function insertSession(
  knex: Knex,
  s: { id: string; userId: string; csrfToken: string; ip: string | null; userAgent: string | null; maxHours: number },
): Promise<void> {
  await knex.raw(
    `insert into sessions (id, user_id, csrf_token, ip, user_agent, expires_at)
     values (?, ?, ?, ?, ?, now() + make_interval(hours => ?))`,
    [s.id, s.userId, s.csrfToken, s.ip, s.userAgent, s.maxHours],
  );
}

/**
 * The live session with this id: not past its absolute expiry, used within the
 * idle limit, and its user not disabled. last_seen_at is written at most once a
 * minute, so most requests only read.
 */
export async function findLiveSession(knex: Knex, id: string, idleMinutes: number, ip: string | null): Promise<Caller | undefined> {
  const r = await knex.raw(
    `select s.id as "sessionId", s.purpose, s.csrf_token as "csrfToken", s.last_seen_at < now() - interval '1 minute' as stale,
       ${CALLER_COLUMNS}
     from sessions s join users u on u.id = s.user_id
     where s.id = ? and u.disabled_at is null
       and s.expires_at > now() and s.last_seen_at > now() - make_interval(mins => ?)`,
    [id, idleMinutes],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  if (row.stale) await knex.raw('update sessions set last_seen_at = now() where id = ?', [id]);
  return callerOfRow(row, ip, 'session', row.sessionId, row.csrfToken);
}

export async function deleteSession(knex: Knex, id: string): Promise<void> {
  await knex.raw('delete from sessions where id = ?', [id]);
}

export async function deleteDeadSessions(knex: Knex, idleMinutes: number): Promise<void> {
  await knex.raw(
    `delete from sessions where expires_at <= now() or last_seen_at <= now() - make_interval(mins => ?)`,
    [idleMinutes],
  );
}

export async function setPurpose(knex: Knex, id: string, purpose: string): Promise<void> {
  await knex.raw('update sessions set purpose = ? where id = ?', [purpose, id]);
}
