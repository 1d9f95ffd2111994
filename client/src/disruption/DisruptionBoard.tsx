import { useMemo, useState, type MouseEvent } from 'react';
import { DISRUPTION_ACTION_STATUSES, SOURCE_AGENCIES, type DisruptionActionStatus, type SourceAgency } from '../../../server/lists';
import { AGENCY_LABELS, DISRUPTION_ACTION_LABELS, DISRUPTION_ACTION_STATUS_LABELS, DISRUPTION_TARGET_KIND_LABELS } from '../../../server/labels';
import { Options } from '../components/Options';
import { TableHead } from '../components/Table';
import { useRemote } from '../useRemote';
import { hrefOf } from '../route';
import { listTargets, type Action, type TargetFeature } from './api';

interface Props {
  /** Analysts and admins may create targets. */
  plans: boolean;
  open: (sub: string) => void;
}

type StatusFilter = DisruptionActionStatus | 'overdue' | '';

const matches = (a: Action, status: StatusFilter, agency: SourceAgency | '') =>
  (agency === '' || a.ownerAgency === agency) && (status === '' || (status === 'overdue' ? a.overdue : a.status === status));

/**
 * The disruption board: every target the caller may see with its plan, the actions
 * counted by status and agency, and overdue ones marked.
 */
export function DisruptionBoard({ plans, open }: Props) {
  const targets = useRemote('targets', listTargets);
  const [status, setStatus] = useState<StatusFilter>('');
  const [agency, setAgency] = useState<SourceAgency | ''>('');
  const all = targets.data?.features ?? [];
  const actions = useMemo(() => all.flatMap((t) => t.properties.actions), [all]);
  const agencies = SOURCE_AGENCIES.filter((g) => actions.some((a) => a.ownerAgency === g));
  const shown = all.filter((t) => (status === '' && agency === '') || t.properties.actions.some((a) => matches(a, status, agency)));

  const follow = (sub: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    open(sub);
  };

  return (
    <div className="disruption">
      <div className="disruption__head">
        <h1>Disruption</h1>
        {plans && (
          <a className="button button--primary" href={hrefOf('disruption', 'new')} onClick={follow('new')}>
            New target
          </a>
        )}
      </div>
      {targets.loading && !targets.data && <p className="loading">Loading targets…</p>}
      {targets.error && (
        <p className="message message--error" role="alert">
          {targets.error.detail} <button type="button" className="button button--small" onClick={targets.retry}>Try again</button>
        </p>
      )}
      {targets.data && (
        <>
          <section className="panel" aria-labelledby="dis-summary">
            <h2 id="dis-summary">Actions by status and agency</h2>
            {actions.length === 0 ? (
              <p className="muted">No actions planned yet.</p>
            ) : (
              <div className="table-wrap">
                <table className="table dis-summary">
                  <TableHead columns={['Agency', ...DISRUPTION_ACTION_STATUSES.map((s) => DISRUPTION_ACTION_STATUS_LABELS[s]), 'Overdue']} />
                  <tbody>
                    {agencies.map((g) => {
                      const own = actions.filter((a) => a.ownerAgency === g);
                      const overdue = own.filter((a) => a.overdue).length;
                      return (
                        <tr key={g}>
                          <th scope="row">{AGENCY_LABELS[g]}</th>
                          {DISRUPTION_ACTION_STATUSES.map((s) => (
                            <td key={s}>{own.filter((a) => a.status === s).length}</td>
                          ))}
                          <td className={overdue ? 'dis-overdue' : undefined}>{overdue}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby="dis-targets">
            <h2 id="dis-targets">Targets and plans</h2>
            <div className="dis-filters">
              <label>
                Actions{' '}
                <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
                  <option value="">any status</option>
                  <option value="overdue">overdue</option>
                  {DISRUPTION_ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>{DISRUPTION_ACTION_STATUS_LABELS[s].toLowerCase()}</option>
                  ))}
                </select>
              </label>
              <label>
                Agency{' '}
                <select value={agency} onChange={(e) => setAgency(e.target.value as SourceAgency | '')}>
                  <option value="">any agency</option>
                  <Options values={agencies} labels={AGENCY_LABELS} />
                </select>
              </label>
              <span className="muted" role="status">
                {shown.length} of {all.length} targets
              </span>
            </div>
            {shown.length === 0 && <p className="muted">No target matches.</p>}
            <ul className="dis-targets">
              {shown.map((t) => (
                <TargetCard key={t.id} t={t} href={hrefOf('disruption', t.id)} onOpen={follow(t.id)} highlight={(a) => (status !== '' || agency !== '') && matches(a, status, agency)} />
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}

function TargetCard({ t, href, onOpen, highlight }: { t: TargetFeature; href: string; onOpen: (e: MouseEvent<HTMLAnchorElement>) => void; highlight: (a: Action) => boolean }) {
  const p = t.properties;
  const overdue = p.actions.filter((a) => a.overdue).length;
  const about = p.premisesName ?? p.plate ?? p.areaName;
  return (
    <li className="dis-card" data-testid="disruption-target">
      <div className="dis-card__head">
        <a href={href} onClick={onOpen} className="dis-card__name">
          {p.name}
        </a>
        <span className={`dis-badge dis-badge--${p.status}`}>{p.status === 'completed' ? 'Completed' : 'Open'}</span>
        {overdue > 0 && <span className="dis-badge dis-badge--overdue">{overdue} overdue</span>}
      </div>
      <p className="dis-card__meta">
        {DISRUPTION_TARGET_KIND_LABELS[p.kind]}
        {about ? ` · ${about}` : ''} · {p.actions.length} {p.actions.length === 1 ? 'action' : 'actions'}
      </p>
      {p.actions.length > 0 && (
        <ul className="dis-actions">
          {p.actions.map((a) => (
            <li key={a.id} className={['dis-action', a.overdue ? 'dis-action--overdue' : '', highlight(a) ? 'dis-action--match' : ''].filter(Boolean).join(' ')}>
              <span className="dis-action__type">{DISRUPTION_ACTION_LABELS[a.type]}</span>
              <span>{AGENCY_LABELS[a.ownerAgency]}</span>
              <span>due {a.dueDate}</span>
              <span className={`dis-status dis-status--${a.status}`}>{a.overdue ? 'Overdue' : DISRUPTION_ACTION_STATUS_LABELS[a.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
