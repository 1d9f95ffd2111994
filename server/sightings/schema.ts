import { z } from 'zod';
import {
  GROOMING_MODELS,
  HANDLING_CODES,
  INTEL_ASSESSMENTS,
  LOCATION_METHODS,
  MAKESAFE_CODES,
  SIGHTING_CATEGORIES,
  SOURCE_AGENCIES,
  type GroomingModel,
  type HandlingCode,
  type IntelAssessment,
  type MakesafeIndicator,
  type SightingCategory,
  type SourceAgency,
} from '../lists.js';
import { checkRange, filterFields } from './filters.js';
import { selectionFields } from './picks.js';
import { parseInstant } from '../time/zone.js';
import { inYears, OUTSIDE_YEARS } from '../http/dates.js';
import { ALWAYS, checkLocation, locationFields } from '../geo/location.js';
import type { PointFeatureOf } from '../geo/feature.js';
import { sightingSubjectsSchema, type SightingSubject } from '../subjects/schema.js';

export const DEFAULT_LIMIT = 5000;
export const MAX_LIMIT = 100_000;

export function listQuerySchema(timeZone: string) {
  return z
    .strictObject({
      ...filterFields(timeZone),
      ...selectionFields,
      limit: z
        .string()
        .regex(/^\d+$/, 'must be a whole number')
        .transform(Number)
        .pipe(z.number().int().min(1).max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`))
        .optional(),
    })
    .superRefine(checkRange);
}

/** ISO 8601 timestamp; without an offset it is wall-clock time in the configured zone. */
const instant = (timeZone: string) =>
  z.string().transform((s, ctx) => {
    const d = parseInstant(s, timeZone);
    if (!d || !inYears(d)) {
      ctx.addIssue({ code: 'custom', message: d ? `${OUTSIDE_YEARS}, got "${s}"` : `must be an ISO 8601 timestamp such as 2026-05-01T22:30:00Z, got "${s}"` });
      return z.NEVER;
    }
    return d;
  });

const text = (max: number) => z.string().trim().max(max);

/** Fields a writer may set; location by lat/lon (WGS84) or easting/northing (British National Grid). */
function fields(timeZone: string) {
  return {
    observedAt: instant(timeZone),
    reportedAt: instant(timeZone).optional(),
    ...locationFields,
    precisionM: z.number().int().min(1).max(100_000).optional(),
    locationMethod: z.enum(LOCATION_METHODS).optional(),
    category: z.enum(SIGHTING_CATEGORIES),
    groomingModel: z.enum(GROOMING_MODELS).optional(),
    sourceAgency: z.enum(SOURCE_AGENCIES),
    sourceEval: z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'must be 1, 2 or 3' }),
    intelAssessment: z.enum(INTEL_ASSESSMENTS),
    handlingCode: z.enum(HANDLING_CODES),
    premisesId: z.uuid().nullable().optional(),
    vehicleId: z.uuid().nullable().optional(),
    narrative: text(10_000).nullable().optional(),
    /** Force references of people seen: each becomes (or finds) a subject linked as seen with. */
    subjectRefs: z.array(text(100).min(1)).max(50).optional(),
    /** Subjects linked in a role; with subjectRefs, replaces the sighting's links (subject readers only). */
    subjects: sightingSubjectsSchema.optional(),
    externalRef: text(200).min(1).nullable().optional(),
    reviewDue: z.iso.date().optional(),
    indicators: z.array(z.enum(MAKESAFE_CODES)).max(MAKESAFE_CODES.length).transform((a) => [...new Set(a)]).optional(),
  };
}

// `when: () => true`: report a missing location alongside other bad fields, not after them.
export const createSightingSchema = (timeZone: string) =>
  z.strictObject(fields(timeZone)).superRefine(checkLocation(false), ALWAYS);

const moveReason = z.string().trim().max(500);

/** A new point (lat/lon or easting/northing) needs a reason, kept in the audit row. */
function checkMoveReason(v: { lat?: number; lon?: number; easting?: number; northing?: number; reason?: string }, ctx: z.RefinementCtx) {
  const moved = v.lat !== undefined || v.lon !== undefined || v.easting !== undefined || v.northing !== undefined;
  if (moved && (v.reason === undefined || v.reason.length < 3)) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why the point is moved' });
}

export const patchSightingSchema = (timeZone: string) =>
  z
    .strictObject({ ...fields(timeZone), reason: moveReason })
    .partial()
    .superRefine(checkLocation(true), ALWAYS)
    .superRefine(checkMoveReason, ALWAYS)
    .refine(({ reason: _reason, ...v }) => Object.keys(v).length > 0, { message: 'nothing to change' });

export const deleteSightingSchema = z.strictObject({
  reason: z.string().trim().min(3, 'say why the record is deleted').max(500),
});

export type CreateSighting = z.output<ReturnType<typeof createSightingSchema>>;
export type PatchSighting = z.output<ReturnType<typeof patchSightingSchema>>;

/** A sighting as the database holds it (coordinates WGS84, [lon, lat]). */
export interface Sighting {
  id: string;
  observedAt: Date;
  reportedAt: Date;
  lon: number;
  lat: number;
  precisionM: number | null;
  category: SightingCategory;
  groomingModel: GroomingModel;
  sourceAgency: SourceAgency;
  sourceEval: 1 | 2 | 3;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  premisesId: string | null;
  vehicleId: string | null;
  areaId: string | null;
  narrative: string | null;
  /** The references of its linked subjects, for subject readers; [] for everyone else. */
  subjectRefs: string[];
  /** Its linked subjects, for subject readers only (detail only; absent for everyone else). */
  subjects?: SightingSubject[];
  indicators: MakesafeIndicator[];
  externalRef: string | null;
  synthetic: boolean;
  reviewDue: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Provenance: the partner submission it was triaged from (detail only). */
  submissionId?: string | null;
  /** That submission's reference (LNT-…), for the record panel (detail only). */
  submissionReference?: string | null;
  /** How its place was found (LOCATION_METHODS), beside precisionM (detail only). */
  locationMethod?: string | null;
}

/** The light form listed on maps and in search results. */
export type SightingSummary = Pick<
  Sighting,
  | 'id'
  | 'lon'
  | 'lat'
  | 'observedAt'
  | 'category'
  | 'groomingModel'
  | 'sourceAgency'
  | 'sourceEval'
  | 'intelAssessment'
  | 'handlingCode'
  | 'areaId'
  | 'premisesId'
  | 'vehicleId'
> & {
  /** The linked premises' name and vehicle's plate (lists only). */
  premisesName?: string | null;
  vehiclePlate?: string | null;
};

/** `GET /api/sightings`: a page of sightings (OGC API – Features style counts). */
export interface SightingCollection {
  type: 'FeatureCollection';
  /** How many sightings match the filters in all */
  numberMatched: number;
  numberReturned: number;
  /** True when more matched than were returned */
  truncated: boolean;
  features: PointFeatureOf<SightingSummary>[];
}
