import { localDate } from '../time/zone.js';
import type { AreaReport } from './schema.js';

/**
 * A report's file name, naming the area and the whole period it covers in local time:
 * months when the period is whole months ("…-2026-09-to-2026-11"), else days.
 * @example reportFileName(halliwellJanuary) // "lantern-report-halliwell-2026-01"
 */
export function reportFileName(r: AreaReport): string {
  const slug = r.area.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'area';
  const first = localDate(new Date(r.period.from), r.timeZone);
  const last = localDate(new Date(Date.parse(r.period.to) - 1), r.timeZone);
  const next = localDate(new Date(r.period.to), r.timeZone);
  const wholeMonths = first.endsWith('-01') && next.endsWith('-01');
  const span = wholeMonths
    ? first.slice(0, 7) === last.slice(0, 7) ? first.slice(0, 7) : `${first.slice(0, 7)}-to-${last.slice(0, 7)}`
    : `${first}-to-${last}`;
  return `lantern-report-${slug}-${span}`;
}
