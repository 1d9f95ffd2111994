import { z } from 'zod';
import type { LicenceStatus } from '../lists.js';
import { checkRange, filterFields } from '../sightings/filters.js';
import type { ExportField } from '../exports/schema.js';

/** The most entries one bulk check takes (each costs a few queries). */
export const MAX_CHECK_ENTRIES = 1000;

/** What a bulk check looks up: a premises by its licence reference, or a vehicle by its plate. */
export type CheckKind = 'licence_ref' | 'plate';

/** One entry of the upload: its row (CSV line, or position in the JSON list), kind and the text as given. */
export interface CheckEntry {
  row: number;
  kind: CheckKind;
  input: string;
}

const list = z.array(z.string().max(200)).max(MAX_CHECK_ENTRIES);

/** JSON form of a bulk check: `{ licenceRefs: [...], plates: [...] }` (either or both). */
export const checkBodySchema = z
  .strictObject({ licenceRefs: list.optional(), plates: list.optional() })
  .refine((v) => (v.licenceRefs?.length ?? 0) + (v.plates?.length ?? 0) > 0, { message: 'give licenceRefs or plates to check' });

export function checkQuerySchema(timeZone: string) {
  const { from, to } = filterFields(timeZone);
  return z
    .strictObject({
      from,
      to,
      radius: z.string().regex(/^\d+$/, 'must be whole metres').transform(Number).pipe(z.number().int().min(10).max(2000)).optional(),
      format: z.enum(['json', 'csv']).optional(),
    })
    .superRefine(checkRange);
}

/**
 * Why a row deserves a look: `invalid` (not a plate or reference), `not_found`,
 * `licence_<status>` for any licence not active, `no_licence_number` (a vehicle with none
 * recorded), `sightings` (any in the period), `recent_sightings` (in its last 90 days),
 * `makesafe` (Makesafe indicators recorded), `intel` (intelligence held).
 */
export type CheckFlag = string;

export interface CheckRow {
  row: number;
  kind: CheckKind;
  input: string;
  /** The plate or reference as matched (plates normalised); null when invalid. */
  normalised: string | null;
  found: boolean;
  id: string | null;
  /** Premises name, or the vehicle's make and colour. */
  name: string | null;
  postcode: string | null;
  plate: string | null;
  licenceRef: string | null;
  /** The premises' licence status; for a vehicle, its operator's. */
  licenceStatus: LicenceStatus | null;
  licenceNo: string | null;
  operator: string | null;
  /**
   * Premises: within the radius or linked; vehicles: linked. Every record counts, whatever
   * the caller may read, so a licensing officer's counts come through the disclosure gate
   * ("<5" for 0–4, bands of 5 otherwise; docs/DISCLOSURE.md).
   */
  sightings: number | '<5';
  recentSightings: number | '<5';
  makesafeIndicators: number | '<5';
  intel: number;
  flags: CheckFlag[];
}

/** The columns of the CSV download, in order. */
export const CHECK_EXPORT_FIELDS: readonly ExportField[] = [
  { name: 'row', type: 'integer' },
  { name: 'kind', type: 'text' },
  { name: 'input', type: 'text' },
  { name: 'found', type: 'boolean' },
  { name: 'id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'postcode', type: 'text' },
  { name: 'plate', type: 'text' },
  { name: 'licenceRef', type: 'text' },
  { name: 'licenceStatus', type: 'text' },
  { name: 'licenceNo', type: 'text' },
  { name: 'operator', type: 'text' },
  { name: 'sightings', type: 'integer' },
  { name: 'recentSightings', type: 'integer' },
  { name: 'makesafeIndicators', type: 'integer' },
  { name: 'intel', type: 'integer' },
  { name: 'flags', type: 'list' },
];

/** `POST /api/checks` as JSON: the period and radius used, and a row per entry. */
export interface CheckResult {
  /** ISO 8601 */
  period: { from: string; to: string };
  /** metres round each premises */
  radius: number;
  /** days counted as recent */
  recentDays: number;
  rows: CheckRow[];
}
