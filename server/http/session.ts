import type { Role } from '../lists.js';

/** The signed-in user as a request sees them. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** What a request knows about its caller once the session cookie or access token checks out. */
export interface AuthContext {
  /** A browser session (cookie + CSRF token) or a personal access token (Bearer, no CSRF). */
  via: 'session' | 'token';
  /** Session id, or the token's id when `via` is 'token'. */
  sessionId: string;
  user: SessionUser;
  purpose: string | null;
  csrfToken: string;
}

/** The caller as the audit log names them. */
export interface Actor {
  userId: string | null;
  username: string | null;
  role: string | null;
  purpose: string | null;
  ip: string | null;
}

export const SESSION_COOKIE = 'lantern_session';
export const CSRF_HEADER = 'x-csrf-token';
