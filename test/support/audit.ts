import { auditHash, GENESIS_HASH, type AuditContent, type ChainRow } from '../../server/audit/hash.js';

/** The rows of an intact audit chain holding these contents in order, ids from 1. */
export function chainOf(contents: readonly AuditContent[]): ChainRow[] {
  let prev = GENESIS_HASH;
  return contents.map((c, i) => {
    const hash = auditHash(prev, c);
    const row = { ...c, id: i + 1, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}
