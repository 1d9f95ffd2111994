import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount } from '../format';
import { useRemote } from '../useRemote';
import { verifyChain } from './api';

/**
 * The result of `GET /api/audit/verify`, shown first and large: whether every audit
 * row still links by SHA-256 to the one before, and if not the first row that does not.
 */
export function ChainStatus() {
  const { data: status, error, loading: checking, retry: check } = useRemote('audit-chain', verifyChain);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  useEffect(() => {
    if (status) setCheckedAt(new Date());
  }, [status]);

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
