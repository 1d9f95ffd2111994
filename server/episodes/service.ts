import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { record, recordIn } from '../audit/service.js';
import { mayReadSubjects } from '../auth/policy.js';
import { containsPoint, formatBBox } from '../geo/bbox.js';
import { badRequest, forbidden, notFound, unprocessable, type FieldError } from '../http/errors.js';
import type { Caller } from '../http/auth.js';
import { reviewDue } from '../time/review.js';
import * as repo from './repo.js';
import type { CreateEpisode, Episode, EpisodeFilters, FlowProperties, FoundProperties, LineFeature, PatchEpisode, PointFeature } from './schema.js';

/**
 * Missing episodes (issue 21): a child at risk's time missing, from where to where, and
 * how they came back. Analysts and admins only; every read and write is audited.
 */

/** The routes refuse other roles first; this holds the rule for any other caller of the service. */
function mustRead(caller: Caller): void {
  if (!mayReadSubjects(caller.role)) throw forbidden(`The ${caller.role} role does not see missing episodes.`);
}

/** What an audit row keeps of the filters: ids and dates as given, never notes. */
function describe(f: EpisodeFilters): Record<string, unknown> {
  return {
    ...(f.subjectId ? { subject: f.subjectId } : {}),
    ...(f.premisesId ? { premises: f.premisesId } : {}),
    ...(f.from ? { from: f.from.toISOString() } : {}),
    ...(f.to ? { to: f.to.toISOString() } : {}),
    ...(f.bbox ? { bbox: formatBBox(f.bbox) } : {}),
  };
}

export async function list(db: Db, caller: Caller, f: EpisodeFilters, limit: number): Promise<{ items: Episode[]; truncated: boolean }> {
  mustRead(caller);
  const rows = await repo.list(db.knex, f, limit);
  const truncated = rows.length > limit;
  const items = truncated ? rows.slice(0, limit) : rows;
  await record(db, caller, { action: 'search', targetType: 'episode', query: { ...describe(f), limit, returned: items.length }, outcome: 'ok' });
  return { items, truncated };
}

export async function get(db: Db, caller: Caller, id: string): Promise<Episode> {
  mustRead(caller);
  const found = await repo.findById(db.knex, id);
  await record(db, caller, { action: 'consult', targetType: 'episode', targetIds: [id], outcome: found ? 'ok' : 'not found' });
  if (!found) throw notFound(`No missing episode ${id}.`);
  return found;
}

/** The map's flows layer: a line from where each found child went missing from to where they were found. */
export async function flows(db: Db, caller: Caller, f: EpisodeFilters): Promise<LineFeature<FlowProperties>[]> {
  mustRead(caller);
  const features = await repo.flows(db.knex, f);
  await record(db, caller, { action: 'search', targetType: 'episode', query: { layer: 'flows', ...describe(f), returned: features.length }, outcome: 'ok' });
  return features;
}

/** The map's found-at layer. */
export async function found(db: Db, caller: Caller, f: EpisodeFilters): Promise<PointFeature<FoundProperties>[]> {
  mustRead(caller);
  const features = await repo.found(db.knex, f);
  await record(db, caller, { action: 'search', targetType: 'episode', query: { layer: 'found', ...describe(f), returned: features.length }, outcome: 'ok' });
  return features;
}

/** A point outside the operating area is a mistake of the form (a swapped lat and lon), named by its field. */
function checkInArea(config: Config, points: [string, { lat: number; lon: number } | null | undefined][]): void {
  const errors: FieldError[] = [];
  for (const [path, p] of points) {
    if (p && !containsPoint(config.operatingArea, p.lon, p.lat)) errors.push({ path: `${path}.lat`, message: `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}) is outside the operating area ${formatBBox(config.operatingArea)}` });
  }
  if (errors.length) throw badRequest(`A place is outside the operating area: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

/** Constraint violations as field errors rather than 500s (a row removed between check and write). */
function dbFieldError(err: unknown): never {
  const e = err as { code?: string; constraint?: string; column?: string };
  const byConstraint: Record<string, FieldError> = {
    episodes_subject_id_fkey: { path: 'subjectId', message: 'no subject with this id' },
    episodes_missing_from_premises_id_fkey: { path: 'missingFrom.premisesId', message: 'no premises with this id' },
    episodes_returned_by_vehicle_id_fkey: { path: 'returnedBy.vehicleId', message: 'no vehicle with this id' },
    episodes_returned_by_subject_id_fkey: { path: 'returnedBy.subjectId', message: 'no subject with this id' },
  };
  const field = e.constraint ? byConstraint[e.constraint] : undefined;
  if (e.code === '23503' && field) throw unprocessable(`${field.path}: ${field.message}.`, [field]);
  if (e.code === '23502' && e.column === 'missing_from_geom') {
    throw unprocessable('The premises the child went missing from have no point on the map.', [{ path: 'missingFrom.premisesId', message: 'these premises have no point' }]);
  }
  if (e.code === '23514' && e.constraint === 'episodes_found_time_check') throw badRequest('foundTime must not be before reportedMissingAt.', [{ path: 'foundTime', message: 'must not be before reportedMissingAt' }]);
  throw err;
}

/** The subject must be a live child at risk; premises and the returning person must exist. Every miss is named together. */
async function checkReferences(db: Db, v: { subjectId?: string; premisesId?: string; returnedBySubjectId?: string }): Promise<void> {
  const errors: FieldError[] = [];
  if (v.subjectId) {
    const kind = await repo.subjectKind(db.knex, v.subjectId);
    if (!kind) errors.push({ path: 'subjectId', message: 'no subject with this id' });
    else if (kind !== 'child_at_risk') errors.push({ path: 'subjectId', message: `is a ${kind.replaceAll('_', ' ')}, not a child at risk` });
  }
  if (v.premisesId && !(await repo.premisesExists(db.knex, v.premisesId))) errors.push({ path: 'missingFrom.premisesId', message: 'no premises with this id' });
  if (v.returnedBySubjectId && !(await repo.subjectKind(db.knex, v.returnedBySubjectId))) errors.push({ path: 'returnedBy.subjectId', message: 'no subject with this id' });
  if (errors.length) throw unprocessable(`The episode names what Lantern does not hold: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

/**
 * The MoPI review date of an episode made today. An episode is not graded, so the
 * default period applies whatever the per-assessment overrides say.
 */
export const episodeReviewDue = (config: Config, from = new Date()): string => reviewDue(from, 'C', config.reviewMonths, {});

function returnedColumns(r: PatchEpisode['returnedBy']): Pick<repo.EpisodeRow, 'returned_by_vehicle_id' | 'returned_by_subject_id'> {
  if (r === undefined) return {};
  return { returned_by_vehicle_id: r?.vehicleId ?? null, returned_by_subject_id: r?.subjectId ?? null };
}

function foundColumns(a: PatchEpisode['foundAt']): Pick<repo.EpisodeRow, 'found' | 'found_precision_m'> {
  if (a === undefined) return {};
  return { found: a ? { lon: a.lon, lat: a.lat } : null, found_precision_m: a?.precisionM ?? null };
}

export async function create(db: Db, config: Config, caller: Caller, v: CreateEpisode): Promise<Episode> {
  mustRead(caller);
  const point = v.missingFrom.premisesId === undefined ? { lon: v.missingFrom.lon!, lat: v.missingFrom.lat! } : undefined;
  checkInArea(config, [['missingFrom', point], ['foundAt', v.foundAt]]);
  await checkReferences(db, { subjectId: v.subjectId, premisesId: v.missingFrom.premisesId, returnedBySubjectId: v.returnedBy?.subjectId });
  const row: repo.EpisodeRow = {
    subject_id: v.subjectId,
    missing_from_premises_id: v.missingFrom.premisesId ?? null,
    from: point,
    reported_missing_at: v.reportedMissingAt,
    found_time: v.foundTime ?? null,
    ...foundColumns(v.foundAt ?? null),
    ...returnedColumns(v.returnedBy ?? null),
    notes: v.notes || null,
    review_due: episodeReviewDue(config),
    created_by: caller.userId,
  };
  const id = await db.knex
    .transaction(async (trx) => {
      const id = await repo.insert(trx, row);
      await recordIn(trx, caller, { action: 'create', targetType: 'episode', targetIds: [id], query: { subjectId: v.subjectId }, outcome: 'ok' });
      return id;
    })
    .catch(dbFieldError);
  return (await repo.findById(db.knex, id))!;
}

export async function update(db: Db, config: Config, caller: Caller, id: string, v: PatchEpisode): Promise<Episode> {
  mustRead(caller);
  checkInArea(config, [['foundAt', v.foundAt]]);
  const reported = await repo.reportedAt(db.knex, id);
  if (!reported) {
    await record(db, caller, { action: 'update', targetType: 'episode', targetIds: [id], query: { fields: Object.keys(v) }, outcome: 'not found' });
    throw notFound(`No missing episode ${id}.`);
  }
  if (v.foundTime && v.foundTime < reported) throw badRequest('foundTime must not be before reportedMissingAt.', [{ path: 'foundTime', message: `must not be before reportedMissingAt (${reported.toISOString()})` }]);
  await checkReferences(db, { returnedBySubjectId: v.returnedBy?.subjectId });
  const row: repo.EpisodeRow = {
    found_time: v.foundTime,
    ...foundColumns(v.foundAt),
    ...returnedColumns(v.returnedBy),
    notes: v.notes === undefined ? undefined : v.notes || null,
  };
  const ok = await db.knex
    .transaction(async (trx) => {
      const ok = await repo.update(trx, id, row);
      await recordIn(trx, caller, { action: 'update', targetType: 'episode', targetIds: [id], query: { fields: Object.keys(v) }, outcome: ok ? 'ok' : 'not found' });
      return ok;
    })
    .catch(dbFieldError);
  if (!ok) throw notFound(`No missing episode ${id}.`);
  return (await repo.findById(db.knex, id))!;
}

export async function remove(db: Db, caller: Caller, id: string, reason: string): Promise<void> {
  mustRead(caller);
  const ok = await db.knex.transaction(async (trx) => {
    const ok = await repo.softDelete(trx, id);
    await recordIn(trx, caller, { action: 'delete', targetType: 'episode', targetIds: [id], query: { reason }, outcome: ok ? 'ok' : 'not found' });
    return ok;
  });
  if (!ok) throw notFound(`No missing episode ${id}.`);
}
