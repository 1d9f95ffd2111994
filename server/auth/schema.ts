import { z } from 'zod';

export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'required').max(100),
  password: z.string().min(1, 'required').max(1024),
});

export const purposeSchema = z.strictObject({
  purpose: z.string().trim().min(3, 'say in a few words why you are working (e.g. "Op Phoenix weekly tasking")').max(500),
});

// The session's shapes are the HTTP layer's (server/http/session.ts, auth.ts); re-exported for the domains.
export { CSRF_HEADER, SESSION_COOKIE, type SessionUser } from '../http/session.js';
import type { SessionUser } from '../http/session.js';
export type { Caller } from '../http/auth.js';

/** `POST /api/auth/login`: who signed in, and the token the client sends back on every write. */
export interface LoginResponse {
  user: SessionUser;
  csrfToken: string;
}

/** `GET /api/auth/me`: the session carried on, with its stated purpose. */
export interface MeResponse extends LoginResponse {
  purpose: string | null;
}
