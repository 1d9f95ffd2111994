import { formatDateTime } from '../format';
import { SUBMISSION_STATUS_LABELS } from '../../../server/lists';
import { ErrorMessage } from '../components/ErrorMessage';
import { useRemote } from '../useRemote';
import { myReports } from './api';
import './partner.css';

const when = formatDateTime;

/** A partner's own reports: reference, status and the message the police wrote for them. Nothing else. */
export function MyReports() {
  const list = useRemote('my-reports', myReports);
  return (
    <div className="partner card">
      <h1>My reports</h1>
      {list.error && <ErrorMessage error={list.error} />}
      {list.loading && !list.data && <p role="status">Loading…</p>}
      {list.data && list.data.items.length === 0 && <p>You have not sent any reports yet.</p>}
      <ul className="partner__reports" data-testid="my-reports">
        {list.data?.items.map((s) => (
          <li key={s.id} className="partner__report" data-status={s.status}>
            <div className="partner__report-head">
              <strong>{s.reference}</strong>
              <span className={`status status--${s.status}`}>{SUBMISSION_STATUS_LABELS[s.status]}</span>
            </div>
            <p className="hint">Sent {when(s.receivedAt)}</p>
            <p className="partner__report-text">{s.report.description}</p>
            {s.outcomeMessage && (
              <p className="partner__message">
                <span className="hint">Message from the police: </span>
                {s.outcomeMessage}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
