import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, isSessionProblem, type ApiError } from './api';
import { useSessionProblem } from './SessionContext';

export interface Remote<T> {
  /** The latest answer; kept while a newer request is under way, so the map does not blank. */
  data: T | null;
  /** The key `data` answers. */
  dataKey: string | null;
  error: ApiError | null;
  loading: boolean;
  retry: () => void;
  /** Changes the answer held, after a change the page made itself (e.g. a row added). */
  update: (change: (data: T) => T) => void;
}

/**
 * Loads `key`'s data whenever the key changes (null: load nothing and clear), aborting
 * the request it replaces. A 401 or 428 goes to the session (the app signs out or asks
 * for the purpose); other failures, and those where there is no session, come back as `error`.
 */
export function useRemote<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Remote<T> {
  const [state, setState] = useState<{ data: T | null; dataKey: string | null; error: ApiError | null; loading: boolean }>({
    data: null,
    dataKey: null,
    error: null,
    loading: key !== null,
  });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const sessionProblem = useSessionProblem();
  const problemRef = useRef(sessionProblem);
  problemRef.current = sessionProblem;

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
        const onProblem = problemRef.current;
        if (isSessionProblem(err) && onProblem) {
          setState((s) => ({ ...s, loading: false }));
          onProblem(err);
          return;
        }
        setState((s) => ({ ...s, error: asApiError(err, 'Request failed'), loading: false }));
      },
    );
    return () => abort.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback((change: (data: T) => T) => setState((s) => (s.data === null ? s : { ...s, data: change(s.data) })), []);
  return { ...state, retry, update };
}
