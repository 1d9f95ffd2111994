import { useCallback, useRef, useState } from 'react';
import { asApiError, type ApiError } from './api';
import { useSessionProblem } from './SessionContext';

export interface Submit {
  /** A request is under way: the form's button waits. */
  pending: boolean;
  /** The last failure, shown by the form (field messages beside their fields). */
  error: ApiError | null;
  /**
   * Runs `action` with `pending` set and the last error cleared; true when it succeeded.
   * A failure becomes `error` and, when it is a 401 or 428, goes to the session too.
   */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  /** Forgets the last failure. */
  reset: () => void;
}

/** The pending / error / submit cycle of a form that sends one request; `failure` titles a non-API error. */
export function useSubmit(failure: string): Submit {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const onProblem = useSessionProblem();
  const problem = useRef(onProblem);
  problem.current = onProblem;

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setPending(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (err) {
        const e = asApiError(err, failure);
        problem.current?.(e);
        setError(e);
        return false;
      } finally {
        setPending(false);
      }
    },
    [failure],
  );
  const reset = useCallback(() => setError(null), []);
  return { pending, error, run, reset };
}
