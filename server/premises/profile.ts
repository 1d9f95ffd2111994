import type { Gate } from '../disclosure/gate.js';
import type { Published } from '../disclosure/secondary.js';
import type { Timeline } from '../map/repo.js';
import type { ProfileSightings } from './schema.js';

/**
 * A profile's sightings (a premises' or a vehicle's) as its reader may see them: the
 * monthly timeline, weekday × hour and categories published together through the gate,
 * each Makesafe indicator and each count in `alone` (a linked count, a ward total) on
 * its own. A restricted reader is shown only the indicators that read a number.
 */
export function publishProfile(
  gate: Gate,
  t: Timeline,
  byCategory: Record<string, number>,
  indicators: Record<string, number>,
  alone: Record<string, number> = {},
): { sightings: ProfileSightings; alone: Record<string, Published> } {
  const pub = gate.profile({
    total: t.total,
    months: t.buckets.map((b) => b.count),
    matrix: t.matrix,
    categories: byCategory,
    alone: { ...alone, ...Object.fromEntries(Object.entries(indicators).map(([k, n]) => [`indicator:${k}`, n])) },
  });
  return {
    sightings: {
      total: pub.total,
      byMonth: t.buckets.map((b, i) => ({ month: b.start.slice(0, 7), count: pub.months[i]! })),
      matrix: pub.matrix,
      byCategory: pub.categories,
      indicators: Object.fromEntries(Object.keys(indicators).map((k) => [k, pub.alone[`indicator:${k}`]!] as const).filter(([, v]) => !gate.restricted || typeof v === 'number')),
    },
    alone: pub.alone,
  };
}
