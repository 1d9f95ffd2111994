import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { unprocessable } from '../http/errors.js';
import { gateFor, type Gate } from '../disclosure/gate.js';
import { mayReadPremises, maySeeSensitiveSites } from '../auth/policy.js';
import { shown, type Published } from '../disclosure/secondary.js';
import { record } from '../audit/service.js';
import { describeFilters, type SightingFilters } from '../sightings/filters.js';
import type { Caller } from '../http/auth.js';
import { indexOf, type CellShape } from './grid.js';
import { giStar, maskedMoments } from './gistar.js';
import { fdrBins } from './fdr.js';
import { chooseBandwidth, type BandwidthChoice, type BandwidthMethod } from './bandwidth.js';
import { emergingHotSpots, EMERGING_PATTERNS, TREND_ALPHA, type EmergingPattern } from './emerging.js';
import { LIMITS, type EmergingCollection, type HotSpotCollection, type HotSpotFeature, type HotSpotParams } from './schema.js';
import { hiddenConcentrations, CONCENTRATION_RATIO, type HiddenConcentrations } from './scale.js';
import { countCells, studyArea, type Study } from './study.js';
import * as repo from './repo.js';
import { nameplaces } from './naming.js';


/** Fewer sightings than this and a hot spot map says more than the data can. */
export const MIN_SIGHTINGS = 30;

/** Parameters of the lattice analyses, as given (all optional). */
export interface LatticeOptions {
  cellSize?: number;
  shape?: CellShape;
  bandwidth?: number;
}

/** The centre of a lattice cell (the mean of its ring's corners). */
const centreOf = (g: HotSpotFeature['geometry']): [number, number] => {
  const ring = g.coordinates[0]!.slice(0, -1);
  return [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length];
};

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const signif = (x: number) => Number(x.toPrecision(4));
const cellId = (col: number, row: number) => `${col}:${row}`;

/**
 * Runs a search and audits it: on success with what `run` adds to the query (cells,
 * bandwidth, …); on a 422 with the reason, since the data was consulted all the same.
 */
async function audited<T>(db: Db, v: Caller, targetType: string, query: Record<string, unknown>, targetIds: string[], run: () => Promise<{ result: T; audit: Record<string, unknown> }>): Promise<T> {
  try {
    const { result, audit } = await run();
    await record(db, v, { action: 'search', targetType, targetIds, query: { ...query, ...audit }, outcome: 'ok' });
    return result;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 422) await record(db, v, { action: 'search', targetType, targetIds, query, outcome: `422 ${(err as Error).message}` });
    throw err;
  }
}

/** The two 422 guards: too few sightings, and no variation to test. */
function guard(total: number, sd: number, gate: Gate, what: string): void {
  // Judged on the count as the reader may see it, so that the refusal tells no more than the count would.
  const n = gate.count(total);
  if (typeof n !== 'number' || n < MIN_SIGHTINGS) {
    throw unprocessable(
      `Only ${n} sighting${n === 1 ? '' : 's'} fall${n === 1 ? 's' : ''} in the study area under these filters; ${what} needs at least ${MIN_SIGHTINGS} before a cluster means anything. Widen the area, the period or the filters.`,
    );
  }
  if (sd === 0) {
    throw unprocessable(`Every cell holds the same number of sightings, so there is no variation for ${what} to test. Use smaller cells or a different area.`);
  }
}

/**
 * The method text's warning when the chosen scale hides concentrations. Restricted
 * readers are told that there are some, without the multiples that would give counts away.
 */
function scaleWarning(h: HiddenConcentrations, bandwidth: number, restricted: boolean): string {
  const what = restricted
    ? `Some cells hold more than ${CONCENTRATION_RATIO} times the mean count per cell, but`
    : `${h.cells} cell${h.cells === 1 ? ' holds' : 's hold'} ${Math.round(h.ratio[0])}${h.ratio[1] > h.ratio[0] + 0.5 ? `–${Math.round(h.ratio[1])}` : ''} times the mean of ${round(h.mean, 1)} sightings per cell, but`;
  // How many cells, for a restricted reader, would say more than that there are some.
  const missed = restricted ? 'some of them are not hot spots' : h.missed === h.cells ? (h.cells === 1 ? 'it is not a hot spot' : 'none of them is a hot spot') : `${h.missed} of them ${h.missed === 1 ? 'is' : 'are'} not hot spots`;
  const fix = h.suggested === undefined
    ? 'No smaller distance band finds them; see Repeat places for the single places behind them.'
    : `At a distance band of ${h.suggested} m they are found: try bandwidth ${h.suggested} m, or see Repeat places for the single places behind them.`;
  return `${what} ${missed} at a distance band of ${bandwidth} m: a band that wide averages each with its quieter neighbours. ${fix}`;
}

/** The bandwidth to use: as given (at least one cell), or by the Optimized Hot Spot rule. */
function resolveBandwidth(given: number | undefined, study: Study, grid: Study['grid']): { bandwidth: number; method: BandwidthMethod; scale?: HotSpotParams['scale'] } {
  if (given === undefined) {
    const { bandwidth, method, ...scale } = chooseBandwidth(grid);
    return { bandwidth, method, scale: { ...scale, moranZ: scale.moranZ.map((z) => (z === null ? null : round(z, 3))) } };
  }
  if (given < study.size) {
    study.notes.push(`The bandwidth was raised from ${given} m to the cell size, ${study.size} m, so that cells have neighbours.`);
    return { bandwidth: study.size, method: 'given' };
  }
  if (given > LIMITS.bandwidthCells * study.size) {
    throw unprocessable(`A bandwidth of ${given} m is more than ${LIMITS.bandwidthCells} cells of ${study.size} m.`, [
      { path: 'bandwidth', message: `must be at most ${LIMITS.bandwidthCells * study.size} m with ${study.size} m cells` },
    ]);
  }
  return { bandwidth: given, method: 'given' };
}

/**
 * Getis-Ord Gi* hot spots on a lattice over the study area (bbox or area), every cell
 * returned, with FDR-corrected Gi_Bins.
 *
 * Restricted roles (planner; licensing, whose map aggregates are disclosure-controlled)
 * get cells of at least 250 m, counts of 1–4 as "<5", and the bin but not z or p. The
 * bin is safe to show; exact z-scores are not: each z is an affine function of its
 * neighbourhood's sum, so z for every cell is a linear system that can be solved for
 * the counts themselves, undoing the "<5". A three-level, FDR-thresholded bin cannot
 * be inverted like that.
 */
export async function hotSpots(db: Db, config: Config, v: Caller, asked: SightingFilters, o: LatticeOptions & { names?: boolean }): Promise<HotSpotCollection> {
  const gate = gateFor(v.role, config.timeZone, config.operatingArea);
  const restricted = gate.restricted;
  const f = gate.period(asked);
  const query = { ...describeFilters(f), cellSize: o.cellSize, shape: o.shape, bandwidth: o.bandwidth };
  return audited(db, v, 'hotspots', query, f.areaId ? [f.areaId] : [], async () => {
    const study = await studyArea(db, f, { ...o, restricted, clip: config.operatingArea });
    const { grid, total } = await db.read(v.readAfter, (k) => countCells(k, config.timeZone, study));
    guard(total, maskedMoments(grid.values, grid.mask).sd, gate, 'a hot spot analysis');
    const bw = resolveBandwidth(o.bandwidth, study, grid);
    const gi = giStar(grid, bw.bandwidth);
    const bins = fdrBins(gi.z, gi.p);
    const hidden = hiddenConcentrations(grid, bw.bandwidth, bins);
    if (hidden) study.notes.push(scaleWarning(hidden, bw.bandwidth, restricted));
    const t = gate.tables();
    const totalIx = t.add(total);
    const cellIx = t.addAll(study.cells.map((c) => grid.values[indexOf(grid, c.col, c.row)]!));
    t.line(totalIx, cellIx);
    const out = t.publish();
    const features: HotSpotFeature[] = study.cells.map((c, k) => {
      const i = indexOf(grid, c.col, c.row);
      return {
        type: 'Feature',
        id: cellId(c.col, c.row),
        geometry: c.geometry,
        properties: {
          count: out(cellIx[k]!),
          giZ: restricted ? null : round(gi.z[i]!, 4),
          giP: restricted ? null : signif(gi.p[i]!),
          bin: bins[i]!,
          neighbours: gi.neighbours[i]!,
        },
      };
    });
    const params: HotSpotParams = {
      cellSize: study.size,
      cellSizeMethod: study.sizeMethod,
      bandwidth: bw.bandwidth,
      bandwidthMethod: bw.method,
      shape: study.shape,
      n: gi.n,
      sightings: out(totalIx),
      fdr: true,
      ...(bw.scale ? { scale: bw.scale } : {}),
    };
    const significant = features.filter((x) => x.properties.bin !== 0).length;
    if (o.names) {
      // Street names are public geography, but a cell whose count a restricted reader sees hidden is not named.
      const named = features.filter((x) => x.properties.bin !== 0 && (!restricted || (shown(x.properties.count) && x.properties.count > 0)));
      const names = await nameplaces(db, named.map((x) => centreOf(x.geometry)), { premises: mayReadPremises(v.role), sensitive: maySeeSensitiveSites(v.role) });
      for (const x of features) x.properties.where = null;
      named.forEach((x, i) => (x.properties.where = names[i]!.label));
    }
    return {
      result: { type: 'FeatureCollection' as const, restricted, params, notes: study.notes, features },
      audit: { cellSize: study.size, shape: study.shape, bandwidth: bw.bandwidth, cells: gi.n, significant },
    };
  });
}

export interface EmergingOptions extends LatticeOptions {
  step?: 'week' | 'month';
  timeLag?: number;
}

const DAY_MS = 86_400_000;

/** `months` calendar months before an instant (UTC calendar; the day clamped to the month's length). */
function monthsBefore(end: Date, months: number): Date {
  const y = end.getUTCFullYear();
  const m = end.getUTCMonth() - months;
  const first = new Date(Date.UTC(y, m, 1, end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds(), end.getUTCMilliseconds()));
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(end.getUTCDate(), days));
  return first;
}

/**
 * Time steps ending at `end`, counted back while a whole step fits after `start`
 * (as ArcGIS aligns a cube to its end: the last step is whole and the most recent).
 * Returns the n + 1 boundaries, oldest first.
 */
export function stepEdges(start: Date, end: Date, step: 'week' | 'month', max: number): Date[] {
  const edges = [end];
  for (let k = 1; k <= max + 1; k++) {
    const e = step === 'week' ? new Date(end.getTime() - k * 7 * DAY_MS) : monthsBefore(end, k);
    if (e < start) break;
    edges.push(e);
  }
  return edges.reverse();
}

/**
 * Emerging hot spots: Gi* per bin of a space-time cube (cells × weeks or months),
 * Mann-Kendall on each cell's z-scores, and ArcGIS's patterns (see emerging.ts).
 * Restricted roles: cells of at least 250 m and total counts under 5 as "<5"; the
 * per-step bins, the pattern and the trend are shown (none can be solved for counts).
 */
export async function emerging(db: Db, config: Config, v: Caller, asked: SightingFilters, o: EmergingOptions): Promise<EmergingCollection> {
  const gate = gateFor(v.role, config.timeZone, config.operatingArea);
  const restricted = gate.restricted;
  const f = gate.period(asked);
  const query = { ...describeFilters(f), cellSize: o.cellSize, shape: o.shape, bandwidth: o.bandwidth, step: o.step, timeLag: o.timeLag };
  return audited(db, v, 'hotspots_emerging', query, f.areaId ? [f.areaId] : [], async () => {
    const study = await studyArea(db, f, { ...o, restricted, clip: config.operatingArea });
    const range = await db.read(v.readAfter, (k) => repo.timeRange(k, study.filters, config.timeZone));
    const start = f.from ?? range.first;
    const end = f.to ?? (range.last ? new Date(range.last.getTime() + 1000) : null);
    if (!start || !end) guard(0, 0, gate, 'an emerging hot spot analysis');
    const step = o.step ?? ((end!.getTime() - start!.getTime()) / DAY_MS <= 3 * 366 ? 'week' : 'month');
    const edges = stepEdges(start!, end!, step, LIMITS.steps[1]);
    const steps = edges.length - 1;
    if (steps < LIMITS.steps[0]) {
      throw unprocessable(`The period holds ${steps} whole ${step}s; an emerging hot spot analysis needs at least ${LIMITS.steps[0]} time steps. Widen from/to${step === 'month' ? ' or use step=week' : ''}.`, [
        { path: 'step', message: `only ${steps} whole ${step}s in the period; at least ${LIMITS.steps[0]}` },
      ]);
    }
    if (steps > LIMITS.steps[1] || steps * study.cells.length > LIMITS.bins) {
      throw unprocessable(`${study.cells.length} cells × ${steps} ${step}s is more than the ${LIMITS.bins} bins one analysis takes. Use larger cells, a smaller area, a shorter period or step=month.`, [
        { path: 'cellSize', message: `too many space-time bins (${study.cells.length * steps}; at most ${LIMITS.bins})` },
      ]);
    }
    const size = study.grid.mask.length;
    const counts = new Float64Array(size * steps);
    const totals = new Float64Array(size);
    let total = 0;
    for (const r of await db.read(v.readAfter, (k) => repo.cubeCounts(k, study.filters, config.timeZone, study.shape, study.size, edges, study.scope))) {
      const i = indexOf(study.grid, r.col, r.row);
      if (i < 0 || !study.grid.mask[i]) continue;
      counts[r.step * size + i] = r.n;
      totals[i]! += r.n;
      total += r.n;
    }
    const grid = { ...study.grid, values: totals };
    guard(total, maskedMoments(counts, repeatMask(study.grid.mask, steps)).sd, gate, 'an emerging hot spot analysis');
    const t = gate.tables();
    const totalIx = t.add(total);
    const cellIx = study.cells.map((c) => t.add(totals[indexOf(grid, c.col, c.row)]!));
    t.line(totalIx, cellIx);
    const out = t.publish();
    const bw = resolveBandwidth(o.bandwidth, study, grid);
    const timeLag = o.timeLag ?? 1;
    const cube = emergingHotSpots({ grid, steps, counts }, bw.bandwidth, timeLag);
    const byIndex = new Map(cube.cells.map((c) => [c.index, c]));
    const summary = Object.fromEntries(EMERGING_PATTERNS.map((p) => [p, 0])) as Record<EmergingPattern, number>;
    const features = study.cells.map((c, k) => {
      const cell = byIndex.get(indexOf(grid, c.col, c.row))!;
      summary[cell.pattern]++;
      const hot = cell.bins.filter((b) => b > 0).length;
      const cold = cell.bins.filter((b) => b < 0).length;
      return {
        type: 'Feature' as const,
        id: cellId(c.col, c.row),
        geometry: c.geometry,
        properties: {
          pattern: cell.pattern,
          count: out(cellIx[k]!),
          trendZ: round(cell.trend.z, 4),
          trendP: signif(cell.trend.p),
          hotSteps: hot,
          coldSteps: cold,
          // Per-step bins only where there is a pattern: they are what it was read from.
          bins: cell.pattern === 'no_pattern' ? null : Array.from(cell.bins),
        },
      };
    });
    const result = {
      type: 'FeatureCollection' as const,
      restricted,
      params: {
        cellSize: study.size,
        cellSizeMethod: study.sizeMethod,
        bandwidth: bw.bandwidth,
        bandwidthMethod: bw.method,
        shape: study.shape,
        step,
        steps,
        from: edges[0]!.toISOString(),
        to: edges[steps]!.toISOString(),
        timeLag,
        neighbourhood: `cells within ${bw.bandwidth} m, in the same ${step} and the ${timeLag} before it`,
        n: cube.n,
        sightings: out(totalIx),
        fdr: true as const,
        significance: 0.1,
        trendSignificance: TREND_ALPHA,
        ...(bw.scale ? { scale: bw.scale } : {}),
      },
      summary,
      notes: study.notes,
      features,
    };
    return { result, audit: { cellSize: study.size, shape: study.shape, bandwidth: bw.bandwidth, step, steps, cells: study.cells.length } };
  });
}

/** A mask repeated for every time step, matching the cube's layout. */
function repeatMask(mask: Uint8Array, steps: number): Uint8Array {
  const out = new Uint8Array(mask.length * steps);
  for (let t = 0; t < steps; t++) out.set(mask, t * mask.length);
  return out;
}
