import type { Role } from '../lists.js';

/** The signed-in user as the client sees them (`GET /api/auth/me`, sign-in). */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export const SESSION_COOKIE = 'lantern_session';
export const CSRF_HEADER = 'x-csrf-token';
