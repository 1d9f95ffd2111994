import type { IntelAssessment } from '../lists.js';

/**
 * Parses per-assessment review periods such as "E=12,D=36" (months). Returns an
 * error message naming the bad entry.
 */
export function parseReviewPeriods(text: string): Partial<Record<IntelAssessment, number>> | string {
  const out: Partial<Record<IntelAssessment, number>> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-E])=(\d{1,3})$/.exec(part);
    if (!m || Number(m[2]) < 1) return `expected entries like "E=12" (assessment A–E = months), got "${part}"`;
    out[m[1] as IntelAssessment] = Number(m[2]);
  }
  return out;
}

/**
 * The MoPI review date of a record created on `from`: the period for its
 * intelligence assessment if one is set, else the default. Dates are calendar
 * dates (YYYY-MM-DD); a month end that does not exist rolls back to the last day.
 * @example reviewDue(new Date('2026-01-31'), 'B', 1, {}) // '2026-02-28'
 */
export function reviewDue(
  from: Date,
  assessment: IntelAssessment,
  defaultMonths: number,
  byAssessment: Partial<Record<IntelAssessment, number>>,
): string {
  const months = byAssessment[assessment] ?? defaultMonths;
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(Date.UTC(y, m, Math.min(from.getUTCDate(), lastDay)));
  return d.toISOString().slice(0, 10);
}
