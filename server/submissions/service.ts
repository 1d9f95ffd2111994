import { randomInt } from 'node:crypto';
import type { Config } from '../config.js';
import { withKnex, type Db } from '../db/index.js';
import type { LocationMethod, PlaceKind, SubmissionStatus } from '../lists.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable, type FieldError } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import { userIdOf, type Caller } from '../http/auth.js';
import { containsPoint, formatBBox } from '../geo/bbox.js';
import { reviewDue } from '../time/review.js';
import { mayReadSubjects, seesOwnSubmissionsOnly, triages } from '../auth/policy.js';
import * as sightings from '../sightings/service.js';
import * as intelRepo from '../intel/repo.js';
import * as episodes from '../episodes/service.js';
import type { CreateEpisode } from '../episodes/schema.js';
import * as repo from './repo.js';
import { EPISODE_PARTNER_MESSAGE, type CreateSubmission, type Decision, type DecisionResult, type EpisodeDecision, type PartnerSubmission, type QueuedSubmission, type TriageContext } from './schema.js';

/** Crockford base32 (no I, L, O, U): read aloud over the phone without confusion. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const block = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
/** A partner's reference for their report, e.g. "LNT-7K2M-Q9XD" (40 random bits). */
export const newReference = () => `LNT-${block()}-${block()}`;

/** Radius (metres) round a submission's place that triage looks for what is already known. */
export const CONTEXT_RADIUS_M = 400;
const FUTURE_SLACK_MS = 5 * 60_000;

function checkReport(config: Config, v: CreateSubmission): void {
  const errors: FieldError[] = [];
  const now = Date.now() + FUTURE_SLACK_MS;
  for (const k of ['observedAt', 'observedFrom', 'observedTo'] as const) {
    const t = v[k] === undefined ? undefined : Date.parse(v[k]!);
    if (t !== undefined && t > now) errors.push({ path: k, message: 'is in the future' });
    if (t !== undefined && new Date(t).getUTCFullYear() < 1990) errors.push({ path: k, message: 'is before 1990' });
  }
  const { lon, lat } = v.location;
  if (lon !== undefined && lat !== undefined && !containsPoint(config.operatingArea, lon, lat)) {
    const message = `(${lat.toFixed(5)}, ${lon.toFixed(5)}) is outside the operating area ${formatBBox(config.operatingArea)}`;
    errors.push({ path: 'location.lat', message }, { path: 'location.lon', message });
  }
  if (errors.length) throw unprocessable('The report cannot be taken as it is.', errors);
}

/** Stores a partner's report exactly as sent and gives them its reference. */
export async function submit(db: Db, config: Config, caller: Caller, v: CreateSubmission): Promise<{ id: string; reference: string; status: SubmissionStatus }> {
  checkReport(config, v);
  const agency = caller.agency;
  if (!agency) throw forbidden('Your account has no agency; ask an administrator to set it.');
  if (v.premisesId && !(await intelRepo.subjectExists(db.knex, 'premises', v.premisesId))) {
    throw unprocessable(`No premises ${v.premisesId}.`, [{ path: 'premisesId', message: 'no premises with this id' }]);
  }
  let reference = newReference();
  while (await repo.referenceTaken(db.knex, reference)) reference = newReference();
  const id = await db.knex.transaction(async (trx) => {
    const id = await repo.insert(trx, {
      reference,
      partnerId: userIdOf(caller),
      agency,
      payload: v,
      lon: v.location.lon ?? null,
      lat: v.location.lat ?? null,
      precisionM: v.location.precisionM ?? null,
      locationMethod: v.location.method,
    });
    await recordIn(trx, caller, { action: 'create', targetType: 'submission', targetIds: [id], query: { reference, agency }, outcome: 'ok' });
    return id;
  });
  return { id, reference, status: 'received' };
}

/** A partner's own submissions, newest first; the triage queue for analysts and admins, oldest first. */
export async function list(db: Db, caller: Caller, q: { status?: SubmissionStatus; limit?: number }): Promise<PartnerSubmission[] | QueuedSubmission[]> {
  const limit = q.limit ?? 200;
  if (seesOwnSubmissionsOnly(caller.role)) {
    const items = await repo.listOwn(db.knex, userIdOf(caller), limit);
    await record(db, caller, { action: 'search', targetType: 'submission', query: { own: true }, outcome: 'ok' });
    return q.status ? items.filter((s) => s.status === q.status) : items;
  }
  if (!triages(caller.role)) throw forbidden(`The ${caller.role} role does not triage submissions.`);
  const items = await repo.queue(db.knex, q.status, limit);
  await record(db, caller, { action: 'search', targetType: 'submission', query: { status: q.status ?? 'open', returned: items.length }, outcome: 'ok' });
  return items;
}

/** How many submissions wait for triage (the header badge); analysts and admins only. */
export const queueLength = (db: Db) => repo.queueLength(db.knex);

/** A partner's own submission (someone else's is a 404, as if it did not exist). */
export async function getOwn(db: Db, caller: Caller, id: string): Promise<PartnerSubmission> {
  const found = await repo.findOwn(db.knex, userIdOf(caller), id);
  await record(db, caller, { action: 'consult', targetType: 'submission', targetIds: [id], outcome: found ? 'ok' : 'not found' });
  if (!found) throw notFound(`You have no submission ${id}.`);
  return found;
}

/** A submission opened in triage, with what is known round it; the first opening moves it to "in triage". */
export async function getForTriage(db: Db, caller: Caller, id: string): Promise<QueuedSubmission & { context: TriageContext }> {
  const opened = await db.knex.transaction(async (trx) => {
    const moved = await repo.markInTriage(trx, id);
    await recordIn(trx, caller, { action: 'consult', targetType: 'submission', targetIds: [id], query: moved ? { status: 'in_triage' } : undefined, outcome: (await repo.exists(trx, id)) ? 'ok' : 'not found' });
    return moved;
  });
  const found = await repo.find(db.knex, id);
  if (!found) throw notFound(`No submission ${id}.`);
  void opened;
  const context = found.lon !== null && found.lat !== null ? await repo.context(db.knex, id, found.lon, found.lat, CONTEXT_RADIUS_M) : { premises: [], vehicles: [], earlier: [] };
  return { ...found, context };
}

/** How a partner's place maps onto a sighting's location method. */
export function methodOf(m: CreateSubmission['location']['method'], kind: PlaceKind | undefined): LocationMethod {
  if (m === 'gps') return 'gps';
  if (m === 'map') return 'map';
  if (m === 'unknown') return 'unknown';
  return kind === 'postcode' ? 'postcode' : kind === 'street' ? 'street' : kind === 'place' ? 'area' : kind ? 'address' : 'unknown';
}

const STATUS_OF: Record<Decision['outcome'], SubmissionStatus> = { sighting: 'actioned', intel: 'actioned', episode: 'actioned', duplicate: 'no_further_action', no_action: 'no_further_action' };

/**
 * The episode a decision makes, with the report's defaults filled in: missing from the
 * (corrected) place of the report, reported missing when it was seen, else when received.
 * Refuses, naming `episode.*` or `message`, what would fail or tell the partner too much.
 */
async function episodeOf(db: Db, caller: Caller, sub: QueuedSubmission, point: { lon: number; lat: number } | undefined, e: EpisodeDecision, message: string): Promise<CreateEpisode> {
  if (!mayReadSubjects(caller.role)) throw forbidden(`The ${caller.role} role does not see missing episodes.`);
  const missingFrom = e.missingFrom ?? (point ? { lon: point.lon, lat: point.lat } : undefined);
  if (!missingFrom) {
    throw unprocessable('The partner did not give a point: say where the child went missing from.', [{ path: 'episode.missingFrom', message: 'required: the partner did not know exactly where' }]);
  }
  const r = sub.report;
  const reportedMissingAt = new Date(e.reportedMissingAt ?? r.observedAt ?? r.observedFrom ?? sub.receivedAt);
  const foundTime = e.foundTime === undefined ? undefined : new Date(e.foundTime);
  const errors: FieldError[] = [];
  const latest = Date.now() + FUTURE_SLACK_MS;
  for (const [path, t] of [['episode.reportedMissingAt', reportedMissingAt], ['episode.foundTime', foundTime]] as const) {
    if (t && t.getTime() > latest) errors.push({ path, message: 'is in the future' });
    if (t && t.getUTCFullYear() < 1990) errors.push({ path, message: 'is before 1990' });
  }
  if (foundTime && foundTime < reportedMissingAt) errors.push({ path: 'episode.foundTime', message: `must not be before the reported-missing time (${reportedMissingAt.toISOString()})` });
  if (errors.length) throw badRequest(`The episode's times do not hold: ${errors.map((x) => x.path).join(', ')}.`, errors);
  // The partner reads the message: it must not name the child it is about.
  const lower = message.toLowerCase();
  if ((await repo.subjectNames(db.knex, e.subjectId)).some((n) => lower.includes(n.toLowerCase()))) {
    throw unprocessable('The message to the partner names the child: partners never learn who an episode is about.', [{ path: 'message', message: 'must not name the child (reference or name)' }]);
  }
  return { subjectId: e.subjectId, missingFrom, reportedMissingAt, foundTime, foundAt: e.foundAt, returnedBy: e.returnedBy, notes: e.notes };
}

/** The episodes service names its fields from its own body; in a decision they sit under `episode`. */
function underEpisode(err: unknown): never {
  if (err instanceof AppError && err.errors?.length) {
    throw new AppError(err.status, err.slug, err.title, err.detail, err.errors.map((x) => ({ ...x, path: `episode.${x.path}` })), err.headers);
  }
  throw err;
}

/**
 * Decides a submission in one transaction: the records it makes (each with the
 * submission as provenance), the status and the partner's message, and the audit rows.
 * A submission is decided once: the second decision is a 409, however close in time.
 */
export async function decide(db: Db, config: Config, caller: Caller, id: string, d: Decision): Promise<DecisionResult> {
  const sub = await repo.find(db.knex, id);
  if (!sub) {
    await record(db, caller, { action: 'update', targetType: 'submission', targetIds: [id], query: { decision: d.outcome }, outcome: 'not found' });
    throw notFound(`No submission ${id}.`);
  }
  const report = sub.report;
  const point = d.location ?? (sub.lon !== null && sub.lat !== null ? { lon: sub.lon, lat: sub.lat, precisionM: sub.precisionM ?? undefined, method: methodOf(report.location.method, report.location.placeKind) } : undefined);
  if ((d.outcome === 'sighting' || (d.outcome === 'intel' && !d.premisesId && !d.vehicleId && !d.areaId)) && !point) {
    throw unprocessable('The partner did not give a point: place it before making a record.', [{ path: 'location', message: 'required: the partner did not know exactly where' }]);
  }
  if (point && !containsPoint(config.operatingArea, point.lon, point.lat)) {
    throw unprocessable('The corrected place is outside the operating area.', [{ path: 'location', message: `outside ${formatBBox(config.operatingArea)}` }]);
  }
  for (const [path, type, v] of [['premisesId', 'premises', d.premisesId], ['vehicleId', 'vehicle', d.vehicleId], ['areaId', 'area', d.areaId]] as const) {
    if (v && !(await intelRepo.subjectExists(db.knex, type, v))) throw unprocessable(`No ${type} ${v}.`, [{ path, message: `no ${type} with this id` }]);
  }
  if (d.duplicateOf && (d.duplicateOf === id || !(await repo.exists(db.knex, d.duplicateOf)))) {
    throw unprocessable('duplicateOf must name another submission.', [{ path: 'duplicateOf', message: 'no other submission with this id' }]);
  }

  const message = d.message ?? EPISODE_PARTNER_MESSAGE;
  const episode = d.outcome === 'episode' ? await episodeOf(db, caller, sub, point, d.episode!, message) : undefined;

  return db.knex.transaction(async (trx) => {
    const won = await repo.decide(trx, id, {
      status: STATUS_OF[d.outcome],
      outcome: d.outcome,
      message,
      reason: d.reason ?? null,
      duplicateOf: d.duplicateOf ?? null,
      decidedBy: userIdOf(caller),
    });
    if (!won) {
      await recordIn(trx, caller, { action: 'update', targetType: 'submission', targetIds: [id], query: { decision: d.outcome }, outcome: 'conflict: already decided' });
      throw conflict(`Submission ${sub.reference} has already been decided.`);
    }
    const sightingIds: string[] = [];
    const intelIds: string[] = [];
    const episodeIds: string[] = [];
    const narrative = d.narrative ?? report.description;
    if (d.outcome === 'sighting') {
      const observedAt = new Date(report.observedAt ?? report.observedFrom!);
      for (const category of d.categories ?? [report.categories[0]!]) {
        sightingIds.push(
          await sightings.insertIn(
            trx,
            config,
            caller,
            {
              observedAt,
              reportedAt: new Date(sub.receivedAt),
              lon: point!.lon,
              lat: point!.lat,
              precisionM: point!.precisionM,
              locationMethod: point!.method ?? 'map',
              category,
              sourceAgency: sub.agency,
              sourceEval: d.sourceEval!,
              intelAssessment: d.intelAssessment!,
              handlingCode: d.handlingCode!,
              premisesId: d.premisesId ?? report.premisesId ?? null,
              vehicleId: d.vehicleId ?? null,
              narrative,
            },
            { submissionId: id },
          ),
        );
      }
    }
    if (d.outcome === 'intel') {
      const [subjectType, subjectId] = d.premisesId ? (['premises', d.premisesId] as const) : d.vehicleId ? (['vehicle', d.vehicleId] as const) : d.areaId ? (['area', d.areaId] as const) : (['location', null] as const);
      const intelId = await intelRepo.insert(trx, {
        subject_type: subjectType,
        subject_id: subjectId,
        ...(subjectType === 'location' || point ? { lon: point?.lon, lat: point?.lat } : {}),
        reported_at: new Date(sub.receivedAt),
        source_agency: sub.agency,
        source_eval: d.sourceEval,
        intel_assessment: d.intelAssessment,
        handling_code: d.handlingCode,
        summary: d.summary ?? report.description.slice(0, 200),
        narrative,
        indicators: [],
        review_due: reviewDue(new Date(), d.intelAssessment!, config.reviewMonths, config.reviewMonthsByAssessment),
        created_by: caller.userId,
        submission_id: id,
      });
      await recordIn(trx, caller, { action: 'create', targetType: 'intel', targetIds: [intelId], query: { subjectType, subjectId, submissionId: id }, outcome: 'ok' });
      intelIds.push(intelId);
    }
    if (episode) {
      // Made by the episodes service inside this transaction: a refusal there undoes the decision too.
      const made = await episodes.create(withKnex(db, trx), config, caller, episode).catch(underEpisode);
      await repo.setEpisodeSubmission(trx, made.id, id);
      episodeIds.push(made.id);
    }
    await recordIn(trx, caller, {
      action: 'update',
      targetType: 'submission',
      targetIds: [id],
      query: { decision: d.outcome, status: STATUS_OF[d.outcome], sightingIds, intelIds, episodeIds, duplicateOf: d.duplicateOf, reason: d.reason },
      outcome: 'ok',
    });
    return { id, status: STATUS_OF[d.outcome], outcome: d.outcome, sightingIds, intelIds, episodeIds };
  });
}
