import { createHash } from 'node:crypto';
import type { AuditRow } from './schema.js';

/** The hash that precedes the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** A stored row of the chain, whatever text its action and role hold. */
export type ChainRow = AuditRow<string, string>;

/** The hashed content of an audit row (everything but id and the hashes). */
export type AuditContent = Omit<ChainRow, 'id' | 'prevHash' | 'hash'>;

/** JSON with object keys sorted at every depth, so jsonb's reordering cannot change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) over the previous row's hash and this row's canonical content. */
export function auditHash(prevHash: string, c: AuditContent): string {
  const body = canonicalJson({
    at: c.at.toISOString(),
    userId: c.userId,
    username: c.username,
    role: c.role,
    action: c.action,
    targetType: c.targetType,
    targetIds: c.targetIds,
    query: c.query ?? null,
    purpose: c.purpose,
    outcome: c.outcome,
    ip: c.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Walks rows in id order and returns every row whose link or content does not match.
 * After a bad row the walk goes on from that row's stored hash (re-sync), so one edited
 * row is reported alone and every row after it is still checked: an attacker cannot
 * hide a second change behind a first.
 */
export function brokenLinks(rows: Iterable<ChainRow>, expectedPrev = GENESIS_HASH): { brokenIds: number[]; lastHash: string; checked: number } {
  let prev = expectedPrev;
  let checked = 0;
  const brokenIds: number[] = [];
  for (const row of rows) {
    checked++;
    // The content is hashed over the row's own prev_hash, so a broken link and an edited
    // row are told apart and an edit is not blamed on the row after it.
    if (row.prevHash !== prev || auditHash(row.prevHash, row) !== row.hash) brokenIds.push(row.id);
    prev = row.hash;
  }
  return { brokenIds, lastHash: prev, checked };
}

/**
 * Walks rows in id order and returns the id of the first one whose link or
 * content does not match, or undefined when the chain holds.
 */
export function firstBrokenLink(rows: Iterable<ChainRow>, expectedPrev = GENESIS_HASH): { firstBadId?: number; lastHash: string } {
  let prev = expectedPrev;
  for (const row of rows) {
    if (row.prevHash !== prev || auditHash(prev, row) !== row.hash) return { firstBadId: row.id, lastHash: prev };
    prev = row.hash;
  }
  return { lastHash: prev };
}
