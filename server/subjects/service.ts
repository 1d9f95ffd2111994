import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Role, SubjectLinkRole } from '../lists.js';
import { conflict, forbidden, notFound, unprocessable, type FieldError } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { mayReadSubjects } from '../auth/policy.js';
import { reviewDue } from '../time/review.js';
import * as repo from './repo.js';
import type { CreateLink, CreateSubject, PatchSubject, SearchSubjects, SightingSubjectInput, SubjectDetail, SubjectSummary } from './schema.js';
import { DEFAULT_SUBJECT_PAGE } from './schema.js';

/**
 * The MoPI review date of a subject made now: the records' rule (time/review.ts). A subject
 * has no intelligence assessment, so no per-assessment period applies, only the default.
 */
export const subjectReviewDue = (config: Config, from = new Date()): string => reviewDue(from, 'C', config.reviewMonths, {});

/** Refuses anyone but subject readers (analysts, admins), whatever the route let through. */
function mustRead(role: Role | null): void {
  if (!mayReadSubjects(role)) throw forbidden(`The ${role} role does not see subjects.`);
}

/** The display name is for subject readers only: the one place that decides it. */
export function visibleSubject<T extends { displayName?: string | null }>(role: Role | null, s: T): T {
  if (mayReadSubjects(role)) return s;
  const { displayName: _hidden, ...rest } = s;
  return rest as T;
}

/** Unique force references: a second subject with one is a 409 naming `ref`. */
function dbFieldError(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'subjects_ref_key') {
    throw conflict('A subject with this ref already exists.', [{ path: 'ref', message: 'already used by another subject' }]);
  }
  throw err;
}

export async function create(db: Db, config: Config, c: Caller, v: CreateSubject): Promise<{ id: string }> {
  mustRead(c.role);
  const id = await db.knex
    .transaction(async (trx) => {
      const id = await repo.insert(trx, {
        kind: v.kind,
        ref: v.ref ?? null,
        description: v.description,
        display_name: v.displayName ?? null,
        review_due: subjectReviewDue(config),
        created_by: c.userId,
      });
      await recordIn(trx, c, { action: 'create', targetType: 'subject', targetIds: [id], query: { kind: v.kind }, outcome: 'ok' });
      return id;
    })
    .catch(dbFieldError);
  return { id };
}

export async function search(db: Db, c: Caller, v: SearchSubjects): Promise<{ items: SubjectSummary[]; total: number; limit: number; offset: number }> {
  mustRead(c.role);
  const limit = v.limit ?? DEFAULT_SUBJECT_PAGE;
  const offset = v.offset ?? 0;
  const page = await repo.search(db.knex, v.q || undefined, limit, offset);
  await record(db, c, { action: 'search', targetType: 'subject', query: { q: v.q, limit, offset, returned: page.items.length, total: page.total }, outcome: 'ok' });
  return { items: page.items.map((s) => visibleSubject(c.role, s)), total: page.total, limit, offset };
}

export async function get(db: Db, c: Caller, id: string): Promise<SubjectDetail> {
  mustRead(c.role);
  const found = await repo.findById(db.knex, id);
  await record(db, c, { action: 'consult', targetType: 'subject', targetIds: [id], outcome: found ? 'ok' : 'not found' });
  if (!found) throw notFound(`No subject ${id}.`);
  return visibleSubject(c.role, { ...found, links: await repo.links(db.knex, id) });
}

export async function update(db: Db, c: Caller, id: string, v: PatchSubject): Promise<SubjectDetail> {
  mustRead(c.role);
  const ok = await db.knex
    .transaction(async (trx) => {
      const ok = await repo.update(trx, id, { kind: v.kind, ref: v.ref, description: v.description, display_name: v.displayName });
      await recordIn(trx, c, { action: 'update', targetType: 'subject', targetIds: [id], query: { fields: Object.keys(v) }, outcome: ok ? 'ok' : 'not found' });
      return ok;
    })
    .catch(dbFieldError);
  if (!ok) throw notFound(`No subject ${id}.`);
  const found = (await repo.findById(db.knex, id))!;
  return visibleSubject(c.role, { ...found, links: await repo.links(db.knex, id) });
}

/** Links the subject, in a role, to one sighting, intel record or vehicle. */
export async function link(db: Db, c: Caller, id: string, v: CreateLink): Promise<{ linkId: string }> {
  mustRead(c.role);
  const [type, targetId, path] = v.sightingId
    ? (['sighting', v.sightingId, 'sightingId'] as const)
    : v.intelId
      ? (['intel', v.intelId, 'intelId'] as const)
      : (['vehicle', v.vehicleId!, 'vehicleId'] as const);
  if ((await repo.missingSubjects(db.knex, [id])).length) throw notFound(`No subject ${id}.`);
  if (!(await repo.targetExists(db.knex, type, targetId))) throw unprocessable(`No ${type} ${targetId}.`, [{ path, message: `no ${type} with this id` }]);
  const linkId = await db.knex.transaction(async (trx) => {
    const linkId = await repo.insertLink(trx, { subjectId: id, role: v.role, [path]: targetId, createdBy: c.userId });
    if (linkId) await recordIn(trx, c, { action: 'update', targetType: 'subject', targetIds: [id], query: { link: { role: v.role, type, id: targetId, linkId } }, outcome: 'ok' });
    return linkId;
  });
  if (!linkId) throw conflict(`Subject ${id} is already linked to ${type} ${targetId} as ${v.role}.`, [{ path: 'role', message: 'this link exists already' }]);
  return { linkId };
}

export async function unlink(db: Db, c: Caller, id: string, linkId: string): Promise<void> {
  mustRead(c.role);
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.deleteLink(trx, id, linkId);
    await recordIn(trx, c, { action: 'update', targetType: 'subject', targetIds: [id], query: { unlink: linkId }, outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`No link ${linkId} of subject ${id}.`);
}

/** What a sighting's writer sent about its subjects: links by id, and force references (`seen_with`). */
export interface SightingSubjectsInput {
  subjects?: SightingSubjectInput[];
  subjectRefs?: string[];
}

/** Whether the body says anything about subjects (then it replaces the sighting's links). */
export const mentionsSubjects = (v: SightingSubjectsInput): boolean => v.subjects !== undefined || v.subjectRefs !== undefined;

/**
 * Checks a sighting body's subjects before anything is written: only subject readers may
 * send them, and each subjectId must be a live subject (422 naming `subjects.<n>.subjectId`).
 */
export async function checkSightingSubjects(knex: Knex, role: Role | null, v: SightingSubjectsInput): Promise<void> {
  if (!mentionsSubjects(v)) return;
  if (!mayReadSubjects(role)) {
    const fields = [...(v.subjects !== undefined ? ['subjects'] : []), ...(v.subjectRefs !== undefined ? ['subjectRefs'] : [])];
    throw forbidden(`The ${role} role may not link subjects (${fields.join(', ')}).`);
  }
  const ids = (v.subjects ?? []).map((s) => s.subjectId);
  const missing = new Set(await repo.missingSubjects(knex, ids));
  const errors: FieldError[] = ids.flatMap((sid, n) => (missing.has(sid) ? [{ path: `subjects.${n}.subjectId`, message: 'no subject with this id' }] : []));
  if (errors.length) throw unprocessable(`Unknown subjects: ${[...missing].join(', ')}.`, errors);
}

/**
 * Sets a sighting's links, inside the caller's transaction, to its subjects and its references
 * (each reference's subject found, or made as an unknown adult, and linked as seen with).
 * Call checkSightingSubjects first.
 */
export async function setSightingLinks(trx: Knex.Transaction, config: Config, c: Caller, sightingId: string, v: SightingSubjectsInput): Promise<void> {
  if (!mentionsSubjects(v)) return;
  const refs = [...new Set(v.subjectRefs ?? [])];
  const byRef = await repo.findOrCreateByRefs(trx, refs, subjectReviewDue(config), c.userId);
  const links: { subjectId: string; role: SubjectLinkRole }[] = [
    ...(v.subjects ?? []),
    ...refs.map((ref) => ({ subjectId: byRef.get(ref)!, role: 'seen_with' as const })),
  ];
  await repo.replaceSightingLinks(trx, sightingId, links, c.userId);
}
