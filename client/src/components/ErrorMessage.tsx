import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/** A failed request, announced to screen readers as it appears; with `onRetry`, a "Try again" button. */
export function ErrorMessage({ error, onRetry, children }: { error: ApiError; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="message message--error" role="alert">
      <p>
        <strong>{error.title}.</strong> {error.detail}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
      {children}
    </div>
  );
}
