import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { auditHash, firstBrokenLink, GENESIS_HASH, type AuditContent } from './hash.js';
import * as repo from './repo.js';
import type { AuditAction } from '../lists.js';

/** Who is acting: built by the auth middleware from the session, or for the CLI. */
export interface Actor {
  userId: string | null;
  username: string | null;
  role: string | null;
  purpose: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', role: null, purpose: null, ip: null };

export type { AuditAction };

export interface AuditEvent {
  action: AuditAction;
  targetType?: string;
  targetIds?: string[];
  query?: unknown;
  outcome: string;
}

/**
 * Appends one row to the hash chain. Pass the transaction of the change being
 * audited so that the change and its audit row commit or fail together.
 */
/**
 * The value with every NUL character written as the two characters `\0`: PostgreSQL
 * text and jsonb cannot hold NUL, and a refused request's raw query must still be logged.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\\0') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  }
  return value;
}

export async function recordIn(trx: Knex.Transaction, actor: Actor, e: AuditEvent): Promise<number> {
  await repo.lockChain(trx);
  const prev = (await repo.lastHash(trx)) ?? GENESIS_HASH;
  const content: AuditContent = {
    at: new Date(),
    userId: actor.userId,
    username: actor.username,
    role: actor.role,
    action: e.action,
    targetType: e.targetType ?? null,
    targetIds: withoutNul(e.targetIds ?? []),
    query: withoutNul(e.query ?? null),
    purpose: actor.purpose,
    outcome: withoutNul(e.outcome),
    ip: actor.ip,
  };
  return repo.insert(trx, content, prev, auditHash(prev, content));
}

/** Appends one row in a transaction of its own (reads, denials, sign-ins). */
export async function record(db: Db, actor: Actor, e: AuditEvent): Promise<number> {
  return db.knex.transaction((trx) => recordIn(trx, actor, e));
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  firstBadId?: number;
}

/** Recomputes the whole chain page by page, so memory stays flat however long it is. */
export async function verify(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let entries = 0;
  for (;;) {
    const page = await repo.chainPage(db.knex, afterId, pageSize);
    if (page.length === 0) return { ok: true, entries };
    const r = firstBrokenLink(page, prev);
    if (r.firstBadId !== undefined) return { ok: false, entries: entries + page.findIndex((p) => p.id === r.firstBadId), firstBadId: r.firstBadId };
    entries += page.length;
    prev = r.lastHash;
    afterId = page[page.length - 1]!.id;
  }
}

/** The hash of the newest audit row: a backup and its restore must agree on it. */
export async function chainHead(db: Db): Promise<string | undefined> {
  return db.knex.transaction((trx) => repo.lastHash(trx));
}
