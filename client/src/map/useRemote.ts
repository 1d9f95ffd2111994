import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isPurposeRequired, isUnauthenticated } from '../api';

export interface Remote<T> {
  /** The latest answer; kept while a newer request is under way, so the map does not blank. */
  data: T | null;
  /** The key `data` answers. */
  dataKey: string | null;
  error: ApiError | null;
  loading: boolean;
  retry: () => void;
}

/**
 * Loads `key`'s data whenever the key changes (null: load nothing and clear), aborting
 * the request it replaces. A 401 or 428 goes to `onSessionProblem` (the app signs out
 * or asks for the purpose); other failures come back as `error`.
 */
export function useRemote<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  onSessionProblem: (err: ApiError) => void,
): Remote<T> {
  const [state, setState] = useState<{ data: T | null; dataKey: string | null; error: ApiError | null; loading: boolean }>({
    data: null,
    dataKey: null,
    error: null,
    loading: key !== null,
  });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const problemRef = useRef(onSessionProblem);
  problemRef.current = onSessionProblem;

  useEffect(() => {
    if (key === null) {
      setState({ data: null, dataKey: null, error: null, loading: false });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, error: null, loading: true }));
    loadRef.current(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ data, dataKey: key, error: null, loading: false });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (isUnauthenticated(err) || isPurposeRequired(err)) {
          setState((s) => ({ ...s, loading: false }));
          problemRef.current(err);
          return;
        }
        const error = err instanceof ApiError ? err : new ApiError(0, 'Request failed', String(err));
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => abort.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
