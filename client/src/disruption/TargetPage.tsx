import { useState, type MouseEvent } from 'react';
import { disruptionAgencyOf, disruptionReach, plansDisruption } from '../../../server/auth/policy';
import { type Role } from '../../../server/lists';
import { AGENCY_LABELS, DISRUPTION_ACTION_LABELS, DISRUPTION_ACTION_STATUS_LABELS, DISRUPTION_TARGET_KIND_LABELS } from '../../../server/labels';
import { TableHead } from '../components/Table';
import { formatDateTime } from '../format';
import { useRemote } from '../useRemote';
import { hrefOf } from '../route';
import { evaluation, getTarget, type Action, type Evaluation, type TargetProps } from './api';
import { AddActionForm, LogForm } from './ActionForms';
import { TargetMap } from './TargetMap';
import { WeeklyChart } from './WeeklyChart';
import { capitalise, countText, pctText } from './words';

interface Props {
  id: string;
  role: Role;
  back: () => void;
}

const WEEK_CHOICES = [4, 8, 12, 16, 26, 52];

/** Whether the caller may log on an action (the server decides; this only hides what it would refuse). */
function mayLog(role: Role, t: TargetProps, a: Action): boolean {
  if (a.status === 'cancelled') return false;
  const reach = disruptionReach(role);
  return reach === 'all' || (reach === 'agency' && (t.view === 'full' || a.ownerAgency === disruptionAgencyOf(role)));
}

/** One target: what and where it is, the evaluation in words, chart and map, and its plan. */
export function TargetPage({ id, role, back }: Props) {
  const [version, setVersion] = useState(0);
  const [weeks, setWeeks] = useState({ before: 12, after: 12 });
  const target = useRemote(`target:${id}:${version}`, (s) => getTarget(id, s));
  const evalKey = `eval:${id}:${weeks.before}:${weeks.after}:${version}`;
  const ev = useRemote(evalKey, (s) => evaluation(id, weeks, s));
  const [logging, setLogging] = useState<string | null>(null);
  const changed = () => setVersion((v) => v + 1);
  const goBack = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    back();
  };

  const t = target.data?.properties;
  const plans = plansDisruption(role);
  const e = ev.data;

  return (
    <div className="disruption">
      <p>
        <a href={hrefOf('disruption')} onClick={goBack}>
          ← Disruption board
        </a>
      </p>
      {target.error && (
        <p className="message message--error" role="alert">
          {target.error.detail}
        </p>
      )}
      {!t && !target.error && <p className="loading">Loading the target…</p>}
      {t && (
        <>
          <div className="disruption__head">
            <h1>{t.name}</h1>
            <span className={`dis-badge dis-badge--${t.status}`}>{t.status === 'completed' ? 'Completed' : 'Open'}</span>
          </div>
          <p className="dis-card__meta">
            {DISRUPTION_TARGET_KIND_LABELS[t.kind]}
            {t.premisesName ? ` · ${t.premisesName}${t.radiusM ? `, ${t.radiusM} m round it` : ''}` : ''}
            {t.plate ? ` · ${t.plate}` : ''}
            {t.areaName ? ` · from ${t.areaName}` : ''}
            {t.view === 'area' ? ' · shown as an area; counts under 5 are not disclosed' : ''}
          </p>

          <section className="panel" aria-labelledby="dis-eval">
            <div className="dis-eval__head">
              <h2 id="dis-eval">Did it work?</h2>
              <label>
                Weeks before{' '}
                <select value={weeks.before} onChange={(x) => setWeeks((w) => ({ ...w, before: Number(x.target.value) }))}>
                  {WEEK_CHOICES.map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </label>
              <label>
                after{' '}
                <select value={weeks.after} onChange={(x) => setWeeks((w) => ({ ...w, after: Number(x.target.value) }))}>
                  {WEEK_CHOICES.map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </label>
            </div>
            {ev.error && <p className="message message--error" role="alert">{ev.error.detail}</p>}
            {!e && !ev.error && <p className="loading">Evaluating…</p>}
            {e && <EvaluationView e={e} />}
          </section>

          {e && (
            <TargetMap target={e.target.geometry} ring={e.ring.geometry} control={e.control?.geometry ?? null} controlLabel={e.control?.label ?? null} />
          )}

          <section className="panel" aria-labelledby="dis-plan">
            <h2 id="dis-plan">The plan</h2>
            {t.actions.length === 0 && <p className="muted">No actions yet.</p>}
            <ul className="dis-plan">
              {t.actions.map((a) => (
                <li key={a.id} className={`dis-plan__item${a.overdue ? ' dis-action--overdue' : ''}`} data-testid="disruption-action">
                  <div className="dis-action">
                    <span className="dis-action__type">{DISRUPTION_ACTION_LABELS[a.type]}</span>
                    <span>{AGENCY_LABELS[a.ownerAgency]}</span>
                    <span>due {a.dueDate}</span>
                    <span className={`dis-status dis-status--${a.status}`}>{a.overdue ? 'Overdue' : DISRUPTION_ACTION_STATUS_LABELS[a.status]}</span>
                    {mayLog(role, t, a) && (
                      <button type="button" className="button button--small" aria-expanded={logging === a.id} onClick={() => setLogging((x) => (x === a.id ? null : a.id))}>
                        Log what was done
                      </button>
                    )}
                  </div>
                  {a.notes && <p className="dis-plan__notes">{a.notes}</p>}
                  {a.logs && a.logs.length > 0 && (
                    <ul className="dis-logs">
                      {a.logs.map((l) => (
                        <li key={l.id}>
                          <time dateTime={l.doneAt}>{formatDateTime(l.doneAt)}</time> — {l.outcome}
                        </li>
                      ))}
                    </ul>
                  )}
                  {logging === a.id && (
                    <LogForm
                      action={a}
                      onLogged={() => {
                        setLogging(null);
                        changed();
                      }}
                    />
                  )}
                </li>
              ))}
            </ul>
            {plans && <AddActionForm targetId={id} onAdded={changed} />}
          </section>
        </>
      )}
    </div>
  );
}

/** The verdict in words, then the figures behind it and the chart. */
function EvaluationView({ e }: { e: Evaluation }) {
  const rows = [
    { name: 'Target', r: e.target },
    ...(e.control ? [{ name: capitalise(e.control.label ?? e.control.name), r: e.control }] : []),
    { name: `Ring ${e.ring.innerM}–${e.ring.outerM} m`, r: e.ring },
  ];
  const ci = (x: { estimate: number | null; low: number | null; high: number | null }) =>
    x.estimate === null ? 'not available' : `${pctText(x.estimate)} (95 % CI ${pctText(x.low)} to ${pctText(x.high)})`;
  return (
    <>
      <p className={`dis-verdict dis-verdict--${e.verdict.effect} dis-verdict--${e.verdict.displacement}`} data-testid="disruption-verdict">
        {e.verdict.text}
      </p>
      {e.windows && (
        <>
          <div className="table-wrap">
            <table className="table dis-figures">
              <TableHead
                columns={[
                  'Sightings',
                  `${e.windows.before.weeks} weeks before`,
                  `After${e.windows.after.complete ? ` (${e.windows.after.weeks} weeks)` : ` (${Math.floor(e.windows.after.weeksSoFar)} weeks so far)`}`,
                  'Change a week',
                ]}
              />
              <tbody>
                {rows.map(({ name, r }) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{countText(r.before)}</td>
                    <td>{countText(r.after)}</td>
                    <td>{pctText(r.changePct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="dis-stats">
            <dt>Target against comparison (difference in differences)</dt>
            <dd title={e.did.method}>{ci(e.did)}</dd>
            <dt>Ring against comparison</dt>
            <dd>{ci(e.ring.did)}</dd>
            <dt>Weighted displacement quotient</dt>
            <dd title={e.wdq.method}>{wdqText(e)}</dd>
          </dl>
          <WeeklyChart weekly={e.windows.weekly} controlLabel={e.control?.label ?? null} />
        </>
      )}
    </>
  );
}

/**
 * The quotient with Bowers and Johnson's reading of it; the reading only where the
 * ring changed clearly against the comparison area (else its sign is noise).
 */
function wdqText(e: Evaluation): string {
  const q = e.wdq.value;
  if (q === null) return e.wdq.suppressed ? 'withheld: counts under 5' : 'not computed: the target did not fall against the comparison area';
  const value = q.toFixed(2).replace('-', '−');
  const clear = e.ring.did.direction === 'rise' || e.ring.did.direction === 'fall';
  return clear ? `${value} (${(e.wdq.band ?? '').replace(/_/g, ' ')})` : `${value} (no clear change in the ring)`;
}
