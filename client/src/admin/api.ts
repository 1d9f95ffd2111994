/**
 * The security and accountability endpoints (users, tokens, audit log, review),
 * typed; every call goes through `../api`'s request helpers (CSRF, problem documents).
 */
import type { z } from 'zod';
import { deleteJson, getJson, patchJson, postJson } from '../api';
import type { Wire } from '../../../server/http/wire';
import type { auditQuerySchema, AuditEntry as ServerAuditEntry, AuditPage as ServerAuditPage, VerifyResult } from '../../../server/audit/schema';
import type { createUserSchema, updateUserSchema, User } from '../../../server/users/schema';
import type { ApiToken as ServerToken, createTokenSchema } from '../../../server/tokens/schema';
import type { decisionSchema, DueList, DueRecord as ServerDueRecord, RecordType, ReviewOutcome } from '../../../server/review/schema';

// ---- Users (admin) -------------------------------------------------------------------

export type AdminUser = Wire<User>;
/** The new-user form's body, before the server validates it. */
export type NewUser = z.input<typeof createUserSchema>;

export const listUsers = (signal?: AbortSignal) => getJson<{ users: AdminUser[] }>('/api/users', {}, signal).then((r) => r.users);
export const createUser = (u: NewUser) => postJson<AdminUser>('/api/users', u);
/** Role, name or status; the server refuses an admin's own role or disabling themselves. */
export const updateUser = (id: string, change: z.input<typeof updateUserSchema>) =>
  patchJson<AdminUser>(`/api/users/${encodeURIComponent(id)}`, change);
/** Sets a new password, unlocks the account and ends its sessions. */
export const resetPassword = (id: string, password: string) => postJson<void>(`/api/users/${encodeURIComponent(id)}/password`, { password });

// ---- Personal access tokens (every user, their own) -----------------------------------

export type ApiToken = Wire<ServerToken>;
export type NewToken = z.input<typeof createTokenSchema>;

export const listTokens = (signal?: AbortSignal) => getJson<{ tokens: ApiToken[] }>('/api/tokens', {}, signal).then((r) => r.tokens);
/** The secret `token` is in this answer only; the server keeps a hash. */
export const createToken = (t: NewToken) => postJson<ApiToken & { token: string }>('/api/tokens', t);
export const revokeToken = (id: string) => deleteJson(`/api/tokens/${encodeURIComponent(id)}`);

// ---- Audit log (admin) -------------------------------------------------------------------

export type AuditEntry = Wire<ServerAuditEntry>;

/** Filters of `GET /api/audit` as query text; empty ones are left out. */
export type AuditQuery = z.input<typeof auditQuerySchema>;

export type AuditPage = Wire<ServerAuditPage>;

export const searchAudit = (q: AuditQuery, signal?: AbortSignal) => getJson<AuditPage>('/api/audit', { ...q }, signal);

export type ChainStatus = VerifyResult;

export const verifyChain = (signal?: AbortSignal) => getJson<ChainStatus>('/api/audit/verify', {}, signal);

// ---- Review and retention (admin) -----------------------------------------------------------

export type { RecordType };
export type DueRecord = Wire<ServerDueRecord>;
export type ReviewDecision = z.input<typeof decisionSchema>;

export const reviewDue = (signal?: AbortSignal, limit = 100) => getJson<Wire<DueList>>('/api/review/due', { limit: String(limit) }, signal);
export const decide = (type: RecordType, id: string, d: ReviewDecision) =>
  postJson<ReviewOutcome>(`/api/review/${type}/${encodeURIComponent(id)}`, d);
