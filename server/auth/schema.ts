import { z } from 'zod';
import type { Role } from '../lists.js';

export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'required').max(100),
  password: z.string().min(1, 'required').max(1024),
});

export const purposeSchema = z.strictObject({
  purpose: z.string().trim().min(3, 'say in a few words why you are working (e.g. "Op Phoenix weekly tasking")').max(500),
});

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** What a request knows about its caller once the session cookie checks out. */
export interface AuthContext {
  /** A browser session (cookie + CSRF token) or a personal access token (Bearer, no CSRF). */
  via: 'session' | 'token';
  /** Session id, or the token's id when `via` is 'token'. */
  sessionId: string;
  user: SessionUser;
  purpose: string | null;
  csrfToken: string;
}

export const SESSION_COOKIE = 'lantern_session';
export const CSRF_HEADER = 'x-csrf-token';
