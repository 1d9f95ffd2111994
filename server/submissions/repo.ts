import type { Knex } from 'knex';
import type { SubmissionOutcome, SubmissionStatus } from '../lists.js';
import type { CreateSubmission, PartnerSubmission, QueuedSubmission, TriageContext } from './schema.js';

/** What a partner may read: their report, its reference, status and message. */
const partnerColumns = `s.id, s.reference, s.status, s.received_at as "receivedAt", s.outcome_message as "outcomeMessage",
  s.decided_at as "decidedAt", s.payload as report`;

const queueColumns = `${partnerColumns}, s.agency, u.username as "partnerUsername",
  round(ST_X(s.geom)::numeric, 6)::float8 as lon, round(ST_Y(s.geom)::numeric, 6)::float8 as lat,
  s.precision_m as "precisionM", s.location_method as "locationMethod", s.outcome, s.reason, s.duplicate_of as "duplicateOf",
  floor(extract(epoch from (now() - s.received_at)))::int as "waitingS",
  coalesce((select array_agg(x.id::text order by x.created_at) from sightings x where x.submission_id = s.id), '{}') as "sightingIds",
  coalesce((select array_agg(i.id::text order by i.created_at) from intel i where i.submission_id = s.id), '{}') as "intelIds",
  coalesce((select array_agg(e.id::text order by e.created_at) from episodes e where e.submission_id = s.id), '{}') as "episodeIds"`;

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d === null || d === undefined ? null : String(d));
const parsePayload = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as CreateSubmission;

function partnerRow(r: Record<string, unknown>): PartnerSubmission {
  return {
    id: r.id as string,
    reference: r.reference as string,
    status: r.status as SubmissionStatus,
    receivedAt: iso(r.receivedAt)!,
    outcomeMessage: (r.outcomeMessage as string | null) ?? null,
    decidedAt: iso(r.decidedAt),
    report: parsePayload(r.report),
  };
}

function queueRow(r: Record<string, unknown>): QueuedSubmission {
  return {
    ...partnerRow(r),
    agency: r.agency as QueuedSubmission['agency'],
    partnerUsername: r.partnerUsername as string,
    lon: r.lon === null ? null : Number(r.lon),
    lat: r.lat === null ? null : Number(r.lat),
    precisionM: (r.precisionM as number | null) ?? null,
    locationMethod: r.locationMethod as string,
    outcome: (r.outcome as SubmissionOutcome | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    duplicateOf: (r.duplicateOf as string | null) ?? null,
    waitingS: Number(r.waitingS),
    sightingIds: r.sightingIds as string[],
    intelIds: r.intelIds as string[],
    episodeIds: r.episodeIds as string[],
  };
}

export interface NewSubmission {
  reference: string;
  partnerId: string;
  agency: string;
  payload: CreateSubmission;
  lon: number | null;
  lat: number | null;
  precisionM: number | null;
  locationMethod: string;
}

/** Stores the report as sent; returns its id. */
export async function insert(trx: Knex.Transaction, s: NewSubmission): Promise<string> {
  const r = await trx.raw(
    `insert into submissions (reference, partner_id, agency, payload, geom, precision_m, location_method)
     values (?, ?, ?, ?::jsonb, case when ?::float8 is null then null else ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326) end, ?, ?)
     returning id`,
    [s.reference, s.partnerId, s.agency, JSON.stringify(s.payload), s.lon, s.lon, s.lat, s.precisionM, s.locationMethod],
  );
  return r.rows[0].id;
}

export async function referenceTaken(knex: Knex, reference: string): Promise<boolean> {
  const r = await knex.raw('select 1 from submissions where reference = ?', [reference]);
  return r.rows.length > 0;
}

export async function listOwn(knex: Knex, partnerId: string, limit: number): Promise<PartnerSubmission[]> {
  const r = await knex.raw(`select ${partnerColumns} from submissions s where s.partner_id = ? order by s.received_at desc, s.id limit ?`, [partnerId, limit]);
  return r.rows.map(partnerRow);
}

export async function findOwn(knex: Knex, partnerId: string, id: string): Promise<PartnerSubmission | undefined> {
  const r = await knex.raw(`select ${partnerColumns} from submissions s where s.id = ? and s.partner_id = ?`, [id, partnerId]);
  return r.rows[0] ? partnerRow(r.rows[0]) : undefined;
}

/** The triage queue: oldest first; undecided ones unless a status is asked for. */
export async function queue(knex: Knex, status: SubmissionStatus | undefined, limit: number): Promise<QueuedSubmission[]> {
  const where = status ? 's.status = ?' : "s.status in ('received', 'in_triage')";
  const order = status === 'actioned' || status === 'no_further_action' ? 's.decided_at desc' : 's.received_at';
  const r = await knex.raw(
    `select ${queueColumns} from submissions s join users u on u.id = s.partner_id where ${where} order by ${order}, s.id limit ?`,
    status ? [status, limit] : [limit],
  );
  return r.rows.map(queueRow);
}

export async function queueLength(knex: Knex): Promise<number> {
  const r = await knex.raw("select count(*) as n from submissions where status in ('received', 'in_triage')");
  return Number(r.rows[0].n);
}

export async function find(knex: Knex, id: string): Promise<QueuedSubmission | undefined> {
  const r = await knex.raw(`select ${queueColumns} from submissions s join users u on u.id = s.partner_id where s.id = ?`, [id]);
  return r.rows[0] ? queueRow(r.rows[0]) : undefined;
}

/** received → in_triage when an analyst first opens it; false when it had moved on already. */
export async function markInTriage(trx: Knex.Transaction, id: string): Promise<boolean> {
  const r = await trx.raw("update submissions set status = 'in_triage' where id = ? and status = 'received' returning id", [id]);
  return r.rows.length > 0;
}

/**
 * Records the decision only if none was made yet. The condition is evaluated under the
 * row lock, so of two analysts deciding at once exactly one update matches.
 */
export async function decide(
  trx: Knex.Transaction,
  id: string,
  d: { status: SubmissionStatus; outcome: SubmissionOutcome; message: string; reason: string | null; duplicateOf: string | null; decidedBy: string },
): Promise<boolean> {
  const r = await trx.raw(
    `update submissions set status = ?, outcome = ?, outcome_message = ?, reason = ?, duplicate_of = ?, decided_by = ?, decided_at = now()
     where id = ? and decided_at is null returning id`,
    [d.status, d.outcome, d.message, d.reason, d.duplicateOf, d.decidedBy, id],
  );
  return r.rows.length > 0;
}

export async function exists(knex: Knex, id: string): Promise<boolean> {
  const r = await knex.raw('select 1 from submissions where id = ?', [id]);
  return r.rows.length > 0;
}

/**
 * What is known round a point (WGS84): premises within `radiusM`, the vehicles linked to
 * sightings there, and earlier submissions near it. Distances in metres on the spheroid.
 */
export async function context(knex: Knex, id: string, lon: number, lat: number, radiusM: number): Promise<TriageContext> {
  const at = 'ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326)';
  const premises = await knex.raw(
    `select p.id, p.name, p.category, round(ST_Distance(p.geom::geography, ${at}::geography))::int as "distanceM"
     from premises p where ST_DWithin(p.geom::geography, ${at}::geography, ?) order by 4, p.name limit 10`,
    [lon, lat, lon, lat, radiusM],
  );
  const vehicles = await knex.raw(
    `select v.id, v.plate, v.make, v.colour from vehicles v
     where v.id in (select s.vehicle_id from sightings s where s.vehicle_id is not null and s.deleted_at is null
                    and ST_DWithin(s.geom::geography, ${at}::geography, ?))
     order by v.plate limit 10`,
    [lon, lat, radiusM],
  );
  const earlier = await knex.raw(
    `select s.id, s.reference, s.received_at as "receivedAt", s.status, round(ST_Distance(s.geom::geography, ${at}::geography))::int as "distanceM"
     from submissions s, submissions me
     where me.id = ? and s.id <> me.id and s.received_at <= me.received_at and s.geom is not null
       and ST_DWithin(s.geom::geography, ${at}::geography, ?)
     order by s.received_at desc limit 10`,
    [lon, lat, id, lon, lat, radiusM],
  );
  return {
    premises: premises.rows,
    vehicles: vehicles.rows,
    earlier: earlier.rows.map((r: Record<string, unknown>) => ({ ...r, receivedAt: iso(r.receivedAt) })) as TriageContext['earlier'],
  };
}

/** Finds or makes the vehicle a partner named (plates normalised: upper case, no spaces). */
export async function vehicleByPlate(knex: Knex, plate: string): Promise<string | undefined> {
  const r = await knex.raw('select id from vehicles where plate = ?', [plate]);
  return r.rows[0]?.id;
}

/** The words that would name a subject to a partner: its force reference and display name. */
export async function subjectNames(knex: Knex, id: string): Promise<string[]> {
  const r = await knex.raw('select ref, display_name as "displayName" from subjects where id = ?', [id]);
  const row = r.rows[0] as { ref: string | null; displayName: string | null } | undefined;
  return row ? [row.ref, row.displayName].filter((x): x is string => !!x) : [];
}

/** Marks an episode made by triage with its submission (the episodes service makes it; provenance is triage's). */
export async function setEpisodeSubmission(trx: Knex.Transaction, episodeId: string, submissionId: string): Promise<void> {
  await trx.raw('update episodes set submission_id = ? where id = ? and submission_id is null', [submissionId, episodeId]);
}
