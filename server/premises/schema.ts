import { z } from 'zod';
import { LICENCE_STATUSES, PREMISES_CATEGORIES, type LicenceStatus, type MakesafeIndicator, type PremisesCategory, type SightingCategory } from '../lists.js';
import { ALWAYS, checkLocation, locationFields } from '../geo/location.js';
import { checkRange, filterFields } from '../sightings/filters.js';
import { normalisePostcode } from './postcode.js';
import type { Published } from '../disclosure/secondary.js';
import type { Intel } from '../intel/schema.js';
import type { SightingSummary } from '../sightings/schema.js';

export const postcodeSchema = z.string().transform((s, ctx) => {
  const pc = normalisePostcode(s);
  if (!pc) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a UK postcode such as BL1 1AA` });
    return z.NEVER;
  }
  return pc;
});

const fields = {
  name: z.string().trim().min(1).max(300),
  category: z.enum(PREMISES_CATEGORIES),
  address: z.string().trim().max(500).nullable().optional(),
  postcode: postcodeSchema.nullable().optional(),
  ...locationFields,
  licenceRef: z.string().trim().min(1).max(100).nullable().optional(),
  licenceStatus: z.enum(LICENCE_STATUSES).optional(),
};

export const createPremisesSchema = z.strictObject(fields).superRefine(checkLocation(false), ALWAYS);
export const patchPremisesSchema = z
  .strictObject(fields)
  .partial()
  .superRefine(checkLocation(true), ALWAYS)
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type CreatePremises = z.output<typeof createPremisesSchema>;
export type PatchPremises = z.output<typeof patchPremisesSchema>;

const latLon = z.string().transform((s, ctx) => {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(s);
  const lat = Number(m?.[1]);
  const lon = Number(m?.[2]);
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    ctx.addIssue({ code: 'custom', message: `must be "lat,lon" in degrees, got "${s}"` });
    return z.NEVER;
  }
  return { lat, lon };
});

const metres = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be whole metres').transform(Number).pipe(z.number().int().min(min).max(max));

export const listPremisesQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  category: z.string().optional().transform((s, ctx) => {
    if (s === undefined) return undefined;
    const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
    const bad = parts.filter((p) => !(PREMISES_CATEGORIES as readonly string[]).includes(p));
    if (bad.length || !parts.length) {
      ctx.addIssue({ code: 'custom', message: `unknown category ${bad.join(', ')}; expected any of ${PREMISES_CATEGORIES.join(', ')}` });
      return z.NEVER;
    }
    return parts as PremisesCategory[];
  }),
  near: latLon.optional(),
  radius: metres(1, 20_000).optional(),
  bbox: filterFields('UTC').bbox,
  limit: metres(1, 5000).optional(),
});

export function profileQuerySchema(timeZone: string) {
  const { from, to } = filterFields(timeZone);
  // format=pdf: the profile printed for the sub-committee, an export (audited as one).
  return z.strictObject({ from, to, radius: metres(10, 2000).optional(), format: z.enum(['json', 'pdf']).optional() }).superRefine(checkRange);
}

export interface Premises {
  id: string;
  name: string;
  category: PremisesCategory;
  address: string | null;
  postcode: string | null;
  lon: number;
  lat: number;
  licenceRef: string | null;
  licenceStatus: LicenceStatus;
  synthetic: boolean;
  /** Search relevance 0–1 when searched by text; metres when searched near a point. */
  score?: number;
  distanceM?: number;
}

/**
 * Sightings about a premises or a vehicle: every sighting counted, whatever the role,
 * and published through the disclosure gate (licensing officers see "<5", "[c]" and bands of 5).
 */
export interface ProfileSightings {
  total: Published;
  /** `month`: `YYYY-MM` */
  byMonth: { month: string; count: Published }[];
  /** 7 × 24, Monday first */
  matrix: Published[][];
  byCategory: Partial<Record<SightingCategory, Published>>;
  indicators: Partial<Record<MakesafeIndicator, Published>>;
}

/** `GET /api/premises/:id/profile`: what is known about a premises for an inspection or licence review. */
export interface PremisesProfile {
  premises: Premises;
  /** ISO 8601 */
  period: { from: string; to: string };
  /** metres round the premises */
  radius: number;
  licence: { ref: string | null; status: LicenceStatus };
  /** `visible`: the records this caller may read (the counts include every record) */
  sightings: ProfileSightings & { linked: Published; visible: SightingSummary[] };
  ward: { id: string; name: string; total: Published | null; areaKm2: number; rateRatio: number | null } | null;
  intel: { total: number; items: Intel[] };
  /**
   * Missing episodes reported in the period that start here (missing from this premises) or
   * end within 100 m (found here), and the different children they are about. Analysts and
   * admins only: absent for every other role.
   */
  episodes?: { starting: number; ending: number; children: number };
}
