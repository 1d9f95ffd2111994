import { z } from 'zod';
import { parseBBox, type BBox } from '../geo/bbox.js';
import { ALWAYS } from '../geo/location.js';
import { inYears, OUTSIDE_YEARS, textInYears } from '../http/dates.js';
import { isDateOnly, nextDay, parseInstant } from '../time/zone.js';

export const DEFAULT_LIMIT = 500;
export const MAX_LIMIT = 5000;

const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO 8601 timestamp with its offset: an episode crosses nights and clock changes, and
 * "20:00" alone leaves its hour in doubt.
 */
const instant = z.string().transform((s, ctx) => {
  const d = WITH_OFFSET.test(s) ? parseInstant(s, 'UTC') : undefined;
  if (!d || !inYears(d)) {
    ctx.addIssue({ code: 'custom', message: d ? `${OUTSIDE_YEARS}, got "${s}"` : `must be an ISO 8601 timestamp with an offset, such as 2026-05-01T22:30:00Z, got "${s}"` });
    return z.NEVER;
  }
  return d;
});

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
const uuid = z.uuid({ message: 'must be a UUID' });

/** Premises, or a point (a home address), never both. */
const missingFrom = z
  .strictObject({ premisesId: uuid.optional(), lat: lat.optional(), lon: lon.optional() })
  .superRefine((v, ctx) => {
    const point = v.lat !== undefined || v.lon !== undefined;
    if (v.premisesId !== undefined && point) ctx.addIssue({ code: 'custom', message: 'give premisesId or lat and lon, not both' });
    else if (v.premisesId === undefined && !point) ctx.addIssue({ code: 'custom', message: 'is required: premisesId, or lat and lon' });
    else if (point && (v.lat === undefined || v.lon === undefined)) ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together' });
  });

const foundAt = z.strictObject({ lat, lon, precisionM: z.number().int().min(1).max(100_000).optional() });

/** A vehicle or a person (a subject), never both. */
const returnedBy = z.strictObject({ vehicleId: uuid.optional(), subjectId: uuid.optional() }).superRefine((v, ctx) => {
  const n = Number(v.vehicleId !== undefined) + Number(v.subjectId !== undefined);
  if (n !== 1) ctx.addIssue({ code: 'custom', message: n ? 'give vehicleId or subjectId, not both' : 'is a vehicleId or a subjectId' });
});

const notes = z.string().trim().max(10_000, 'must be at most 10,000 characters');

/** The found time may not come before the report; named on foundTime. */
function foundAfterReport(v: { reportedMissingAt?: Date; foundTime?: Date | null }, ctx: z.RefinementCtx) {
  // Run even when other fields failed, so either may still be the raw text.
  if (v.reportedMissingAt instanceof Date && v.foundTime instanceof Date && v.foundTime < v.reportedMissingAt) {
    ctx.addIssue({ code: 'custom', path: ['foundTime'], message: 'must not be before reportedMissingAt' });
  }
}

// `when`: a found time before the report is named alongside other bad fields, not after them.
export const createEpisodeSchema = z
  .strictObject({
    subjectId: uuid,
    missingFrom,
    reportedMissingAt: instant,
    foundTime: instant.optional(),
    foundAt: foundAt.optional(),
    returnedBy: returnedBy.optional(),
    notes: notes.optional(),
  })
  .superRefine(foundAfterReport, ALWAYS);

/** What a return interview changes: when and where the child was found, who brought them back, the notes. */
export const patchEpisodeSchema = z
  .strictObject({
    foundTime: instant.nullable().optional(),
    foundAt: foundAt.nullable().optional(),
    returnedBy: returnedBy.nullable().optional(),
    notes: notes.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });

export const deleteEpisodeSchema = z.strictObject({
  reason: z.string().trim().min(3, 'say why the episode is deleted').max(500),
});

/** `from`/`to` of reported-missing time: a whole local day, or a timestamp. */
const bound = (timeZone: string, end: boolean) =>
  z.string().transform((s, ctx) => {
    // Years far outside any record's are refused before any date arithmetic.
    if (!textInYears(s)) {
      ctx.addIssue({ code: 'custom', message: `${OUTSIDE_YEARS}, got "${s}"` });
      return z.NEVER;
    }
    const d = parseInstant(end && isDateOnly(s) && parseInstant(s, timeZone) ? nextDay(s) : s, timeZone);
    if (!d || !inYears(d)) {
      ctx.addIssue({ code: 'custom', message: d ? `${OUTSIDE_YEARS}, got "${s}"` : `must be a date (YYYY-MM-DD) or an ISO 8601 timestamp, got "${s}"` });
      return z.NEVER;
    }
    return d;
  });

const bbox = z.string().transform((s, ctx): BBox => {
  const b = parseBBox(s);
  if (typeof b === 'string') {
    ctx.addIssue({ code: 'custom', message: b });
    return z.NEVER;
  }
  return b;
});

function layerFields(timeZone: string) {
  return { from: bound(timeZone, false).optional(), to: bound(timeZone, true).optional(), bbox: bbox.optional() };
}

function checkRange(q: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
}

export const listQuerySchema = (timeZone: string) =>
  z
    .strictObject({
      ...layerFields(timeZone),
      subject: uuid.optional(),
      premises: uuid.optional(),
      limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)).optional(),
    })
    .superRefine(checkRange);

/** The map's flows and found-at layers: a period and a box. */
export const layerQuerySchema = (timeZone: string) => z.strictObject(layerFields(timeZone)).superRefine(checkRange);

export type CreateEpisode = z.output<typeof createEpisodeSchema>;
export type PatchEpisode = z.output<typeof patchEpisodeSchema>;
export type ListQuery = z.output<ReturnType<typeof listQuerySchema>>;

export interface EpisodeFilters {
  subjectId?: string;
  premisesId?: string;
  from?: Date;
  to?: Date;
  bbox?: BBox;
}

/** An episode as the API gives it (coordinates WGS84). */
export interface Episode {
  id: string;
  subjectId: string;
  subjectRef: string | null;
  missingFrom: {
    premisesId: string | null;
    premisesName: string | null;
    premisesCategory: string | null;
    lat: number;
    lon: number;
    /** A children's home, a refuge or a home address (a point). */
    sensitive: boolean;
  };
  reportedMissingAt: Date;
  foundTime: Date | null;
  /** Hours from report to found, to 0.1 h; null while not found. */
  durationHours: number | null;
  foundAt: { lat: number; lon: number; precisionM: number | null } | null;
  returnedBy: { vehicleId: string; plate: string | null } | { subjectId: string; subjectRef: string | null } | null;
  notes: string | null;
  externalRef: string | null;
  synthetic: boolean;
  reviewDue: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface FlowProperties {
  episodeId: string;
  subjectRef: string | null;
  reportedMissingAt: Date;
  durationHours: number | null;
  sensitiveOrigin: boolean;
}

export interface FoundProperties {
  episodeId: string;
  precisionM: number | null;
  foundTime: Date | null;
}

export interface LineFeature<P> {
  type: 'Feature';
  id: string;
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  properties: P;
}

export interface PointFeature<P> {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: P;
}
