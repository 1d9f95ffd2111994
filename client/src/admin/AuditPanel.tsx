import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { AUDIT_ACTIONS } from '../../../server/lists';
import { ROLE_LABELS } from '../../../server/labels';
import { useRemote } from '../useRemote';
import { searchAudit, type AuditEntry, type AuditQuery } from './api';
import { ChainStatus } from './ChainStatus';
import { Field, isFormLevel } from '../components/Field';
import { EmptyRow, TableHead } from '../components/Table';
import { Options } from '../components/Options';
import { DateInput } from '../components/DateInput';

const PAGE_SIZE = 50;
const FIELDS = ['username', 'action', 'targetId', 'from', 'to'] as const;

interface Filters {
  username: string;
  action: string;
  targetId: string;
  /** `datetime-local` values, in the browser's time zone. */
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { username: '', action: '', targetId: '', from: '', to: '' };

/** The API query for the form's filters; a local date-time becomes an instant with its offset. */
function queryOf(f: Filters, before: number | undefined): AuditQuery {
  const q: AuditQuery = { limit: String(PAGE_SIZE) };
  if (f.username.trim()) q.username = f.username.trim();
  if (f.action) q.action = f.action;
  if (f.targetId.trim()) q.targetId = f.targetId.trim();
  const instant = (v: string) => (Number.isNaN(new Date(v).getTime()) ? v : new Date(v).toISOString());
  if (f.from) q.from = instant(f.from);
  if (f.to) q.to = instant(f.to);
  if (before !== undefined) q.before = String(before);
  return q;
}

/** The audit log (`/api/audit`, admin): chain status first, then search by user, action, target and time, paged newest first. */
export function AuditPanel() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  /** Cursors of the pages seen so far: the first page has none. */
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  /** Each search asks again, even with the same filters (the log grows). */
  const [searches, setSearches] = useState(0);
  const query = queryOf(applied, cursors[cursors.length - 1]);
  const { data, error, loading } = useRemote(`${searches}:${JSON.stringify(query)}`, (signal) => searchAudit(query, signal));
  const entries = data?.entries ?? null;
  const next = data?.next ?? null;

  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ ...draft });
    setCursors([undefined]);
    setSearches((n) => n + 1);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    setCursors([undefined]);
    setSearches((n) => n + 1);
  };
  const msg = (f: string) => error?.fieldMessage(f);

  return (
    <div className="admin-stack">
      <ChainStatus />
      <section className="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Search the audit log</h2>
        <form className="admin-filters" onSubmit={submit} aria-label="Audit log filters">
          <Field id="audit-user" label="User" hint="Their username" error={msg('username')}>
            {(a) => <input {...a} type="text" autoComplete="off" value={draft.username} onChange={(e) => set('username', e.target.value)} />}
          </Field>
          <Field id="audit-action" label="Action" error={msg('action')}>
            {(a) => (
              <select {...a} value={draft.action} onChange={(e) => set('action', e.target.value)}>
                <option value="">Any action</option>
                <Options values={AUDIT_ACTIONS} />
              </select>
            )}
          </Field>
          <Field id="audit-target" label="Target" hint="A record, user or token id" error={msg('targetId')}>
            {(a) => <input {...a} type="text" autoComplete="off" value={draft.targetId} onChange={(e) => set('targetId', e.target.value)} />}
          </Field>
          <Field id="audit-from" label="From" error={msg('from')}>
            {(a) => <DateInput {...a} kind="datetime" value={draft.from} onChange={(v) => set('from', v)} />}
          </Field>
          <Field id="audit-to" label="Until" error={msg('to')}>
            {(a) => <DateInput {...a} kind="datetime" value={draft.to} onChange={(v) => set('to', v)} />}
          </Field>
          <div className="admin-filters__buttons">
            <button type="submit" className="button button--primary">
              Search
            </button>
            <button type="button" className="button" onClick={clear}>
              Clear
            </button>
          </div>
        </form>
        {isFormLevel(error, FIELDS) && <ErrorMessage error={error} />}
        <p className="muted" role="status" aria-live="polite">
          {loading ? 'Searching…' : entries ? `Page ${cursors.length}: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, newest first.` : ''}
        </p>
        {entries && <AuditTable entries={entries} />}
        <div className="admin-pager">
          <button type="button" className="button button--small" disabled={cursors.length === 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← Newer
          </button>
          <button type="button" className="button button--small" disabled={next === null || loading} onClick={() => next !== null && setCursors((c) => [...c, next])}>
            Older →
          </button>
        </div>
      </section>
    </div>
  );
}

/** `{ role: "analyst", returned: 3 }` as "role: analyst · returned: 3". */
function describe(query: unknown): string {
  if (query === null || query === undefined) return '';
  if (typeof query !== 'object') return String(query);
  return Object.entries(query as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="table admin-table audit-table">
        <caption className="visually-hidden">Audit log entries, newest first</caption>
        <TableHead columns={['#', 'When', 'Who', 'Action', 'Target', 'Details', 'Purpose', 'Outcome']} />
        <tbody>
          {entries.length === 0 && (
            <EmptyRow cols={8}>No entries match.</EmptyRow>
          )}
          {entries.map((e) => (
            <tr key={e.id} className={e.action === 'denied' || e.action === 'login_failed' ? 'audit-table__row--refused' : undefined}>
              <td className="audit-table__id">{e.id}</td>
              <td>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td>
                {e.username ?? <span className="muted">—</span>}
                {e.role && <span className="admin-user__login">{ROLE_LABELS[e.role] ?? e.role}</span>}
                {e.ip && <span className="admin-user__login">{e.ip}</span>}
              </td>
              <td>
                <code className="audit-action">{e.action}</code>
              </td>
              <td>
                {e.targetType && <span>{e.targetType}</span>}
                {e.targetIds.map((id) => (
                  <code key={id} className="audit-id">
                    {id}
                  </code>
                ))}
              </td>
              <td className="audit-table__details">{describe(e.query)}</td>
              <td>{e.purpose ?? <span className="muted">—</span>}</td>
              <td>{e.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
