import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount } from '../format';
import { verifyChain, type ChainStatus as Status } from './api';
import { asApiError } from './Field';

/**
 * The result of `GET /api/audit/verify`, shown first and large: whether every audit
 * row still links by SHA-256 to the one before, and if not the first row that does not.
 */
export function ChainStatus({ onError }: { onError: (err: ApiError) => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [checking, setChecking] = useState(true);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);

  const check = useCallback(() => {
    setChecking(true);
    setError(null);
    verifyChain().then(
      (s) => {
        setStatus(s);
        setCheckedAt(new Date());
        setChecking(false);
      },
      (err: unknown) => {
        const e = asApiError(err, 'Could not check the audit chain');
        onError(e);
        setError(e);
        setChecking(false);
      },
    );
  }, [onError]);
  useEffect(check, [check]);

  const tone = status === null ? 'unknown' : status.ok ? 'ok' : 'broken';
  return (
    <section className={`chain chain--${tone}`} aria-labelledby="chain-heading" aria-live="polite" aria-busy={checking}>
      <div className="chain__body">
        <h2 id="chain-heading" className="chain__title">
          {status === null ? (checking ? 'Checking the audit chain…' : 'Audit chain not checked') : status.ok ? 'Audit chain verified' : 'Audit chain BROKEN'}
        </h2>
        {status?.ok && (
          <p className="chain__detail">
            All {formatCount(status.entries)} entries link by SHA-256 to the one before: none has been edited or removed.
          </p>
        )}
        {status && !status.ok && (
          <p className="chain__detail">
            Row <strong>{status.firstBadId}</strong> does not match its hash or its link (after {formatCount(status.entries)} good entries). The log
            from that row on cannot be trusted: tell the security team and compare with the last backup.
          </p>
        )}
        {checkedAt && <p className="chain__when">Checked at {checkedAt.toLocaleTimeString('en-GB')}</p>}
        {error && <ErrorMessage error={error} />}
      </div>
      <button type="button" className="button" onClick={check} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>
    </section>
  );
}
