import type { Knex } from 'knex';
import type { User, UserWithSecrets } from './schema.js';

// locked_until is shown to administrators (a lock only ends by waiting or a password reset); only
// the hash and the failure count are secret.
const publicColumns = `id, username, display_name as "displayName", role, agency, created_at as "createdAt",
  last_login_at as "lastLoginAt", disabled_at as "disabledAt", case when locked_until > now() then locked_until end as "lockedUntil"`;
const secretColumns = `id, username, display_name as "displayName", role, agency, created_at as "createdAt",
  last_login_at as "lastLoginAt", disabled_at as "disabledAt", locked_until as "lockedUntil",
  password_hash as "passwordHash", failed_logins as "failedLogins"`;

export async function findByUsername(knex: Knex, username: string): Promise<UserWithSecrets | undefined> {
  const r = await knex.raw(`select ${secretColumns} from users where username = ?`, [username]);
  return r.rows[0];
}

export async function findById(knex: Knex, id: string): Promise<User | undefined> {
  const r = await knex.raw(`select ${publicColumns} from users where id = ?`, [id]);
  return r.rows[0];
}

export async function list(knex: Knex): Promise<User[]> {
  const r = await knex.raw(`select ${publicColumns} from users order by username`);
  return r.rows;
}

export async function count(knex: Knex): Promise<number> {
  const r = await knex.raw('select count(*) as n from users');
  return r.rows[0].n;
}

export async function insert(
  knex: Knex,
  u: { username: string; displayName: string; role: string; agency?: string | null; passwordHash: string },
): Promise<User> {
  const r = await knex.raw(
    `insert into users (username, display_name, role, agency, password_hash) values (?, ?, ?, ?, ?) returning ${publicColumns}`,
    [u.username, u.displayName, u.role, u.agency ?? null, u.passwordHash],
  );
  return r.rows[0];
}

export async function recordLoginSuccess(knex: Knex, id: string): Promise<void> {
  await knex.raw('update users set failed_logins = 0, locked_until = null, last_login_at = now() where id = ?', [id]);
}

/**
 * Counts a failure to the account from any address; from the threshold on, the account
 * waits (locked_until) baseSeconds, doubled by each further failure, up to maxSeconds.
 * Returns the wait's end, if this failure starts one.
 */
export async function recordLoginFailure(
  knex: Knex,
  id: string,
  b: { threshold: number; baseSeconds: number; maxSeconds: number },
): Promise<Date | null> {
  const r = await knex.raw(
    `update users set
       failed_logins = failed_logins + 1,
       locked_until = case when failed_logins + 1 >= ?::int
         then now() + make_interval(secs => least(?::float8, ?::float8 * power(2::float8, least(30, failed_logins + 1 - ?::int))))
         else null end
     where id = ? returning locked_until as "lockedUntil"`,
    [b.threshold, b.maxSeconds, b.baseSeconds, b.threshold, id],
  );
  return r.rows[0]?.lockedUntil ?? null;
}

export async function update(
  trx: Knex.Transaction,
  id: string,
  v: { displayName?: string; role?: string; agency?: string | null; disabled?: boolean },
): Promise<User | undefined> {
  const set: Record<string, unknown> = { updated_at: trx.fn.now() };
  if (v.agency !== undefined) set.agency = v.agency;
  if (v.displayName !== undefined) set.display_name = v.displayName;
  if (v.role !== undefined) set.role = v.role;
  if (v.disabled !== undefined) set.disabled_at = v.disabled ? trx.fn.now() : null;
  const n = await trx('users').update(set).where({ id });
  if (n === 0) return undefined;
  // A changed role or a disabled account must not live on in open sessions.
  if (v.role !== undefined || v.disabled) await trx('sessions').where({ user_id: id }).delete();
  return findById(trx, id);
}

export async function setPassword(trx: Knex.Transaction, id: string, passwordHash: string): Promise<boolean> {
  const n = await trx('users').update({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: trx.fn.now() }).where({ id });
  await trx('sessions').where({ user_id: id }).delete();
  return n > 0;
}
