/**
 * The security and accountability endpoints (users, tokens, audit log, review),
 * typed; every call goes through `../api`'s request helpers (CSRF, problem documents).
 */
import { deleteJson, getJson, patchJson, postJson } from '../api';
import type { AuditAction, HandlingCode, IntelAssessment, Role, SourceEvaluation } from '../../../server/lists';

// ---- Users (admin) -------------------------------------------------------------------

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** ISO 8601 timestamps. */
  createdAt: string;
  lastLoginAt: string | null;
  /** Set when the account is disabled. */
  disabledAt: string | null;
  /** While failed sign-ins keep the account locked: when the lock ends. A password reset ends it at once. */
  lockedUntil: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export const listUsers = () => getJson<{ users: AdminUser[] }>('/api/users').then((r) => r.users);
export const createUser = (u: NewUser) => postJson<AdminUser>('/api/users', u);
/** Role, name or status; the server refuses an admin's own role or disabling themselves. */
export const updateUser = (id: string, change: { role?: Role; disabled?: boolean; displayName?: string }) =>
  patchJson<AdminUser>(`/api/users/${encodeURIComponent(id)}`, change);
/** Sets a new password, unlocks the account and ends its sessions. */
export const resetPassword = (id: string, password: string) => postJson<void>(`/api/users/${encodeURIComponent(id)}/password`, { password });

// ---- Personal access tokens (every user, their own) -----------------------------------

export interface ApiToken {
  id: string;
  name: string;
  purpose: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface NewToken {
  name: string;
  purpose: string;
  /** ISO 8601 with an offset; the server's default (90 days) when absent. */
  expiresAt?: string;
}

export const listTokens = () => getJson<{ tokens: ApiToken[] }>('/api/tokens').then((r) => r.tokens);
/** The secret `token` is in this answer only; the server keeps a hash. */
export const createToken = (t: NewToken) => postJson<ApiToken & { token: string }>('/api/tokens', t);
export const revokeToken = (id: string) => deleteJson(`/api/tokens/${encodeURIComponent(id)}`);

// ---- Audit log (admin) -------------------------------------------------------------------

export interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: Role | null;
  action: AuditAction;
  targetType: string | null;
  targetIds: string[];
  /** The filters of a search, the fields of a change, the path of a denial. */
  query: unknown;
  purpose: string | null;
  outcome: string;
  ip: string | null;
  prevHash: string;
  hash: string;
}

/** Filters of `GET /api/audit`; empty ones are left out. */
export interface AuditQuery {
  username?: string;
  action?: string;
  targetId?: string;
  /** ISO 8601 with an offset. */
  from?: string;
  to?: string;
  limit?: string;
  /** Keyset paging: the previous page's `next`. */
  before?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last. */
  next: number | null;
}

export const searchAudit = (q: AuditQuery) => getJson<AuditPage>('/api/audit', { ...q });

export interface ChainStatus {
  ok: boolean;
  entries: number;
  firstBadId?: number;
}

export const verifyChain = () => getJson<ChainStatus>('/api/audit/verify');

// ---- Review and retention (admin) -----------------------------------------------------------

export type RecordType = 'sighting' | 'intel';

export interface DueRecord {
  type: RecordType;
  id: string;
  /** YYYY-MM-DD */
  reviewDue: string;
  createdAt: string;
  /** A sighting's category or an intel record's summary. */
  label: string;
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
}

export type ReviewDecision = { decision: 'retain'; reviewDue: string; reason: string } | { decision: 'dispose'; reason: string };

export const reviewDue = (limit = 100) => getJson<{ items: DueRecord[]; total: number }>('/api/review/due', { limit: String(limit) });
export const decide = (type: RecordType, id: string, d: ReviewDecision) =>
  postJson<{ id: string; decision: string; reviewDue: string | null }>(`/api/review/${type}/${encodeURIComponent(id)}`, d);
