import { z } from 'zod';
import {
  HANDLING_CODES,
  INTEL_ASSESSMENTS,
  LOCATION_METHODS,
  PLACE_KINDS,
  SIGHTING_CATEGORIES,
  SUBMISSION_LOCATION_METHODS,
  SUBMISSION_OUTCOMES,
  SUBMISSION_STATUSES,
  type SourceAgency,
  type SubmissionOutcome,
  type SubmissionStatus,
} from '../lists.js';

/**
 * Requests and answers of /api/submissions: a partner's report of a concern, and the
 * analyst's decision on it. Imports nothing from the server but the lists, so the
 * client's partner and triage pages use these types as they are.
 */

const text = (max: number) => z.string().trim().max(max);
/** ISO 8601 with an offset (the browser sends `toISOString()`); years 1990–2200. */
const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp with an offset, such as 2026-05-01T22:30:00Z' });

export const CONTACT_PREFERENCES = ['email', 'phone', 'none'] as const;

/** Where the partner says it was: a point, or "I don't know exactly" with words. */
export const submissionLocationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    /** Metres: GPS accuracy, a postcode's spread, or the zoom of the map tap. */
    precisionM: z.number().int().min(1).max(100_000).optional(),
    method: z.enum(SUBMISSION_LOCATION_METHODS),
    /** What was searched or picked ("BL1 1AA", "Deane Road"), or the partner's description. */
    placeText: text(500).optional(),
    /** The kind of gazetteer entry picked, when `method` is "search". */
    placeKind: z.enum(PLACE_KINDS).optional(),
  })
  .superRefine((v, ctx) => {
    const has = v.lat !== undefined || v.lon !== undefined;
    if (has && (v.lat === undefined || v.lon === undefined)) ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'lon'], message: 'give both lat and lon' });
    if (!has && v.method !== 'unknown') ctx.addIssue({ code: 'custom', path: ['lat'], message: `lat and lon are required when method is "${v.method}"` });
    if (v.method === 'unknown' && !v.placeText) ctx.addIssue({ code: 'custom', path: ['placeText'], message: 'describe the place when you do not know exactly where' });
  });

export const createSubmissionSchema = z
  .strictObject({
    categories: z.array(z.enum(SIGHTING_CATEGORIES)).min(1, 'pick at least one').max(SIGHTING_CATEGORIES.length).transform((a) => [...new Set(a)]),
    description: text(5000).min(1, 'say what you saw'),
    observedAt: isoInstant.optional(),
    observedFrom: isoInstant.optional(),
    observedTo: isoInstant.optional(),
    location: submissionLocationSchema,
    vehicle: z
      .strictObject({ plate: text(12).min(1, 'give the plate, or leave the vehicle out'), make: text(60).optional(), colour: text(40).optional() })
      .optional(),
    premisesId: z.uuid({ message: 'must be a UUID' }).optional(),
    contact: z.strictObject({ by: z.enum(CONTACT_PREFERENCES), detail: text(200).optional() }).optional(),
  })
  .superRefine((v, ctx) => {
    const window = v.observedFrom !== undefined || v.observedTo !== undefined;
    if (v.observedAt !== undefined && window) ctx.addIssue({ code: 'custom', path: ['observedAt'], message: 'give observedAt, or observedFrom and observedTo, not both' });
    else if (v.observedAt === undefined && !window) ctx.addIssue({ code: 'custom', path: ['observedAt'], message: 'say when: observedAt, or observedFrom and observedTo' });
    else if (window && (v.observedFrom === undefined || v.observedTo === undefined)) ctx.addIssue({ code: 'custom', path: [v.observedFrom === undefined ? 'observedFrom' : 'observedTo'], message: 'a window needs both observedFrom and observedTo' });
    else if (window && Date.parse(v.observedFrom!) > Date.parse(v.observedTo!)) ctx.addIssue({ code: 'custom', path: ['observedTo'], message: 'must not be before observedFrom' });
  }, { when: () => true } as never);
export type CreateSubmission = z.output<typeof createSubmissionSchema>;

export const listSubmissionsQuerySchema = z.strictObject({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(500)).optional(),
});

const uuid = z.uuid({ message: 'must be a UUID' });
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

/**
 * What the partner reads when their report became a missing episode, unless the analyst
 * writes otherwise: it says nothing of the child, the episode or that there is one.
 */
export const EPISODE_PARTNER_MESSAGE = 'Thank you. Your report has been passed to the team that deals with it.';

/**
 * The missing episode a report is decided as (`POST /api/episodes`' fields, all but the
 * child defaulting to the report's): missing from premises or a point (default the
 * report's place), reported missing at (default when it was seen, else received).
 */
export const episodeDecisionSchema = z.strictObject({
  subjectId: z.uuid({ error: (iss) => (iss.input === undefined ? 'name the child at risk' : 'must be a UUID') }),
  missingFrom: z
    .strictObject({ premisesId: uuid.optional(), lat: lat.optional(), lon: lon.optional() })
    .superRefine((v, ctx) => {
      const point = v.lat !== undefined || v.lon !== undefined;
      if (v.premisesId !== undefined && point) ctx.addIssue({ code: 'custom', message: 'give premisesId or lat and lon, not both' });
      else if (v.premisesId === undefined && !point) ctx.addIssue({ code: 'custom', message: 'give premisesId, or lat and lon; leave it out for the report’s place' });
      else if (point && (v.lat === undefined || v.lon === undefined)) ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together' });
    })
    .optional(),
  reportedMissingAt: isoInstant.optional(),
  foundTime: isoInstant.optional(),
  foundAt: z.strictObject({ lat, lon, precisionM: z.number().int().min(1).max(100_000).optional() }).optional(),
  /** A vehicle or a person (a subject), never both. */
  returnedBy: z
    .strictObject({ vehicleId: uuid.optional(), subjectId: uuid.optional() })
    .superRefine((v, ctx) => {
      const n = Number(v.vehicleId !== undefined) + Number(v.subjectId !== undefined);
      if (n !== 1) ctx.addIssue({ code: 'custom', message: n ? 'give vehicleId or subjectId, not both' : 'is a vehicleId or a subjectId' });
    })
    .optional(),
  /** Return-interview notes: analysts only, never the partner. */
  notes: text(10_000).optional(),
});
export type EpisodeDecision = z.output<typeof episodeDecisionSchema>;

export const decisionSchema = z
  .strictObject({
    outcome: z.enum(SUBMISSION_OUTCOMES),
    /** Written for the partner: what they will read beside the status. Optional for an episode only. */
    message: text(2000).min(1, 'write the message the partner will see').optional(),
    episode: episodeDecisionSchema.optional(),
    sourceEval: z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'must be 1, 2 or 3' }).optional(),
    intelAssessment: z.enum(INTEL_ASSESSMENTS).optional(),
    handlingCode: z.enum(HANDLING_CODES).optional(),
    /** The corrected place; default the partner's point. */
    location: z
      .strictObject({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        precisionM: z.number().int().min(1).max(100_000).optional(),
        method: z.enum(LOCATION_METHODS).optional(),
      })
      .optional(),
    /** Sightings to make, one per category; default the partner's first category. */
    categories: z.array(z.enum(SIGHTING_CATEGORIES)).min(1).max(SIGHTING_CATEGORIES.length).transform((a) => [...new Set(a)]).optional(),
    premisesId: z.uuid({ message: 'must be a UUID' }).optional(),
    vehicleId: z.uuid({ message: 'must be a UUID' }).optional(),
    areaId: z.uuid({ message: 'must be a UUID' }).optional(),
    duplicateOf: z.uuid({ message: 'must be a UUID' }).optional(),
    reason: text(1000).min(3, 'say why').optional(),
    /** The analyst's narrative for the records made; default the partner's description. */
    narrative: text(10_000).optional(),
    /** One line for intel; default the start of the partner's description. */
    summary: text(1000).min(1).optional(),
  })
  .superRefine((v, ctx) => {
    const need = (path: keyof typeof v, message: string) => {
      if (v[path] === undefined) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (v.outcome === 'sighting' || v.outcome === 'intel') {
      need('sourceEval', 'grade the source: 1, 2 or 3');
      need('intelAssessment', 'grade the intelligence: A to E');
      need('handlingCode', 'give the handling code: P or C');
    }
    if (v.outcome !== 'episode') need('message', 'write the message the partner will see');
    if (v.outcome === 'episode' && v.episode === undefined) ctx.addIssue({ code: 'custom', path: ['episode', 'subjectId'], message: 'name the child at risk' });
    if (v.outcome !== 'episode' && v.episode !== undefined) ctx.addIssue({ code: 'custom', path: ['episode'], message: 'only for the outcome "episode"' });
    if (v.outcome === 'duplicate') need('duplicateOf', 'name the earlier submission this repeats');
    if (v.outcome === 'no_action') need('reason', 'say why no further action');
  });
export type Decision = z.output<typeof decisionSchema>;

/** What a partner reads about their own submission: no grading, no records, no counts. */
export interface PartnerSubmission {
  id: string;
  reference: string;
  status: SubmissionStatus;
  receivedAt: string;
  /** The analyst's message for the partner, once decided. */
  outcomeMessage: string | null;
  decidedAt: string | null;
  /** The report as it was sent. */
  report: CreateSubmission;
}

/** A submission in the triage queue, for analysts and admins. */
export interface QueuedSubmission extends PartnerSubmission {
  agency: SourceAgency;
  partnerUsername: string;
  lon: number | null;
  lat: number | null;
  precisionM: number | null;
  locationMethod: string;
  outcome: SubmissionOutcome | null;
  reason: string | null;
  duplicateOf: string | null;
  /** Seconds since it was received. */
  waitingS: number;
  sightingIds: string[];
  intelIds: string[];
  episodeIds: string[];
}

/** Context for one submission in triage: what is already known around its place. */
export interface TriageContext {
  premises: { id: string; name: string; category: string; distanceM: number }[];
  vehicles: { id: string; plate: string; make: string | null; colour: string | null }[];
  earlier: { id: string; reference: string; receivedAt: string; status: SubmissionStatus; distanceM: number }[];
}

export interface DecisionResult {
  id: string;
  status: SubmissionStatus;
  outcome: SubmissionOutcome;
  sightingIds: string[];
  intelIds: string[];
  episodeIds: string[];
}
