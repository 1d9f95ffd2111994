import { createContext, useContext } from 'react';
import type { ApiError, Session } from './api';

export interface SessionValue {
  session: Session;
  /** Records a purpose the server has stored, so that the header and every page show it. */
  purposeStated: (purpose: string) => void;
  /** A 401 (the session has ended) or 428 (the purpose must be stated again); other errors are ignored. */
  onSessionProblem: (err: ApiError) => void;
}

/** The signed-in session; absent while signed out (the sign-in form has none). */
export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in session, for components that are only shown inside it. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside the signed-in app');
  return value;
}

/**
 * Where a session problem goes: the app, or null when there is no session to hand it to
 * (the sign-in form, whose 401 is a wrong password; the print pages, whose 401 is a failed print).
 */
export function useSessionProblem(): ((err: ApiError) => void) | null {
  return useContext(SessionContext)?.onSessionProblem ?? null;
}

const ignore = () => {};

/** The session's handler of a 401 or 428, for code that meets them itself; it does nothing where there is no session. */
export function useReportSessionProblem(): (err: ApiError) => void {
  return useSessionProblem() ?? ignore;
}
