import { z } from 'zod';
import type { Role } from '../lists.js';

export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'required').max(100),
  password: z.string().min(1, 'required').max(1024),
});

export const purposeSchema = z.strictObject({
  purpose: z.string().trim().min(3, 'say in a few words why you are working (e.g. "Op Phoenix weekly tasking")').max(500),
});

// The caller's shape is the HTTP layer's (server/http/session.ts); re-exported for the domains.
export { CSRF_HEADER, SESSION_COOKIE, type AuthContext, type SessionUser } from '../http/session.js';
