import { z } from 'zod';
import { JOURNEY_LEG_KINDS, type JourneyLegKind } from '../lists.js';
import { checkRange, filterFields } from '../sightings/filters.js';

/** The most legs one journey has: a night's movements, not a month's. */
export const MAX_LEGS = 50;

export const createJourneySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  legs: z
    .array(z.strictObject({ kind: z.enum(JOURNEY_LEG_KINDS), sightingId: z.uuid({ message: 'must be a UUID' }) }))
    .min(1, 'a journey needs at least one leg')
    .max(MAX_LEGS, `a journey has at most ${MAX_LEGS} legs`),
});
export type CreateJourney = z.output<typeof createJourneySchema>;

export const deleteJourneySchema = z.strictObject({
  reason: z.string().trim().min(3, 'say why the journey is deleted').max(500),
});

const limit = z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(1000));

/** `from`/`to` and `bbox` as every sightings view reads them: a journey matches when one of its legs does. */
export function listJourneysQuerySchema(timeZone: string) {
  const f = filterFields(timeZone);
  return z.strictObject({ from: f.from, to: f.to, bbox: f.bbox, limit: limit.optional() }).superRefine(checkRange);
}

export const OD_GROUPINGS = ['category', 'ward'] as const;
export type OdGrouping = (typeof OD_GROUPINGS)[number];

/** `from`/`to` bound the pick-up's time and `bbox` its place: "where do pick-ups here lead". */
export function odQuerySchema(timeZone: string) {
  const f = filterFields(timeZone);
  return z.strictObject({ from: f.from, to: f.to, bbox: f.bbox, by: z.enum(OD_GROUPINGS).default('category') }).superRefine(checkRange);
}

export interface JourneyLeg {
  seq: number;
  kind: JourneyLegKind;
  sightingId: string;
  observedAt: Date;
  lon: number;
  lat: number;
  premisesId: string | null;
  premisesName: string | null;
  premisesCategory: string | null;
  vehicleId: string | null;
  plate: string | null;
}

export interface Journey {
  id: string;
  title: string;
  synthetic: boolean;
  reviewDue: string;
  createdAt: Date;
  legs: JourneyLeg[];
}

/** One origin–destination pair: the pick-up's ward, and where the next "taken to" leg went. */
export interface OdRow {
  from: string | null;
  fromId: string | null;
  to: string | null;
  toId: string | null;
  count: number;
}
