import type { Knex } from 'knex';
import type { DueRecord, RecordType } from './schema.js';
import { dispose as disposeSubject } from '../subjects/repo.js';

const TABLE: Record<RecordType, string> = { sighting: 'sightings', intel: 'intel', subject: 'subjects' };
const LABEL: Record<RecordType, string> = { sighting: 'category', intel: 'summary', subject: `coalesce(ref || ': ', '') || description` };
/** A subject has no grading: its columns are null. */
const GRADING: Record<RecordType, string> = {
  sighting: 'source_eval as "sourceEval", intel_assessment as "intelAssessment", handling_code as "handlingCode"',
  intel: 'source_eval as "sourceEval", intel_assessment as "intelAssessment", handling_code as "handlingCode"',
  subject: 'null::smallint as "sourceEval", null::text as "intelAssessment", null::text as "handlingCode"',
};

/** Live, undisposed records whose review date has passed, oldest first. */
export async function due(knex: Knex, type: RecordType, limit: number): Promise<{ items: DueRecord[]; total: number }> {
  const t = TABLE[type];
  const where = `deleted_at is null and disposed_at is null and review_due <= current_date`;
  const r = await knex.raw(
    `select ?::text as type, id, to_char(review_due, 'YYYY-MM-DD') as "reviewDue", created_at as "createdAt",
       ${LABEL[type]} as label, ${GRADING[type]}
     from ${t} where ${where} order by review_due, id limit ?`,
    [type, limit],
  );
  const c = await knex.raw(`select count(*) as n from ${t} where ${where}`);
  return { items: r.rows, total: c.rows[0].n };
}

export async function currentReviewDue(trx: Knex.Transaction, type: RecordType, id: string): Promise<string | undefined> {
  const r = await trx.raw(
    `select to_char(review_due, 'YYYY-MM-DD') as d from ${TABLE[type]} where id = ? and deleted_at is null and disposed_at is null for update`,
    [id],
  );
  return r.rows[0]?.d;
}

export async function retain(trx: Knex.Transaction, type: RecordType, id: string, reviewDue: string): Promise<void> {
  await trx(TABLE[type]).update({ review_due: reviewDue, updated_at: trx.fn.now() }).where({ id });
}

/**
 * Disposal keeps a row for the statistics but nothing that identifies: no narrative,
 * no subjects, no links, and the point moved to the centre of its 1 km
 * British National Grid square. A subject keeps its kind and dates only.
 */
export async function dispose(trx: Knex.Transaction, type: RecordType, id: string): Promise<void> {
  const coarse = `case when geom is null then null else ST_Transform(ST_SetSRID(ST_MakePoint(
      floor(ST_X(ST_Transform(geom, 27700)) / 1000) * 1000 + 500,
      floor(ST_Y(ST_Transform(geom, 27700)) / 1000) * 1000 + 500), 27700), 4326) end`;
  if (type === 'subject') {
    await disposeSubject(trx, id);
  } else if (type === 'sighting') {
    await trx.raw('delete from subject_links where sighting_id = ?', [id]);
    await trx.raw(
      `update sightings set narrative = null, premises_id = null, vehicle_id = null,
         geom = ${coarse}, precision_m = 1000, disposed_at = now(), updated_at = now() where id = ?`,
      [id],
    );
  } else {
    await trx.raw('delete from subject_links where intel_id = ?', [id]);
    await trx.raw(
      `update intel set narrative = null, summary = '[disposed after review]', geom = ${coarse},
         disposed_at = now(), updated_at = now() where id = ?`,
      [id],
    );
  }
}

export async function insertDecision(
  trx: Knex.Transaction,
  d: { type: RecordType; id: string; decision: string; reason: string; previous: string; next: string | null; by: string | null },
): Promise<void> {
  await trx('review_decisions').insert({
    record_type: d.type,
    record_id: d.id,
    decision: d.decision,
    reason: d.reason,
    previous_review_due: d.previous,
    new_review_due: d.next,
    decided_by: d.by,
  });
}
