/**
 * Where the app is (finding out, signed out, signed in) and how each event moves it.
 * The signed-in session, with its stated purpose, is held here once: the header, the
 * purpose form and every dialog that states a purpose read and change this one copy.
 */
import type { ApiError, Session } from './api.js';

export type View =
  | { kind: 'loading' }
  | { kind: 'unreachable'; error: ApiError }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: Session };

export type SessionEvent =
  | { type: 'loading' }
  | { type: 'unreachable'; error: ApiError }
  | { type: 'signed-in'; session: Session }
  | { type: 'signed-out'; notice?: string }
  /** A purpose stated (as the server stored it), or null when the server asks for it again. */
  | { type: 'purpose'; purpose: string | null }
  /** A request failed: a 401 ends the session, a 428 asks for the purpose again; others are the page's. */
  | { type: 'problem'; error: ApiError };

export const SESSION_ENDED = 'Your session has ended. Sign in again to carry on.';

export function nextView(view: View, event: SessionEvent): View {
  switch (event.type) {
    case 'loading':
      return { kind: 'loading' };
    case 'unreachable':
      return { kind: 'unreachable', error: event.error };
    case 'signed-in':
      return { kind: 'signed-in', session: event.session };
    case 'signed-out':
      return event.notice === undefined ? { kind: 'signed-out' } : { kind: 'signed-out', notice: event.notice };
    case 'purpose':
      return view.kind === 'signed-in' ? { kind: 'signed-in', session: { ...view.session, purpose: event.purpose } } : view;
    case 'problem':
      if (event.error.status === 401) return { kind: 'signed-out', notice: SESSION_ENDED };
      if (event.error.status === 428) return nextView(view, { type: 'purpose', purpose: null });
      return view;
  }
}
