/**
 * A vehicle's track: its sightings in time order, joined only where one follows the
 * last within a stated gap, so that sightings weeks apart are not drawn as one journey
 * that was never made.
 */

/** Sightings further apart than this are not joined: a journey, not a season. */
export const TRACK_MAX_GAP_HOURS = 6;

export interface TrackPoint {
  lon: number;
  lat: number;
  observedAt: Date;
}

/**
 * The legs of a track: runs of consecutive points (in time order) each within `maxGapHours`
 * of the one before; a run of one point is no leg.
 * @example trackLegs([a at 20:00, b at 21:00, c three days later]) // [[a, b]]
 */
export function trackLegs(points: readonly TrackPoint[], maxGapHours = TRACK_MAX_GAP_HOURS): [number, number][][] {
  const sorted = [...points].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  const legs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    const gap = i === 0 ? Infinity : p.observedAt.getTime() - sorted[i - 1]!.observedAt.getTime();
    if (gap > maxGapHours * 3_600_000) {
      if (run.length > 1) legs.push(run);
      run = [];
    }
    run.push([p.lon, p.lat]);
  }
  if (run.length > 1) legs.push(run);
  return legs;
}
