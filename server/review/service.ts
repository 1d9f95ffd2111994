import type { Db } from '../db/index.js';
import { notFound, unprocessable } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import * as repo from './repo.js';
import { RECORD_TYPES, type Decision, type DueList, type DueRecord, type RecordType, type ReviewOutcome } from './schema.js';

export async function listDue(db: Db, actor: Caller, type: RecordType | undefined, limit: number): Promise<DueList> {
  const out = { items: [] as DueRecord[], total: 0 };
  for (const t of type ? [type] : RECORD_TYPES) {
    const r = await repo.due(db.knex, t, limit);
    out.items.push(...r.items);
    out.total += r.total;
  }
  out.items = out.items.sort((a, b) => a.reviewDue.localeCompare(b.reviewDue)).slice(0, limit);
  await record(db, actor, { action: 'search', targetType: 'review', query: { type, limit, returned: out.items.length, total: out.total }, outcome: 'ok' });
  return out;
}

/** Records a MoPI review decision: retain until a later date, or dispose. */
export async function decide(db: Db, actor: Caller, type: RecordType, id: string, d: Decision): Promise<ReviewOutcome> {
  const today = new Date().toISOString().slice(0, 10);
  if (d.decision === 'retain' && d.reviewDue <= today) {
    throw unprocessable('A retained record needs a review date in the future.', [{ path: 'reviewDue', message: 'must be after today' }]);
  }
  const result = await db.knex.transaction(async (trx) => {
    const previous = await repo.currentReviewDue(trx, type, id);
    if (!previous) return undefined;
    const next = d.decision === 'retain' ? d.reviewDue : null;
    if (d.decision === 'retain') await repo.retain(trx, type, id, d.reviewDue);
    else await repo.dispose(trx, type, id);
    await repo.insertDecision(trx, { type, id, decision: d.decision, reason: d.reason, previous, next, by: actor.userId });
    await recordIn(trx, actor, { action: 'review', targetType: type, targetIds: [id], query: { decision: d.decision, reason: d.reason, previous, next }, outcome: 'ok' });
    return { id, decision: d.decision, reviewDue: next };
  });
  if (!result) throw notFound(`No ${type} ${id} awaiting review.`);
  return result;
}
