/**
 * Repeat places (80/20) and near repeats (Knox): the services. Rules about who sees
 * what are here; SQL is in repo.ts, the arithmetic in places.ts and knox.ts.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { unprocessable } from '../http/errors.js';
import { gateFor } from '../disclosure/gate.js';
import { mayReadPremises, maySeeSensitiveSites } from '../auth/policy.js';
import { record } from '../audit/service.js';
import { describeFilters, type SightingFilters } from '../sightings/filters.js';
import type { Caller } from '../http/auth.js';
import { SAFE_MIN_CELL } from './study.js';
import { rankPlaces } from './places.js';
import { knoxTest } from './knox.js';
import { LIMITS, type PlacesCollection } from './schema.js';
import * as repo from './repo.js';
import { aggregateScopeOf } from '../map/repo.js';

export const DEFAULT_PLACE_RADIUS = 50;
export const DEFAULT_PLACE_LIMIT = 100;

/**
 * Places ranked by sightings with cumulative shares, for the study area (bbox or area).
 * - analyst, admin: premises by name (sightings linked to them, or within `radius` m of
 *   the nearest) and street locations (cells 2 × radius wide, at the mean of their sightings);
 * - licensing: premises by name, the rest as 250 m cells at their centres, counts under 5
 *   suppressed and folded into "rest"; sensitive sites are never places (their sightings
 *   count in their 250 m cells);
 * - planner: 250 m cells at their centres only, no names, the same suppression.
 */
export async function places(db: Db, config: Config, v: Caller, asked: SightingFilters, o: { radius?: number; limit?: number }): Promise<PlacesCollection> {
  const gate = gateFor(v.role, config.timeZone, config.operatingArea);
  const restricted = gate.restricted;
  // Restricted readers: whole days and whole cells, so two searches differ by no less.
  const f = await gate.filters(db.knex, asked);
  // Premises by name for roles that read premises records; planners get 250 m cells.
  const names = mayReadPremises(v.role);
  const radius = o.radius ?? DEFAULT_PLACE_RADIUS;
  const cell = restricted ? SAFE_MIN_CELL : 2 * radius;
  const rows = await db.read(v.readAfter, (k) => repo.placeCounts(k, f, config.timeZone, { premises: names, radius, cell, atCentre: restricted, hideSensitive: !maySeeSensitiveSites(v.role), scope: aggregateScopeOf(restricted) }));
  const ranking = rankPlaces(rows, { limit: o.limit ?? DEFAULT_PLACE_LIMIT, restricted });
  await record(db, v, {
    action: 'search',
    targetType: 'hotspots_places',
    targetIds: asked.areaId ? [asked.areaId] : [],
    query: { ...describeFilters(f), radius, places: ranking.places, listed: ranking.ranked.length },
    outcome: 'ok',
  });
  const { ranked, ...summary } = ranking;
  return {
    type: 'FeatureCollection' as const,
    restricted,
    params: { radius: names ? radius : null, locationCell: cell, names },
    summary,
    features: ranked.map(({ lon, lat, ...p }) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] }, properties: p })),
  };
}

export interface NearRepeatOptions {
  distanceBand?: number;
  distanceBands?: number;
  timeBand?: number;
  timeBands?: number;
  simulations?: number;
  seed?: number;
}

export const KNOX_DEFAULTS = { distanceBand: 100, distanceBands: 5, timeBand: 7, timeBands: 4, simulations: 99, seed: 20_261_128 } as const;
const MIN_EVENTS = 20;

/**
 * The Knox near-repeat table for the filtered sightings. At most LIMITS.knoxEvents
 * sightings are used (a fixed pseudo-random sample beyond that, said in `params.events`),
 * and the simulations are cut when the work would be too much (said in `params`).
 */
export async function nearRepeat(db: Db, config: Config, v: Caller, f: SightingFilters, o: NearRepeatOptions) {
  const d = KNOX_DEFAULTS;
  const opts: Required<NearRepeatOptions> = {
    distanceBand: o.distanceBand ?? d.distanceBand,
    distanceBands: o.distanceBands ?? d.distanceBands,
    timeBand: o.timeBand ?? d.timeBand,
    timeBands: o.timeBands ?? d.timeBands,
    simulations: o.simulations ?? d.simulations,
    seed: o.seed ?? d.seed,
  };
  const { matched, events } = await db.read(v.readAfter, (k) => repo.knoxEvents(k, f, config.timeZone, LIMITS.knoxEvents));
  const query = { ...describeFilters(f), ...opts, matched, used: events.length };
  if (events.length < MIN_EVENTS) {
    await record(db, v, { action: 'search', targetType: 'hotspots_near_repeat', query, outcome: '422 too few sightings' });
    throw unprocessable(`Only ${matched} sighting${matched === 1 ? '' : 's'} match${matched === 1 ? 'es' : ''}; a near-repeat test needs at least ${MIN_EVENTS}. Widen the area, the period or the filters.`);
  }
  const table = knoxTest(events, opts);
  await record(db, v, { action: 'search', targetType: 'hotspots_near_repeat', query: { ...query, simulations: table.simulations }, outcome: 'ok' });
  const bands = (width: number, count: number) => Array.from({ length: count + 1 }, (_, i) => ({ from: i * width, to: i < count ? (i + 1) * width : null }));
  const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    params: {
      distanceBand: opts.distanceBand,
      timeBand: opts.timeBand,
      units: { distance: 'metres', time: 'days' },
      simulations: table.simulations,
      simulationsRequested: opts.simulations,
      seed: opts.seed,
      events: { matched, used: events.length, cap: LIMITS.knoxEvents, capped: matched > events.length },
      pairs: table.pairs,
      closePairs: table.closePairs,
    },
    notes: [
      ...(matched > events.length ? [`${matched} sightings matched; the test used a fixed sample of ${events.length} (the most it takes), so counts are of pairs in the sample.`] : []),
      ...(table.simulations < opts.simulations ? [`The simulations were cut from ${opts.simulations} to ${table.simulations} to bound the work; p-values are correspondingly coarser.`] : []),
    ],
    // Rows: distance bands (the last is "further"); columns: time bands (the last is "later").
    distanceBands: bands(opts.distanceBand, opts.distanceBands),
    timeBands: bands(opts.timeBand, opts.timeBands),
    observed: table.observed,
    expected: table.expected.map((row) => row.map(r2)),
    ratio: table.ratio.map((row) => row.map(r2)),
    p: table.p.map((row) => row.map((x) => Math.round(x * 10_000) / 10_000)),
  };
}
