import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { auditHash, brokenLinks, GENESIS_HASH, type AuditContent } from './hash.js';
import { checkpointerOf, compareWithCheckpoints, type CheckpointStore } from './checkpoint.js';
import type { VerifyResult } from './schema.js';
import * as repo from './repo.js';
import type { AuditAction } from '../lists.js';
import { NOBODY, type Caller } from '../http/auth.js';

/** The caller the CLI, imports and the demo act as: no user, named "system" in the log. */
export const SYSTEM_ACTOR: Caller = { ...NOBODY, username: 'system' };

export type { AuditAction };

export interface AuditEvent {
  action: AuditAction;
  targetType?: string;
  targetIds?: string[];
  query?: unknown;
  outcome: string;
}

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

/** ES2024's String.prototype.toWellFormed (Node 20 has it; the compile target's lib does not declare it). */
const wellFormed = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();

function normaliseText(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value).replaceAll('\u0000', '\\0');
  if (Array.isArray(value)) return value.map(normaliseText);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseText(k), normaliseText(v)]));
  }
  return value;
}

/**
 * The value exactly as the database will give it back, so that what is hashed is what
 * is stored. UTF-8 cannot carry a lone surrogate: `pg` writes U+FFFD for it in text and
 * jsonb refuses its `\ud800` escape, so the hash of the raw string never matched the row
 * (a broken chain from outside, with one sign-in). Every string, object key and nested
 * value is made well-formed (lone surrogates become U+FFFD) and loses its NULs; JSON
 * values first go through JSON itself, so toJSON, undefined and Dates become what
 * jsonb holds.
 */
export function storable<T>(value: T): T {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string') return normaliseText(value) as T;
  const json = JSON.stringify(value);
  // What JSON cannot hold at all (a function, a symbol) is stored, and hashed, as null.
  return (json === undefined ? null : normaliseText(JSON.parse(json))) as T;
}

const text = (s: string | null): string | null => (s === null ? null : storable(s));

/**
 * Appends one row to the hash chain. Pass the transaction of the change being
 * audited so that the change and its audit row commit or fail together.
 */
export async function recordIn(trx: Knex.Transaction, actor: Caller, e: AuditEvent): Promise<number> {
  return (await appendIn(trx, actor, e)).id;
}

async function appendIn(trx: Knex.Transaction, actor: Caller, e: AuditEvent): Promise<{ id: number; hash: string }> {
  // The lock serialises appenders across every process until this transaction ends, so
  // the head read here is still the head when audit_append (which checks it) runs.
  await repo.lockChain(trx);
  const prev = (await repo.lastHash(trx)) ?? GENESIS_HASH;
  const content: AuditContent = {
    at: new Date(),
    userId: text(actor.userId),
    username: text(actor.username),
    role: text(actor.role),
    action: storable(e.action),
    targetType: text(e.targetType ?? null),
    targetIds: (e.targetIds ?? []).map((id) => storable(id)),
    query: storable(e.query ?? null),
    purpose: text(actor.purpose),
    outcome: storable(e.outcome),
    ip: text(actor.ip),
  };
  const hash = auditHash(prev, content);
  return { id: await repo.append(trx, content, prev, hash), hash };
}

/** Appends one row in a transaction of its own (reads, denials, sign-ins). */
export async function record(db: Db, actor: Caller, e: AuditEvent): Promise<number> {
  const row = await db.knex.transaction((trx) => appendIn(trx, actor, e));
  // Only now has the row committed: a checkpoint may name it.
  checkpointerOf(db)?.afterAppend(row.id, row.hash);
  return row.id;
}

/** At most this many broken row ids are listed; `brokenCount` has them all. */
const MAX_LISTED = 1000;

export interface VerifyOptions {
  pageSize?: number;
  /** Checkpoints to check against; default those attached to the database, if any. */
  checkpoints?: CheckpointStore | null;
}

/**
 * Recomputes the whole chain page by page, so memory stays flat however long it is,
 * reporting every broken row, then compares it with every signed checkpoint.
 */
export async function verify(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 5000;
  const store = opts.checkpoints === undefined ? checkpointerOf(db)?.store : opts.checkpoints ?? undefined;
  const { checkpoints, invalidLines } = store ? store.readAll() : { checkpoints: [], invalidLines: [] };
  const wanted = new Set(checkpoints.map((c) => c.id));
  const found = new Map<number, string>();

  let prev = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  let brokenCount = 0;
  const brokenIds: number[] = [];
  for (;;) {
    const page = await repo.chainPage(db.knex, afterId, pageSize);
    if (page.length === 0) break;
    const r = brokenLinks(page, prev);
    brokenCount += r.brokenIds.length;
    brokenIds.push(...r.brokenIds.slice(0, MAX_LISTED - brokenIds.length));
    for (const row of page) if (wanted.has(row.id)) found.set(row.id, row.hash);
    checked += r.checked;
    prev = r.lastHash;
    afterId = page[page.length - 1]!.id;
  }
  const checkpointMismatch = compareWithCheckpoints(checkpoints, (id) => found.get(id));
  const firstBadId = [brokenIds[0], ...checkpointMismatch.map((m) => m.id)].reduce<number | undefined>((a, b) => (b === undefined ? a : a === undefined ? b : Math.min(a, b)), undefined);
  const ok = brokenCount === 0 && checkpointMismatch.length === 0 && invalidLines.length === 0;
  return {
    ok,
    entries: firstBadId === undefined ? checked : await repo.countBefore(db.knex, firstBadId),
    checked,
    ...(firstBadId === undefined ? {} : { firstBadId }),
    brokenIds,
    brokenCount,
    checkpoints: checkpoints.length,
    checkpointMismatch,
    checkpointInvalid: invalidLines,
  };
}

/** One line for the audit row and the command line: what verification found. */
export function describeVerify(r: VerifyResult): string {
  if (r.ok) return `ok (${r.entries} entries, ${r.checkpoints} checkpoints)`;
  const parts = [`broken at ${r.firstBadId ?? 'checkpoint file'}`];
  if (r.brokenCount) parts.push(`${r.brokenCount} broken row(s): ${r.brokenIds.slice(0, 20).join(', ')}${r.brokenCount > 20 ? ', …' : ''}`);
  if (r.checkpointMismatch.length) parts.push(`checkpoint mismatch at row(s) ${r.checkpointMismatch.slice(0, 20).map((m) => m.id).join(', ')}`);
  if (r.checkpointInvalid.length) parts.push(`checkpoint file line(s) with a bad signature: ${r.checkpointInvalid.slice(0, 20).join(', ')}`);
  return parts.join('; ');
}

/** The hash of the newest audit row: a backup and its restore must agree on it. */
export async function chainHead(db: Db): Promise<string | undefined> {
  return db.knex.transaction((trx) => repo.lastHash(trx));
}

export type AuditOwnershipStatus =
  | { status: 'embedded' }
  | { status: 'secured'; changed: boolean; schemaOwner: string; schemaOwnerIsSuperuser: boolean }
  | { status: 'not-permitted'; currentUser: string; tableOwner: string };

/**
 * On PostgreSQL, makes sure the NOLOGIN audit owner owns audit_log and its functions,
 * so that the application's role cannot disable the append-only triggers, edit rows
 * or replace the functions. Run by every `migrate`: a superuser's run transfers
 * ownership; anyone else's leaves it as it is and is told why.
 */
export async function secureAuditLog(db: Db): Promise<AuditOwnershipStatus> {
  // PGlite has one user, a superuser, in one process: ownership protects nothing there.
  if (db.kind !== 'postgres') return { status: 'embedded' };
  const before = await repo.ownership(db.knex);
  const owned = [before.tableOwner, before.triggerFunctionOwner, before.appendFunctionOwner].every((o) => o === repo.AUDIT_OWNER);
  const schema = { schemaOwner: before.schemaOwner, schemaOwnerIsSuperuser: before.schemaOwnerIsSuperuser };
  if (owned) return { status: 'secured', changed: false, ...schema };
  try {
    await repo.transferToAuditOwner(db.knex, before.tableOwner);
    return { status: 'secured', changed: true, ...schema };
  } catch (err) {
    if ((err as { code?: string }).code !== '42501') throw err;
    return { status: 'not-permitted', currentUser: before.currentUser, tableOwner: before.tableOwner };
  }
}
