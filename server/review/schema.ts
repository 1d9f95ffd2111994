import { z } from 'zod';
import { isoDate } from '../http/dates.js';
import type { HandlingCode, IntelAssessment, SourceEvaluation } from '../lists.js';

/** What MoPI review covers: records, and the people (subjects) they name. */
export const RECORD_TYPES = ['sighting', 'intel', 'subject'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const dueQuerySchema = z.strictObject({
  type: z.enum(RECORD_TYPES).optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
});

export const decisionParams = z.strictObject({
  type: z.enum(RECORD_TYPES),
  id: z.uuid({ message: 'must be a UUID' }),
});

export const decisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('retain'),
    reviewDue: isoDate('must be a date YYYY-MM-DD'),
    reason: z.string().trim().min(3).max(1000),
  }),
  z.strictObject({
    decision: z.literal('dispose'),
    reason: z.string().trim().min(3).max(1000),
  }),
]);
export type Decision = z.infer<typeof decisionSchema>;

export interface DueRecord {
  type: RecordType;
  id: string;
  /** YYYY-MM-DD */
  reviewDue: string;
  createdAt: Date;
  /** A sighting's category, an intel record's summary, or a subject's reference and description */
  label: string;
  /** The grading of a sighting or intel record; null for a subject, which has none. */
  sourceEval: SourceEvaluation | null;
  intelAssessment: IntelAssessment | null;
  handlingCode: HandlingCode | null;
}

/** `GET /api/review/due`: the oldest records past review, and how many there are. */
export interface DueList {
  items: DueRecord[];
  total: number;
}

/** `POST /api/review/:type/:id`: what was decided; `reviewDue` is the new date when retained. */
export interface ReviewOutcome {
  id: string;
  decision: Decision['decision'];
  reviewDue: string | null;
}
