import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/** A failed request, announced to screen readers as it appears. */
export function ErrorMessage({ error, children }: { error: ApiError; children?: ReactNode }) {
  return (
    <div className="message message--error" role="alert">
      <p>
        <strong>{error.title}.</strong> {error.detail}
      </p>
      {children}
    </div>
  );
}
