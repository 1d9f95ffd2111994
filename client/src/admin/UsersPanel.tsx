import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { ROLES, SOURCE_AGENCIES, SOURCE_AGENCY_LABELS, type Role, type SourceAgency } from '../../../server/lists';
import { ROLE_LABELS } from '../../../server/labels';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { createUser, listUsers, resetPassword, updateUser, type AdminUser, type NewUser } from './api';
import { Field, isFormLevel } from '../components/Field';
import { DetailRow, TableHead } from '../components/Table';
import { FormPanel } from './FormPanel';
import { Notice } from '../components/Notice';
import { Options } from '../components/Options';

interface Props {
  /** The signed-in administrator: the screen offers no change of their own role or status. */
  selfId: string;
}

const NEW_USER_FIELDS = ['username', 'displayName', 'role', 'agency', 'password'] as const;
const EMPTY: NewUser = { username: '', displayName: '', role: 'analyst', password: '' };

/** Users: list, create, disable or enable, change role, reset password (`/api/users`, admin). */
export function UsersPanel({ selfId }: Props) {
  const { data: users, error: loadError, update } = useRemote('users', listUsers);
  const [notice, setNotice] = useState('');

  const replace = (u: AdminUser) => update((list) => list.map((x) => (x.id === u.id ? u : x)));

  return (
    <div className="admin-stack">
      <section className="panel" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <Notice text={notice} />
        {loadError && <ErrorMessage error={loadError} />}
        {users === null && !loadError && <p className="loading">Loading users…</p>}
        {users && (
          <div className="table-wrap">
            <table className="table admin-table">
              <caption className="visually-hidden">Users of Lantern</caption>
              <TableHead columns={['User', 'Role', 'Status', 'Last sign-in', 'Actions']} />
              <tbody>
                {users.map((u) => (
                  <UserRow key={u.id} user={u} self={u.id === selfId} onChanged={replace} onNotice={setNotice} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <NewUserForm
        onCreated={(u) => {
          update((list) => [...list, u].sort((a, b) => a.username.localeCompare(b.username)));
          setNotice(`Created ${ROLE_LABELS[u.role].toLowerCase()} ${u.username}.`);
        }}
      />
    </div>
  );
}

interface RowProps {
  user: AdminUser;
  self: boolean;
  onChanged: (u: AdminUser) => void;
  onNotice: (text: string) => void;
}

function UserRow({ user, self, onChanged, onNotice }: RowProps) {
  const [role, setRole] = useState<Role>(user.role);
  const { pending, error, run: act } = useSubmit('The change was not made');
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');

  const saveRole = () =>
    act(async () => {
      const u = await updateUser(user.id, { role });
      onChanged(u);
      onNotice(`${u.username} is now ${ROLE_LABELS[u.role].toLowerCase()}; their sessions have ended.`);
    });

  const toggleDisabled = () =>
    act(async () => {
      const u = await updateUser(user.id, { disabled: !user.disabledAt });
      onChanged(u);
      onNotice(u.disabledAt ? `${u.username} is disabled and signed out.` : `${u.username} may sign in again.`);
    });

  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await resetPassword(user.id, password);
      onChanged({ ...user, lockedUntil: null });
      setPassword('');
      setResetting(false);
      onNotice(`New password set for ${user.username}; the account is unlocked and its sessions have ended.`);
    });
  };

  const roleId = `role-${user.id}`;
  const pwId = `password-${user.id}`;
  return (
    <>
      <tr className={user.disabledAt ? 'admin-table__row--disabled' : undefined}>
        <th scope="row">
          <span className="admin-user__name">{user.displayName}</span>
          <span className="admin-user__login">{user.username}</span>
          {self && <span className="admin-tag">you</span>}
        </th>
        <td>
          {self ? (
            <span>{ROLE_LABELS[user.role]}</span>
          ) : (
            <span className="admin-inline">
              <label htmlFor={roleId} className="visually-hidden">
                Role of {user.username}
              </label>
              <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={pending}>
                <Options values={ROLES} labels={ROLE_LABELS} />
              </select>
              {role !== user.role && (
                <button type="button" className="button button--small" onClick={saveRole} disabled={pending}>
                  Save role
                </button>
              )}
            </span>
          )}
        </td>
        <td>
          {user.disabledAt ? <span className="admin-status admin-status--off">Disabled</span> : <span className="admin-status admin-status--on">Active</span>}
          {user.lockedUntil && (
            <span className="admin-user__login admin-status--off">
              Locked until <time dateTime={user.lockedUntil}>{formatDateTime(user.lockedUntil)}</time>
            </span>
          )}
        </td>
        <td>{user.lastLoginAt ? <time dateTime={user.lastLoginAt}>{formatDateTime(user.lastLoginAt)}</time> : <span className="muted">never</span>}</td>
        <td>
          <span className="admin-inline">
            {!self && (
              <button type="button" className="button button--small" onClick={toggleDisabled} disabled={pending} aria-label={`${user.disabledAt ? 'Enable' : 'Disable'} ${user.username}`}>
                {user.disabledAt ? 'Enable' : 'Disable'}
              </button>
            )}
            <button type="button" className="button button--small" onClick={() => setResetting((v) => !v)} aria-expanded={resetting} aria-controls={`${pwId}-form`} aria-label={`Reset password of ${user.username}`}>
              Reset password
            </button>
          </span>
        </td>
      </tr>
      {(resetting || error) && (
        <DetailRow cols={5}>
          {isFormLevel(error, ['password']) && <ErrorMessage error={error} />}
          {resetting && (
            <form id={`${pwId}-form`} className="admin-inline-form" onSubmit={submitPassword}>
              <Field id={pwId} label={`New password for ${user.username}`} hint="At least 12 characters. Tell the user by a separate, safe route." error={error?.fieldMessage('password')}>
                {(a) => <input {...a} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />}
              </Field>
              <button type="submit" className="button button--primary" disabled={pending}>
                Set password
              </button>
              <button type="button" className="button" onClick={() => setResetting(false)}>
                Cancel
              </button>
            </form>
          )}
        </DetailRow>
      )}
    </>
  );
}

function NewUserForm({ onCreated }: { onCreated: (u: AdminUser) => void }) {
  const [form, setForm] = useState<NewUser>(EMPTY);
  /** A partner's agency (required for partners; the server names it if missing). */
  const [agency, setAgency] = useState<SourceAgency | ''>('');
  const { pending, error, run } = useSubmit('The user was not created');
  const set = <K extends keyof NewUser>(k: K, v: NewUser[K]) => setForm((f) => ({ ...f, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      onCreated(await createUser({ ...form, ...(agency ? { agency } : {}) }));
      setForm(EMPTY);
      setAgency('');
    });
  }

  const msg = (f: string) => error?.fieldMessage(f);
  return (
    <FormPanel id="new-user-heading" title="New user" error={error} fields={NEW_USER_FIELDS} onSubmit={submit} pending={pending} submit={['Create user', 'Creating…']}>
        <Field id="new-username" label="Username" hint="Letters, digits, dot, dash or underscore." error={msg('username')}>
          {(a) => <input {...a} type="text" autoComplete="off" value={form.username} onChange={(e) => set('username', e.target.value)} />}
        </Field>
        <Field id="new-display-name" label="Full name" error={msg('displayName')}>
          {(a) => <input {...a} type="text" autoComplete="off" value={form.displayName} onChange={(e) => set('displayName', e.target.value)} />}
        </Field>
        <Field id="new-role" label="Role" error={msg('role')}>
          {(a) => (
            <select {...a} value={form.role} onChange={(e) => set('role', e.target.value as Role)}>
              <Options values={ROLES} labels={ROLE_LABELS} />
            </select>
          )}
        </Field>
        <Field id="new-agency" label="Agency" hint={form.role === 'partner' ? 'Required for a partner.' : 'Optional.'} error={msg('agency')}>
          {(a) => (
            <select {...a} value={agency} onChange={(e) => setAgency(e.target.value as SourceAgency | '')}>
              <option value="">none</option>
              <Options values={SOURCE_AGENCIES} labels={SOURCE_AGENCY_LABELS} />
            </select>
          )}
        </Field>
        <Field id="new-password" label="Initial password" hint="At least 12 characters." error={msg('password')}>
          {(a) => <input {...a} type="password" autoComplete="new-password" value={form.password} onChange={(e) => set('password', e.target.value)} />}
        </Field>
    </FormPanel>
  );
}
