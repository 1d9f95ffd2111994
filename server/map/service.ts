import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { SIGHTING_CATEGORIES, type AreaKind } from '../lists.js';
import { clip, type BBox } from '../geo/bbox.js';
import { safeCellSize } from '../disclosure/suppress.js';
import { gateFor, changeOf, type Gate } from '../disclosure/gate.js';
import { record } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { describeFilters, type SightingFilters } from '../sightings/filters.js';
import { clusterCells, clusterGridSize, abbreviate, M_PER_PX_Z0 } from './cluster.js';
import type { ChoroplethArea, ChoroplethResult, ClusterResult, HeatResult, PeriodStats, TimelineResult } from './schema.js';
import * as repo from './repo.js';
import { fillBuckets, type Bucket } from './timeline.js';
import { localDate } from '../time/zone.js';

/**
 * Aggregates count every sighting; only record-level roles see them as individual points.
 * A restricted reader's count sightings at sensitive sites at their area (repo.aggregateSightings).
 */
const aggScope = (gate: Gate) => repo.aggregateScopeOf(gate.restricted);


/** Ground metres covered by `px` screen pixels at a zoom and latitude. */
export const groundMetres = (px: number, zoom: number, lat: number) => (M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180) * px) / 2 ** zoom;

const centreLat = (b: BBox) => (b.south + b.north) / 2;
const bboxArray = (b: BBox): [number, number, number, number] => [b.west, b.south, b.east, b.north];

const gateOf = (config: Config, v: Caller): Gate => gateFor(v.role, config.timeZone, config.operatingArea);

async function safeCells(db: Db, config: Config, v: Caller, gate: Gate, f: SightingFilters & { bbox: BBox }, zoom: number, px: number) {
  const size = safeCellSize(groundMetres(px, zoom, centreLat(f.bbox)));
  // The grid is the British National Grid: a view of the whole world (a GIS zoomed right
  // out) would project to nonsense, so the box is first cut to the operating area.
  const bbox = clip(f.bbox, config.operatingArea);
  const cells = bbox ? await db.read(v.readAfter, (k) => repo.safeGrid(k, gate.period({ ...f, bbox }), config.timeZone, aggScope(gate), size)) : [];
  // One publication of the view: the total, each cell, and each cell's categories.
  const t = gate.tables();
  const total = t.add(cells.reduce((a, c) => a + c.n, 0));
  const ns = t.addAll(cells.map((c) => c.n));
  t.line(total, ns);
  const cats = cells.map((c, i) => {
    const keys = Object.keys(c.categories);
    const ix = t.addAll(keys.map((k) => c.categories[k]!));
    t.line(ns[i]!, ix);
    return keys.map((k, j) => [k, ix[j]!] as const);
  });
  const out = t.publish();
  // Cells that read "<5" or "[c]" are not drawn: drawn, they would tell a cell with one sighting from an empty one.
  const shownCells = cells.flatMap((c, i) => {
    const n = out(ns[i]!);
    // Only categories that read a number: a listed "<5" would say that the category is there at all.
    const categories = Object.fromEntries(cats[i]!.map(([k, j]) => [k, out(j)] as const).filter(([, x]) => typeof x === 'number'));
    return typeof n === 'number' ? [{ ...c, n, categories }] : [];
  });
  return { size, total: out(total), cells: shownCells };
}

/** Clustered sightings for a map view; disclosure-controlled cells for restricted roles. */
export async function clusters(db: Db, config: Config, v: Caller, f: SightingFilters & { bbox: BBox }, zoom: number): Promise<ClusterResult> {
  const result = await viewOf(db, config, v, gateOf(config, v), f, zoom, CLUSTERS);
  await record(db, v, { action: 'search', targetType: 'map_clusters', query: { ...describeFilters(f), zoom, features: result.features.length }, outcome: 'ok' });
  return result;
}

/** A playback's frames of the view (`GET /api/map/clusters/frames`); see `framesOf`. */
export const clusterFrames = (db: Db, config: Config, v: Caller, f: SightingFilters & { bbox: BBox }, zoom: number, frames: readonly Period[]) =>
  framesOf(db, config, v, f, zoom, frames, CLUSTERS);

/** A playback's frames of the heat layer (`GET /api/map/heat/frames`); see `framesOf`. */
export const heatFrames = (db: Db, config: Config, v: Caller, f: SightingFilters & { bbox: BBox }, zoom: number, frames: readonly Period[]) =>
  framesOf(db, config, v, f, zoom, frames, HEAT);

type Period = { from: Date; to: Date };

/**
 * A layer of counted sightings: for record-level readers drawn from the Web Mercator grid
 * of `size(zoom)` metres, for restricted readers from disclosure-controlled cells.
 */
interface CountLayer<R> {
  targetType: 'map_clusters' | 'map_heat';
  size: (zoom: number) => number;
  /** Whether a cell of one sighting must name it (clusters open the record; heat draws counts). */
  singles: boolean;
  fromCells: (cells: repo.GridCell[], f: SightingFilters & { bbox: BBox }, zoom: number) => R;
  restricted: (db: Db, config: Config, v: Caller, gate: Gate, f: SightingFilters & { bbox: BBox }, zoom: number) => Promise<R>;
}

/** One view of a layer. */
async function viewOf<R>(db: Db, config: Config, v: Caller, gate: Gate, f: SightingFilters & { bbox: BBox }, zoom: number, layer: CountLayer<R>): Promise<R> {
  if (gate.restricted) return layer.restricted(db, config, v, gate, f, zoom);
  const cells = await db.read(v.readAfter, (k) => repo.mercatorGrid(k, f, config.timeZone, aggScope(gate), layer.size(zoom), 'auto', layer.singles));
  return layer.fromCells(cells, f, zoom);
}

/**
 * A playback's frames at once, each answered as its own request for that period would be
 * (the same gate for restricted readers, so nothing is shown that those requests would not
 * show), so that the map steps through them from data it holds. Record-level readers' grids
 * come in one query when the cube answers every frame. One consultation logged.
 */
async function framesOf<R extends { features: unknown[] }>(
  db: Db, config: Config, v: Caller, f: SightingFilters & { bbox: BBox }, zoom: number, frames: readonly Period[], layer: CountLayer<R>,
): Promise<{ frames: R[] }> {
  const gate = gateOf(config, v);
  const out: R[] = [];
  if (gate.restricted) {
    for (const frame of frames) out.push(await layer.restricted(db, config, v, gate, { ...f, from: frame.from, to: frame.to }, zoom));
  } else {
    const grids = await db.read(v.readAfter, (k) => repo.mercatorGrids(k, f, frames, config.timeZone, aggScope(gate), layer.size(zoom), 'auto', layer.singles));
    grids.forEach((cells, i) => out.push(layer.fromCells(cells, { ...f, from: frames[i]!.from, to: frames[i]!.to }, zoom)));
  }
  const first = frames.reduce((t, x) => (x.from < t ? x.from : t), frames[0]!.from);
  const last = frames.reduce((t, x) => (x.to > t ? x.to : t), frames[0]!.to);
  await record(db, v, {
    action: 'search',
    targetType: layer.targetType,
    query: { ...describeFilters({ ...f, from: first, to: last }), zoom, frames: frames.length, features: out.reduce((n, r) => n + r.features.length, 0) },
    outcome: 'ok',
  });
  return { frames: out };
}

const CLUSTERS: CountLayer<ClusterResult> = {
  targetType: 'map_clusters',
  size: clusterGridSize,
  singles: true,
  fromCells: (cells, f, zoom) => ({
    type: 'FeatureCollection', zoom, restricted: false, cellSize: null, total: cells.reduce((a, c) => a + c.n, 0), features: clusterCells(cells, bboxArray(f.bbox), zoom),
  }),
  async restricted(db, config, v, gate, f, zoom) {
    const { size, total, cells } = await safeCells(db, config, v, gate, f, zoom, 48);
    return {
      type: 'FeatureCollection',
      zoom,
      restricted: true,
      cellSize: size,
      total,
      features: cells.map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
        properties: { cluster: true, cell: true, cellSize: size, point_count: c.n, point_count_abbreviated: abbreviate(c.n), expansion_zoom: Math.min(Math.floor(zoom) + 2, 16), categories: c.categories, outline: c.outline },
      })),
    };
  },
};

/** Weighted points for a heatmap layer (weight = sightings in the cell). */
export async function heat(db: Db, config: Config, v: Caller, f: SightingFilters & { bbox: BBox }, zoom: number): Promise<HeatResult> {
  const result = await viewOf(db, config, v, gateOf(config, v), f, zoom, HEAT);
  await record(db, v, { action: 'search', targetType: 'map_heat', query: { ...describeFilters(f), zoom, features: result.features.length }, outcome: 'ok' });
  return result;
}

const heatResult = (zoom: number, restricted: boolean, cellSize: number | null, cells: { lon: number; lat: number; n: number }[]): HeatResult => {
  const features: HeatResult['features'] = cells.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { weight: c.n, count: c.n } }));
  const max = features.reduce((m, x) => Math.max(m, x.properties.weight), 0);
  return { type: 'FeatureCollection' as const, zoom, restricted, cellSize, maxWeight: max, features };
};

const HEAT: CountLayer<HeatResult> = {
  targetType: 'map_heat',
  size: (zoom) => (M_PER_PX_Z0 * 4) / 2 ** Math.floor(zoom),
  singles: false,
  fromCells: (cells, _f, zoom) => heatResult(zoom, false, null, cells),
  async restricted(db, config, v, gate, f, zoom) {
    const { size, cells } = await safeCells(db, config, v, gate, f, zoom, 16);
    return heatResult(zoom, true, size, cells);
  },
};

const DAY = 86_400_000;

/**
 * Days for up to 120 days, weeks for up to three years, months beyond. The period is the
 * filter's, or else the span of the matching sightings (their first and last local days).
 */
function chooseInterval(f: SightingFilters, days: { start: string }[]): repo.Interval {
  const first = days[0] ? new Date(`${days[0].start}T00:00:00Z`) : null;
  const last = days.length ? new Date(new Date(`${days[days.length - 1]!.start}T00:00:00Z`).getTime() + DAY) : null;
  const from = f.from ?? first;
  const to = f.to ?? last;
  if (!from || !to) return 'day';
  const span = (to.getTime() - from.getTime()) / DAY;
  return span <= 120 ? 'day' : span <= 3 * 365 ? 'week' : 'month';
}

/** Counts by day/week/month and the weekday × hour matrix. */
export async function timeline(db: Db, config: Config, v: Caller, asked: SightingFilters, interval: 'auto' | repo.Interval = 'auto'): Promise<TimelineResult> {
  const gate = gateOf(config, v);
  const f = await gate.filters(db.knex, asked);
  const all = await db.read(v.readAfter, (k) => repo.timelines(k, f, config.timeZone, aggScope(gate), interval === 'auto' ? (['day', 'week', 'month'] as const) : [interval]));
  const chosen = interval === 'auto' ? chooseInterval(f, all.buckets.day!) : interval;
  const t = { buckets: gate.restricted ? everyBucket(all.buckets[chosen]!, chosen, f, config.timeZone) : all.buckets[chosen]!, matrix: all.matrix, total: all.total };
  await record(db, v, { action: 'search', targetType: 'map_timeline', query: { ...describeFilters(f), interval: chosen, total: t.total }, outcome: 'ok' });
  const tables = gate.tables();
  const total = tables.add(t.total);
  const buckets = tables.addAll(t.buckets.map((b) => b.count));
  tables.line(total, buckets);
  const matrix = t.matrix.map((row) => tables.addAll(row));
  tables.line(total, matrix.flat());
  const out = tables.publish();
  return {
    interval: chosen,
    timeZone: config.timeZone,
    restricted: gate.restricted,
    total: out(total),
    buckets: t.buckets.map((b, i) => ({ start: b.start, count: out(buckets[i]!) })),
    matrix: matrix.map((row) => row.map(out)),
  };
}

/**
 * The buckets of the whole period asked, empty ones too (restricted readers). An open
 * end is taken to the end of the month of the first or last sighting, so that neither
 * the first nor the last day with a sighting shows.
 */
function everyBucket(buckets: Bucket[], interval: repo.Interval, f: SightingFilters, timeZone: string): Bucket[] {
  const first = f.from ? localDate(f.from, timeZone) : buckets[0] ? `${buckets[0].start.slice(0, 8)}01` : undefined;
  const lastKnown = buckets.at(-1)?.start;
  const last = f.to ? localDate(new Date(f.to.getTime() - 1), timeZone) : lastKnown ? endOfMonth(lastKnown) : undefined;
  return first && last ? fillBuckets(buckets, interval, first, last) : [];
}

function endOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Counts per ward (or other area kind) for a choropleth. */
export async function choropleth(db: Db, config: Config, v: Caller, asked: SightingFilters, kind: AreaKind): Promise<ChoroplethResult> {
  const gate = gateOf(config, v);
  const f = await gate.filters(db.knex, asked);
  const rows = await db.read(v.readAfter, (k) => repo.countsByArea(k, f, config.timeZone, aggScope(gate), kind));
  await record(db, v, { action: 'search', targetType: 'map_choropleth', query: { ...describeFilters(f), kind }, outcome: 'ok' });
  const areas = rows.map((r): ChoroplethArea => {
    // Rates come from the count as the reader sees it, so that they give away nothing more.
    const count = gate.count(r.n);
    const n = typeof count === 'number' ? count : null;
    return {
      id: r.id,
      name: r.name,
      count,
      population: r.population,
      areaKm2: round(r.km2, 3),
      perThousand: n !== null && r.population ? round((n / r.population) * 1000, 2) : null,
      perKm2: n !== null && r.km2 > 0 ? round(n / r.km2, 2) : null,
    };
  });
  return { kind, restricted: gate.restricted, basis: areas.length > 0 && areas.every((a) => a.population) ? 'population' : 'area', areas };
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Headline statistics for an area or polygon: the period (default the last 12 weeks),
 * the one before it, the same period a year earlier, categories and the weekday × hour matrix.
 */
export async function periodStats(db: Db, config: Config, v: Caller, asked: SightingFilters, target: { type: string; ids: string[] }): Promise<PeriodStats> {
  const gate = gateOf(config, v);
  const f = await gate.filters(db.knex, asked);
  const asked_to = asked.to ?? new Date();
  const { from, to } = gate.period({ from: asked.from ?? new Date(asked_to.getTime() - 84 * DAY), to: asked_to }) as { from: Date; to: Date };
  const len = to.getTime() - from.getTime();
  const prev = gate.period({ from: new Date(from.getTime() - len), to: from }) as { from: Date; to: Date };
  const yearAgo = (d: Date) => new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const ly = gate.period({ from: yearAgo(from), to: yearAgo(to) }) as { from: Date; to: Date };
  const { cur, p, l, cats } = await db.read(v.readAfter, async (k) => ({
    cur: await repo.timeline(k, { ...f, from, to }, config.timeZone, aggScope(gate), 'month'),
    p: await repo.timeline(k, { ...f, ...prev }, config.timeZone, aggScope(gate), 'month'),
    l: await repo.timeline(k, { ...f, ...ly }, config.timeZone, aggScope(gate), 'month'),
    cats: await repo.countByCategory(k, { ...f, from, to }, config.timeZone, aggScope(gate)),
  }));
  await record(db, v, { action: 'search', targetType: target.type, targetIds: target.ids, query: { ...describeFilters(f), from: from.toISOString(), to: to.toISOString(), total: cur.total }, outcome: 'ok' });
  const t = gate.tables();
  const count = t.add(cur.total);
  const previous = t.add(p.total);
  const lastYear = t.add(l.total);
  // Every category for restricted readers: a key that appears only when a sighting is there would say so.
  const catKeys = gate.restricted ? [...SIGHTING_CATEGORIES] : Object.keys(cats);
  const catIx = t.addAll(catKeys.map((k) => cats[k] ?? 0));
  t.line(count, catIx);
  const matrix = cur.matrix.map((row) => t.addAll(row));
  t.line(count, matrix.flat());
  const out = t.publish();
  const iso = (d: Date) => d.toISOString();
  return {
    period: { from: iso(from), to: iso(to) },
    count: out(count),
    previous: { from: iso(prev.from), to: iso(prev.to), count: out(previous) },
    lastYear: { from: iso(ly.from), to: iso(ly.to), count: out(lastYear) },
    changePct: changeOf(out(count), out(previous)),
    byCategory: Object.fromEntries(catKeys.map((k, i) => [k, out(catIx[i]!)])),
    matrix: matrix.map((row) => row.map(out)),
    restricted: gate.restricted,
  };
}
