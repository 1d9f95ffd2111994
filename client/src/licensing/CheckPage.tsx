import { useState, type FormEvent } from 'react';
import { useReportSessionProblem } from '../SessionContext';
import { asApiError, isPurposeRequired, isUnauthenticated, type ApiError } from '../api';
import { saveFile } from '../saveFile';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate } from '../format';
import { LICENCE_STATUS_LABELS } from '../../../server/labels';
import type { Page } from '../route';
import { downloadCheck, runCheck, type CheckResult } from './api';
import './licensing.css';

interface Props {
  goTo: (to: Page, sub?: string) => void;
}

const FLAG_LABELS: Record<string, string> = {
  invalid: 'Not a plate',
  not_found: 'Not found',
  no_licence_number: 'No licence number',
  sightings: 'Sightings',
  recent_sightings: 'Recent sightings',
  makesafe: 'Makesafe indicators',
  intel: 'Intelligence held',
};
const flagLabel = (f: string) => FLAG_LABELS[f] ?? (f.startsWith('licence_') ? `Licence ${LICENCE_STATUS_LABELS[f.slice(8) as keyof typeof LICENCE_STATUS_LABELS]?.toLowerCase() ?? f.slice(8)}` : f);

/** Bulk check: a CSV of licence references or plates in, a table of counts and flags out, downloadable as CSV. */
export function CheckPage({ goTo }: Props) {
  const onSessionProblem = useReportSessionProblem();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'check' | 'download' | null>(null);

  const fail = (err: unknown) => {
    if (isUnauthenticated(err) || isPurposeRequired(err)) onSessionProblem(err);
    else setError(asApiError(err, 'Check failed'));
  };

  async function check(e: FormEvent) {
    e.preventDefault();
    setBusy('check');
    setError(null);
    try {
      setResult(await runCheck(csv));
    } catch (err) {
      setResult(null);
      fail(err);
    } finally {
      setBusy(null);
    }
  }

  async function download() {
    setBusy('download');
    setError(null);
    try {
      saveFile(await downloadCheck(csv));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="lic lic-check">
      <div className="lic-toolbar no-print">
        <a href="/licensing" onClick={(e) => { e.preventDefault(); goTo('licensing'); }}>← Look-up</a>
      </div>
      <h1>Bulk check of licences and plates</h1>
      <form className="lic-card" onSubmit={check}>
        <p>
          Upload a CSV file with a header row and a <code>licence_ref</code> or a <code>plate</code> column (or both), or paste one below.
          Each is counted over the last year: sightings within 100 m of a premises or linked to it, sightings linked to a vehicle, Makesafe indicators and intelligence.
          Downloading the table is recorded as a disclosure.
        </p>
        <label>
          CSV file
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="check-file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              setFileName(f.name);
              setCsv(await f.text());
            }}
          />
        </label>
        <label>
          Or paste
          <textarea rows={6} value={csv} onChange={(e) => { setCsv(e.target.value); setFileName(null); }} placeholder={'licence_ref,plate\nSYN-LIC-0001,\n,AB12 CDE'} spellCheck={false} />
        </label>
        <div className="lic-actions">
          <button type="submit" className="button button--primary" disabled={!csv.trim() || busy !== null}>{busy === 'check' ? 'Checking…' : `Check${fileName ? ` ${fileName}` : ''}`}</button>
          <button type="button" className="button" onClick={download} disabled={!result || busy !== null}>{busy === 'download' ? 'Preparing…' : 'Download as CSV'}</button>
        </div>
      </form>
      {error && <ErrorMessage error={error} />}
      {result && (
        <section className="lic-card" aria-labelledby="lic-check-h">
          <h2 id="lic-check-h">
            {formatCount(result.rows.length)} checked, {formatCount(result.rows.filter((r) => r.found).length)} found · {formatDate(new Date(result.period.from))} to {formatDate(new Date(result.period.to))}
          </h2>
          <div className="lic-scroll">
            <table className="lic-table" data-testid="check-table">
              <thead>
                <tr>
                  <th scope="col">Row</th><th scope="col">Given</th><th scope="col">Found</th><th scope="col">Licence</th>
                  <th scope="col" className="num">Sightings</th><th scope="col" className="num">Last {result.recentDays} days</th>
                  <th scope="col" className="num">Makesafe</th><th scope="col" className="num">Intel</th><th scope="col">Flags</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={`${r.row}-${r.kind}`} className={r.found ? undefined : 'lic-row--missing'}>
                    <td>{r.row}</td>
                    <td><code>{r.input}</code></td>
                    <td>
                      {r.found && r.id ? (
                        <a href={`/licensing/${r.kind === 'plate' ? 'vehicles' : 'premises'}/${r.id}`} onClick={(e) => { e.preventDefault(); goTo('licensing', `${r.kind === 'plate' ? 'vehicles' : 'premises'}/${r.id}`); }}>
                          {r.kind === 'plate' ? `${r.plate}${r.name ? ` ${r.name}` : ''}` : r.name}
                        </a>
                      ) : '—'}
                      {r.operator && <span className="lic-meta"> · {r.operator}</span>}
                    </td>
                    <td>{r.licenceStatus ? LICENCE_STATUS_LABELS[r.licenceStatus] : '—'}{r.kind === 'plate' && r.licenceStatus ? ' (operator)' : ''}</td>
                    <td className="num">{r.sightings}</td>
                    <td className="num">{r.recentSightings}</td>
                    <td className="num">{r.makesafeIndicators}</td>
                    <td className="num">{r.intel}</td>
                    <td>{r.flags.map((f) => <span key={f} className={`lic-flag lic-flag--${f.startsWith('licence_') ? 'licence' : f}`}>{flagLabel(f)}</span>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
