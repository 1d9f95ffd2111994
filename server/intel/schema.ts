import { z } from 'zod';
import { inYears, isoDate, OUTSIDE_YEARS } from '../http/dates.js';
import {
  HANDLING_CODES,
  INTEL_ASSESSMENTS,
  INTEL_SUBJECT_TYPES,
  MAKESAFE_CODES,
  SOURCE_AGENCIES,
  type HandlingCode,
  type IntelAssessment,
  type IntelSubjectType,
  type MakesafeIndicator,
  type SourceAgency,
} from '../lists.js';
import { ALWAYS, checkLocation, locationFields } from '../geo/location.js';
import { parseInstant } from '../time/zone.js';

export function createIntelSchema(timeZone: string) {
  return z
    .strictObject({
      subjectType: z.enum(INTEL_SUBJECT_TYPES),
      subjectId: z.uuid().optional(),
      ...locationFields,
      reportedAt: z.string().transform((s, ctx) => parseInstant(s, timeZone) ?? (ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 timestamp' }), z.NEVER)).refine(inYears, OUTSIDE_YEARS).optional(),
      sourceAgency: z.enum(SOURCE_AGENCIES),
      sourceEval: z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'must be 1, 2 or 3' }),
      intelAssessment: z.enum(INTEL_ASSESSMENTS),
      handlingCode: z.enum(HANDLING_CODES),
      summary: z.string().trim().min(1).max(1000),
      narrative: z.string().trim().max(10_000).nullable().optional(),
      indicators: z.array(z.enum(MAKESAFE_CODES)).max(MAKESAFE_CODES.length).transform((a) => [...new Set(a)]).optional(),
      reviewDue: isoDate().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.subjectType === 'location') {
        if (v.subjectId) ctx.addIssue({ code: 'custom', path: ['subjectId'], message: 'a location has no subjectId; give lat/lon or easting/northing' });
        checkLocation(false)(v, ctx);
      } else {
        if (!v.subjectId) ctx.addIssue({ code: 'custom', path: ['subjectId'], message: `the ${v.subjectType} this intelligence is about is required` });
        checkLocation(true)(v, ctx);
      }
    }, ALWAYS);
}
export type CreateIntel = z.output<ReturnType<typeof createIntelSchema>>;

export const listIntelQuerySchema = z.strictObject({
  subjectType: z.enum(INTEL_SUBJECT_TYPES).optional(),
  subjectId: z.uuid().optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
});

export const deleteIntelSchema = z.strictObject({ reason: z.string().trim().min(3, 'say why the record is deleted').max(500) });

export interface Intel {
  id: string;
  subjectType: IntelSubjectType;
  subjectId: string | null;
  lon: number | null;
  lat: number | null;
  reportedAt: Date;
  sourceAgency: SourceAgency;
  sourceEval: 1 | 2 | 3;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  summary: string;
  narrative: string | null;
  indicators: MakesafeIndicator[];
  reviewDue: string;
  createdBy: string | null;
  createdAt: Date;
}
