import { z } from 'zod';
import type { AuditAction, Role } from '../lists.js';

export const auditQuerySchema = z
  .strictObject({
    userId: z.uuid().optional(),
    username: z.string().trim().toLowerCase().min(1).max(100).optional(),
    action: z.string().regex(/^[a-z_]{2,30}$/, 'must be an action name such as consult or login_failed').optional(),
    targetId: z.string().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
    limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
    /**
     * Keyset paging: rows with a smaller id than this, from the previous page's `next`.
     * Bounded, so that a huge number is a 400 naming it rather than a bigint overflow (500).
     */
    before: z.string().regex(/^\d+$/, 'must be a row id').transform(Number).pipe(z.number().min(0).max(Number.MAX_SAFE_INTEGER, 'must be a row id')).optional(),
  });

/**
 * A row of the audit chain: what is hashed (all but `id` and the hashes) and its link.
 * Action and role are any text where the chain is checked, as a row may hold what an
 * attacker wrote; the trail's listing narrows them.
 */
export interface AuditRow<Action extends string = AuditAction, R extends string = Role> {
  id: number;
  at: Date;
  userId: string | null;
  username: string | null;
  role: R | null;
  action: Action;
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

/** A row of the audit trail as `GET /api/audit` lists it, newest first. */
export type AuditEntry = AuditRow;

/** `GET /api/audit`: a page of the trail; pass `next` as `before` for the next (older) page, null on the last. */
export interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
}

/** A signed checkpoint whose row now holds another hash or is gone: the chain was rewritten. */
export interface CheckpointMismatch {
  id: number;
  /** The hash the signed checkpoint holds. */
  expected: string;
  /** The row's hash now, or null when the row is gone. */
  found: string | null;
}

/** `GET /api/audit/verify`: the whole chain recomputed and compared with the signed checkpoints. */
export interface VerifyResult {
  ok: boolean;
  /** Rows before the first that cannot be trusted (all rows when ok). */
  entries: number;
  /** Rows checked. */
  checked: number;
  /** The first broken row or checkpoint mismatch (kept for older clients). */
  firstBadId?: number;
  /** Rows whose link or content does not match, in id order (the first 1000). */
  brokenIds: number[];
  brokenCount: number;
  /** Signed checkpoints compared with the chain. */
  checkpoints: number;
  /** Checkpoints whose row now holds another hash or is gone: the chain was rewritten. */
  checkpointMismatch: CheckpointMismatch[];
  /** Lines of the checkpoint file whose signature does not check (edited or forged). */
  checkpointInvalid: number[];
}
